from odoo import api, models

from .safeguarding_read_scope import forget_readable


class Base(models.AbstractModel):
    """Any write through the ORM, on any model, while a read of the web client runs (a
    user's groups, a rule, a company, a team): what that read found readable under the
    rules may hold no more (safeguarding_read_scope)."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        forget_readable(self.env)
        return super().create(vals_list)

    def write(self, vals):
        forget_readable(self.env)
        return super().write(vals)

    def unlink(self):
        forget_readable(self.env)
        return super().unlink()
