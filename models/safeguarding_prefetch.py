"""Reads of links and children with what is shown of them, in one query each (no model).

Odoo reads a many2many in one query and the linked records in another (more when their
rules read other records); a one2many likewise. Where a page or a form shows the linked
records, these read both at once, under the same rules, into the same cache."""

from collections import defaultdict
from datetime import date, datetime

from odoo.tools import SQL
from odoo.tools.query import Query

from .safeguarding_read_scope import note_readable
from .safeguarding_registry_cache import registry_cached


def readable(model, names):
    """Of the fields ``names`` of ``model``, those the user may read: each set of groups
    asked once (Odoo asks the user's groups for each field each time it names one, a few
    hundred times for a form's columns)."""
    env = model.env
    asked = {}
    found = []
    for name in names:
        field = model._fields[name]
        if field.groups and not env.su:
            if field.groups not in asked:
                asked[field.groups] = field.is_accessible(env)
            if not asked[field.groups]:
                continue
        found.append(name)
    return found


def columns_sql(model, alias, names, query, flush=True):
    """The SQL of the columns ``names`` of ``model`` (its table under ``alias``), of fields
    the user may read (the callers keep to readable() ones), without Odoo's check of each.
    A column of the table's own (not a parent's by _inherits, nor a related one: their SQL
    needs a join) is kept in the registry's cache, by language (a translation is read by
    it); not a value by company (its default is data): a form builds some three hundred.
    ``flush`` False: pending updates are flushed first for translated fields only, as
    Odoo's fetch does (the cache keeps a pending value over the one read)."""
    langs = (model.env.lang, model.env._lang)
    found = []
    for name in names:
        field = model._fields[name]
        flushed = flush or bool(field.translate)
        if not _own_column(field):
            # sudo: the columns' SQL only, of fields checked by the caller (above).
            found.append(model.sudo()._field_to_sql(alias, name, query, flushed))
            continue
        key = ("safeguarding.prefetch", "column", model._name, alias, name, langs, flushed)
        found.append(
            registry_cached(
                model.pool,
                "default",
                key,
                # sudo: as above, on a miss only (a form names some three hundred columns).
                lambda name=name, flushed=flushed: model.sudo()._field_to_sql(
                    alias, name, query, flushed
                ),
            )
        )
    return found


def _own_column(field):
    """Whether ``field``'s SQL is a column of its own table, the same for every query."""
    return (
        field.store
        and field.column_type
        and not field.inherited
        and not field.related
        and not field.company_dependent
        and field.type != "properties"
    )


def first_miss_columns(model):
    """The columns Odoo fetches of a record the first time one of its fields is read (those
    the user may read). The model's list kept (its fields are the registry's)."""
    key = ("safeguarding.prefetch", "first_miss", model._name)
    names = registry_cached(
        model.pool,
        "default",
        key,
        lambda: tuple(
            f.name
            for f in model._fields.values()
            if f.prefetch is True and f.store and f.column_type
        ),
    )
    return readable(model, names)


def _readable_co_fields(model, co_fields):
    """``co_fields`` of ``model`` (by default every column Odoo fetches on a first miss;
    "link.field" for a field of a many2one's record) the user may read."""
    if co_fields is None:
        return first_miss_columns(model)
    found = []
    for name in co_fields:
        link, _dot, sub = name.partition(".")
        if not readable(model, [link]):
            continue
        if sub:
            target = model.env[model._fields[link].comodel_name]
            if not readable(target, [sub]):
                continue
        found.append(name)
    return found


def unread(records, field):
    """Of ``records``, those saved whose ``field`` is not in the cache yet."""
    missing = records.env.cache.get_missing_ids(records, field)
    return records.browse([i for i in missing if isinstance(i, int)])


def all_cached(records, field):
    """Whether the cache holds ``field`` of every one of ``records`` (new ones included)."""
    return next(records.env.cache.get_missing_ids(records, field), None) is None


def cache_links(parents, field, links):
    """The many2many ``field`` of those of ``parents`` not read yet into the cache, from
    ``links`` {parent id: linked ids} (read_links), as Odoo's read of it puts it."""
    records = unread(parents, field)
    values = [tuple(links.get(i, ())) for i in records._ids]
    parents.env.cache.insert_missing(records, field, values)


def join_many2one(query, model, link, alias=None):
    """Join ``model``'s many2one ``link`` (of the table under ``alias``, by default the
    model's own) to ``query`` as Odoo joins it (a LEFT JOIN under the alias Odoo gives it),
    and return the target model and that alias."""
    alias = alias or model._table
    target = model.env[model._fields[link].comodel_name]
    joined = query.make_alias(alias, link)
    query.add_join(
        "LEFT JOIN",
        joined,
        target._table,
        SQL("%s = %s", model._field_to_sql(alias, link, query), SQL.identifier(joined, "id")),
    )
    return target, joined


