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
