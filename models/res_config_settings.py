from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safeguarding_target_months = fields.Integer(
        related="company_id.safeguarding_target_months",
        readonly=False,
    )
    safeguarding_default_method_id = fields.Many2one(
        related="company_id.safeguarding_default_method_id", readonly=False
    )
    safeguarding_decision_days = fields.Integer(
        related="company_id.safeguarding_decision_days", readonly=False
    )
    safeguarding_retention_months = fields.Integer(
        related="company_id.safeguarding_retention_months", readonly=False
    )
    safeguarding_access_log_days = fields.Integer(
        related="company_id.safeguarding_access_log_days", readonly=False
    )
    safeguarding_action_amber_days = fields.Integer(
        related="company_id.safeguarding_action_amber_days", readonly=False
    )
    safeguarding_action_stale_days = fields.Integer(
        related="company_id.safeguarding_action_stale_days", readonly=False
    )
