from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

# The stored fields the record rules and the card's computes read (README, Performance):
# a page fetched without them is fetched again whole (every column of a wide row) the first
# time Odoo checks a rule in Python (the page's to-dos, the web_read after the search).
CARD_COMPANIONS = ("company_id", "active", "stage_id", "target_date", "closed_date")
# What names a user (their contact) and what their record rule reads (share, companies).
USER_FIELDS = ["name", "share", "company_id", "company_ids", "active"]
# The card's links, read with what the card shows of them; for the users, with what their
# record rule reads (their contact's, as "partner_id.x"), but their companies (a link).
CARD_LINKS = {
    "tag_ids": ["name", "color", "active"],
    "lead_reviewer_ids": [
        "partner_id",
        "name",
        "share",
        "company_id",
        "active",
        "partner_id.name",
        "partner_id.partner_share",
        "partner_id.company_id",
    ],
}


class SafeguardingReviewBoard(models.Model):
    """The reviews board's reads: a page of cards costs the same few queries at any size."""

    _inherit = "safeguarding.review"

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        names = list(field_names)
        if names:
            names += [name for name in CARD_COMPANIONS if name not in names]
        # The links and the to-dos are read below, with what the card shows of them.
        own = [name for name in names if name not in CARD_LINKS and name != "activity_ids"]
        records = super().search_fetch(domain, own, offset=offset, limit=limit, order=order)
        for name, co_fields in CARD_LINKS.items():
            if name in names:
                records._fetch_links(name, co_fields)
        if "activity_ids" in names:
            records._fetch_todos()
        return records

    def _fetch_links(self, name, co_fields):
        """Odoo's read of the many2many ``name`` (its links, under the comodel's rules and
        domain, in its order), with the linked records' ``co_fields`` in the same query:
        Odoo reads those after, a query or two more (the users' contacts for their names)."""
        field = self._fields[name]
        records = self.browse(self.env.cache.get_missing_ids(self, field))
        if not records:
            return
        comodel = self.env[field.comodel_name].with_context(active_test=False, **field.context)
        query = comodel._where_calc(field.get_domain_list(records))
        comodel._apply_ir_rules(query, "read")
        query.order = comodel._order_to_sql(comodel._order, query)
        link_from = SQL.identifier(field.relation, field.column1)
        link_to = SQL.identifier(field.relation, field.column2)
        query.add_join(
            "JOIN",
            field.relation,
            None,
            SQL("%s = %s", link_to, SQL.identifier(comodel._table, "id")),
        )
        query.add_where(SQL("%s IN %s", link_from, tuple(records.ids)))
        columns, targets = [], []
        for co_field in co_fields:
            model, alias, fname = comodel, comodel._table, co_field
            if "." in co_field:  # a field of a many2one's record, joined as Odoo joins it
                link, fname = co_field.split(".")
                model = self.env[comodel._fields[link].comodel_name]
                alias = query.make_alias(comodel._table, link)
                query.add_join(
                    "LEFT JOIN",
                    alias,
                    model._table,
                    SQL(
                        "%s = %s",
                        comodel._field_to_sql(comodel._table, link, query),
                        SQL.identifier(alias, "id"),
                    ),
                )
                targets.append((model, fname, co_fields.index(link)))
            else:
                targets.append((model, fname, None))
            columns.append(model._field_to_sql(alias, fname, query))
        links = defaultdict(list)
        values = {}
        for from_id, to_id, *row in self.env.execute_query(
            query.select(link_from, link_to, *columns)
        ):
            links[from_id].append(to_id)
            values[to_id] = row
        cache = self.env.cache
        cache.insert_missing(records, field, [tuple(links[i]) for i in records._ids])
        for index, (model, fname, link_at) in enumerate(targets):
            # On the linked record, or on the record its many2one (at link_at) points to.
            pairs = {
                (row[link_at] if link_at is not None else to_id): row[index]
                for to_id, row in values.items()
                if link_at is None or row[link_at]
            }
            owners = model.browse(list(pairs))
            cache.insert_missing(owners, model._fields[fname], [pairs[i] for i in owners._ids])

    def _read_format(self, fnames, load="_classic_read"):
        # The users and contacts a form or a page names (leads, team, decision maker,
        # agencies, referrer) in one batch each: read field by field, Odoo fetched each set
        # of users, their contacts and their companies (for the users' rule, checked in
        # Python) apart, three or four queries a set.
        # sudo, without the active test: the links as stored, read for their values only;
        # what the user may see of them is still checked on each read, as before.
        records = self.sudo().with_context(active_test=False)
        users = records.env["res.users"].union(
            *(records[n] for n in fnames if _to(self, n, "res.users"))
        )
        # The contacts of users whose name is not read yet (a page of cards has them).
        unnamed = users.browse(self.env.cache.get_missing_ids(users, users._fields["name"]))
        partners = records.env["res.partner"].union(
            unnamed.partner_id, *(records[n] for n in fnames if _to(self, n, "res.partner"))
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
