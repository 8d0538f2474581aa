from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_target_months = fields.Integer(
        string="Review target (months)",
        default=6,
        help="A new review's target completion date is this many months after the "
        "decision to review. Each review can still change its own target.",
    )

    @api.constrains("safeguarding_target_months")
    def _check_safeguarding_target_months(self):
        if any(company.safeguarding_target_months < 1 for company in self):
            raise ValidationError(_("Review target (months) must be at least one month."))
