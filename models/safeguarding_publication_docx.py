import base64
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import html as lxml_html

from odoo import _, api, models
from odoo.tools import format_date, is_html_empty

DATE_LONG = "d MMMM y"
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
TEXT_WIDTH_CM = 17  # A4 less the 2 cm margins


class SafeguardingPublication(models.AbstractModel):
    """The findings report as an editable, accessible Word document (DOCX), built from the
    same publication values as the PDF, part for part: real heading levels, the document's
    title and language, table header rows, lists as lists, the chart with alternative text."""

    _inherit = "safeguarding.publication"

    @api.model
    def _findings_docx(self, review):
        """The DOCX of one review's findings report, as bytes."""
        doc_values = self._review_values(review)[0]
        lang = (self.env.lang or self.env.user.lang or "en_GB").replace("_", "-")
        document = Document()
        self._docx_setup(document, doc_values, lang)
        if doc_values["shape"] == "rapid_time":
            # safeguarding_publication_docx_rapid_time.py: the short systems findings report.
            self._docx_rapid_time(document, doc_values)
        else:
            self._docx_cover(document, doc_values)
            for part in doc_values["parts"]:
                getattr(self, f"_docx_{part}")(document, doc_values)
        stream = io.BytesIO()
        document.save(stream)
        return stream.getvalue()

    # The document ---------------------------------------------------------------------
    @api.model
    def _docx_setup(self, document, doc, lang):
        title = f"{doc['kind']}: {doc['pseudonym']}"
        properties = document.core_properties
        properties.title = title
        properties.subject = doc["title"] or ""
        properties.language = lang
        properties.author = doc["company"].name
        properties.comments = ""
        normal = document.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        # The language of the text, for screen readers and spelling (every style inherits it).
        rpr = normal.element.get_or_add_rPr()
        lang_element = OxmlElement("w:lang")
        lang_element.set(qn("w:val"), lang)
        rpr.append(lang_element)
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not Word's Letter
        section.left_margin = section.right_margin = Cm(2)
        marking = "" if doc["is_published"] else "  OFFICIAL-SENSITIVE"
        section.header.paragraphs[0].text = f"{doc['reference']}: {doc['pseudonym']}{marking}"
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(_("Page "))
        self._docx_field(footer, "PAGE")
        footer.add_run(_(" of "))
        self._docx_field(footer, "NUMPAGES")

    @api.model
    def _docx_field(self, paragraph, instruction):
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    @api.model
    def _docx_table(self, document, header, rows, widths=None):
        """A table whose first row is its header row, repeated on every page; ``widths`` are
        the columns' shares of the text width (Word otherwise gives each column the same)."""
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(label)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        header_row = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_row.append(repeat)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = "" if value in (None, False) else str(value)
        if widths:
            table.autofit = False
            total = sum(widths)
            # The grid (LibreOffice reads it) and each cell (Word reads these).
            for column, share in zip(table.columns, widths, strict=True):
                column.width = Cm(TEXT_WIDTH_CM * share / total)
            for row in table.rows:
                for cell, share in zip(row.cells, widths, strict=True):
                    cell.width = Cm(TEXT_WIDTH_CM * share / total)
        return table

    @api.model
    def _docx_html(self, document, value):
        """An HTML text as paragraphs and lists (the editor's blocks), never as markup."""
        if is_html_empty(value):
            return
        root = lxml_html.fragment_fromstring(str(value), create_parent="div")
        for element in root:
            tag = element.tag if isinstance(element.tag, str) else ""
            if tag in ("ul", "ol"):
                items = [" ".join(item.text_content().split()) for item in element.iter("li")]
                self._docx_list(document, items, numbered=tag == "ol")
            elif tag in BLOCKS or tag:
                text = " ".join(element.text_content().split())
                if text:
                    document.add_paragraph(text)
        if root.text and root.text.strip():
            document.add_paragraph(" ".join(root.text.split()))

    @api.model
    def _docx_list(self, document, items, numbered=False):
        paragraphs = [
            document.add_paragraph(item, style="List Number" if numbered else "List Bullet")
            for item in items
        ]
        if numbered and paragraphs:
            self._docx_restart_numbering(document, paragraphs)

    @api.model
    def _docx_restart_numbering(self, document, paragraphs):
        # Word numbers every "List Number" paragraph of a document as one list (a finding's
        # first question would be its 3rd): each list gets its own numbering from 1.
        numbering = document.part.numbering_part.element
        style_num = document.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        for paragraph in paragraphs:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num.numId

    def _docx_date(self, value):
        return format_date(self.env, value, date_format=DATE_LONG) if value else ""

    # The parts, in the order of the PDF ----------------------------------------------
    @api.model
    def _docx_cover(self, document, doc, heading=None, contents=True):
        document.add_paragraph(doc["company"].name)
        document.add_heading(heading or f"{doc['kind']}: {doc['pseudonym']}", level=0)
        if doc["title"]:
            document.add_paragraph(doc["title"])
        rows = [(_("Reference"), doc["reference"]), (_("Method"), doc["method"])]
        for label, key in (
            (_("Referred"), "referral_date"),
            (_("Decision to review"), "decision_date"),
            (_("Findings adopted by the board"), "adopted_date"),
            (_("Published"), "published_on"),
        ):
            if doc[key]:
                rows.append((label, self._docx_date(doc[key])))
        self._docx_table(document, (_("The review"), ""), rows, widths=(5, 12))
        document.add_paragraph(
            _(
                "The adult and their family are named by pseudonym and staff by role and "
                "agency only."
            )
        )
        if not contents:
            return
        document.add_page_break()
        document.add_heading(_("Contents"), level=1)
        for finding in doc["findings"]:
            document.add_paragraph(
                _(
                    "Finding %(number)s: %(statement)s",
                    number=finding["number"],
                    statement=finding["statement"],
                ),
                style="List Bullet",
            )

    @api.model
    def _docx_summary(self, document, doc):
        document.add_heading(_("Summary of findings"), level=1)
        rows = [(f["number"], f["statement"], f["pattern"]) for f in doc["findings"]]
        self._docx_table(
            document, (_("No."), _("Finding"), _("Pattern type")), rows, (1.4, 10.6, 5)
        )

    @api.model
    def _docx_introduction(self, document, doc):
        document.add_heading(_("Introduction"), level=1)
        if not is_html_empty(doc["introduction"]):
            document.add_heading(_("Why this case was reviewed"), level=2)
            self._docx_html(document, doc["introduction"])
        if doc["period_start"] or doc["period_end"]:
            document.add_heading(_("The period reviewed"), level=2)
            document.add_paragraph(
                _(
                    "From %(start)s to %(end)s.",
                    start=self._docx_date(doc["period_start"]),
                    end=self._docx_date(doc["period_end"]),
                )
            )
        if doc["family"]:
            document.add_heading(_("The family"), level=2)
            self._docx_list(document, doc["family"])
        if not is_html_empty(doc["case_summary"]):
            document.add_heading(_("The case in brief"), level=2)
            self._docx_html(document, doc["case_summary"])
        if not is_html_empty(doc["early_learning"]) or doc["early_actions"]:
            document.add_heading(_("Learning already acted on"), level=2)
            self._docx_html(document, doc["early_learning"])
            self._docx_list(
                document,
                [
                    "{}{}: {}.".format(
                        a["name"], f" ({a['agency']})" if a["agency"] else "", a["status"].lower()
                    )
                    for a in doc["early_actions"]
                ],
            )

    @api.model
    def _docx_methodology(self, document, doc):
        document.add_heading(_("Methodology"), level=1)
        for title, people in (
            (_("The review team"), doc["review_team"]),
            (_("The case group"), doc["case_group"]),
        ):
            if people:
                document.add_heading(title, level=2)
                self._docx_list(document, people)
        if doc["involvement"]:
            document.add_heading(_("How people took part"), level=2)
            header = (
                _("Who"),
                _("Asked"),
                _("Agreed"),
                _("Declined"),
                _("Met the review"),
                _("Individual conversations"),
                _("Joint meetings"),
            )
            keys = ("who", "count", "agreed", "declined", "met", "one_to_one", "meetings")
            rows = [[r[k] for k in keys] for r in doc["involvement"]]
            self._docx_table(document, header, rows, widths=(5, 2, 2, 2, 2, 2, 2))
        if doc["family_involvement"]:
            document.add_heading(_("How the family took part"), level=2)
            self._docx_list(document, doc["family_involvement"])
        if doc["sources"]:
            document.add_heading(_("Sources of data"), level=2)
            header = (_("Agency"), _("Records read"))
            self._docx_table(document, header, doc["sources"], widths=(12, 5))
        if not is_html_empty(doc["limitations"]):
            document.add_heading(_("Limits of the review"), level=2)
            self._docx_html(document, doc["limitations"])

    @api.model
    def _docx_appraisal(self, document, doc):
        document.add_heading(_("Appraisal of practice"), level=1)
        self._docx_html(document, doc["appraisal_summary"])
        for episode in doc["episodes"]:
            document.add_heading(
                _(
                    "Key practice episode %(number)s: %(title)s",
                    number=episode["number"],
                    title=episode["title"],
                ),
                level=2,
            )
            self._docx_html(document, episode["what_happened"])
            if not is_html_empty(episode["at_the_time"]):
                document.add_heading(_("How it looked to those involved at the time"), level=3)
                self._docx_html(document, episode["at_the_time"])
            document.add_heading(_("Appraisal: %s", episode["appraisal"]), level=3)
            if episode["appraisal_notes"]:
                document.add_paragraph(episode["appraisal_notes"])

    @api.model
    def _docx_findings(self, document, doc, evidence_headings=None):
        document.add_heading(_("Findings"), level=1)
        self._docx_each_finding(document, doc, evidence_headings)

    @api.model
    def _docx_each_finding(self, document, doc, evidence_headings=None):
        """Each finding: its statement, its pattern, the three parts of its evidence (under
        ``evidence_headings``, the method's words), its questions and recommendations."""
        evidence_headings = evidence_headings or (
            _("How the issue showed in this case"),
            _("How we know it is not peculiar to this case, and how widespread it is"),
            _("Why it matters for the reliability of the system"),
        )
        keys = ("evidence_case", "evidence_wider", "evidence_why")
        for finding in doc["findings"]:
            document.add_heading(_("Finding %s", finding["number"]), level=2)
            statement = document.add_paragraph()
            statement.add_run(finding["statement"]).bold = True
            if finding["pattern"]:
                document.add_paragraph(_("Pattern type: %s", finding["pattern"]))
            for title, key in zip(evidence_headings, keys, strict=True):
                document.add_heading(title, level=3)
                self._docx_html(document, finding[key])
            document.add_heading(_("Questions for the board to consider"), level=3)
            self._docx_list(document, finding["questions"], numbered=True)
            if finding["recommendations"]:
                document.add_heading(_("Recommendations"), level=3)
                self._docx_list(document, finding["recommendations"], numbered=True)

    @api.model
    def _docx_conclusion(self, document, doc):
        document.add_heading(_("Conclusion"), level=1)
        self._docx_html(document, doc["conclusion"])

    @api.model
    def _docx_appendices(self, document, doc):
        document.add_heading(_("Appendices"), level=1)
        if doc["episodes"]:
            document.add_heading(_("Key practice episodes"), level=2)
            rows = [
                (
                    e["number"],
                    e["title"],
                    " to ".join(filter(None, map(self._docx_date, (e["date_from"], e["date_to"])))),
                    e["appraisal"],
                )
                for e in doc["episodes"]
            ]
            header = (_("No."), _("Episode"), _("When"), _("Appraisal of practice"))
            self._docx_table(document, header, rows, widths=(1.4, 7.6, 4, 4))
        timeline = doc["timeline"]
        if timeline["rows"]:
            document.add_heading(_("Timeline of significant events"), level=2)
            rows = [
                [self._docx_date(row["date"])]
                + ["\n".join(e["what_happened"] for e in cell) for cell in row["cells"]]
                for row in timeline["rows"]
            ]
            widths = (2.5, *[14.5 / len(timeline["agencies"])] * len(timeline["agencies"]))
            self._docx_table(document, [_("Date"), *timeline["agencies"]], rows, widths=widths)
        if doc["glossary"]:
            document.add_heading(_("Glossary"), level=2)
            header = (_("Term"), _("Stands for"))
            self._docx_table(document, header, doc["glossary"], widths=(4, 13))
        if doc["process"]:
            document.add_heading(_("The review process"), level=2)
            rows = [(stage, self._docx_date(day)) for stage, day in doc["process"]]
            self._docx_table(document, (_("Stage"), _("Reached on")), rows, widths=(10, 7))
        if doc["chart"]:
            document.add_heading(_("Contributory factors by category and influence"), level=2)
            png = base64.b64decode(doc["chart"].split(",", 1)[1])
            document.add_picture(io.BytesIO(png), width=Cm(16))
            # The picture's alternative text (Word's "Alt Text"), for screen readers.
            properties = document.inline_shapes[-1]._inline.docPr
            properties.set("descr", doc["chart_alt"])
            properties.set("title", _("Contributory factors chart"))