def fetch_joined(records, joined, hidden=()):
    """Odoo's first fetch of ``records`` (every column it fetches on a first miss, under
    their rules), with the records their many2one fields ``joined`` {name: co_fields} point
    to, in the same query: their ``co_fields`` (by default every column Odoo would fetch of
    them; "link.field" for a field of a many2one's record). Odoo reads each of those after,
    a query each (their names on a form). ``hidden``: fields of ``records`` the user may not
    read that their computes read as superuser, fetched with the rest (a query else); read()
    still refuses them to the user."""
    Model = records.with_context(active_test=False)
    query = Model._search([("id", "in", records.ids)])
    own = first_miss_columns(records)
    # The hidden columns too, into the cache for the computes that read them as superuser.
    own += [name for name in hidden if name not in own]
    columns = [SQL.identifier(records._table, "id")]
    columns += columns_sql(records, records._table, own, query)
    # Each record pointed to in a subselect of its own, not a join: PostgreSQL plans the
    # joins of a wide row together (a form's five took 1.7 ms to plan, 0.3 ms to run),
    # and a subselect on an id alone.
    targets = []  # (layout of its row, column of its owner's id, column of its row)
    for link, co_fields in joined.items():
        if link not in own:  # a field the user may not read
            continue
        target = records.env[records._fields[link].comodel_name]
        link_sql = records._field_to_sql(records._table, link, query)
        row, layout = _row_of(target, f"{records._table}__{link}", link_sql, co_fields)
        targets.append((layout, 1 + own.index(link), len(columns)))
        columns.append(row)
    rows = records.env.execute_query(query.select(*columns))
    cache = records.env.cache
    fetched = records.browse([row[0] for row in rows])
    note_readable(fetched)  # read under their read rules (_search), for the checks after
    for index, name in enumerate(own, start=1):
        cache.insert_missing(fetched, records._fields[name], [row[index] for row in rows])
    for layout, link_at, row_at in targets:
        values = {row[link_at]: row[row_at] for row in rows if row[link_at] and row[row_at]}
        for index, (model, fname, owner_at) in enumerate(layout):
            field = model._fields[fname]
            pairs = {
                (value[owner_at] if owner_at is not None else owner): value[index]
                for owner, value in values.items()
                if owner_at is None or value[owner_at]
            }
            owners = model.browse(list(pairs))
            cache.insert_missing(owners, field, [_from_json(field, pairs[i]) for i in owners._ids])


def _row_of(target, alias, link_sql, co_fields):
    """The SQL of a subselect of the ``target`` record ``link_sql`` points to, its
    ``co_fields`` as a JSON array, and what the array holds: (model, field, the index of
    its owner's id, None for the target)."""
    sub = Query(target.env, alias, target._table_sql)
    sub.add_where(SQL("%s = %s", SQL.identifier(alias, "id"), link_sql))
    co_fields = _readable_co_fields(target, co_fields)
    columns, layout = [], []
    for co_field in co_fields:
        model, at, fname, owner_at = target, alias, co_field, None
        if "." in co_field:  # a field of the target's many2one's record
            link, fname = co_field.split(".")
            model, at = join_many2one(sub, target, link, alias)
            owner_at = co_fields.index(link)
        layout.append((model, fname, owner_at))
        columns += columns_sql(model, at, [fname], sub)
    # PostgreSQL's functions take at most 100 arguments: arrays of 90 columns, concatenated.
    arrays = [
        SQL("jsonb_build_array(%s)", SQL(", ").join(columns[i : i + 90]))
        for i in range(0, len(columns), 90)
    ]
    return SQL("(%s)", sub.select(SQL(" || ").join(arrays))), layout


def _from_json(field, value):
    """A column's value as the database gives it, from its value in a JSON array (where a
    date is text)."""
    if value is not None and field.type == "date":
        return date.fromisoformat(value)
    if value is not None and field.type == "datetime":
        return datetime.fromisoformat(value)
    return value


def fetch_links(parents, name, co_fields=None):
    """Odoo's read of the many2many ``name`` of ``parents`` (its links, under the comodel's
    rules and domain, in its order), with the linked records' ``co_fields`` (by default
    every column Odoo would fetch on its first miss) in the same query: Odoo reads those
    after, a query or two more (the users' contacts for their names). A field of a
    many2one's record is named "link.field", and goes in that record's cache."""
    field = parents._fields[name]
    records = unread(parents, field)
    if records:
        cache_links(records, field, read_links(records, name, co_fields)[name])


