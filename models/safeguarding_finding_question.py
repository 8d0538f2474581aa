from odoo import fields, models


class SafeguardingFindingQuestion(models.Model):
    """A question for the board to consider, at the end of a finding (in order)."""

    _name = "safeguarding.finding.question"
    _description = "Question for the Board"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "finding_id, sequence, id"

    finding_id = fields.Many2one(
        "safeguarding.finding", required=True, index=True, ondelete="cascade"
    )
    review_id = fields.Many2one(
        related="finding_id.review_id", store=True, precompute=True, readonly=True, default=None
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Question", required=True)
