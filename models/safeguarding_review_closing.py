from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .safeguarding_confidential_tools import MANAGER_GROUP, chatter_fields


class SafeguardingReview(models.Model):
    """Closing: states follow the stages, to-dos close with their stage, and a closed review
    is read-only (its records with it) until a manager reopens it, with the reason."""

    _inherit = "safeguarding.review"

    closed_date = fields.Date(
        string="Closed on", compute="_compute_closed_date", store=True, copy=False
    )
    reopen_reason = fields.Text(
        string="Reason for reopening",
        tracking=True,
        copy=False,
        help="Why a manager reopened the review after it was closed (the chatter keeps each).",
    )

    @api.depends("stage_id")
    def _compute_closed_date(self):
        # The day the review reached a closing stage; kept while it stays closed.
        for review in self:
            if not review.stage_id.is_closed:
                review.closed_date = False
            elif not review.closed_date:
                review.closed_date = fields.Date.context_today(review)

    # What may change on a closed review: the chatter and its to-dos, and its archiving.
    def _fields_free_when_closed(self):
        return chatter_fields(self.env) | {"active"}

    def _check_before_write(self, vals, creating=False):
        super()._check_before_write(vals, creating=creating)
        if creating or self.env.su:
            return
        closed = self.filtered("stage_id.is_closed")
        if not closed:
            return
        changed = closed._changed_fields(vals, creating=False) - self._fields_free_when_closed()
        if not changed or closed._is_reopening(vals):
            return
        raise UserError(
            _(
                "%(reviews)s is closed, and read-only: a manager reopens it (Reopen, with the "
                "reason) before anything changes.",
                reviews=", ".join(closed.mapped("name")),
            )
        )

    def _is_reopening(self, vals):
        """A write that reopens: to a stage that is not closed, with the reason, by a manager."""
        stage = self.env["safeguarding.review.stage"].browse(vals.get("stage_id") or [])
        if not stage or stage.is_closed:
            return False
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Stage: only a manager of the board reopens a closed review."))
        if not (vals.get("reopen_reason") or "").strip():
            raise UserError(_("Reason for reopening: say why the review is reopened."))
        return True

    def write(self, vals):
        old_stages = {review.id: review.stage_id for review in self} if "stage_id" in vals else {}
        res = super().write(vals)
        if old_stages:
            self._follow_stage_moves(old_stages)
        return res

    def _follow_stage_moves(self, old_stages):
        """After a move forward: the findings take the state of the stages reached, and the
        to-dos of the stages left behind close (all of them when the review closes)."""
        stages = self.env["safeguarding.review.stage"].search([])
        order = {stage.id: index for index, stage in enumerate(stages)}
        for review in self:
            old, new = old_stages[review.id], review.stage_id
            if order.get(new.id, -1) <= order.get(old.id, -1):
                continue  # not a move forward
            left = old | review._stages_passed(old, new, review._path_stages())
            with_state = ((left - old) | new).filtered("finding_state")[-1:]
            if with_state:
                review.finding_ids._advance_state(with_state.finding_state)
            review._close_todos(left, everything=new.is_closed)

    def _close_todos(self, stages, everything=False):
        """Close the open to-dos that ``stages``' plans launched (or every open to-do), with
        one note that says which were still open: they are cancelled, not marked done."""
        self.ensure_one()
        templates = stages.activity_plan_id.template_ids
        plan_steps = {(t.activity_type_id.id, t.summary) for t in templates}
        # sudo: the team's to-dos are assigned to its members; the user moving the review may
        # close every one of them, not only their own (mail.activity's rules).
        todos = self.sudo().activity_ids.filtered(
            lambda a: everything or (a.activity_type_id.id, a.summary) in plan_steps
        )
        if not todos:
            return
        self.message_post(
            body=_(
                "Closed with the stage, not done: %(todos)s.",
                todos="; ".join(
                    f"{todo.summary or todo.activity_type_id.name} ({todo.user_id.name})"
                    for todo in todos
                ),
            ),
            subtype_xmlid="mail.mt_note",
        )
        todos.unlink()

    def _reopen_stage(self):
        """The working stage a closed review goes back to: the last one on its path before
        the closed stage (Action plan monitoring; the Decision for a review not held)."""
        self.ensure_one()
        stages = self._path_stages()
        path = self._path()
        earlier = stages.filtered(
            lambda s: (
                s.sequence < self.stage_id.sequence
                and not s.is_closed
                and s.decision_required in (False, path)
            )
        )
        return earlier[-1:] or stages[:1]

    def action_reopen(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a manager of the board reopens a closed review."))
        return self.env["safeguarding.reason.wizard"]._action_ask(
            "reopen", self, _("Reopen %(review)s", review=self.name)
        )

    def _reopen(self, reason):
        for review in self:
            if not review.stage_id.is_closed:
                raise UserError(_("%(review)s is not closed.", review=review.name))
            review.write({"stage_id": review._reopen_stage().id, "reopen_reason": reason})

    @api.model
    def _upgrade_closing(self):
        """From 18.0.1.2.0 (stages are noupdate data): Board response presents the findings;
        reviews already past it have their findings presented, and closed reviews have no
        open to-dos left."""
        for review in self.with_context(active_test=False).search([]):
            stages = review._path_stages()
            reached = stages.filtered(
                lambda s, r=review: (
                    s.sequence <= r.stage_id.sequence
                    and s.decision_required in (False, r._path())
                    and s.finding_state
                )
            )
            if reached:
                review.finding_ids._advance_state(reached[-1].finding_state)
            if review.stage_id.is_closed:
                review._close_todos(stages.browse(), everything=True)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """The review's form is read-only once the review is closed: every field of it
        (x2many lists with their rows), as the server refuses any change."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            free = self._fields_free_when_closed()
            for node in arch.xpath("//field[not(ancestor::field)]"):
                if node.get("name") in free:
                    continue
                field = self._fields.get(node.get("name"))
                readonly = node.get("readonly")
                # A field read-only by its definition stays so (a view's readonly replaces it).
                if not field or (field.readonly and not readonly) or readonly in ("1", "True"):
                    continue
                node.set(
                    "readonly",
                    f"({readonly}) or stage_is_closed" if readonly else "stage_is_closed",
                )
                # Saved even so: the click that closes the review turns its form read-only
                # before the save, which would otherwise leave out what was just changed.
                node.set("force_save", "1")
        return arch, view
