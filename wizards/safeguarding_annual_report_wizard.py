from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SafeguardingAnnualReportWizard(models.TransientModel):
    """Asks for a company and a period, and prints what the board's annual report must say
    about reviews (Care Act 2014 Schedule 2 para 4)."""

    _name = "safeguarding.annual.report.wizard"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Safeguarding reviews annual-report extract"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.model
    def _default_date_from(self):
        # Boards report on the financial year, 1 April to 31 March.
        today = fields.Date.context_today(self)
        year = today.year if today.month >= 4 else today.year - 1
        return today.replace(year=year, month=4, day=1)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(_("To: the period ends before it starts."))

    def action_print(self):
        if len(self) != 1:
            raise UserError(_("Print: choose the company and the period in the form first."))
        return self.env.ref("safeguarding_review.action_report_annual_extract").report_action(self)

    def _extract_values(self):
        """Plain values only, built from the publication view (pseudonyms, no contacts)."""
        self.ensure_one()
        Review = self.env["safeguarding.review"]
        base = [("company_id", "=", self.company_id.id), ("decision", "=", "review")]
        concluded = Review.search(
            [
                *base,
                ("stage_id.is_closed", "=", True),
                ("closed_date", ">=", self.date_from),
                ("closed_date", "<=", self.date_to),
            ],
            order="closed_date, id",
        )
        running = Review.search(
            [
                *base,
                ("decision_date", "<=", self.date_to),
                "|",
                ("stage_id.is_closed", "=", False),
                ("closed_date", ">", self.date_to),
            ],
            order="decision_date, id",
        )
        publication = self.env["safeguarding.publication"]
        concluded_values = publication._review_values(concluded)
        running_values = publication._review_values(running)
        findings = [
            dict(finding, review=review["reference"], pseudonym=review["pseudonym"])
            for review in concluded_values + running_values
            for finding in review["findings"]
        ]
        return {
            "company": self.company_id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "concluded": concluded_values,
            "running": running_values,
            "acted_on": [
                f for f in findings if f["board_decision_code"] in ("accepted", "accepted_changes")
            ],
            "not_taken_forward": [
                f for f in findings if f["board_decision_code"] == "not_taken_forward"
            ],
        }
