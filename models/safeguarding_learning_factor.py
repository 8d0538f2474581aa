from odoo import api, fields, models


class SafeguardingLearningFactor(models.Model):
    """A review's contributory factors in the library, counted by category and influence:
    the factor analysis across boards."""

    _name = "safeguarding.learning.factor"
    _inherit = ["safeguarding.values.mixin", "safeguarding.learning.line.mixin"]
    _description = "Contributory factors of a review, in the library"
    _order = "library_review_id, id"

    category_id = fields.Many2one("safeguarding.factor.category", string="Category")
    category_name = fields.Char(string="Category (as the file said)")
    level = fields.Char()
    influence = fields.Char()
    count = fields.Integer(string="Factors")

    @api.model
    def _values(self, factor):
        category = factor["category"]
        Category = self.env["safeguarding.factor.category"]
        matched = self.env.ref(f"safeguarding_review.{category['code']}", raise_if_not_found=False)
        if not matched or matched._name != Category._name:
            matched = Category.search([("complete_name", "=", category["name"])], limit=1)
        return {
            "category_id": matched.id or False,
            "category_name": category["name"],
            "level": factor.get("level"),
            "influence": factor["influence"],
            "count": factor["count"],
        }
