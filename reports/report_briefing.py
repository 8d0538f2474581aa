from odoo import api, models


class ReportBriefing(models.AbstractModel):
    """The one-page learning briefing for practitioners (the "seven-minute briefing" many
    boards use): given only the publication view of each review, as the findings report."""

    _name = "report.safeguarding_review.report_briefing"
    _description = "Safeguarding review learning briefing"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["safeguarding.review"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.review",
            "docs": self.env["safeguarding.publication"]._review_values(reviews),
        }
