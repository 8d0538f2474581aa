"""Helpers shared by the models that keep a review's records confidential (no model here)."""


def confidential_models(env, threads=False):
    """The models of a review's records (and, ``threads``, only those with a chatter)."""
    names = env.registry.descendants(["safeguarding.confidential.mixin"], "_inherit")
    return [
        name
        for name in names
        if not env[name]._abstract and (not threads or "message_follower_ids" in env[name]._fields)
    ]


def forbidden_by_document(env, rows, operation):
    """Of ``rows`` (id, model, res_id) of messages, followers or activities, the ids of those
    whose document the user may not ``operation``: one check per model."""
    by_document = {}
    for row_id, model, res_id in rows:
        by_document.setdefault(model, {}).setdefault(res_id, []).append(row_id)
    forbidden = []
    for model, documents in by_document.items():
        allowed = set(env[model].browse(documents)._filtered_access(operation).ids)
        for res_id, row_ids in documents.items():
            if res_id not in allowed:
                forbidden += row_ids
    return forbidden
