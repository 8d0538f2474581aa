from odoo import api, models


class ReportChronology(models.AbstractModel):
    """One review's narrative as a timeline: a row per date, a column per agency, so what
    each agency knew and did at the same moment stands side by side. A working paper of the
    review team (the narrative's record rules apply), never published."""

    _name = "report.safeguarding_review.report_chronology"
    _description = "Safeguarding review chronology"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["safeguarding.review"].browse(docids)
        reviews.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.review",
            "docs": [self._chronology(review) for review in reviews],
        }

    @api.model
    def _chronology(self, review):
        """{review, agencies: [names], rows: [{date, date_to, cells: [[entry values] per
        agency]}]}: every agency involved is a column, with or without entries; entries of
        the same date and agency share a cell, in the order they were recorded."""
        entries = self.env["safeguarding.narrative.entry"].search([("review_id", "=", review.id)])
        timeline = self.env["safeguarding.publication"]._timeline(entries, review.agency_ids)
        return {
            "reference": review.name,
            "pseudonym": review.adult_pseudonym,
            "title": review.title,
            "company": review.company_id,
            **timeline,
        }
