from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_target_months = fields.Integer(
        string="Review target (months)",
        default=6,
        help="A new review's target completion date is this many months after the "
        "decision to review. Each review can still change its own target.",
    )

    _sql_constraints = [
        (
            "safeguarding_target_months_positive",
            "CHECK(safeguarding_target_months > 0)",
            "The review target (months) must be at least one month.",
        ),
    ]
