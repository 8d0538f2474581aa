"""What the addon's noupdate data files ship, read back for an upgrade (no model here).

An upgrade writes nothing of a noupdate file (managers reword stages and taxonomies), so a
field it adds stays empty on the records already there: an upgrade step fills it from the
file itself, where it is still empty, and keeps what a manager set."""

from lxml import etree

from odoo.tools.misc import file_path


def shipped_values(env, data_file, names):
    """{record: {field: value as written in the file}} for the fields ``names`` of the
    records of ``data_file`` (a path inside the addon) where the record's field is empty."""
    tree = etree.parse(file_path(f"safeguarding_review/{data_file}"))
    values = {}
    for node in tree.iter("record"):
        record = env.ref(f"safeguarding_review.{node.get('id')}", raise_if_not_found=False)
        if not record:
            continue
        vals = {
            field.get("name"): (field.text or "").strip()
            for field in node.iter("field")
            if field.get("name") in names and not record[field.get("name")]
        }
        if vals:
            values[record] = vals
    return values
