from odoo import fields, models


class SafeguardingFindingRecommendation(models.Model):
    """A recommendation, where the board asks for them: printed after the questions."""

    _name = "safeguarding.finding.recommendation"
    _description = "Recommendation"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "finding_id, sequence, id"

    finding_id = fields.Many2one(
        "safeguarding.finding", required=True, index=True, ondelete="cascade"
    )
    review_id = fields.Many2one(
        related="finding_id.review_id", store=True, precompute=True, readonly=True, default=None
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Recommendation", required=True)
