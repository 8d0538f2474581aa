from odoo import fields, models, tools
from odoo.tools import SQL

from .safeguarding_factor import INFLUENCES
from .safeguarding_factor_category import LEVELS


class SafeguardingFactorCount(models.Model):
    """The contributory factors as the board may read them: one row per factor, with its
    category, level, influence and year and nothing it says (its description, its evidence,
    its episode are the team's). The board counts them by category and level in a pivot, for
    the reviews that reached it (the same rules as the findings)."""

    _name = "safeguarding.factor.count"
    _inherit = ["safeguarding.confidential.mixin"]
    _description = "Contributory factor counts (for the board)"
    _auto = False
    _order = "review_id, id"

    review_id = fields.Many2one("safeguarding.review", string="Review", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category_id = fields.Many2one("safeguarding.factor.category", string="Category", readonly=True)
    taxonomy_id = fields.Many2one("safeguarding.factor.category", string="Taxonomy", readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
    influence = fields.Selection(INFLUENCES, readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                    SELECT factor.id, factor.review_id, factor.company_id, factor.category_id,
                           category.taxonomy_id, factor.level, factor.influence, factor.year
                      FROM safeguarding_factor factor
                      JOIN safeguarding_factor_category category
                        ON category.id = factor.category_id
                )""",
                SQL.identifier(self._table),
            )
        )
