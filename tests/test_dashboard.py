from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestDashboard(SafeguardingReviewCase):
    """One page of what needs doing, counted as its reader may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = [Command.set([cls.reviewer.id])]
        cls.board_review = cls._ready_review(cls.stage_board_response, lead_reviewer_ids=team)
        cls.collecting = cls._ready_review(cls.stage_data_collection, lead_reviewer_ids=team)
        cls.env["safeguarding.agency.request"].create(
            {
                "review_id": cls.collecting.id,
                "agency_id": cls.agency.id,
                "due_on": "2026-01-01",
                "asked_on": "2025-12-01",
                "description": "Case notes, 2025",
            }
        )
        cls.due_soon = cls._ready_review(cls.stage_analysis, lead_reviewer_ids=team)
        # A child review learnt of today: its panel notification is due within the week.
        cls.child = cls.Review.create(
            cls._referral_vals(review_kind="cspr", referral_date=cls._today(cls))
        )
        cls.due_soon.target_date = cls._today(cls) + relativedelta(days=10)
        cls.finding = cls.board_review.finding_ids
        today = cls._today(cls)
        cls.Action = cls.env["safeguarding.action"]
        for days in (-3, 3, 60):
            cls.Action.create(
                {
                    "finding_id": cls.finding.id,
                    "name": f"Action due in {days} days",
                    "owner_id": cls.employee.id,
                    "due_date": today + relativedelta(days=days),
                }
            )

    def _dashboard(self, user):
        action = self.env["safeguarding.dashboard"].with_user(user).action_open_dashboard()
        return self.env["safeguarding.dashboard"].with_user(user).browse(action["res_id"])

    def test_each_number_is_what_its_button_opens(self):
        dashboard = self._dashboard(self.manager)
        for count, method in [
            ("overdue_review_count", "action_open_overdue_reviews"),
            ("target_due_count", "action_open_target_due"),
            ("board_review_count", "action_open_board_reviews"),
            ("late_request_count", "action_open_late_requests"),
            ("milestone_due_count", "action_open_milestones_due"),
            ("milestone_overdue_count", "action_open_milestones_overdue"),
            ("awaiting_response_count", "action_open_awaiting_response"),
            ("evidence_to_accept_count", "action_open_evidence_to_accept"),
            ("action_red_count", "action_open_red"),
            ("action_amber_count", "action_open_amber"),
            ("action_green_count", "action_open_green"),
        ]:
            with self.subTest(count=count):
                action = getattr(dashboard, method)()
                opened = self.env[action["res_model"]].with_user(self.manager)
                self.assertEqual(dashboard[count], opened.search_count(action["domain"]))
        self.assertGreaterEqual(dashboard.late_request_count, 1)
        due = self.env["safeguarding.review.milestone"].search(
            dashboard.action_open_milestones_due()["domain"]
        )
        self.assertIn(self.child, due.review_id, "the panel's notification, due this week")
        self.assertIn(
            self.due_soon, self.Review.search(dashboard.action_open_target_due()["domain"])
        )
        self.assertGreaterEqual(dashboard.awaiting_response_count, 1, "presented, unanswered")
        self.assertGreaterEqual(
            (
                dashboard.action_red_count,
                dashboard.action_amber_count,
                dashboard.action_green_count,
            ),
            (1, 1, 1),
        )

    def test_a_board_member_counts_only_what_the_board_reads(self):
        dashboard = self._dashboard(self.board_member)
        self.assertFalse(dashboard.reads_team_records)
        self.assertEqual(dashboard.late_request_count, 0, "requests are the team's")
        self.assertEqual(dashboard.milestone_due_count, 0, "milestones are the team's")
        reviews = self.Review.with_user(self.board_member).search([])
        self.assertEqual(
            dashboard.board_review_count,
            len(reviews.filtered(lambda r: not r.stage_id.is_closed)),
            "every open review a board member reads is at the board",
        )
        self.assertGreaterEqual(dashboard.awaiting_response_count, 1)

    def test_the_query_count_does_not_grow_with_the_reviews(self):
        def cold():
            self.env.invalidate_all()
            dashboard = self._dashboard(self.manager)
            dashboard.read(["overdue_review_count", "action_red_count", "todo_overdue_count"])

        cold()
        with self.assertQueryCount(15):  # 13, and the two deadline counts
            cold()
        for _n in range(10):
            review = self._ready_review(self.stage_monitoring)
            self.Action.create(
                {
                    "finding_id": review.finding_ids.id,
                    "name": "Another",
                    "owner_id": self.employee.id,
                    "due_date": "2026-01-01",
                }
            )
        cold()
        with self.assertQueryCount(15):  # 13, and the two deadline counts
            cold()
