from odoo import api, models


class SafeguardingCompiledRulesMixin(models.AbstractModel):
    """Record rules compiled once per user, domain and context (ir.rule._apply_compiled),
    not on each query."""

    _name = "safeguarding.compiled.rules.mixin"
    _description = "Record rules compiled once"

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        return self.env["ir.rule"]._apply_compiled(self, query, mode)
