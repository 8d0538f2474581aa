"""18.0.1.2.0, analysis data that cannot contradict itself: a contributory factor's level
follows its category's; findings are presented at the Board response; a closed
review has no open to-dos; stages open the form on their tab and have guidance for the board."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.factor.category"]._upgrade_levels()
    env["safeguarding.review.stage"]._upgrade_fill_from_data(
        {"finding_state", "form_page", "board_guidance"}
    )
    env["safeguarding.review"]._upgrade_closing()
    # The open actions' index now covers the evidence awaiting acceptance (a new name:
    # create_index keeps an index of the old name as it was).
    cr.execute("DROP INDEX IF EXISTS safeguarding_action_open_due_date_index")
