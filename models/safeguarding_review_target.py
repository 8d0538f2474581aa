from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SafeguardingReview(models.Model):
    """The review's clock: its target completion date (months after the decision, per
    company), the days left, and whether it is overdue."""

    _inherit = "safeguarding.review"

    @api.depends("decision", "decision_date", "company_id.safeguarding_target_months")
    def _compute_target_date(self):
        for review in self:
            if review.decision == "review" and review.decision_date:
                months = review.company_id.safeguarding_target_months or 6
                review.target_date = review.decision_date + relativedelta(months=months)
            elif not review.target_date:
                review.target_date = False

    @api.depends("target_date", "stage_id.target_reached")
    @api.depends_context("tz")
    def _compute_days_to_target(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.target_date and not review.stage_id.target_reached:
                review.days_to_target = (review.target_date - today).days
                review.is_overdue = review.days_to_target < 0
            else:
                review.days_to_target = 0
                review.is_overdue = False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Overdue: only 'is set' and 'is not set' searches work."))
        overdue = [
            ("target_date", "<", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", False),
        ]
        if (operator == "=") == value:
            return overdue
        return [
            "|",
            "|",
            ("target_date", "=", False),
            ("target_date", ">=", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", True),
        ]
