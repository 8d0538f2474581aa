from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safeguarding_target_months = fields.Integer(
        related="company_id.safeguarding_target_months",
        readonly=False,
    )
