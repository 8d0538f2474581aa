from odoo import api, models
from odoo.osv import expression

from .safeguarding_confidential_tools import confidential_models, forbidden_by_document


class MailFollowers(models.Model):
    """Who follows a record of a safeguarding review says who is on it: Odoo lets any
    internal user read every follower of every record. For the records of this addon, a
    follower is seen only by a user who may read the record followed."""

    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            models_ = confidential_models(self.env, threads=True)
            branches = [[("res_model", "not in", models_)]]
            for name in models_:
                if self.env[name].has_access("read"):
                    readable = self.env[name].with_context(active_test=False)._search([])
                    branches.append([("res_model", "=", name), ("res_id", "in", readable)])
            domain = expression.AND([domain or [], expression.OR(branches)])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or operation != "read":
            return result
        rest = self - result[0] if result else self
        if not rest:
            return result
        forbidden = forbidden_by_document(rest, "res_model", "read")
        if not forbidden:
            return result
        if result:
            return (result[0] + forbidden, result[1])
        return (forbidden, lambda: forbidden._make_access_error(operation))
