from odoo import api, models

from .safeguarding_registry_cache import registry_cached

# Odoo's registry cache cleared both when users' groups change (the "default" cache, where
# Odoo keeps each user's groups) and when groups do (the "groups" cache, their definitions).
GROUPS_CACHE = "templates.cached_values"


class ResUsers(models.Model):
    """A user's answer to a set of groups kept with Odoo's own caches of their groups: Odoo
    asks it for each field with groups it reads (a review's form reads a few dozen), each
    answer two or three cache look-ups through a decorator that binds its arguments anew (a
    tenth of the form's time; README, Performance)."""

    _inherit = "res.users"

    @api.readonly
    def has_groups(self, group_spec: str) -> bool:
        if (
            self._ids != (self.env.uid,)  # another user's groups: Odoo's checks, each time
            or "base.group_no_one" in group_spec  # depends on the request's debug mode
        ):
            return super().has_groups(group_spec)
        key = ("res.users", "has_groups", self.id, group_spec)
        return registry_cached(
            self.pool, GROUPS_CACHE, key, lambda: super(ResUsers, self).has_groups(group_spec)
        )

    def _has_group(self, group_ext_id: str) -> bool:
        # has_group's answer for the current user, kept as has_groups' is (above).
        if self._ids != (self.env.uid,):
            return super()._has_group(group_ext_id)
        key = ("res.users", "_has_group", self.id, group_ext_id)
        return registry_cached(
            self.pool, GROUPS_CACHE, key, lambda: super(ResUsers, self)._has_group(group_ext_id)
        )
