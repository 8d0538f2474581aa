from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import SafeguardingReviewCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestDataCollection(SafeguardingReviewCase):
    """Requests for records, the records, the narrative, and the Data collection gate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_data_collection, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        cls.Request = cls.env["safeguarding.agency.request"]
        cls.reminder_type = cls.env.ref("safeguarding_review.mail_activity_type_records_overdue")

    def _request(self, user=None, **vals):
        return self.Request.with_user(user or self.reviewer).create(
            {
                "review_id": self.review.id,
                "agency_id": self.agency.id,
                "description": "Case notes and assessments, January 2025 onwards",
                "asked_on": self._today() - relativedelta(days=20),
                "due_on": self._today() - relativedelta(days=2),
                **vals,
            }
        )

    def _reminders(self, requests):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.agency.request"),
                ("res_id", "in", requests.ids),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )

    # Requests for records ----------------------------------------------------------
    def test_due_date_before_the_request_is_refused_by_name(self):
        with self.assertRaises(ValidationError) as error:
            self._request(due_on=self._today() - relativedelta(days=30))
        self.assertIn("Due on", str(error.exception))
        self.assertFalse(self.Request.search([("review_id", "=", self.review.id)]))

    def test_closing_a_request_needs_its_reason(self):
        request = self._request()
        with self.assertRaises(ValidationError) as error:
            request.state = "closed"
        self.assertIn("Why closed without records", str(error.exception))
        request.write({"state": "closed", "closed_reason": "No contact with the adult in 2025"})
        self.assertEqual(request.state, "closed")

    def test_an_unanswered_request_reminds_its_requester_once(self):
        overdue = self._request()
        on_time = self._request(due_on=self._today() + relativedelta(days=5))
        answered = self._request(agency_id=self.agency_health.id)
        answered.action_mark_received()
        self.assertTrue(overdue.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertFalse(answered.is_overdue)
        cron = self.env.ref("safeguarding_review.ir_cron_remind_overdue_requests")
        cron.method_direct_trigger()
        cron.method_direct_trigger()  # twice: nothing new
        reminders = self._reminders(overdue | on_time | answered)
        self.assertEqual(reminders.res_id, overdue.id)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.reviewer, "the requester is reminded")
        self.assertIn(self.agency.name, reminders.summary)
        # The reviewer sees their reminder; answering the request closes it.
        self.assertTrue(overdue.with_user(self.reviewer).activity_ids)
        overdue.with_user(self.reviewer).action_mark_received()
        self.assertFalse(self._reminders(overdue))
        self.assertEqual(overdue.received_on, self._today())

    def test_requests_and_records_belong_to_the_team(self):
        request = self._request()
        source = (
            self.env["safeguarding.source"]
            .with_user(self.reviewer)
            .create(
                {
                    "review_id": self.review.id,
                    "agency_id": self.agency.id,
                    "request_id": request.id,
                    "name": "Adult social care case notes",
                    "kind": "case_record",
                    "period_start": "2025-01-01",
                    "period_end": "2026-02-28",
                }
            )
        )
        self.assertEqual(request.source_ids, source)
        self.assertEqual(source.company_id, self.review.company_id)
        for user in (self.other_reviewer, self.board_member, self.employee):
            for record in (request, source):
                with self.assertRaises(AccessError):
                    record.with_user(user).read(["name"])
        self.assertFalse(
            self.Request.with_user(self.other_reviewer).search([("review_id", "=", self.review.id)])
        )
        with self.assertRaises(AccessError):
            self._request(user=self.other_reviewer)
        self.assertEqual(request.with_user(self.manager).agency_id, self.agency)

    def test_record_period_and_request_must_fit(self):
        Source = self.env["safeguarding.source"].with_user(self.reviewer)
        with self.assertRaises(ValidationError) as error:
            Source.create(
                {
                    "review_id": self.review.id,
                    "agency_id": self.agency.id,
                    "name": "Chronology",
                    "period_start": "2026-02-01",
                    "period_end": "2026-01-01",
                }
            )
        self.assertIn("Period to", str(error.exception))

    # Narrative ----------------------------------------------------------------------
    def _import(self, filename, file_type):
        with file_open(f"safeguarding_review/tests/data/{filename}", "rb") as f:
            content = f.read()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.reviewer)
            .with_context(default_review_id=self.review.id)
            .create(
                {
                    "res_model": "safeguarding.narrative.entry",
                    "file": content,
                    "file_type": file_type,
                }
            )
        )
        options = {"has_headers": True, "quoting": '"', "separator": ",", "date_format": "%Y-%m-%d"}
        preview = wizard.parse_preview(options)
        self.assertFalse(preview.get("error"), preview.get("error"))
        fields_ = ["/".join(match) for match in preview["matches"].values()]
        # The spreadsheet's headings are the fields' labels: Odoo matches every column.
        self.assertEqual(
            fields_, ["date_from", "date_to", "agency_id", "what_happened", "agency_view"]
        )
        result = wizard.execute_import(fields_, preview["headers"], options)
        self.assertFalse(result["messages"], result["messages"])
        return self.env["safeguarding.narrative.entry"].browse(result["ids"])

    def test_the_sample_narrative_imports_from_csv_and_xlsx(self):
        for filename, file_type in (
            ("narrative_sample.csv", "text/csv"),
            ("narrative_sample.xlsx", XLSX),
        ):
            with self.subTest(filename=filename):
                entries = self._import(filename, file_type)
                self.assertEqual(len(entries), 4)
                self.assertEqual(entries.review_id, self.review)
                self.assertEqual(entries.agency_id, self.agency | self.agency_health)
                self.assertEqual(
                    entries.mapped("date_from"),
                    [
                        fields.Date.to_date(d)
                        for d in ("2026-01-05", "2026-01-05", "2026-01-12", "2026-01-20")
                    ],
                )
                self.assertEqual(entries[1].date_to, fields.Date.to_date("2026-01-19"))
                self.assertIn("shared inbox", entries[2].agency_view)
                entries.unlink()

    def test_narrative_keeps_each_agency_beside_the_others(self):
        entries = self._import("narrative_sample.csv", "text/csv")
        action = self.review.with_user(self.reviewer).action_open_narrative()
        self.assertEqual(action["context"]["group_by"], "agency_id")
        Entry = self.env["safeguarding.narrative.entry"].with_user(self.reviewer)
        columns = Entry.web_read_group(action["domain"], ["__count"], ["agency_id"])["groups"]
        self.assertEqual(
            {g["agency_id"][0]: g["agency_id_count"] for g in columns},
            {self.agency.id: 2, self.agency_health.id: 2},
        )
        in_order = Entry.search(action["domain"] + [("agency_id", "=", self.agency.id)])
        self.assertEqual(in_order, entries.filtered(lambda e: e.agency_id == self.agency))
        self.assertEqual(in_order.mapped("date_from"), sorted(in_order.mapped("date_from")))
        with self.assertRaises(AccessError):
            entries.with_user(self.board_member).read(["what_happened"])
        with self.assertRaises(ValidationError) as error:
            Entry.create(
                {
                    "review_id": self.review.id,
                    "agency_id": self.agency.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-01-01",
                    "what_happened": "A period that ends before it starts",
                }
            )
        self.assertIn("Until", str(error.exception))

    # Counts and the gate ---------------------------------------------------------------
    def test_review_counts_and_board_badge(self):
        self._request()
        self._request(agency_id=self.agency_health.id).action_mark_received()
        Conversation = self.env["safeguarding.conversation"].with_user(self.reviewer)
        Conversation.create({"review_id": self.review.id, "start": "2026-05-04 10:00:00"})
        Conversation.create(
            {"review_id": self.review.id, "start": "2026-05-05 10:00:00"}
        ).action_mark_held()
        self._import("narrative_sample.csv", "text/csv")
        review = self.review.with_user(self.reviewer)
        self.assertEqual(
            (
                review.conversation_held_count,
                review.conversation_count,
                review.request_received_count,
                review.request_count,
                review.request_overdue_count,
                review.narrative_count,
            ),
            (1, 2, 1, 2, 1, 4),
        )
        # The board member reads no count of what they may not see.
        self.review.stage_id = self.stage_referral  # (moving back is free)
        with self.assertRaises(AccessError):
            self.review.with_user(self.board_member).read(["participant_count"])

    def test_leaving_data_collection_needs_conversations_held_and_requests_answered(self):
        review = self.review.with_user(self.reviewer)
        open_request = self._request()
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_analysis
        message = str(error.exception)
        self.assertIn("at least one conversation held", message)
        self.assertIn(f"still open for {self.agency.name}", message)
        conversation = (
            self.env["safeguarding.conversation"]
            .with_user(self.reviewer)
            .create({"review_id": review.id, "start": "2026-05-04 10:00:00"})
        )
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_analysis
        self.assertIn("at least one conversation held", str(error.exception), "planned only")
        conversation.action_mark_held()
        open_request.write({"state": "closed", "closed_reason": "No records for the period"})
        review.stage_id = self.stage_analysis
        self.assertEqual(review.stage_id, self.stage_analysis)
