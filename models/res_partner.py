from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# What the addon's pickers offer. Agencies: the companies flagged as safeguarding agencies,
# not every company in the database (an Odoo that also runs sales holds its customers).
AGENCY_DOMAIN = "[('is_company', '=', True), ('safeguarding_agency', '=', True)]"
# People: individuals who work for an agency, or who belong to no company (the adult, family,
# friends and carers); not the staff of the database's other companies.
PERSON_DOMAIN = (
    "[('is_company', '=', False), '|', ('parent_id', '=', False), "
    "('parent_id.safeguarding_agency', '=', True)]"
)
# Created from a picker, an agency is a company flagged as one.
AGENCY_CONTEXT = "{'default_is_company': True, 'default_safeguarding_agency': True}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    safeguarding_agency = fields.Boolean(
        string="Safeguarding agency",
        index="btree_not_null",
        help="A partner agency of the safeguarding board: offered where a review asks for an "
        "agency, and its staff where a review asks for a person.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("safeguarding_agency") for vals in vals_list):
            self._check_may_flag_agencies()
        return super().create(vals_list)

    def write(self, vals):
        if "safeguarding_agency" in vals:
            self._check_may_flag_agencies()
        return super().write(vals)

    def _check_may_flag_agencies(self):
        # The agencies are the board's list: its reviewers and managers keep it, not any
        # user who may create contacts.
        if not self.env.su and not self.env.user.has_group("safeguarding_review.group_reviewer"):
            raise AccessError(
                _("Safeguarding agency: only the board's reviewers and managers mark agencies.")
            )

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

    @api.model
    def _upgrade_flag_agencies(self):
        """18.0.1.3.0: flag as agencies the companies the reviews already use as agencies."""
        # Every field of the app that picks an agency (its domain is the agency picker's).
        fields_by_model = defaultdict(list)
        for model_name, Model in self.env.items():
            if not model_name.startswith("safeguarding.") or Model._abstract or Model._transient:
                continue
            for name, field in Model._fields.items():
                if field.comodel_name == "res.partner" and field.domain == AGENCY_DOMAIN:
                    fields_by_model[model_name].append(name)
        agencies = self.browse()
        for model, names in fields_by_model.items():
            records = self.env[model].with_context(active_test=False).search([])
            for name in names:
                agencies |= records.mapped(name)
        agencies = agencies.filtered(lambda p: p.is_company and not p.safeguarding_agency)
        agencies.write({"safeguarding_agency": True})
        return agencies
