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
    safeguarding_default_method_id = fields.Many2one(
        "safeguarding.review.method",
        string="Default method",
        ondelete="set null",
        help="New reviews take this method, and the reviews board opens on its path: a "
        "children's partnership picks the rapid review and local review.",
    )
    safeguarding_decision_days = fields.Integer(
        string="Referral to decision (days)",
        default=28,
        help="Quality marker 1: the board decides on a referral within this many days.",
    )

    safeguarding_retention_months = fields.Integer(
        string="Working papers kept (months)",
        default=72,
        help="How long after a review closes its working papers are kept (conversation "
        "notes and transcripts, agency records, the narrative, participants' links to "
        "Contacts, calendar events, activities, chatter); then a manager confirms their "
        "anonymisation. The learning is kept for good.",
    )
    safeguarding_access_log_days = fields.Integer(
        string="Access log kept (days)",
        default=730,
        help="Who opened, printed or exported a review is kept this long, then removed.",
    )
    safeguarding_action_amber_days = fields.Integer(
        string="Action due soon (days)",
        default=7,
        help="An action due within this many days shows amber.",
    )
    safeguarding_action_stale_days = fields.Integer(
        string="Action without update (days)",
        default=30,
        help="An open action with no progress update for this many days shows amber.",
    )

    @api.constrains(
        "safeguarding_target_months",
        "safeguarding_decision_days",
        "safeguarding_access_log_days",
        "safeguarding_retention_months",
    )
    def _check_safeguarding_target_months(self):
        if any(company.safeguarding_target_months < 1 for company in self):
            raise ValidationError(_("Review target (months) must be at least one month."))
        if any(company.safeguarding_decision_days < 1 for company in self):
            raise ValidationError(_("Referral to decision (days) must be at least one day."))
        if any(company.safeguarding_access_log_days < 1 for company in self):
            raise ValidationError(_("Access log kept (days) must be at least one day."))
        if any(company.safeguarding_retention_months < 1 for company in self):
            raise ValidationError(_("Working papers kept (months) must be at least one month."))

    @api.constrains("safeguarding_action_amber_days", "safeguarding_action_stale_days")
    def _check_safeguarding_action_days(self):
        for company in self:
            if company.safeguarding_action_amber_days < 0:
                raise ValidationError(_("Action due soon (days) cannot be negative."))
            if company.safeguarding_action_stale_days < 1:
                raise ValidationError(_("Action without update (days) must be at least one day."))
