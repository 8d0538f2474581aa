from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingReviewGate(models.Model):
    """A requirement a review must meet before it may leave a stage.

    Stages are data a manager renames and reorders, so a gate never tests a stage's
    name. Each gate's ``code`` names one method on the review, ``_gate_<code>``,
    which returns the list of what is missing (empty when the review passes).
    Adding a gate is that one method plus one record of this model.
    """

    _name = "safeguarding.review.gate"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Safeguarding Review Stage Gate"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical name of the check: the review method _gate_<code> runs it.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True, help="What the gate asks of a review, in the reviewer's words."
    )
    stage_ids = fields.Many2many(
        "safeguarding.review.stage",
        "safeguarding_review_stage_gate_rel",
        "gate_id",
        "stage_id",
        string="Guards leaving",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique (code)", "Another gate already uses this code."),
    ]

    @api.constrains("code")
    def _check_code(self):
        review_model = self.env["safeguarding.review"]
        for gate in self:
            if not hasattr(review_model, f"_gate_{gate.code}"):
                raise ValidationError(
                    _(
                        "Code: no check called '%(code)s' exists on reviews.",
                        code=gate.code,
                    )
                )
