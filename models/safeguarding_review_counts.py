from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SafeguardingReview(models.Model):
    """The review's children and their counts: the smart buttons and the board cards
    read them, each count one grouped read per model for the whole batch."""

    _inherit = "safeguarding.review"

    # Data collection (the review team's; the board never reads these) ---------------
    participant_ids = fields.One2many(
        "safeguarding.participant", "review_id", groups="safeguarding_review.group_reviewer"
    )
    conversation_ids = fields.One2many(
        "safeguarding.conversation", "review_id", groups="safeguarding_review.group_reviewer"
    )
    agency_request_ids = fields.One2many(
        "safeguarding.agency.request",
        "review_id",
        string="Requests for records",
        groups="safeguarding_review.group_reviewer",
    )
    source_ids = fields.One2many(
        "safeguarding.source", "review_id", groups="safeguarding_review.group_reviewer"
    )
    narrative_entry_ids = fields.One2many(
        "safeguarding.narrative.entry",
        "review_id",
        string="Narrative",
        groups="safeguarding_review.group_reviewer",
    )
    participant_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_held_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_received_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_overdue_count = fields.Integer(
        compute="_compute_request_overdue_count", groups="safeguarding_review.group_reviewer"
    )
    source_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    narrative_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )

    episode_ids = fields.One2many(
        "safeguarding.episode", "review_id", groups="safeguarding_review.group_reviewer"
    )
    factor_ids = fields.One2many(
        "safeguarding.factor", "review_id", groups="safeguarding_review.group_reviewer"
    )
    episode_count = fields.Integer(
        compute="_compute_analysis_counts", groups="safeguarding_review.group_reviewer"
    )
    factor_count = fields.Integer(
        compute="_compute_analysis_counts", groups="safeguarding_review.group_reviewer"
    )
    finding_count = fields.Integer(compute="_compute_analysis_counts")
    action_count = fields.Integer(compute="_compute_analysis_counts")

    def _compute_data_counts(self):
        # One grouped query per model for the whole batch, never one per review.
        env = self.env
        participants = env["safeguarding.participant"]._counts_by_review(self)
        conversations = env["safeguarding.conversation"]._counts_by_review(self, by="state")
        request_counts = env["safeguarding.agency.request"]._counts_by_review(self, by="state")
        sources = env["safeguarding.source"]._counts_by_review(self)
        narrative = env["safeguarding.narrative.entry"]._counts_by_review(self)
        for review in self:
            rid = review.id
            review.participant_count = participants.get(rid, 0)
            review.conversation_held_count = conversations.get((rid, "held"), 0)
            review.conversation_count = sum(
                conversations.get((rid, state), 0) for state in ("planned", "held")
            )
            review.request_received_count = sum(
                request_counts.get((rid, state), 0) for state in ("received", "closed")
            )
            review.request_count = sum(
                request_counts.get((rid, state), 0) for state in ("requested", "received", "closed")
            )
            review.source_count = sources.get(rid, 0)
            review.narrative_count = narrative.get(rid, 0)

    def _compute_analysis_counts(self):
        env = self.env
        findings = env["safeguarding.finding"]._counts_by_review(self)
        actions = env["safeguarding.action"]._counts_by_review(self)
        is_team = env.user.has_group("safeguarding_review.group_reviewer")
        episodes = env["safeguarding.episode"]._counts_by_review(self) if is_team else {}
        factors = env["safeguarding.factor"]._counts_by_review(self) if is_team else {}
        for review in self:
            review.finding_count = findings.get(review.id, 0)
            review.action_count = actions.get(review.id, 0)
            review.episode_count = episodes.get(review.id, 0)
            review.factor_count = factors.get(review.id, 0)

    @api.constrains("taxonomy_id")
    def _check_taxonomy_of_factors(self):
        for review in self:
            astray = review.factor_ids.filtered(
                lambda f, r=review: f.category_id.taxonomy_id != r.taxonomy_id
            )
            if astray:
                raise ValidationError(
                    _(
                        "Contributory factor taxonomy: %(count)s factor(s) of %(review)s use "
                        "categories of another taxonomy. Recategorise them first.",
                        count=len(astray),
                        review=review.name,
                    )
                )

    @api.depends_context("tz")
    def _compute_request_overdue_count(self):
        # Apart from the other counts: the board card needs this one alone.
        overdue = self.env["safeguarding.agency.request"]._counts_by_review(
            self, [("is_overdue", "=", True)]
        )
        for review in self:
            review.request_overdue_count = overdue.get(review.id, 0)

    # Actions ------------------------------------------------------------------
    def _action_open_children(self, model, name, view_mode="list,form", context=None):
        self.ensure_one()
        # The empty list says what to do, as the menu's does: the help of the model's action.
        Window = self.env["ir.actions.act_window"]
        domain = [("res_model", "=", model), ("help", "!=", False)]
        # sudo: window actions are read by administrators only; only the app's help is read.
        menu_action = Window.sudo().search(domain, order="id", limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s: %(review)s", what=name, review=self.name),
            "res_model": model,
            "view_mode": view_mode,
            "domain": [("review_id", "=", self.id)],
            "context": {"default_review_id": self.id, **(context or {})},
            "help": menu_action.help or False,
        }

    def action_open_participants(self):
        return self._action_open_children("safeguarding.participant", _("Participants"))

    def action_open_conversations(self):
        return self._action_open_children(
            "safeguarding.conversation", _("Conversations"), "list,calendar,form"
        )

    def action_open_agency_requests(self):
        return self._action_open_children("safeguarding.agency.request", _("Requests for records"))

    def action_open_sources(self):
        return self._action_open_children("safeguarding.source", _("Records"))

    def action_open_episodes(self):
        return self._action_open_children(
            "safeguarding.episode", _("Key practice episodes"), "list,kanban,form"
        )

    def action_open_factors(self):
        return self._action_open_children(
            "safeguarding.factor", _("Contributory factors"), "list,pivot,graph,form"
        )

    def action_open_findings(self):
        return self._action_open_children("safeguarding.finding", _("Findings"), "list,kanban,form")

    def action_open_actions(self):
        return self._action_open_children(
            "safeguarding.action", _("Action plan"), "list,kanban,calendar,pivot,form"
        )

    def action_open_narrative(self):
        return self._action_open_children(
            "safeguarding.narrative.entry",
            _("Narrative"),
            "kanban,list,form",
            {"group_by": "agency_id", "searchpanel_default_review_id": self.id},
        )

    @api.model
    def _action_narrative_menu(self):
        """The Narrative menu opens on one review (the search panel switches, and lists the
        reviews with entries): the one whose narrative was written last, of the open reviews
        the user reads, so its agencies are the columns."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_review.safeguarding_narrative_entry_action"
        )
        review = (
            self.env["safeguarding.narrative.entry"]
            .search(
                [("review_id.stage_id.is_closed", "=", False)], order="write_date desc", limit=1
            )
            .review_id
        )
        if review:
            action["context"] = {
                "search_default_group_agency": 1,
                "searchpanel_default_review_id": review.id,
            }
        return action

    def action_launch_stage_plan(self):
        """Open Odoo's plan launcher on the review with its stage's plan chosen, the
        steps assigned by default to the first lead reviewer."""
        self.ensure_one()
        plan = self.stage_id.activity_plan_id
        if not plan:
            raise UserError(
                _("The stage %(stage)s has no plan to launch.", stage=self.stage_id.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Launch %(plan)s plan", plan=plan.name),
            "res_model": "mail.activity.schedule",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_id": self.id,
                "active_ids": self.ids,
                "plan_mode": True,
                "default_plan_id": plan.id,
                "default_plan_on_demand_user_id": self.lead_reviewer_ids[:1].id,
            },
        }
