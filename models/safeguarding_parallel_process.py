from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import AGENCY_DOMAIN

PROCESS_KINDS = [
    ("police", "Police investigation"),
    ("criminal", "Criminal proceedings"),
    ("inquest", "Coroner's inquest"),
    ("dhr", "Domestic homicide review (domestic abuse related death review)"),
    ("cspr", "Child safeguarding practice review"),
    ("leder", "LeDeR review"),
    ("psii", "Patient safety incident investigation"),
    ("section42", "Safeguarding enquiry (s42)"),
    ("regulator", "Regulator's inquiry (CQC, Ofsted)"),
    ("other", "Other process"),
]
PROCESS_STATES = [
    ("expected", "Expected"),
    ("running", "Running"),
    ("concluded", "Concluded"),
]


class SafeguardingParallelProcess(models.Model):
    """Another process running on the same case (quality marker 8), and its effect on the
    review: what may be shared and when, and a pause of the review's clock.

    Team-only: the board sees only that the review is paused, for how long and why (the
    review's pause summary), never the process's contacts or notes."""

    _name = "safeguarding.parallel.process"
    _description = "Process running in parallel with a review"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread"]
    _order = "review_id, started_on, id"

    kind = fields.Selection(PROCESS_KINDS, string="Process", required=True, tracking=True)
    name = fields.Char(
        string="Description",
        help="What the process is, e.g. 'Inquest into the death of the adult'.",
        tracking=True,
    )
    lead_agency_id = fields.Many2one(
        "res.partner", string="Lead agency", domain=AGENCY_DOMAIN, tracking=True
    )
    contact_role = fields.Char(
        string="Contact (by role)", help="e.g. 'Senior investigating officer'; never a name."
    )
    state = fields.Selection(PROCESS_STATES, default="running", required=True, tracking=True)
    started_on = fields.Date(string="Started on", tracking=True)
    next_date = fields.Date(string="Next key date", tracking=True, help="A hearing, a trial.")
    next_date_what = fields.Char(string="What happens then")
    concluded_on = fields.Date(string="Concluded on", tracking=True)
    sharing = fields.Text(
        string="What may be shared, and when",
        help="Agreed with the process's lead: what the review may share with whom, and from when.",
    )
    effect = fields.Text(string="Effect on the review")
    # The pause of the review's clock: its target moves by the pause's length once resumed.
    pause_from = fields.Date(string="Review paused from", tracking=True)
    pause_to = fields.Date(
        string="Review resumed on", tracking=True, help="Empty while the review is paused."
    )
    pause_reason = fields.Char(
        string="Reason for the pause",
        tracking=True,
        help="The board reads it on the review: say why without naming anyone.",
    )
    pause_days = fields.Integer(
        string="Days paused", compute="_compute_pause_days", store=True, readonly=True
    )

    @api.depends("pause_from", "pause_to")
    def _compute_pause_days(self):
        # A pause counts once resumed: until then the clock stands still (the review's
        # days to target freeze at the pause).
        for process in self:
            if process.pause_from and process.pause_to:
                process.pause_days = (process.pause_to - process.pause_from).days
            else:
                process.pause_days = 0

    @api.depends("kind", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for process in self:
            process.display_name = process.name or labels.get(process.kind, "")

    @api.constrains("pause_from", "pause_to", "pause_reason")
    def _check_pause(self):
        for process in self:
            if process.pause_to and not process.pause_from:
                raise ValidationError(
                    _("Review resumed on: give the date the review was paused from first.")
                )
            if process.pause_to and process.pause_to < process.pause_from:
                raise ValidationError(
                    _("Review resumed on: it cannot be before the date the review was paused.")
                )
            if process.pause_from and not process.pause_reason:
                raise ValidationError(
                    _("Reason for the pause: the board sees why the review's clock stopped.")
                )

    @api.constrains("started_on", "concluded_on")
    def _check_dates(self):
        for process in self:
            if (
                process.concluded_on
                and process.started_on
                and process.concluded_on < process.started_on
            ):
                raise ValidationError(_("Concluded on: it cannot be before the process started."))

    def action_resume_review(self):
        """End the pause today: the review's target moves by the days paused."""
        for process in self.filtered(lambda p: p.pause_from and not p.pause_to):
            process.pause_to = max(fields.Date.context_today(process), process.pause_from)
        return True
