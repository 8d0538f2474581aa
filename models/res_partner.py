from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# What the addon's pickers offer. Agencies: the companies flagged as safeguarding agencies,
# not every company in the database (an Odoo that also runs sales holds its customers).
AGENCY_DOMAIN = "[('is_company', '=', True), ('safeguarding_agency', '=', True)]"
# People: individuals who work for an agency, or who belong to no company (the adult, family,
# friends and carers); not the staff of the database's other companies.
PERSON_DOMAIN = (
    "[('is_company', '=', False), '|', ('parent_id', '=', False), "
    "('parent_id.safeguarding_agency', '=', True)]"
)
PARTNER_PERSONAL = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "comment",
    "website",
    "function",
    "title",
    "vat",
    "ref",
    "image_1920",
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

    # What the shared learning counts agencies by (safeguarding_learning_exchange.py).
    safeguarding_agency_type_id = fields.Many2one(
        "safeguarding.learning.term",
        string="Type of agency",
        domain=[("kind", "=", "agency_type")],
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

    def action_safeguarding_subject_access(self):
        """Download everything the reviews hold about this contact (managers only)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/safeguarding_review/subject_access/{self.id}",
            "target": "self",
        }

    # The retention schedule (safeguarding_review_anonymisation.py) -------------------
    def _safeguarding_is_shared(self, review):
        """Whether anything besides ``review`` (another review, a user, a company, a record
        of another app) refers to the contact: then it is unlinked, never anonymised.

        Every foreign key to res_partner is read from PostgreSQL's catalogue, so a module
        installed later is covered too; the review's own references are left out."""
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT cl.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class cl ON cl.oid = con.conrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid
                                   AND att.attnum = ANY(con.conkey)
             WHERE con.contype = 'f' AND con.confrelid = 'res_partner'::regclass
            """
        )
        own = {
            "safeguarding_participant": "review_id",
            "safeguarding_agency_request": "review_id",
            "safeguarding_review": "id",
        }
        for table, column in cr.fetchall():
            query = SQL(
                "SELECT 1 FROM %s WHERE %s = %s",
                SQL.identifier(table),
                SQL.identifier(column),
                self.id,
            )
            if table in own:
                query = SQL("%s AND %s != %s", query, SQL.identifier(own[table]), review.id)
            if table == "res_partner":
                query = SQL("%s AND id != %s", query, self.id)
            elif table in ("mail_followers", "mail_message", "ir_attachment"):
                # Its own chatter, followers and files go with it.
                res_model = "model" if table == "mail_message" else "res_model"
                query = SQL(
                    "%s AND NOT (%s = 'res.partner' AND res_id = %s)",
                    query,
                    SQL.identifier(res_model),
                    self.id,
                )
            cr.execute(SQL("%s LIMIT 1", query))
            if cr.fetchone():
                return True
        return False

    def _safeguarding_anonymise(self):
        """A contact no other record uses: its name and details replaced, its chatter and
        files removed, archived (deleting it would fail on every record that keeps its id)."""
        self.ensure_one()
        env = self.env
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.id)]
        env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.id)]
        ).unlink()
        env["ir.attachment"].search(domain).unlink()
        env["mail.followers"].search(domain).unlink()
        self.write(
            {
                **dict.fromkeys(PARTNER_PERSONAL, False),
                "parent_id": False,
                "category_id": [(5, 0, 0)],
                "company_name": False,
                "name": _("Anonymised contact %s", self.id),
                "active": False,
            }
        )
