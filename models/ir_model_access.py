from odoo import api, models

from .safeguarding_registry_cache import registry_cached


class IrModelAccess(models.Model):
    """The models a user may read (write...) kept where Odoo keeps them (its "default"
    registry cache, cleared when access rights or a user's groups change), read without its
    decorator: Odoo asks for them on every check of access rights, a dozen on a page of
    cards, each a look-up that binds its arguments anew (README, Performance)."""

    _inherit = "ir.model.access"

    @api.model
    def _get_allowed_models(self, mode="read"):
        key = ("ir.model.access", "_get_allowed_models", self.env.uid, mode)
        return registry_cached(
            self.pool,
            "default",
            key,
            lambda: super(IrModelAccess, self)._get_allowed_models(mode),
        )
