"""18.0.1.4.0, statutory clocks: the reviews still open get the milestones of their kind
(the new reviews get them when created)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.review"].search([("stage_id.is_closed", "=", False)])._sync_milestones()
