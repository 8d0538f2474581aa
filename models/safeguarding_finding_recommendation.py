from odoo import fields, models


class SafeguardingFindingRecommendation(models.Model):
    """A recommendation, where the board asks for them: printed after the questions."""

    _name = "safeguarding.finding.recommendation"
    _description = "Recommendation"
    _inherit = ["safeguarding.finding.line.mixin"]

    name = fields.Text(string="Recommendation", required=True)
