from odoo import api, models


class ReportFindings(models.AbstractModel):
    """The findings report: given only the publication view of each review."""

    _name = "report.safeguarding_review.report_findings"
    _description = "Safeguarding review findings report"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["safeguarding.review"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.review",
            "docs": self.env["safeguarding.publication"]._review_values(reviews),
        }
