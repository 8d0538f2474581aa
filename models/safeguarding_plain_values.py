"""A read's plain values and a compute's values for a whole set of records at once, not
record by record (README, Performance)."""

from odoo import fields
from odoo.exceptions import MissingError

# Field types whose read value is their cached value (None read as False, an empty number
# as 0): read for a whole page at once from the cache, not record by record.
PLAIN_TYPES = frozenset(
    {"boolean", "char", "date", "datetime", "float", "integer", "selection", "text"}
)
# The conversions whose composition reads a cached value as itself (None as False): Odoo's
# own for these types (a field class of its own converts its own way, value by value).
AS_CACHED = (fields.Field.convert_to_record, fields.Char.convert_to_record)


def read_plain(records, fnames, use_display_name=True):
    """{name: values in the order of ``records``} of the fields ``fnames`` of a plain type,
    and the names left for Odoo's read field by field (the links, and a value not in the
    cache once fetched or computed). Odoo's _read_format gets each value record by record
    (its descriptor, the cache, two conversions): for a page of cards, most of its time."""
    env = records.env
    plain, rest = {}, []
    if (
        env.context.get("edit_translations")
        or not records
        or not all(isinstance(i, int) for i in records._ids)  # new records: Odoo's way
    ):
        return plain, list(fnames)
    first = next(iter(records))  # with the page's prefetch: a fetch or compute is for all
    tocompute = env.transaction.tocompute
    ids = set(records._ids)
    for name in fnames:
        field = records._fields[name]
        # A many2one read without its name is its id.
        kind = "id" if field.type == "many2one" and not use_display_name else field.type
        if (
            (kind not in PLAIN_TYPES and kind != "id")
            or field.type == "properties"
            or (field.compute and field.store and not ids.isdisjoint(tocompute.get(field, ())))
        ):
            rest.append(name)
            continue
        values = env.cache.get_until_miss(records, field)
        if len(values) < len(records):
            try:
                first[name]  # Odoo's fetch or compute of the field, for the page
            except MissingError:  # deleted meanwhile: Odoo's read leaves it out
                rest.append(name)
                continue
            values = env.cache.get_until_miss(records, field)
        if len(values) < len(records):
            rest.append(name)
        elif kind == "id":
            plain[name] = [value or False for value in values]
        elif (
            type(field).convert_to_record in AS_CACHED
            and type(field).convert_to_read is fields.Field.convert_to_read
        ):
            plain[name] = [False if value is None else value for value in values]
        else:
            to_record, to_read = field.convert_to_record, field.convert_to_read
            plain[name] = [
                to_read(to_record(value, records), records, use_display_name) for value in values
            ]
    return plain, rest


def put_computed(records, values):
    """Assign non-stored computed fields {name: values in the order of ``records``} to
    ``records`` being computed, one cache update a field: what assigning them record by
    record does (a protected record's value goes to the cache, and no further), without
    the descriptor's work per record (a page of cards assigns hundreds)."""
    cache = records.env.cache
    for name, column in values.items():
        field = records._fields[name]
        assert not field.store, f"{name}: a stored field is written, not put"
        to_cache = field.convert_to_cache
        cache.update(records, field, [to_cache(value, records) for value in column])


def cached_values(records, name):
    """The values of the stored field ``name`` of ``records``, in their order, as the cache
    holds them, fetched for the set where missing: a Json field's value is not copied, as
    reading it record by record copies it (a dict of dicts, for each card). For reading
    only: a value changed here would change the cache."""
    field = records._fields[name]
    if all(isinstance(i, int) for i in records._ids):  # new records: Odoo's way, below
        if field.compute and field.store:
            records._recompute_recordset([name])  # a value to compute is computed first
        values = records.env.cache.get_until_miss(records, field)
        if len(values) < len(records):
            records.fetch([name])
            values = records.env.cache.get_until_miss(records, field)
        if len(values) == len(records):
            return values
    # New records, or records deleted meanwhile: record by record, as Odoo reads them.
    return [field.convert_to_cache(record[name], record) for record in records]
