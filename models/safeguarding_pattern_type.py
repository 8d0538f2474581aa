from odoo import fields, models


class SafeguardingPatternType(models.Model):
    """A type of generic (underlying) pattern in the system: SCIE Guide 24, Appendix 6."""

    _name = "safeguarding.pattern.type"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Generic Pattern Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
