"""18.0.1.2.0, analysis data that cannot contradict itself: a contributory factor's level
follows its category's; findings are presented at the Board response; a closed
review has no open to-dos."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.factor.category"]._upgrade_levels()
    env["safeguarding.review"]._upgrade_closing()
