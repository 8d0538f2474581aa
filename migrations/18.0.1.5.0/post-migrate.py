"""18.0.1.5.0, a method decides the path: each review's method (a selection until now)
becomes its method record; stages a manager added belong to Learning Together; a child
review's notification and rapid review milestones are done by their dates; users whose home
was the reviews board keep it."""

from odoo import SUPERUSER_ID, api

OLD_METHODS = {
    "learning_together": "safeguarding_review.method_learning_together",
    "rapid_time": "safeguarding_review.method_rapid_time",
    "other": "safeguarding_review.method_learning_together",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'safeguarding_review' AND column_name = 'method'"
    )
    has_old_column = bool(cr.fetchone())
    for old, xmlid in OLD_METHODS.items():
        method = env.ref(xmlid)
        if has_old_column:
            cr.execute(
                "UPDATE safeguarding_review SET method_id = %s WHERE method = %s",
                (method.id, old),
            )
    lt = env.ref("safeguarding_review.method_learning_together")
    cr.execute("UPDATE safeguarding_review SET method_id = %s WHERE method_id IS NULL", (lt.id,))
    env["safeguarding.review"].invalidate_model(["method_id"])
    loose = (
        env["safeguarding.review.stage"]
        .with_context(active_test=False)
        .search([("method_ids", "=", False)])
    )
    lt.stage_ids |= loose
    # Users whose home was the board land on it still, through its new entry.
    window = env.ref("safeguarding_review.safeguarding_review_action")
    board = env.ref("safeguarding_review.safeguarding_review_action_board")
    users = env["res.users"].with_context(active_test=False).search([("action_id", "=", window.id)])
    users.write({"action_id": board.id})
    for xmlid, field in (
        ("safeguarding_review.milestone_cspr_notification", "notified_on"),
        ("safeguarding_review.milestone_cspr_rapid_review", "rapid_review_sent_on"),
    ):
        kind = env.ref(xmlid, raise_if_not_found=False)
        if kind and not kind.done_by:
            kind.done_by = field
