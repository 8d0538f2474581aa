from collections import defaultdict

from odoo import api, models
from odoo.exceptions import MissingError
from odoo.tools import SQL, unique

from .safeguarding_prefetch import (
    cache_links,
    columns_sql,
    fetch_joined,
    fetch_links,
    fetch_lists,
    read_links,
    unread,
)

# The stored fields the record rules and the card's computes read (README, Performance):
# a page fetched without them is fetched again whole (every column of a wide row) the first
# time Odoo checks a rule in Python (the page's to-dos, the web_read after the search).
CARD_COMPANIONS = ("company_id", "active", "stage_id", "target_date", "closed_date")
# What names a contact (res.partner's display name, without the contexts that add to it).
PARTNER_NAME = [
    "name",
    "company_name",
    "parent_id",
    "type",
    "is_company",
    "commercial_company_name",
]
# What names a user (their contact).
USER_FIELDS = ["name", "share", "company_id", "active"]
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
    "agency_ids": [*PARTNER_NAME, "active"],  # on the form: their names (of the active)
}
# What a form names through its many2one fields, read with the review (its first fetch):
# each its own query else. The users with their contacts' names.
FORM_NAMES = {
    "decision_maker_id": ["name", "partner_id", "share", "company_id", "active"],
    "referrer_id": PARTNER_NAME,
    "referring_agency_id": PARTNER_NAME,
    "method_id": None,
    "stage_id": None,  # the reviewer's rule reads it (a board stage)
    "company_id": ["name"],  # its name, which Odoo shows as superuser (web_read)
}
# What is shown of a link beside its name, read with it (web_read).
SHOWN = {"tag_ids": ("color",)}


class SafeguardingReviewBoard(models.Model):
    """The reviews board's reads: a page of cards costs the same few queries at any size."""

    _inherit = "safeguarding.review"

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        names = list(field_names)
        if names:
            names += [name for name in CARD_COMPANIONS if name not in names]
        # The links are read after, with what is shown of them (web_read below, or fetch),
        # the to-dos by the to-do mixin's search_fetch.
        own = [name for name in names if name not in CARD_LINKS]
        return super().search_fetch(domain, own, offset=offset, limit=limit, order=order)

    def _fetch_query(self, query, fields):
        # A page of cards (its fields with the card's companions: search_fetch above): the
        # stored counts its counts' computes read as superuser fetched with it, in the same
        # query (a query of their own else); read() still refuses them to who may not read
        # them. Odoo's fetch of columns otherwise, but for what it fetches its own way.
        counts = self._fields["children_counts"]
        names = [field.name for field in fields if field.name != "id"]
        if (
            counts in fields
            or not set(names).issuperset(CARD_COMPANIONS)
            or self.env.context.get("prefetch_langs")
            or any(not f.column_type or f.type == "binary" for f in fields if f.name != "id")
        ):
            return super()._fetch_query(query, fields)
        names.append(counts.name)
        columns = [SQL.identifier(self._table, "id")]
        columns += columns_sql(self, self._table, names, query, flush=False)
        rows = self.env.execute_query(query.select(*columns))
        if not rows:
            return self.browse()
        values = zip(*rows, strict=True)
        fetched = self.browse(next(values))
        cache = self.env.cache
        for name in names:
            cache.insert_missing(fetched, self._fields[name], next(values))
        return fetched

    @api.readonly
    def web_read(self, specification):
        # The names (and a tag's colour) a card or the form shows of its links, read with
        # the links under the linked records' rules, in one query a comodel: Odoo reads each
        # linked set again as the user and checks its rules in Python (for a page of
        # cards' users, the costliest part of the page).
        shown = [
            name
            for name, spec in specification.items()
            if name in CARD_LINKS and _names_only(spec, SHOWN.get(name, ()))
        ]
        if not self or not shown:
            return super().web_read(specification)
        self.check_field_access_rights("read", shown)
        rest = {n: s for n, s in specification.items() if n not in shown}
        if not any(name != "id" for name in rest):
            # Odoo's web_read answers a spec of ids from the ids, reading nothing: the
            # reader's right to the reviews is checked here as read() checks it, deleted
            # records left out as read() leaves them.
            try:
                self.check_access("read")
            except MissingError:
                self = self.exists()
                self.check_access("read")
                if not self:
                    return []
        # The links to one comodel read with the same fields (the leads and the team) in
        # one query.
        together = defaultdict(list)
        for name in shown:
            together[self._fields[name].comodel_name, id(CARD_LINKS[name])].append(name)
        links = {}
        for names in together.values():
            links.update(read_links(self, names, CARD_LINKS[names[0]]))
        for name in shown:  # into the cache as Odoo's read of them puts them
            cache_links(self, self._fields[name], links[name])
        # The reviews (read() checks the reader's right to them, and leaves out the deleted;
        # the links read above are of linked records the reader may see, shown only for
        # the reviews read).
        result = super().web_read(rest)
        for name in shown:
            Linked = self.env[self._fields[name].comodel_name]
            linked = Linked.browse(unique(i for ids in links[name].values() for i in ids))
            if Linked._active_name and self.env.context.get("active_test", True):
                linked = linked.filtered(Linked._active_name)  # as Odoo shows a link
            # The linked records just read under the user's rules (read_links), their
            # names as superuser, as Odoo names a many2one's record:
            linked = linked.sudo()  # sudo: for what is shown of them only, said above.
            shown_fields = list(specification[name]["fields"])
            shows = {values["id"]: values for values in linked._read_format(shown_fields)}
            for values in result:
                values[name] = [shows[i] for i in links[name].get(values["id"], ()) if i in shows]
        return result

    def fetch(self, field_names):
        # The same for a form (web_read reads its record by fetch), and its lists at once.
        names = list(field_names or ())
        lists = [name for name in names if self._is_list(name)]
        own = [
            name
            for name in names
            if name not in CARD_LINKS and name != "activity_ids" and name not in lists
        ]
        named = {name: FORM_NAMES[name] for name in names if name in FORM_NAMES}
        # A read of the form's fields (computed ones among them), not a first fetch of the
        # reviews something names (an action card's, say: Odoo fetches their stored fields).
        reading = any(not self._fields[n].store for n in names if n in self._fields)
        if self and reading and named and unread(self, self._fields["company_id"]):
            # The counts the form shows, which only managers read as such (_compute_counts).
            fetch_joined(self, named, hidden=("children_counts",))
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
            partners.fetch(PARTNER_NAME)
        return super()._read_format(fnames, load=load)


def _names_only(spec, co_fields):
    """Whether a link's spec asks its records' names and ``co_fields`` only (no order, limit
    or context)."""
    fields_ = spec.get("fields") if set(spec) == {"fields"} else None
    return bool(fields_) and all(
        sub == {} and (name == "display_name" or name in co_fields) for name, sub in fields_.items()
    )


def _to(records, name, comodel):
    # Stored links only: a computed one (the mixin's activity_user_id) read as superuser
    # would be computed from what the user may not see, and cached for them.
    field = records._fields[name]
    return field.relational and field.store and field.comodel_name == comodel
