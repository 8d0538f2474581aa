from odoo import fields, models


class SafeguardingFindingQuestion(models.Model):
    """A question for the board to consider, at the end of a finding (in order)."""

    _name = "safeguarding.finding.question"
    _description = "Question for the Board"
    _inherit = ["safeguarding.finding.line.mixin"]

    name = fields.Text(string="Question", required=True)
