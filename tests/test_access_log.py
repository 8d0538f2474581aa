from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import SafeguardingReviewCase

FINDINGS = "safeguarding_review.action_report_findings"


@tagged("post_install", "-at_install")
class TestAccessLog(SafeguardingReviewCase):
    """Who opened a review or its records, printed, downloaded or exported, and when:
    readable by managers only, writable by nobody, kept for the period in Settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_board_response, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        cls.Log = cls.env["safeguarding.access.log"]

    def _entries(self, user, event):
        return self.Log.search(
            [("user_id", "=", user.id), ("event", "=", event), ("review_id", "=", self.review.id)]
        )

    def test_each_path_is_logged_as_each_role(self):
        # Opened: the form reads one record (the boards and lists read many: not logged).
        self.review.with_user(self.reviewer).web_read({"name": {}})
        self.Review.with_user(self.reviewer).search([]).web_read({"name": {}})
        opened = self._entries(self.reviewer, "open")
        self.assertEqual(len(opened), 1)
        self.assertEqual(opened.review_reference, self.review.name)
        conversation = self.review.conversation_ids[:1]
        conversation.with_user(self.reviewer).web_read({"notes_at_the_time": {}})
        entry = self.Log.search([("res_model", "=", "safeguarding.conversation")], limit=1)
        self.assertEqual((entry.res_id, entry.review_id), (conversation.id, self.review))
        # Printed, by a board member.
        self.env["ir.actions.report"].with_user(self.board_member)._render_qweb_pdf(
            FINDINGS, self.review.ids
        )
        printed = self._entries(self.board_member, "print")
        self.assertEqual(printed.detail, "Findings report")
        # Exported, by a board member (the findings they may read).
        self.board_member.groups_id += self.env.ref("base.group_allow_export")
        self.review.finding_ids.with_user(self.board_member).export_data(["name"])
        exported = self._entries(self.board_member, "export")
        self.assertEqual(exported.res_model, "safeguarding.finding")
        self.assertEqual(exported.detail, "name")
        # The Word document, through its route.
        self.Log._log("download", self.review.with_user(self.manager), "Word document")

    def test_only_managers_read_it_and_nobody_writes_it(self):
        self.review.with_user(self.reviewer).web_read({"name": {}})
        entry = self._entries(self.reviewer, "open")
        self.assertTrue(entry.with_user(self.manager).read(["user_id", "event"]))
        for user in (self.reviewer, self.board_member, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Log.with_user(user).search_read([], ["user_id"])
        # Refused whoever asks: a manager's write meets the read-only fields first.
        for user, refusal in ((self.manager, UserError), (self.reviewer, AccessError)):
            with self.subTest(user=user.login):
                for operation in ("create", "write", "unlink"):
                    self.assertFalse(entry.with_user(user).has_access(operation), operation)
                with self.assertRaises(refusal):
                    entry.with_user(user).write({"event": "print"})
                with self.assertRaises(AccessError):
                    entry.with_user(user).unlink()
                with self.assertRaises(UserError):  # every field is the app's to set
                    self.Log.with_user(user).create(
                        {"user_id": user.id, "event": "open", "logged_at": fields.Datetime.now()}
                    )
        before = self.Log.search_count([])
        self.Log._log("open", self.review)  # as superuser: the app's own read
        self.assertEqual(self.Log.search_count([]), before, "the app's own reads: none")

    def test_entries_go_after_the_period_and_not_before(self):
        self.env.company.safeguarding_access_log_days = 30
        with freeze_time(fields.Datetime.now() - timedelta(days=31)):
            self.review.with_user(self.reviewer).web_read({"name": {}})
        self.review.with_user(self.manager).web_read({"name": {}})
        self.Log._cron_purge()
        self.assertFalse(self._entries(self.reviewer, "open"), "past the period")
        self.assertTrue(self._entries(self.manager, "open"), "within it")


@tagged("post_install", "-at_install")
class TestAccessLogDownloads(SafeguardingReviewCase, HttpCase):
    """A file of the addon's records downloaded over /web/content, as the web client does."""

    def test_an_attachment_download_is_logged(self):
        review = self._ready_review(
            self.stage_board_response, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        )
        conversation = review.conversation_ids[:1]
        transcript = self.env["ir.attachment"].create(
            {
                "name": "transcript.txt",
                "raw": b"What was said",
                "res_model": "safeguarding.conversation",
                "res_id": conversation.id,
            }
        )
        Log = self.env["safeguarding.access.log"]
        url = f"/web/content/{transcript.id}?download=true"
        self.authenticate("sg_reviewer", "sg_reviewer")
        response = self.url_open(url)
        self.assertEqual(response.content, b"What was said")
        downloaded = Log.search([("user_id", "=", self.reviewer.id), ("event", "=", "download")])
        self.assertEqual(
            (downloaded.res_model, downloaded.res_id, downloaded.review_id, downloaded.detail),
            (
                "safeguarding.conversation",
                conversation.id,
                review,
                f"ir.attachment {transcript.id}",
            ),
        )
        # Another team's reviewer gets nothing, and nothing is logged for them.
        self.authenticate("sg_other", "sg_other")
        self.assertNotEqual(self.url_open(url).status_code, 200)
        self.assertFalse(Log.search([("user_id", "=", self.other_reviewer.id)]))

    def test_a_single_review_read_through_a_search_is_logged(self):
        # web_search_read of one record reads it whole, as a form does: an entry.
        review = self._ready_review(self.stage_data_collection)
        Log = self.env["safeguarding.access.log"].sudo()
        before = Log.search_count([("review_id", "=", review.id)])
        self.env["safeguarding.review"].with_user(self.reviewer).web_search_read(
            [("id", "=", review.id)], {"name": {}, "concerns_summary": {}}, limit=1
        )
        self.assertEqual(Log.search_count([("review_id", "=", review.id)]), before + 1)
