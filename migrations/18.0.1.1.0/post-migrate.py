"""18.0.1.1.0, confidential by every path: what the version before left where it should not
be (the real identity in a column and in the chatter, conversations' calendar events with the
people met and the place, followers who may not write what they follow)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.review"]._upgrade_identity_to_participants()
    env["safeguarding.conversation"]._upgrade_calendar_events()
    env["safeguarding.review"]._upgrade_followers()
