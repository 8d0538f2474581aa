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
        entries = self.env["safeguarding.narrative.entry"].search(
            [("review_id", "=", review.id)], order="date_from, id"
        )
        agencies = (review.agency_ids | entries.agency_id).sorted(lambda a: (a.name or "", a.id))
        column = {agency.id: index for index, agency in enumerate(agencies)}
        rows = {}
        for entry in entries:
            row = rows.setdefault(
                entry.date_from,
                {"date": entry.date_from, "cells": [[] for _agency in agencies]},
            )
            row["cells"][column[entry.agency_id.id]].append(
                {
                    "date_to": entry.date_to,
                    "what_happened": entry.what_happened,
                    "agency_view": entry.agency_view,
                }
            )
        return {
            "reference": review.name,
            "pseudonym": review.adult_pseudonym,
            "title": review.title,
            "company": review.company_id,
            "agencies": agencies.mapped("name"),
            "rows": list(rows.values()),
        }
