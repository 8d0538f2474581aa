"""18.0.1.3.0, pickers that offer the board's agencies: companies are flagged as
safeguarding agencies; the ones the reviews already use are flagged here. The Board response
stage gets its gate (the stages are noupdate data: a manager may have changed them)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._upgrade_flag_agencies()
    stage = env.ref("safeguarding_review.stage_board_response", raise_if_not_found=False)
    gate = env.ref("safeguarding_review.gate_board_response", raise_if_not_found=False)
    if stage and gate and gate not in stage.gate_ids:
        stage.gate_ids |= gate
