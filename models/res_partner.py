from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # A condition on meeting_ids by ids (or set / not set) is answered by Odoo from the
        # relation table, without the calendar's record rules: it would tell who attends an
        # event one may not see (a safeguarding conversation). Through "any", the rules apply.
        if not self.env.su and domain:
            domain = [self._meetings_through_rules(leaf) for leaf in domain]
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _meetings_through_rules(self, leaf):
        if not (isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] == "meeting_ids"):
            return leaf
        operator, value = leaf[1], leaf[2]
        if operator in ("=", "!=") and value is False:
            return ("meeting_ids", "not any" if operator == "=" else "any", [])
        if operator in ("in", "=", "not in", "!="):
            ids = list(value) if isinstance(value, list | tuple) else [value]
            negative = operator in ("not in", "!=")
            return ("meeting_ids", "not any" if negative else "any", [("id", "in", ids)])
        return leaf
