from odoo import fields, models


class SafeguardingLearningLineMixin(models.AbstractModel):
    """What a finding or a factor count of the library keeps of its review, stored: the
    analysis across boards groups by them in one query."""

    _name = "safeguarding.learning.line.mixin"
    _description = "A line of a review in the library"

    library_review_id = fields.Many2one(
        "safeguarding.learning.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="library_review_id.company_id", store=True)
    board = fields.Char(related="library_review_id.board", store=True)
    year = fields.Integer(related="library_review_id.year", store=True)
    kind_name = fields.Char(related="library_review_id.kind_name", store=True, string="Kind")
