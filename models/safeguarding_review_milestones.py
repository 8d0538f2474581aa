from odoo import api, fields, models

from .safeguarding_plain_values import put_computed


class SafeguardingReview(models.Model):
    """The statutory clocks of a review: a milestone per deadline of its kind (notification,
    rapid review, decision, report, publication), and the next one on the board's card."""

    _inherit = "safeguarding.review"

    milestone_ids = fields.One2many(
        "safeguarding.review.milestone",
        "review_id",
        string="Milestones",
        groups="safeguarding_review.group_reviewer",
    )
    # Stored: the board's cards read them without a query per card.
    next_milestone_name = fields.Char(
        string="Next milestone", compute="_compute_next_milestone", store=True
    )
    next_milestone_due = fields.Date(
        string="Next milestone due", compute="_compute_next_milestone", store=True
    )
    next_milestone_overdue = fields.Boolean(compute="_compute_next_milestone_overdue")

    @api.depends("milestone_ids.due_date", "milestone_ids.done_on", "milestone_ids.name")
    def _compute_next_milestone(self):
        for review in self:
            # sudo: the next deadline's name and date, which the board's card shows.
            pending = review.sudo().milestone_ids.filtered(lambda m: m.due_date and not m.done_on)
            upcoming = pending.sorted(lambda m: (m.due_date, m.sequence, m.id))[:1]
            review.next_milestone_name = upcoming.name or False
            review.next_milestone_due = upcoming.due_date or False

    @api.depends("next_milestone_due")
    @api.depends_context("tz")
    def _compute_next_milestone_overdue(self):
        today = fields.Date.context_today(self)
        overdue = [bool(due and due < today) for due in self.mapped("next_milestone_due")]
        put_computed(self, {"next_milestone_overdue": overdue})

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._sync_milestones()
        return reviews

    def write(self, vals):
        result = super().write(vals)
        if {"review_kind", "company_id"} & set(vals):
            self._sync_milestones()
        return result

    def _sync_milestones(self):
        """Each review has a milestone per deadline of its kind; a change of kind adds the
        new kind's and removes the old kind's not yet done (the done ones stay, as record)."""
        Type = self.env["safeguarding.milestone.type"]
        # sudo: the milestones follow the review's kind, whoever changed the kind (a manager
        # or the team); they hold dates only.
        Milestone = self.env["safeguarding.review.milestone"].sudo()
        types = Type.search([])
        existing = Milestone.search([("review_id", "in", self.ids)])
        create = []
        for review in self:
            wanted = types.filtered(
                lambda t, r=review: (
                    t.review_kind == r.review_kind
                    and t.company_id in (r.company_id, Type.company_id)
                )
            )
            mine = existing.filtered(lambda m, r=review: m.review_id == r)
            stale = mine.filtered(lambda m, w=wanted: m.type_id not in w and not m.done_on)
            have = (mine - stale).type_id
            stale.unlink()
            create += [{"review_id": review.id, "type_id": t.id} for t in wanted - have]
        Milestone.create(create)
