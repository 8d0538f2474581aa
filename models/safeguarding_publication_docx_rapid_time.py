from odoo import _, api, models
from odoo.tools import is_html_empty


class SafeguardingPublication(models.AbstractModel):
    """The Word document of a SAR in Rapid Time: the short systems findings report, part for
    part as its PDF (reports/safeguarding_review_reports.xml, report_findings_rapid_time)."""

    _inherit = "safeguarding.publication"

    @api.model
    def _docx_rapid_time(self, document, doc):
        heading = _("Systems findings report: %s", doc["pseudonym"])
        self._docx_cover(document, doc, heading=heading, contents=False)
        document.add_heading(_("1. Introduction"), level=1)
        if not is_html_empty(doc["introduction"]):
            document.add_heading(_("1.1 Why this case was reviewed"), level=2)
            self._docx_html(document, doc["introduction"])
        if not is_html_empty(doc["case_summary"]) or doc["period_start"]:
            document.add_heading(_("1.2 The case in brief"), level=2)
            if doc["period_start"] or doc["period_end"]:
                document.add_paragraph(
                    _(
                        "The review looked at the period from %(start)s to %(end)s.",
                        start=self._docx_date(doc["period_start"]),
                        end=self._docx_date(doc["period_end"]),
                    )
                )
            self._docx_html(document, doc["case_summary"])
        document.add_heading(_("1.3 How the review was done"), level=2)
        document.add_paragraph(
            _(
                "The review used SCIE's SAR in Rapid Time method: a set-up meeting with the "
                "agencies, a record check by each agency, conversations with the people "
                "involved, and one analysis meeting with the practitioners, to find what in the "
                "system made good practice harder or easier."
            )
        )
        if doc["involvement"]:
            header = (_("Who"), _("Asked"), _("Took part"), _("Conversations"), _("Meetings"))
            keys = ("who", "count", "met", "one_to_one", "meetings")
            rows = [[row[k] for k in keys] for row in doc["involvement"]]
            self._docx_table(document, header, rows, widths=(7, 2.5, 2.5, 2.5, 2.5))
        if doc["sources"]:
            agencies = ", ".join(source[0] for source in doc["sources"])
            document.add_paragraph(_("Record checks came from: %s.", agencies))
        if doc["review_team"]:
            document.add_paragraph(_("The review team: %s.", "; ".join(doc["review_team"])))
        if not is_html_empty(doc["limitations"]):
            document.add_heading(_("1.4 Limits of the review"), level=2)
            self._docx_html(document, doc["limitations"])
        document.add_heading(_("2. Findings"), level=1)
        if not is_html_empty(doc["appraisal_summary"]):
            document.add_heading(_("2.1 Appraisal of practice: a synopsis"), level=2)
            self._docx_html(document, doc["appraisal_summary"])
        if doc["findings"]:
            document.add_heading(_("2.2 Summary of findings"), level=2)
            rows = [(f["number"], f["statement"], f["pattern"]) for f in doc["findings"]]
            header = (_("No."), _("Finding"), _("Pattern type"))
            self._docx_table(document, header, rows, (1.4, 10.6, 5))
        self._docx_each_finding(
            document,
            doc,
            (
                _("How did the issue show in this case?"),
                _("How do we know it is not a one-off, and how widespread is it?"),
                _("Why does it matter?"),
            ),
        )
        if doc["glossary"]:
            document.add_heading(_("Glossary"), level=1)
            self._docx_table(document, (_("Term"), _("Stands for")), doc["glossary"], (5, 12))
