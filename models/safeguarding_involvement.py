from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .safeguarding_participant import PERSONAL_PARTS

INVOLVEMENT_KINDS = [
    ("informed", "Told of the review"),
    ("wishes", "Wishes about taking part"),
    ("questions", "What they want the review to answer"),
    ("meeting", "Met the review"),
    ("draft", "Saw the draft"),
    ("report_offered", "Offered the report before publication"),
    ("declined", "Declined to take part"),
    ("other", "Other contact"),
]
CHANNELS = [
    ("letter", "Letter"),
    ("visit", "Visit"),
    ("call", "Phone call"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]


class SafeguardingInvolvement(models.Model):
    """The log of the review's contact with the adult (where living), their family and
    network (quality markers 3 and 11): who was told of the review and how, through whom,
    their wishes, what they want answered, the meetings, the draft and the report.

    Team-only, like the conversations: the board reads none of the log itself. The findings
    report (which the board prints) says what kinds of contact each person had and when,
    under their published label; what they said and through whom stay here."""

    _name = "safeguarding.involvement"
    _description = "Involvement of the person, family and network"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread"]
    _order = "review_id, date desc, id desc"
    _fixed_fields = frozenset({"review_id"})

    participant_id = fields.Many2one(
        "safeguarding.participant",
        string="Who",
        required=True,
        index=True,
        ondelete="cascade",
        domain=f"[('review_id', '=', review_id), ('part', 'in', {list(PERSONAL_PARTS)})]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(INVOLVEMENT_KINDS, string="What", required=True, tracking=True)
    channel = fields.Selection(CHANNELS, string="How")
    through = fields.Char(
        string="Through",
        help="Who made the contact on the review's behalf: an advocate, a family liaison "
        "officer, the lead reviewer.",
    )
    notes = fields.Text(string="What was said")

    @api.depends("participant_id", "kind", "date")
    @api.depends_context("uid")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for entry in self:
            entry.display_name = " · ".join(
                filter(None, [labels.get(entry.kind), entry.participant_id.published_as])
            )

    @api.constrains("participant_id", "review_id")
    def _check_participant(self):
        for entry in self:
            if entry.participant_id.review_id != entry.review_id:
                raise ValidationError(_("Who: the person must take part in this review."))
            if entry.participant_id.part not in PERSONAL_PARTS:
                raise ValidationError(
                    _(
                        "Who: this log is for the adult, their family and network; a "
                        "practitioner's involvement is on their participant record."
                    )
                )
