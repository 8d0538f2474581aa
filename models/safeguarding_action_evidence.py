from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from .safeguarding_confidential_tools import MANAGER_GROUP


class SafeguardingAction(models.Model):
    """Assurance: the owner submits the evidence, and the action counts as done once a
    manager or the finding's lead (never the owner) accepts it; a refusal sends it back to
    the owner with the reason. Every step is tracked."""

    _inherit = "safeguarding.action"

    accepted_by_id = fields.Many2one(
        "res.users",
        string="Evidence accepted by",
        compute="_compute_accepted_by_id",
        store=True,
        tracking=True,
        copy=False,
    )
    refusal_reason = fields.Text(
        string="Why the evidence was refused",
        readonly=True,
        tracking=True,
        copy=False,
        help="The last refusal: the owner is told it with a to-do.",
    )
    may_accept = fields.Boolean(
        compute="_compute_may_accept",
        help="The user may accept or refuse this action's evidence.",
    )

    @api.depends("status")
    def _compute_accepted_by_id(self):
        # Whoever moves the action to done accepted it (write checks that they may).
        for action in self:
            if action.status != "done":
                action.accepted_by_id = False
            elif not action.accepted_by_id:
                action.accepted_by_id = self.env.user

    def _may_accept(self):
        """The actions of ``self`` whose evidence the user may accept: a manager's, or the
        finding lead's on the review's team; never one's own."""
        user = self.env.user
        manager = user.has_group(MANAGER_GROUP)
        # An owner may not read the finding or the review; only their lead and members are
        # read, to tell whether the user is the finding's lead on the team. sudo: for that.
        everyone = self.sudo()
        return everyone.filtered(
            lambda a: (
                a.owner_id != user
                and (manager or (a.finding_id.lead_id == user and user in a.review_id.member_ids))
            )
        ).with_env(self.env)

    @api.depends_context("uid")
    @api.depends("owner_id", "finding_id.lead_id")
    def _compute_may_accept(self):
        allowed = self._may_accept()
        for action in self:
            action.may_accept = action in allowed

    def _short_name(self):
        text = " ".join((self.name or "").split())
        return text if len(text) <= 60 else text[:59] + "…"

    @api.constrains("status", "evidence")
    def _check_evidence_given(self):
        for action in self:
            if action.status in ("submitted", "done") and is_html_empty(action.evidence):
                raise ValidationError(
                    _(
                        "Evidence of completion: say what was done, and where the proof is, "
                        "before the action is submitted or done (action: %(action)s).",
                        action=action._short_name(),
                    )
                )

    def _check_before_write(self, vals, creating=False):
        super()._check_before_write(vals, creating=creating)
        if self.env.su or vals.get("status") != "done":
            return
        if creating:
            allowed = self.env.user.has_group(MANAGER_GROUP)
            refused = not allowed
        else:
            pending = self.filtered(lambda a: a.status != "done")
            refused = pending - pending._may_accept()
        if refused:
            raise AccessError(
                _(
                    "Status: an action is done once a manager or the finding's lead accepts "
                    "its evidence, and nobody accepts their own: submit the evidence instead."
                )
            )

    def write(self, vals):
        before = {action.id: action.status for action in self} if "status" in vals else {}
        res = super().write(vals)
        if before:
            submitted = self.filtered(lambda a: a.status == "submitted" != before[a.id])
            submitted._ask_lead_to_accept()
            settled = self.filtered(lambda a: before[a.id] == "submitted" != a.status)
            settled.activity_unlink(["safeguarding_review.mail_activity_type_evidence_to_accept"])
        return res

    def _ask_lead_to_accept(self):
        kind = self.env.ref("safeguarding_review.mail_activity_type_evidence_to_accept")
        # sudo: the owner who submits may not read the finding; its lead is asked.
        for action in self.sudo().filtered("finding_id.lead_id"):
            action.activity_schedule(
                activity_type_id=kind.id,
                user_id=action.finding_id.lead_id.id,
                note=_("%(owner)s submitted the evidence.", owner=action.owner_id.name),
            )

    def action_done(self):
        """The owner (or the team) says it is done: the evidence goes for acceptance; one who
        may accept it, and is not the owner, accepts it at once."""
        missing = self.filtered(lambda a: is_html_empty(a.evidence))
        if missing:
            raise UserError(
                _(
                    "Evidence of completion: say what was done, and where the proof is, before "
                    "submitting the action for acceptance (action: %(action)s).",
                    action=missing[0]._short_name(),
                )
            )
        accepted = self._may_accept()
        if accepted:
            accepted.write({"status": "done"})
        (self - accepted).write({"status": "submitted"})

    def action_accept_evidence(self):
        self._check_may_accept()
        self.write({"status": "done"})

    def action_refuse_evidence(self):
        self.ensure_one()
        self._check_may_accept()
        return self.env["safeguarding.reason.wizard"]._action_ask(
            "refuse_evidence", self, _("Refuse the evidence")
        )

    def _refuse_evidence(self, reason):
        self._check_may_accept()
        self.write({"status": "in_progress"})
        # sudo: the reason is read-only in forms (only a refusal sets it), checked above.
        self.sudo().refusal_reason = reason
        for action in self:
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=action.owner_id.id,
                summary=_("Evidence refused"),
                note=reason,
            )

    def _check_may_accept(self):
        waiting = self.filtered(lambda a: a.status == "submitted")
        if waiting != self:
            raise UserError(_("Status: only submitted evidence is accepted or refused."))
        if self - self._may_accept():
            raise AccessError(
                _(
                    "A manager or the finding's lead accepts or refuses the evidence, and "
                    "nobody their own."
                )
            )
