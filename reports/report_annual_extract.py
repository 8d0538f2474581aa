from odoo import api, models


class ReportAnnualExtract(models.AbstractModel):
    """The annual-report extract (Care Act 2014 Schedule 2 para 4), from its wizard."""

    _name = "report.safeguarding_review.report_annual_extract"
    _description = "Safeguarding reviews annual-report extract"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["safeguarding.annual.report.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.annual.report.wizard",
            "docs": [wizard._extract_values() for wizard in wizards],
        }
