import io
import itertools

from docx import Document
from docx.oxml.ns import qn

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .test_reports import SECRETS, ReportCase

BRIEFING = "safeguarding_review.action_report_briefing"


@tagged("post_install", "-at_install")
class TestReportOutputs(ReportCase):
    """Besides the PDF: an editable, accessible DOCX, and a one-page learning briefing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        person = cls.env["res.partner"].create(dict(SECRETS))
        cls.env["safeguarding.participant"].create(
            {
                "review_id": cls.review.id,
                "partner_id": person.id,
                "part": "practitioner",
                "published_role": "District nurse",
                "agency_id": cls.agency_health.id,
                "nhs_number": "943 476 5919",
            }
        )
        cls.review.write(
            {
                "report_conclusion": "<p>Nobody held the whole picture.</p>",
                "briefing_practice_points": "<ul><li>Ask who else is visiting.</li></ul>",
            }
        )

    def _docx(self, user=None):
        Publication = self.env["safeguarding.publication"].with_user(user or self.manager)
        content = Publication._findings_docx(self.review.with_user(user or self.manager))
        return content, Document(io.BytesIO(content))

    def test_the_docx_is_accessible(self):
        content, document = self._docx()
        self.assertEqual(document.core_properties.title, "SAR (Care Act s44(1)-(3)): Adult A")
        lang = self.manager.lang.replace("_", "-")
        self.assertEqual(document.core_properties.language, lang, "the reader's language")
        normal = document.styles["Normal"].element.rPr
        self.assertEqual(normal.find(qn("w:lang")).get(qn("w:val")), lang, "the text's own")
        headings = [
            (p.style.name, p.text)
            for p in document.paragraphs
            if p.style.name.startswith(("Heading", "Title"))
        ]
        self.assertIn(("Title", "SAR (Care Act s44(1)-(3)): Adult A"), headings)
        self.assertIn(("Heading 1", "Findings"), headings)
        self.assertIn(("Heading 2", "Finding 1"), headings)
        self.assertIn(("Heading 3", "Questions for the board to consider"), headings)
        self.assertIn(("Heading 1", "Conclusion"), headings)
        # Real structure: heading levels never skip (a level 3 follows a level 2 or 3).
        levels = [int(s[-1]) for s, _t in headings if s.startswith("Heading")]
        for before, after in itertools.pairwise(levels):
            self.assertLessEqual(after, before + 1, "no heading level skipped")
        for table in document.tables:
            header = table.rows[0]._tr.trPr
            self.assertIsNotNone(header, "every table has a header row")
            self.assertIsNotNone(header.find(qn("w:tblHeader")), "repeated on every page")
        questions = [p.text for p in document.paragraphs if p.style.name == "List Number"]
        self.assertIn("How does the board know?", questions, "questions as a numbered list")
        pictures = document.inline_shapes
        self.assertEqual(len(pictures), 1, "the chart")
        alt = pictures[0]._inline.docPr.get("descr")
        self.assertTrue(alt.startswith("Contributory factors by category and influence."), alt)
        self.assertIn("made good practice harder", alt)
        self.assertIn("District nurse, Testshire Community Health Trust", self._all_text(document))
        for field, secret in {**SECRETS, "nhs": "943 476 5919"}.items():
            with self.subTest(contact_value=field):
                self.assertNotIn(secret, self._all_text(document))
                self.assertNotIn(secret.encode(), content)

    def test_the_docx_is_laid_out_as_the_pdf(self):
        second = self._complete_finding(self.review)
        second.question_ids[:1].name = "Who chairs the meeting?"
        _content, document = self._docx()
        section = document.sections[0]
        self.assertEqual(
            (round(section.page_width.cm, 1), round(section.page_height.cm, 1)), (21.0, 29.7)
        )
        # Each finding's questions are numbered from 1, not on from the finding before.
        num_ids = {
            p.text: p._p.pPr.numPr.numId.val
            for p in document.paragraphs
            if p.style.name == "List Number"
        }
        self.assertNotEqual(num_ids["How does the board know?"], num_ids["Who chairs the meeting?"])
        numbering = document.part.numbering_part.element
        restart = numbering.num_having_numId(num_ids["Who chairs the meeting?"])
        self.assertEqual(restart.lvlOverride_lst[0].startOverride.val, 1)
        # Columns sized to what they hold: the number narrow, the statement wide.
        summary = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
        widths = [column.width for column in summary.columns]
        self.assertLess(widths[0] * 4, widths[1])

    def _all_text(self, document):
        texts = [p.text for p in document.paragraphs]
        for table in document.tables:
            texts += [cell.text for row in table.rows for cell in row.cells]
        texts += [p.text for s in document.sections for p in s.header.paragraphs]
        return "\n".join(texts)

    def test_the_docx_has_the_pdfs_parts_in_the_same_order(self):
        _content, document = self._docx()
        text = self._all_text(document)
        level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(
            level1,
            [
                "Contents",
                "Summary of findings",
                "Introduction",
                "Methodology",
                "Appraisal of practice",
                "Findings",
                "Conclusion",
                "Appendices",
            ],
        )
        self.assertIn(f"Finding 1: {self.finding.name}", text, "the contents")
        self.assertIn("OFFICIAL-SENSITIVE", text, "marked until published")

    def test_a_rapid_time_review_gets_its_short_report_in_word_too(self):
        self.review.method_id = self.env.ref("safeguarding_review.method_rapid_time")
        _content, document = self._docx()
        headings = [
            (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Head")
        ]
        level1 = [text for style, text in headings if style == "Heading 1"]
        self.assertEqual(level1, ["1. Introduction", "2. Findings"])
        level3 = [text for style, text in headings if style == "Heading 3"]
        self.assertEqual(
            level3[:4],
            [
                "How did the issue show in this case?",
                "How do we know it is not a one-off, and how widespread is it?",
                "Why does it matter?",
                "Questions for the board to consider",
            ],
        )
        text = self._all_text(document)
        self.assertIn("Systems findings report: Adult A", text)
        self.assertIn(self.finding.name, text)
        self.assertNotIn("Contents", level1)
        for value in SECRETS.values():
            self.assertNotIn(value, text)

    def test_a_board_member_gets_the_docx_of_a_review_at_the_board_only(self):
        _content, document = self._docx(self.board_member)
        self.assertIn("Findings", [p.text for p in document.paragraphs])
        hidden = self._ready_review(self.stage_analysis)
        with self.assertRaises(AccessError):
            self.env["safeguarding.publication"].with_user(self.board_member)._findings_docx(
                hidden.with_user(self.board_member)
            )

    def test_the_learning_briefing(self):
        html = self._html(BRIEFING, self.review, user=self.board_member)
        text = self._text(html)
        parts = [
            "Learning briefing",
            "Adult A",
            "The case in brief",
            "Adult A lived alone in supported housing.",
            "What the review found",
            self.finding.name,
            "Questions to consider",
            "How does the board know?",
            "What to do differently",
            "Ask who else is visiting.",
        ]
        position = 0
        for part in parts:
            found = text.find(part, position)
            self.assertGreaterEqual(found, 0, f"missing, or out of order: {part}")
            position = found + len(part)
        for secret in SECRETS.values():
            self.assertNotIn(secret, text)
        self.assertNotIn("Nothing to brief yet", text)

    def test_a_briefing_with_nothing_recorded_says_so(self):
        early = self._ready_review(self.stage_analysis)
        text = self._text(self._html(BRIEFING, early, user=self.reviewer))
        self.assertIn("Nothing to brief yet", text)
        self.assertNotIn("The case in brief", text, "no empty heading")
        self.assertNotIn("What the review found", text)


@tagged("post_install", "-at_install")
class TestDraftRound(ReportCase):
    """The factual accuracy round: each draft kept as sent, each comment answered."""

    def test_a_draft_is_kept_and_every_comment_answered_before_approval(self):
        review = self.review.with_user(self.reviewer)
        review.action_make_draft()
        draft = review.report_draft_ids
        self.assertEqual(draft.version, 1)
        self.assertEqual(draft.name, "Draft 1")
        self.assertTrue(draft.attachment_id.raw, "the report as it stood")
        self.assertEqual(draft.agency_ids, self.review.agency_ids, "sent to the agencies")
        self.assertEqual(
            (draft.attachment_id.res_model, draft.attachment_id.res_id), (draft._name, draft.id)
        )
        review.action_make_draft()
        self.review.invalidate_recordset(["report_draft_ids"])
        self.assertEqual(review.report_draft_ids.mapped("version"), [2, 1], "newest first")
        Comment = self.env["safeguarding.report.comment"].with_user(self.reviewer)
        comment = Comment.create(
            {
                "draft_id": draft.id,
                "agency_id": self.agency.id,
                "comment": "The visit was on a Thursday, not a Friday.",
            }
        )
        self.assertEqual(comment.review_id, self.review)
        self.assertEqual(comment.state, "open")
        self.assertEqual(self.review.open_comment_count, 1)
        with self.assertRaisesRegex(UserError, "1 comment"):
            self.review.with_user(self.manager).action_approve_publication()
        comment.write({"response": "Corrected in draft 2.", "answered_on": "2026-10-01"})
        self.assertEqual(comment.state, "answered")
        self.assertEqual(self.review.open_comment_count, 0)
        self.review.with_user(self.manager).action_approve_publication()
        self.assertTrue(self.review.publication_approved_on)

    def test_drafts_and_comments_are_the_teams(self):
        self.review.with_user(self.reviewer).action_make_draft()
        draft = self.review.report_draft_ids
        for user in (self.board_member, self.employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["safeguarding.report.draft"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    draft.attachment_id.with_user(user).read(["raw"])
        outsider = self.env["safeguarding.report.draft"].with_user(self.other_reviewer)
        self.assertFalse(outsider.search([]), "another team's reviewer reads none")
        with self.assertRaises(AccessError):
            draft.attachment_id.with_user(self.other_reviewer).read(["raw"])
        with self.assertRaises(AccessError):
            self.review.with_user(self.other_reviewer).action_make_draft()
        with self.assertRaisesRegex(UserError, "Version"):
            draft.with_user(self.reviewer).version = 7


@tagged("post_install", "-at_install")
class TestDocxDownload(ReportCase, HttpCase):
    """The Word document over HTTP, as the form's button fetches it."""

    def test_the_word_document_downloads_for_its_readers_only(self):
        url = f"/safeguarding_review/findings_docx/{self.review.id}"
        self.authenticate("sg_board", "sg_board")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response.headers["Content-Type"])
        self.assertIn("attachment; filename", response.headers["Content-Disposition"])
        document = Document(io.BytesIO(response.content))
        self.assertIn("Findings", [p.text for p in document.paragraphs])
        hidden = self._ready_review(self.stage_analysis)
        self._complete_finding(hidden)
        for refused in (f"/safeguarding_review/findings_docx/{hidden.id}", url[:-1] + "999999"):
            with self.subTest(url=refused):
                self.assertEqual(self.url_open(refused).status_code, 404)
        action = self.review.with_user(self.board_member).action_download_docx()
        self.assertEqual(action["url"], url)
