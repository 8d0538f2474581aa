import html
import io
import re
from html import unescape

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

from .common import SafeguardingReviewCase

FINDINGS = "safeguarding_review.action_report_findings"
ACTION_PLAN = "safeguarding_review.action_report_action_plan"
ACTION_PLAN_ACTIONS = "safeguarding_review.action_report_action_plan_actions"
EXTRACT = "safeguarding_review.action_report_annual_extract"

# Distinctive values a contact could hold: none may reach a printed page.
SECRETS = {
    "name": "Zebedee Quillfeather",
    "street": "17 Larkspur Mews",
    "street2": "Flat 9b",
    "city": "Upper Wimbleford",
    "zip": "ZZ9 9ZZ",
    "email": "zebedee.quill@private.example",
    "phone": "07700 900461",
    "mobile": "07700 900462",
    "comment": "Born 3 March 1958",
}


class ReportCase(SafeguardingReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_board_response,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            report_introduction="<p>The board commissioned a Learning Together review.</p>",
            case_summary="<p>Adult A lived alone in supported housing.</p>",
            review_period_start="2025-01-01",
            review_period_end="2026-02-28",
        )
        ref = cls.env.ref
        episode = cls.env["safeguarding.episode"].create(
            {
                "review_id": cls.review.id,
                "name": "The discharge home",
                "appraisal": "problematic",
                "appraisal_notes": "Nobody checked care had started.",
            }
        )
        factors = cls.env["safeguarding.factor"].create(
            [
                {
                    "episode_id": episode.id,
                    "description": "Friday discharge, office closed",
                    "category_id": ref("safeguarding_review.factor_scie_conditions").id,
                    "influence": "hindered",
                },
                {
                    "episode_id": episode.id,
                    "description": "A nurse's phone call",
                    "category_id": ref("safeguarding_review.factor_scie_worker").id,
                    "influence": "supported",
                },
            ]
        )
        cls.finding = cls.review.finding_ids
        cls.finding.write(
            {
                "pattern_type_id": ref("safeguarding_review.pattern_multi_agency_crisis").id,
                "episode_ids": [Command.set(episode.ids)],
                "factor_ids": [Command.set(factors.ids)],
                "question_ids": [
                    Command.create({"name": "Second question: who checks?", "sequence": 20}),
                    Command.create({"name": "Third question: how often?", "sequence": 30}),
                ],
                "recommendation_ids": [Command.create({"name": "Write a weekend protocol."})],
            }
        )
        cls.conversation = cls.review.conversation_ids
        cls.conversation.notes_at_the_time = "<p>CONFIDENTIAL-NOTE-7731 about the visit.</p>"

    def _html(self, report, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.manager)
        html, _kind = Report._render_qweb_html(report, records.ids)
        return html.decode()

    def _text(self, html):
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@tagged("post_install", "-at_install")
class TestReports(ReportCase):
    def _fill_every_part(self):
        """The review holding every part the report prints."""
        review = self.review
        review.write(
            {
                "report_early_learning": "<p>The fire service now tells the referrer.</p>",
                "report_limitations": "<p>The GP practice did not take part.</p>",
                "report_appraisal_summary": "<p>Practice was caring but disconnected.</p>",
                "report_conclusion": "<p>Nobody held the whole picture.</p>",
                "board_adopted_on": "2026-09-15",
            }
        )
        sister = self.env["res.partner"].create({"name": "Ottoline Brackenbury"})
        nurse = self.env["res.partner"].create({"name": "Nurse Person"})
        Participant = self.env["safeguarding.participant"]
        Participant.create(
            [
                {
                    "review_id": review.id,
                    "partner_id": sister.id,
                    "part": "family",
                    "pseudonym": "Adult A's sister",
                    "answer": "agreed",
                },
                {
                    "review_id": review.id,
                    "partner_id": nurse.id,
                    "part": "practitioner",
                    "published_role": "District nurse",
                    "agency_id": self.agency_health.id,
                    "answer": "agreed",
                },
            ]
        )
        self.env["safeguarding.source"].create(
            {"review_id": review.id, "agency_id": self.agency.id, "name": "Case notes"}
        )
        self.env["safeguarding.narrative.entry"].create(
            {
                "review_id": review.id,
                "agency_id": self.agency.id,
                "date_from": "2025-06-02",
                "what_happened": "Discharged home on a Friday evening.",
                "in_timeline": True,
            }
        )
        self.env["safeguarding.glossary.term"].create({"name": "TSTX", "meaning": "Test term X"})
        self.env["safeguarding.glossary.term"].create({"name": "UNUSEDX", "meaning": "Unused"})
        review.case_summary = "<p>Adult A lived alone in supported housing (TSTX).</p>"
        self.finding.episode_ids.write(
            {
                "what_happened": "<p>Adult A went home from hospital.</p>",
                "at_the_time": "<p>The ward thought care was booked.</p>",
            }
        )

    def test_findings_report_has_every_part_in_order(self):
        self._fill_every_part()
        html = self._html(FINDINGS, self.review)
        text = self._text(html)
        finding = self.finding
        parts = [
            # 1. Cover: kind, pseudonym, title, board, dates
            self.review._fields["review_kind"].convert_to_export(
                self.review.review_kind, self.review
            ),
            "Adult A",
            self.review.title,
            "Referred",
            "Decision to review",
            "Findings adopted by the board",
            "15 September 2026",
            # 2. Contents, every finding by number and statement
            "Contents",
            "Summary of findings",
            f"Finding 1: {finding.name}",
            # 3. Summary of findings: number, statement, pattern type
            "Summary of findings",
            "Multi-agency communication and collaboration in response to incidents",
            # 4. Introduction
            "Introduction",
            "Why this case was reviewed",
            "The board commissioned a Learning Together review.",
            "The period reviewed",
            "1 January 2025",
            "The family",
            "Adult A's sister",
            "The case in brief",
            "Learning already acted on",
            "The fire service now tells the referrer.",
            # 5. Methodology
            "Methodology",
            "The case group",
            "District nurse, Testshire Community Health Trust",
            "How people took part",
            "Sources of data",
            "Testshire Adult Social Care 1",
            "Limits of the review",
            "The GP practice did not take part.",
            # 6. Appraisal of practice
            "Appraisal of practice",
            "Practice was caring but disconnected.",
            "Key practice episode 1: The discharge home",
            "How it looked to those involved at the time",
            "The ward thought care was booked.",
            "Appraisal: Problematic",
            # 7. Findings
            "Finding 1",
            finding.name,
            "Pattern type: Multi-agency communication and collaboration in response to incidents",
            "How the issue showed in this case",
            "Each agency thought another was visiting.",
            "How we know it is not peculiar to this case, and how widespread it is",
            "The case group knew of three other such cases.",
            "Why it matters for the reliability of the system",
            "No one holds the whole picture.",
            "Questions for the board to consider",
            "How does the board know?",
            "Second question: who checks?",
            "Third question: how often?",
            "Recommendations",
            "Write a weekend protocol.",
            # 8. Conclusion
            "Conclusion",
            "Nobody held the whole picture.",
            # 9. Appendices
            "Appendices",
            "Key practice episodes",
            "Timeline of significant events",
            "2 June 2025",
            "Discharged home on a Friday evening.",
            "Glossary",
            "TSTX Test term X",
            "The review process",
            "Contributory factors by category and influence",
        ]
        position = 0
        for part in parts:
            found = text.find(part, position)
            self.assertGreaterEqual(found, 0, f"missing, or out of order: {part}")
            position = found + len(part)
        self.assertNotIn("UNUSEDX", text, "the glossary lists the terms the text uses")
        self.assertNotIn("Ottoline", text)
        self.assertRegex(html, r'<img[^>]+o_sg_factor_chart[^>]+src="data:image/png;base64,')
        self.assertRegex(
            html,
            r'alt="Contributory factors by category and influence\. [^"]*: 1 made good '
            r"practice harder, 0 supported it",
        )
        self.assertIn("OFFICIAL-SENSITIVE", html, "marked until published")
        values = self.env["safeguarding.publication"]._review_values(self.review)[0]
        self.assertEqual(
            values["parts"],
            [
                "summary",
                "introduction",
                "methodology",
                "appraisal",
                "findings",
                "conclusion",
                "appendices",
            ],
        )

    def test_a_review_holding_few_parts_prints_no_empty_heading(self):
        review = self._ready_review(self.stage_findings)
        review.finding_ids or self._complete_finding(review)
        review.write({"report_introduction": False, "case_summary": False})
        review.episode_ids.unlink()
        values = self.env["safeguarding.publication"]._review_values(review)[0]
        self.assertNotIn("conclusion", values["parts"])
        self.assertNotIn("appraisal", values["parts"])
        self.assertNotIn("introduction", values["parts"])
        text = self._text(self._html(FINDINGS, review))
        for heading in (
            "Conclusion",
            "Appraisal of practice",
            "Why this case was reviewed",
            "Timeline of significant events",
            "Glossary",
            "Limits of the review",
        ):
            self.assertNotIn(heading, text)
        self.assertIn("Findings", text)
        self.assertIn(review.finding_ids.name, text)

    def test_the_contents_and_the_summary_carry_every_findings_statement(self):
        second = self._complete_finding(self.review)
        second.name = "Weekend discharges rely on one phone call."
        text = self._text(self._html(FINDINGS, self.review))
        contents = text[text.find("Contents") : text.find("Summary of findings No.")]
        summary = text[text.find("Summary of findings No.") : text.find("Introduction Why")]
        for finding in self.review.finding_ids:
            with self.subTest(finding=finding.number):
                self.assertIn(f"Finding {finding.number}: {finding.name}", contents)
                self.assertIn(f"{finding.number} {finding.name}", summary)

    def test_a_published_report_is_no_longer_marked_sensitive(self):
        self.assertIn("Draft: not approved for publication.", self._html(FINDINGS, self.review))
        self.review.write(
            {
                "publication_decision": "publish",
                "publication_decision_reasons": "Learning for every agency.",
            }
        )
        self.review.with_user(self.manager).action_approve_publication()
        self.assertNotIn("Draft: not approved", self._html(FINDINGS, self.review))
        self.review.published_on = "2026-11-02"
        html = self._html(FINDINGS, self.review)
        self.assertNotIn("OFFICIAL-SENSITIVE", html)
        self.assertIn("2 November 2026", self._text(html))

    def test_no_contact_detail_reaches_any_printed_page(self):
        Partner = self.env["res.partner"]
        adult = Partner.create(dict(SECRETS))
        parts = ("adult", "family", "practitioner", "first_line_manager", "review_team")
        for i, part in enumerate(parts):
            person = Partner.create({**SECRETS, "name": f"{SECRETS['name']} {i}"})
            self.env["safeguarding.participant"].create(
                {
                    "review_id": self.review.id,
                    "partner_id": (adult if part == "adult" else person).id,
                    "part": part,
                    "pseudonym": "Adult A's brother" if part == "family" else False,
                    "published_role": "Social worker" if part != "family" else False,
                    "agency_id": self.agency.id,
                }
            )
        self.assertEqual(self.review.adult_partner_id, adult, "the adult's participant")
        self.review.referrer_id = Partner.create({**SECRETS, "name": "Referrer " + SECRETS["name"]})
        self.review.action_assess_quality()
        wizard = self.env["safeguarding.annual.report.wizard"].create(
            {"date_from": "2025-04-01", "date_to": "2027-03-31"}
        )
        findings = self._html(FINDINGS, self.review)
        self.assertTrue("Social worker, Testshire Adult Social Care" in findings, "roles printed")
        self.assertTrue("Adult A" in html.unescape(findings), "the adult by pseudonym")
        for page in (findings, self._html(EXTRACT, wizard)):
            for field, secret in SECRETS.items():
                self.assertTrue(secret not in page, f"a contact's {field} reached the page")

    def test_board_member_prints_findings_without_the_teams_notes(self):
        html = self._html(FINDINGS, self.review, user=self.board_member)
        self.assertIn(self.finding.name, html)
        self.assertIn("The discharge home", html, "the published appendix")
        self.assertNotIn("CONFIDENTIAL-NOTE-7731", html)
        early = self._ready_review(self.stage_analysis)
        with self.assertRaises(AccessError):
            self._html(FINDINGS, early, user=self.board_member)
        with self.assertRaises(AccessError):
            self._html(FINDINGS, early, user=self.other_reviewer)  # not on its team
        with self.assertRaises(AccessError):
            self._html(FINDINGS, self.review, user=self.employee)

    def test_action_plan_from_review_and_from_actions(self):
        Action = self.env["safeguarding.action"]
        actions = Action.create(
            [
                {
                    "finding_id": self.finding.id,
                    "name": "Write the weekend discharge protocol",
                    "owner_id": self.reviewer.id,
                    "agency_id": self.agency_health.id,
                    "due_date": "2026-01-10",
                },
                {
                    "finding_id": self.finding.id,
                    "name": "Audit Friday discharges",
                    "owner_id": self.reviewer.id,
                    "due_date": "2099-01-10",
                },
            ]
        )
        actions[0].message_post(
            body="Draft protocol sent to the trust board.", message_type="comment"
        )
        self.finding.write(self._board_response_vals("accepted_changes"))
        text = self._text(self._html(ACTION_PLAN, self.review))
        for part in (
            "Accepted with changes",
            "The board accepts the finding.",
            "Write the weekend discharge protocol",
            "Testshire Community Health Trust",
            "Red: overdue",
            "Draft protocol sent to the trust board.",
            "Audit Friday discharges",
        ):
            self.assertIn(part, text)
        self.assertIn("Red: overdue: 1", text, "the RAG summary")
        self.assertIn("Green: on track: 1", text)
        as_at = self.env["ir.qweb.field.date"].value_to_html(self._today(), {"format": "d MMMM y"})
        self.assertIn(f"As at {as_at}.", text)
        done = Action.create(
            {
                "finding_id": self.finding.id,
                "name": "Publish the protocol",
                "owner_id": self.reviewer.id,
                "due_date": "2026-02-10",
                "evidence": "<p>Protocol v1 on the intranet.</p>",
                "observed_impact": "No Friday discharge without confirmed care since May.",
                "status": "done",
            }
        )
        text = self._text(self._html(ACTION_PLAN, self.review))
        self.assertIn("Impact observed: No Friday discharge without confirmed care", text)
        row = text[text.index("Publish the protocol") :]
        self.assertEqual(row[: row.index("Impact observed")].count("Done"), 1, "said once")
        self.assertTrue(done.accepted_by_id, "created done by the system: accepted by it")
        only_one = self._text(self._html(ACTION_PLAN_ACTIONS, actions[1]))
        self.assertIn("Audit Friday discharges", only_one)
        self.assertNotIn("Write the weekend discharge protocol", only_one)

    def test_annual_extract_says_what_schedule_2_asks(self):
        closed = self._ready_review(self.stage_closed, title="Concluded review")
        closed.finding_ids.write(
            self._board_response_vals("not_taken_forward")
            | {"board_decision_reasons": "A national review covers this already."}
        )
        self.finding.write(self._board_response_vals())
        wizard = (
            self.env["safeguarding.annual.report.wizard"]
            .with_user(self.manager)
            .create({"date_from": "2025-04-01", "date_to": "2099-03-31"})
        )
        text = self._text(self._html(EXTRACT, wizard))
        concluded = text.index("Reviews concluded in the period")
        running = text.index("Reviews still running")
        acted = text.index("What the board did to act on findings")
        refused = text.index("Findings not taken forward, and why")
        self.assertLess(concluded, text.index(closed.name), "the closed review is concluded")
        self.assertLess(text.index(closed.name), running)
        self.assertLess(running, text.index(self.review.name), "the review at the board runs on")
        self.assertLess(acted, text.rindex(self.review.name))
        self.assertIn("A national review covers this already.", text[refused:])

    def test_a_rapid_time_review_prints_its_short_systems_findings_report(self):
        self._fill_every_part()
        self.review.method_id = self.env.ref("safeguarding_review.method_rapid_time")
        self.assertEqual(self.review.stage_id, self.stage_board_response, "a shared stage")
        html = self._html(FINDINGS, self.review)
        text = self._text(html)
        # SCIE's Rapid Time shape, in its order: introduction, then the findings.
        order = [
            "Systems findings report: Adult A",
            "1. Introduction",
            "1.1 Why this case was reviewed",
            "1.2 The case in brief",
            "1.3 How the review was done",
            "1.4 Limits of the review",
            "2. Findings",
            "2.1 Appraisal of practice: a synopsis",
            "2.2 Summary of findings",
            f"Finding 1 {self.finding.name}",
            "How did the issue show in this case?",
            "How do we know it is not a one-off, and how widespread is it?",
            "Why does it matter?",
            "Questions for the board to consider",
            "Glossary",
        ]
        positions = [text.find(heading) for heading in order]
        self.assertNotIn(-1, positions, dict(zip(order, positions, strict=True)))
        self.assertEqual(positions, sorted(positions))
        self.assertIn("Record checks came from: Testshire Adult Social Care.", text)
        # Short: no episodes one by one, no timeline, no chart, no contents page.
        for absent in ("Key practice episode 1", "Timeline of significant events", "Contents"):
            self.assertNotIn(absent, text)
        self.assertNotIn("o_sg_factor_chart", html)
        # The same publication view: the board member prints it too, without the team's notes.
        board = self._html(FINDINGS, self.review, user=self.board_member)
        self.assertIn("Systems findings report", board)
        self.assertNotIn("CONFIDENTIAL-NOTE-7731", board)
        # And the same publication check: it scans what this report prints.
        self.review.report_limitations = "<p>Zebedee Quillfeather could not take part.</p>"
        self.env["safeguarding.participant"].create(
            {
                "review_id": self.review.id,
                "partner_id": self.env["res.partner"].create({"name": "Zebedee Quillfeather"}).id,
                "part": "practitioner",
                "published_role": "Support worker",
                "agency_id": self.agency.id,
            }
        )
        self.review.with_user(self.manager).action_check_publication()
        self.assertTrue(self.review.publication_hit_ids)
        with self._refused(UserError, "publication check found"):
            self.review.with_user(self.manager).action_approve_publication()


