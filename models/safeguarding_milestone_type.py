from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .safeguarding_review import REVIEW_KINDS

# What a milestone's deadline counts from: a date the review records.
EVENTS = [
    ("referral_date", "The board learnt of the case (referral)"),
    ("decision_date", "The decision to review"),
    ("board_adopted_on", "The board adopted the findings"),
]
# What marks a milestone done by itself, when the review records it.
DONE_BY = [
    ("notified_on", "The incident notified to the national panel"),
    ("rapid_review_sent_on", "The rapid review sent to the national panel"),
    ("decision_date", "The decision to review (or not)"),
    ("board_adopted_on", "The board adopted the findings"),
    ("published_on", "The report published"),
]
UNITS = [
    ("working_days", "Working days"),
    ("days", "Calendar days"),
    ("months", "Months"),
]


class SafeguardingMilestoneType(models.Model):
    """A statutory (or the board's own) deadline of a kind of review: due so many working
    days, days or months after an event the review records. Working days skip weekends and
    the public holidays of the company's working calendar (Odoo's resource calendar and its
    leaves, Settings > Working schedules)."""

    _name = "safeguarding.milestone.type"
    _description = "Milestone of a kind of review"
    _inherit = ["safeguarding.values.mixin"]
    _order = "review_kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    review_kind = fields.Selection(REVIEW_KINDS, string="Kind of review", required=True)
    sequence = fields.Integer(default=10)
    event = fields.Selection(EVENTS, string="Counted from", required=True, default="referral_date")
    offset = fields.Integer(string="Within", required=True, default=5)
    unit = fields.Selection(UNITS, required=True, default="working_days")
    done_by = fields.Selection(
        DONE_BY,
        string="Done when",
        help="The review's date that marks the milestone done; empty: the team records when.",
    )
    remind_days = fields.Integer(
        string="Remind (days before)",
        default=2,
        help="The review's lead reviewers get a to-do this many days before the deadline.",
    )
    source = fields.Char(
        string="Source", help="Where the deadline comes from, e.g. Working Together 2023, ch. 5."
    )
    company_id = fields.Many2one("res.company", string="Board", help="Empty: every board.")
    active = fields.Boolean(default=True)

    @api.constrains("offset", "remind_days")
    def _check_offset(self):
        for milestone in self:
            if milestone.offset < 0:
                raise ValidationError(_("Within: a deadline comes after its event, not before."))
            if milestone.remind_days < 0:
                raise ValidationError(_("Remind (days before): cannot be negative."))
