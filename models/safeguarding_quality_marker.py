from odoo import fields, models

PHASES = [
    ("setting_up", "Setting up the review"),
    ("running", "Running the review"),
    ("output", "The review's output"),
]
# The markers whose state the app proposes from what the review records
# (safeguarding_quality_proposal.py): one key each.
PROPOSALS = [
    ("referral", "Referral to decision, in days"),
    ("decision", "Decision and its reasons recorded"),
    ("informing", "Family told of the review"),
    ("purpose", "Questions, scope and period recorded"),
    ("commissioning", "Commissioning choice and independence recorded"),
    ("governance", "Governance meetings held"),
    ("process", "On time against the target"),
    ("parallel", "Parallel processes recorded"),
    ("information", "Agencies' records received"),
    ("practitioners", "Case group briefed and heard"),
    ("family", "Family involved"),
    ("analysis", "Analysis recorded"),
    ("report", "Draft round held and names checked"),
    ("publication", "Publication decided and done"),
    ("action", "Actions with evidence of impact"),
]


class SafeguardingQualityMarker(models.Model):
    """A quality marker reviews are judged by: SCIE's fifteen SAR quality markers (2022)
    ship as data; a board may add its own."""

    _name = "safeguarding.quality.marker"
    _description = "Review quality marker"
    _inherit = ["safeguarding.values.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="e.g. QM 3")
    sequence = fields.Integer(default=10)
    phase = fields.Selection(PHASES, required=True, default="running")
    description = fields.Text(translate=True, help="What a review that meets it shows.")
    proposal = fields.Selection(
        PROPOSALS,
        string="Proposed from",
        help="What the app reads to propose the marker's state on each review; empty: the "
        "team assesses it alone.",
    )
    company_id = fields.Many2one("res.company", string="Board", help="Empty: every board uses it.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_company_uniq", "unique (code, company_id)", "Another marker has this code."),
    ]
