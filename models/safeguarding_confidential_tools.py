"""Helpers shared by the models that keep a review's records confidential (no model here)."""

from odoo.osv import expression
from odoo.tools import SQL

MANAGER_GROUP = "safeguarding_review.group_manager"
REVIEWER_GROUP = "safeguarding_review.group_reviewer"


def confidential_models(env, threads=False):
    """The models of a review's records (and, ``threads``, only those with a chatter)."""
    names = env.registry.descendants(["safeguarding.confidential.mixin"], "_inherit")
    return [
        name
        for name in names
        if not env[name]._abstract and (not threads or "message_follower_ids" in env[name]._fields)
    ]


def forbidden_by_document(records, model_column, operation):
    """Of ``records`` (messages, followers) attached to a document by ``model_column`` and
    ``res_id``, those on a review's record that the user may not ``operation``: one check
    per model. Read in SQL: reading them through the ORM would check them again."""
    records.flush_recordset([model_column, "res_id"])
    rows = records.env.execute_query(
        SQL(
            "SELECT id, %s, res_id FROM %s WHERE id = ANY(%s) AND %s IN %s AND res_id IS NOT NULL",
            SQL.identifier(model_column),
            SQL.identifier(records._table),
            records.ids,
            SQL.identifier(model_column),
            tuple(confidential_models(records.env, threads=True)),
        )
    )
    by_document = {}
    for row_id, model, res_id in rows:
        by_document.setdefault(model, {}).setdefault(res_id, []).append(row_id)
    forbidden = []
    for model, documents in by_document.items():
        allowed = set(records.env[model].browse(documents)._filtered_access(operation).ids)
        for res_id, row_ids in documents.items():
            if res_id not in allowed:
                forbidden += row_ids
    return records.browse(forbidden)


def on_no_team(env):
    """Whether the user may be on no review team (a board member): some of what a review
    holds (its internal notes, its to-dos) its team alone reads."""
    return not env.su and not env.user.has_group(REVIEWER_GROUP)


def for_readers_on_no_team(env, domain, condition):
    """``domain``, and for a user on no review team ``condition`` too (on_no_team)."""
    if not on_no_team(env):
        return domain
    return expression.AND([domain, condition])


def chatter_fields(env):
    """The fields of the chatter and its to-dos (mail.thread, mail.activity.mixin): written
    by posting and scheduling, which have checks of their own."""
    return set(env["mail.thread"]._fields) | set(env["mail.activity.mixin"]._fields)


def writable_query(model, mode="write"):
    """The query of the records of ``model`` the user may ``mode`` (its rules as SQL, for a
    sub-query), or None when its access rights refuse it."""
    model = model.with_context(active_test=False).browse()  # the rights, not records' rules
    if not model.has_access(mode):
        return None
    query = model._where_calc([])
    model.env["ir.rule"]._apply_compiled(model, query, mode)
    return query


def writable_branches(env, model_column, id_column, models_):
    """A domain (an OR, or None when it is empty): on one of ``models_`` named in
    ``model_column``, the record in ``id_column`` is one the user may write (its rules as
    SQL, in one query with the search they join)."""
    branches = []
    for name in models_:
        query = writable_query(env[name])
        if query is not None:
            branches.append([(model_column, "=", name), (id_column, "in", query)])
    return expression.OR(branches) if branches else None


def team_only_messages(env):
    """The domain of the messages the user may not read (None: every one they may read):
    a record's internal notes (its tracking, its to-dos' notices, the team's notes, their
    files) are for those who may write it (the review's team, managers), as its to-dos are
    (Odoo's rule for to-dos), or to whom a note is addressed. Internal as Odoo tells its
    portal users: marked so, of an internal subtype, or of none (a notice to one user)."""
    if env.su:
        return None
    threads = confidential_models(env, threads=True)
    internal = [
        "|",
        "|",
        ("is_internal", "=", True),
        ("subtype_id", "=", False),
        ("subtype_id.internal", "=", True),
    ]
    partner = env.user.partner_id.id
    hidden = [
        ("model", "in", threads),
        *internal,
        ("author_id", "!=", partner),
        ("partner_ids", "not in", [partner]),
    ]
    writable = writable_branches(env, "model", "res_id", threads)
    if writable:
        hidden = expression.AND([hidden, ["!", *writable]])
    # In prefix form: the callers negate it whole.
    return expression.normalize_domain(hidden)
