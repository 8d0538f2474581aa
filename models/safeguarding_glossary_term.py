from odoo import api, fields, models


class SafeguardingGlossaryTerm(models.Model):
    """An acronym a board's reports use, and what it stands for.

    Kept per board (company) by a manager; the findings report's glossary lists the terms
    its own text uses, and no others."""

    _name = "safeguarding.glossary.term"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Safeguarding report glossary term"
    _order = "name, id"

    name = fields.Char(string="Acronym", required=True)
    meaning = fields.Char(string="Stands for", required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Board",
        default=lambda self: self.env.company,
        index=True,
        help="The board whose reports use it; empty for every board.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "Acronym: each board lists an acronym once.",
        )
    ]

    @api.depends("name", "meaning")
    def _compute_display_name(self):
        for term in self:
            term.display_name = f"{term.name}: {term.meaning}" if term.meaning else term.name
