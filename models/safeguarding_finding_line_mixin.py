from odoo import fields, models


class SafeguardingFindingLineMixin(models.AbstractModel):
    """An ordered line of text under a finding (its questions, its recommendations)."""

    _name = "safeguarding.finding.line.mixin"
    _description = "Ordered line of a finding"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "finding_id, sequence, id"
    _fixed_fields = frozenset({"review_id", "finding_id"})

    finding_id = fields.Many2one(
        "safeguarding.finding", required=True, index=True, ondelete="cascade"
    )
    review_id = fields.Many2one(
        related="finding_id.review_id", store=True, precompute=True, readonly=True, default=None
    )
    sequence = fields.Integer(default=10)
