"""18.0.1.3.0, pickers that offer the board's agencies: companies are flagged as
safeguarding agencies; the ones the reviews already use are flagged here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._upgrade_flag_agencies()
