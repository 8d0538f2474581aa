from odoo import api, models
from odoo.exceptions import MissingError

from .safeguarding_prefetch import fetch_links, fetch_lists

# The stored fields the record rules and the card's computes read (README, Performance):
# a page fetched without them is fetched again whole (every column of a wide row) the first
# time Odoo checks a rule in Python (the page's to-dos, the web_read after the search).
CARD_COMPANIONS = ("company_id", "active", "stage_id", "target_date", "closed_date")
# What names a user (their contact) and what their record rule reads (share, companies).
USER_FIELDS = ["name", "share", "company_id", "company_ids", "active"]
# The card's links, read with what the card shows of them; for the users, with what their
# record rule reads (their contact's, as "partner_id.x"), but their companies (a link).
USER_LINK = [
    "partner_id",
    "name",
    "share",
    "company_id",
    "active",
    "partner_id.name",
    "partner_id.partner_share",
    "partner_id.company_id",
]
CARD_LINKS = {
    "tag_ids": ["name", "color", "active"],
    "lead_reviewer_ids": USER_LINK,
    "team_member_ids": USER_LINK,  # on the form
}


class SafeguardingReviewBoard(models.Model):
    """The reviews board's reads: a page of cards costs the same few queries at any size."""

    _inherit = "safeguarding.review"

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        names = list(field_names)
        if names:
            names += [name for name in CARD_COMPANIONS if name not in names]
        # The links are read after, with what the card shows of them (the to-dos by the
        # to-do mixin's search_fetch).
        own = [name for name in names if name not in CARD_LINKS]
        records = super().search_fetch(domain, own, offset=offset, limit=limit, order=order)
        links = [name for name in names if name in CARD_LINKS]
        if links:
            records.check_field_access_rights("read", links)
            records._fetch_linked(links)
        return records

    def fetch(self, field_names):
        # The same for a form (web_read reads its record by fetch), and its lists at once.
        names = list(field_names or ())
        lists = [name for name in names if self._is_list(name)]
        own = [
            name
            for name in names
            if name not in CARD_LINKS and name != "activity_ids" and name not in lists
        ]
        if self and len(own) < len(names):
            # Before reading what the records link to; as Odoo's fetch, without the
            # records deleted meanwhile.
            try:
                self.check_access("read")
            except MissingError:
                self = self.exists()
                self.check_access("read")
            self.check_field_access_rights("read", [n for n in names if n not in own])
            self._fetch_linked(names)
        if self and "stage_missing" in names and self.method_id:
            # The form's next steps read the method's stages and their gates: the stages in
            # one query with their links (the review's own among them).
            fetch_links(self.method_id, "stage_ids")
        return super().fetch(own)

    def _is_list(self, name):
        field = self._fields.get(name)
        return (
            field is not None
            and field.type == "one2many"
            and field.store
            and field.comodel_name.startswith("safeguarding.")
        )

    def _fetch_linked(self, names):
        lists = [name for name in names if self._is_list(name)]
        if lists:
            fetch_lists(self, lists)
        for name, co_fields in CARD_LINKS.items():
            if name in names:
                fetch_links(self, name, co_fields)
        if "activity_ids" in names:
            self._fetch_todos()

    def _read_format(self, fnames, load="_classic_read"):
        # The users and contacts a form or a page names (leads, team, decision maker,
        # agencies, referrer) in one batch each: read field by field, Odoo fetched each set
        # of users, their contacts and their companies (for the users' rule, checked in
        # Python) apart, three or four queries a set.
        # The links read as the user (a many2many under its comodel's rules, without the
        # active test as Odoo reads them), the linked records' values as superuser: read
        # for their values only; what the user may see of them is still checked on each
        # read, as before.
        linked = self.with_context(active_test=False)
        Users = self.env["res.users"].sudo()  # sudo: see above (a union takes its env)
        users = Users.union(*(linked[n] for n in fnames if _to(self, n, "res.users")))
        # The contacts of users whose name is not read yet (a page of cards has them).
        unnamed = users.browse(self.env.cache.get_missing_ids(users, users._fields["name"]))
        Partners = self.env["res.partner"].sudo()  # sudo: see above (a union takes its env)
        partners = Partners.union(
            unnamed.partner_id, *(linked[n] for n in fnames if _to(self, n, "res.partner"))
        )
        if users:
            users.fetch(USER_FIELDS)
        if partners:
            # Every column Odoo would fetch on its first miss, once for them all.
            partners.fetch(
                [
                    f.name
                    for f in partners._fields.values()
                    if f.prefetch is True and f.store and f.column_type
                ]
            )
        return super()._read_format(fnames, load=load)


def _to(records, name, comodel):
    # Stored links only: a computed one (the mixin's activity_user_id) read as superuser
    # would be computed from what the user may not see, and cached for them.
    field = records._fields[name]
    return field.relational and field.store and field.comodel_name == comodel
