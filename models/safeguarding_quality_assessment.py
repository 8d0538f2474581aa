from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

MARKER_STATES = [
    ("met", "Met"),
    ("partly", "Partly met"),
    ("not_met", "Not met"),
    ("na", "Not applicable"),
]


class SafeguardingQualityAssessment(models.Model):
    """Where one review stands against one quality marker: the state the app proposes from
    what is recorded, with its evidence, and the state a reviewer or manager confirms, with
    a note. Team-only, like the rest of the review's working records."""

    _name = "safeguarding.quality.assessment"
    _description = "Quality marker of a review"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "review_id, sequence, marker_id"
    _fixed_fields = frozenset({"review_id"})

    marker_id = fields.Many2one(
        "safeguarding.quality.marker", string="Marker", required=True, ondelete="cascade"
    )
    code = fields.Char(related="marker_id.code")
    sequence = fields.Integer(related="marker_id.sequence", store=True)
    phase = fields.Selection(related="marker_id.phase", store=True)
    proposed_state = fields.Selection(MARKER_STATES, string="Proposed", readonly=True)
    proposal_evidence = fields.Text(string="From the record", readonly=True)
    state = fields.Selection(
        MARKER_STATES,
        string="Confirmed",
        help="Confirmed by a reviewer or a manager, with a note when it differs from the proposal.",
    )
    note = fields.Text(string="Note")
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    confirmed_on = fields.Date(string="Confirmed on", readonly=True)
    current_state = fields.Selection(
        MARKER_STATES,
        string="State",
        compute="_compute_current_state",
        store=True,
        help="The confirmed state, or else the proposed one: what the pivot counts.",
    )
    is_confirmed = fields.Boolean(compute="_compute_current_state", store=True)

    _sql_constraints = [
        (
            "review_marker_uniq",
            "unique (review_id, marker_id)",
            "The review already has this marker.",
        ),
    ]

    @api.depends("state", "proposed_state")
    def _compute_current_state(self):
        for line in self:
            line.current_state = line.state or line.proposed_state
            line.is_confirmed = bool(line.state)

    @api.constrains("state", "note", "proposed_state")
    def _check_note(self):
        for line in self:
            if line.state and line.state != line.proposed_state and not (line.note or "").strip():
                raise ValidationError(
                    _(
                        "Note: say why %(marker)s is %(state)s when the record suggests otherwise.",
                        marker=line.marker_id.code,
                        state=dict(MARKER_STATES)[line.state].lower(),
                    )
                )

    def write(self, vals):
        if "marker_id" in vals and any(line.marker_id.id != vals["marker_id"] for line in self):
            raise UserError(
                _("Marker: a line assesses one marker; assess another on its own line.")
            )
        result = super().write(vals)
        if "state" in vals:
            # sudo: who confirmed and when are the app's to set (read-only to every client).
            self.sudo().write(
                {
                    "confirmed_by_id": self.env.uid if vals["state"] else False,
                    "confirmed_on": fields.Date.context_today(self) if vals["state"] else False,
                }
            )
        return result

    def action_accept_proposal(self):
        for line in self.filtered("proposed_state"):
            line.write({"state": line.proposed_state, "note": line.note or line.proposal_evidence})
        return True