@tagged("post_install", "-at_install")
class TestReportsPdf(ReportCase, HttpCase):
    """One real PDF per report. An HttpCase: wkhtmltopdf fetches the report's CSS from the
    running server (docs/odoo-here.md)."""

    def test_each_report_renders_a_pdf(self):
        action = self.env["safeguarding.action"].create(
            {
                "finding_id": self.finding.id,
                "name": "Audit Friday discharges",
                "owner_id": self.reviewer.id,
                "due_date": "2099-01-10",
            }
        )
        wizard = self.env["safeguarding.annual.report.wizard"].create(
            {"date_from": "2000-01-01", "date_to": "2099-12-31"}
        )
        # Odoo renders HTML instead of a PDF under test unless asked to render for real.
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
        )
        for report, records in (
            (FINDINGS, self.review),
            (ACTION_PLAN, self.review),
            (ACTION_PLAN_ACTIONS, action),
            (EXTRACT, wizard),
            ("safeguarding_review.action_report_briefing", self.review),
            ("safeguarding_review.action_report_quality", self.review),
        ):
            with self.subTest(report=report):
                pdf, kind = Report._render_qweb_pdf(report, records.ids)
                self.assertEqual(kind, "pdf")
                self.assertTrue(pdf.startswith(b"%PDF"), report)
                self.assertGreater(len(pdf), 5000)
                # In a system font, embedded once: Debian's wkhtmltopdf drew the layouts' web
                # font glyph by glyph, half a megabyte a page (the demo's report: 4.3 MB).
                self.assertLess(len(pdf), 300_000, report)
                self.assertIn(b"LiberationSans", pdf, "the report's own font is embedded")
                if report.endswith("briefing"):
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                    self.assertEqual(pages, 1, "the learning briefing holds on one page")
        # A Rapid Time review's systems findings report is short: at most six pages.
        self.review.method_id = self.env.ref("safeguarding_review.method_rapid_time")
        pdf, _kind = Report._render_qweb_pdf(FINDINGS, self.review.ids)
        text = " ".join(
            page.extract_text() for page in PdfFileReader(io.BytesIO(pdf), strict=False).pages
        )
        self.assertIn("Systems findings report", " ".join(text.split()))
        self.assertLessEqual(len(re.findall(rb"/Type\s*/Page[^s]", pdf)), 6)

    def test_every_page_carries_the_reference_the_marking_and_its_number(self):
        # Debian's wkhtmltopdf prints no --header-html: the marks are drawn on the pages.
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
        )

        def pages(report):
            pdf, _kind = Report._render_qweb_pdf(report, self.review.ids)
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            return reader, [" ".join(page.extract_text().split()) for page in reader.pages]

        reader, texts = pages(FINDINGS)
        self.assertGreater(len(texts), 2, "the findings report runs over several pages")
        heading = f"{self.review.name}: {self.review.adult_pseudonym}"
        for number, text in enumerate(texts, start=1):
            with self.subTest(page=number):
                self.assertIn(heading, text)
                self.assertIn(self.review.company_id.name, text)
                self.assertIn(f"OFFICIAL-SENSITIVE. Page {number} of {len(texts)}", text)
        self.assertEqual(reader.metadata["/Title"], f"Findings report: {heading}")
        _reader, texts = pages(ACTION_PLAN)
        self.assertIn(f"Page 1 of {len(texts)}", texts[0], "every report of the addon is numbered")

        # Once published, the marking goes; the numbers stay.
        self.review.write({"publication_decision": "publish", "publication_decision_reasons": "x"})
        self.review.with_user(self.manager).action_approve_publication()
        self.review.published_on = "2026-11-02"
        _reader, texts = pages(FINDINGS)
        self.assertIn(f"Page 1 of {len(texts)}", texts[0])
        self.assertFalse([t for t in texts if "OFFICIAL-SENSITIVE" in t], "published: not marked")

    def test_the_styles_come_from_this_server_or_the_print_says_why_not(self):
        Report = self.env["ir.actions.report"].with_user(self.manager)
        self.assertEqual(Report._get_report_url(), f"http://127.0.0.1:{config['http_port']}")
        # report.url wins: set here to an address where nothing answers (port 9, discard).
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        self.assertEqual(Report._get_report_url(), "http://127.0.0.1:9")
        with self._refused(UserError, r"styles could not be loaded from http://127\.0\.0\.1:9"):
            Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                ACTION_PLAN, self.review.ids
            )