def read_links(parents, names, co_fields=None):
    """{name: {parent id: linked ids}} of the many2many fields ``names`` of ``parents`` (one
    name, or several to the same comodel under the same domain), read from the database
    whatever the cache holds, in one query, as fetch_links reads them (the linked records'
    ``co_fields`` into the cache): what the user may see of them, by construction."""
    names = [names] if isinstance(names, str) else list(names)
    fields_ = [parents._fields[name] for name in names]
    field = fields_[0]
    assert all(
        (f.comodel_name, f.get_domain_list(parents), f.context)
        == (field.comodel_name, field.get_domain_list(parents), field.context)
        for f in fields_
    ), f"{names}: one comodel and domain"
    comodel = parents.env[field.comodel_name].with_context(active_test=False, **field.context)
    query = comodel._where_calc(field.get_domain_list(parents))
    comodel.env["ir.rule"]._apply_compiled(comodel, query, "read")
    query.order = comodel._order_to_sql(comodel._order, query)
    # The links of every field at once: (its number, parent, linked record).
    links_of = SQL(" UNION ALL ").join(
        SQL(
            "SELECT %s AS part, %s AS from_id, %s AS to_id FROM %s WHERE %s IN %s",
            number,
            SQL.identifier(f.column1),
            SQL.identifier(f.column2),
            SQL.identifier(f.relation),
            SQL.identifier(f.column1),
            tuple(parents.ids),
        )
        for number, f in enumerate(fields_)
    )
    query.add_join(
        "JOIN",
        "link",
        SQL("(%s)", links_of),
        SQL("%s = %s", SQL.identifier("link", "to_id"), SQL.identifier(comodel._table, "id")),
    )
    columns, targets = [], []
    co_fields = _readable_co_fields(comodel, co_fields)
    for co_field in co_fields:
        model, alias, fname = comodel, comodel._table, co_field
        if "." in co_field:  # a field of a many2one's record, joined as Odoo joins it
            link, fname = co_field.split(".")
            model, alias = join_many2one(query, comodel, link)
            targets.append((model, fname, co_fields.index(link)))
        else:
            targets.append((model, fname, None))
        columns += columns_sql(model, alias, [fname], query)
    links = {name: defaultdict(list) for name in names}
    values = {}
    for part, from_id, to_id, *row in parents.env.execute_query(
        query.select(
            SQL.identifier("link", "part"),
            SQL.identifier("link", "from_id"),
            SQL.identifier("link", "to_id"),
            *columns,
        )
    ):
        links[names[part]][from_id].append(to_id)
        values[to_id] = row
    cache = parents.env.cache
    for index, (model, fname, link_at) in enumerate(targets):
        # On the linked record, or on the record its many2one (at link_at) points to.
        pairs = {
            (row[link_at] if link_at is not None else to_id): row[index]
            for to_id, row in values.items()
            if link_at is None or row[link_at]
        }
        owners = model.browse(list(pairs))
        cache.insert_missing(owners, model._fields[fname], [pairs[i] for i in owners._ids])
    note_readable(comodel.browse(list(values)))  # read under their read rules (above)
    return links


def _within_parent(comodel, inverse):
    """The comodel's order without its terms on the parent: children are listed parent by
    parent, and ordering them by their parent's own order joined the parents' table."""
    terms = [t for t in comodel._order.split(",") if t.split()[:1] != [inverse] and t.strip()]
    return ",".join(terms) or "id"


def fetch_lists(parents, names):
    """Odoo's reads of the one2many fields ``names`` of ``parents`` (each a search of its
    comodel, under its rules, in its order), in one query: a form's lists, of which Odoo
    reads each apart. Their rows' columns are read after, one query a list not empty."""
    env = parents.env
    parts, fields_ = [], []
    for name in names:
        field = parents._fields[name]
        missing = unread(parents, field).ids
        if not missing:
            continue
        comodel = env[field.comodel_name].with_context(active_test=False, **field.context)
        domain = [*field.get_domain_list(parents), (field.inverse_name, "in", missing)]
        query = comodel._search(domain, order=_within_parent(comodel, field.inverse_name))
        active = (
            comodel._field_to_sql(comodel._table, comodel._active_name, query)
            if comodel._active_name
            else SQL("TRUE")
        )
        rank = SQL("ROW_NUMBER() OVER (ORDER BY %s)", query.order) if query.order else SQL("0")
        query.order = None  # the rank holds it
        parts.append(
            SQL(
                "(%s)",
                query.select(
                    SQL("%s", len(fields_)),
                    comodel._field_to_sql(comodel._table, field.inverse_name, query),
                    SQL.identifier(comodel._table, "id"),
                    active,
                    rank,
                ),
            )
        )
        fields_.append((field, comodel, missing))
    if not parts:
        return
    rows = env.execute_query(SQL(" UNION ALL ").join(parts))
    rows.sort(key=lambda row: (row[0], row[4]))
    for index, (field, comodel, missing) in enumerate(fields_):
        children = defaultdict(list)
        actives = {}
        for part, parent, child, active, _rank in rows:
            if part == index:
                children[parent].append(child)
                actives[child] = active
        records = parents.browse(missing)
        env.cache.insert_missing(records, field, [tuple(children[i]) for i in records._ids])
        note_readable(comodel.browse(list(actives)))  # found under their read rules (_search)
        if comodel._active_name and actives:
            lines = comodel.browse(list(actives))
            env.cache.insert_missing(
                lines, comodel._fields[comodel._active_name], [actives[i] for i in lines._ids]
            )
