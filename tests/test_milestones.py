from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestMilestones(SafeguardingReviewCase):
    """Statutory clocks as data: each kind of review lists its deadlines, in working days
    (the company's calendar and its public holidays), days or months from an event."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env.company.resource_calendar_id
        # Monday 31 August 2026: the summer bank holiday, in the company's working calendar.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Summer bank holiday",
                "calendar_id": calendar.id,
                "date_from": "2026-08-31 00:00:00",
                "date_to": "2026-08-31 23:59:59",
            }
        )
        # A serious incident the partnership learnt of on Thursday 27 August 2026.
        cls.cspr = cls.Review.create(
            cls._referral_vals(
                review_kind="cspr",
                referral_date="2026-08-27",
                lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            )
        )

    def _milestone(self, review, xmlid):
        kind = self.env.ref(f"safeguarding_review.{xmlid}")
        return review.milestone_ids.filtered(lambda m: m.type_id == kind)

    def test_working_days_skip_the_weekend_and_the_bank_holiday(self):
        notification = self._milestone(self.cspr, "milestone_cspr_notification")
        rapid = self._milestone(self.cspr, "milestone_cspr_rapid_review")
        # Fri 28 (1), the weekend, Mon 31 (holiday), Tue 1 to Fri 4 September (2 to 5).
        self.assertEqual(notification.due_date, date(2026, 9, 4))
        self.assertEqual(rapid.due_date, date(2026, 9, 18), "15 working days")
        report = self._milestone(self.cspr, "milestone_cspr_report")
        self.assertFalse(report.due_date, "counted from the decision, not yet taken")
        self.assertEqual(report.state, "waiting")
        self.cspr.write(self._decision_vals() | {"decision_date": "2026-09-10"})
        self.assertEqual(report.due_date, date(2027, 3, 10), "six months from the decision")
        # The event moves: the deadline follows.
        self.cspr.referral_date = "2026-08-26"
        self.assertEqual(notification.due_date, date(2026, 9, 3))

    def test_the_state_at_the_deadline_and_a_late_milestone_needs_its_reason(self):
        notification = self._milestone(self.cspr, "milestone_cspr_notification")
        with freeze_time("2026-09-04"):
            notification.invalidate_recordset(["state"])
            self.assertEqual(notification.state, "due")
            self.assertIn(notification, notification.search([("state", "=", "due")]))
        with freeze_time("2026-09-05"):
            notification.invalidate_recordset(["state"])
            self.assertEqual(notification.state, "overdue")
            self.assertIn(notification, notification.search([("state", "=", "overdue")]))
        as_lead = notification.with_user(self.reviewer)
        with self._refused(ValidationError, "Why late: Serious incident notified"):
            as_lead.done_on = "2026-09-07"
        self.assertFalse(notification.done_on, "nothing saved")
        as_lead.write({"done_on": "2026-09-07", "late_reason": "The referral reached us late."})
        self.assertEqual((notification.outcome, notification.state), ("late", "late"))
        as_lead.done_on = "2026-09-04"
        self.assertEqual(notification.state, "done", "on the day is on time")

    def test_a_reminder_before_the_deadline_and_only_one(self):
        Milestone = self.env["safeguarding.review.milestone"]
        kind = self.env.ref("safeguarding_review.mail_activity_type_milestone_due")
        with freeze_time("2026-09-02"):  # two days before the notification's deadline
            Milestone._cron_remind_milestones()
            Milestone._cron_remind_milestones()
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", kind.id), ("res_model", "=", Milestone._name)]
        )
        notification = self._milestone(self.cspr, "milestone_cspr_notification")
        self.assertEqual(activities.mapped("res_id"), notification.ids, "once, and not the rest")
        self.assertEqual(activities.user_id, self.reviewer, "the lead reviewer")
        self.assertEqual(activities.date_deadline, date(2026, 9, 4))

    def test_the_next_milestone_on_the_card_and_who_reads_the_milestones(self):
        self.assertEqual(
            self.cspr.next_milestone_name, "Serious incident notified to the national panel"
        )
        self.assertEqual(self.cspr.next_milestone_due, date(2026, 9, 4))
        self._milestone(self.cspr, "milestone_cspr_notification").done_on = "2026-09-01"
        self.assertEqual(self.cspr.next_milestone_due, date(2026, 9, 18))
        with freeze_time("2026-10-01"):
            self.cspr.invalidate_recordset(["next_milestone_overdue"])
            self.assertTrue(self.cspr.next_milestone_overdue)
        # The milestones are the team's; the board reads the next one on the review alone.
        with self.assertRaises(AccessError):
            self.env["safeguarding.review.milestone"].with_user(self.board_member).search_read(
                [], ["late_reason"]
            )
        found = (
            self.env["safeguarding.review.milestone"]
            .with_user(self.other_reviewer)
            .search([("review_id", "=", self.cspr.id)])
        )
        self.assertFalse(found, "another team finds nothing")
        # Only a manager sets the deadlines of a kind of review.
        Type = self.env["safeguarding.milestone.type"]
        with self.assertRaises(AccessError):
            Type.with_user(self.reviewer).create(
                {"name": "x", "review_kind": "apr", "offset": 1, "unit": "months"}
            )
        own = Type.with_user(self.manager).create(
            {
                "name": "Panel meeting",
                "review_kind": "apr",
                "event": "referral_date",
                "offset": 20,
                "unit": "working_days",
            }
        )
        wales = self.Review.with_user(self.manager).create(
            self._referral_vals(review_kind="apr", referral_date="2026-08-27")
        )
        self.assertEqual(wales.milestone_ids.type_id, own, "a kind a manager configures")

    def test_a_milestone_the_review_records_is_done_by_itself(self):
        sar = self.Review.create(self._referral_vals(referral_date="2026-08-27"))
        decision = self._milestone(sar, "milestone_sar_decision")
        self.assertEqual(decision.due_date, date(2026, 9, 24))
        sar.write(self._decision_vals() | {"decision_date": "2026-09-20"})
        self.assertEqual((decision.done_on, decision.state), (date(2026, 9, 20), "done"))
        self.assertFalse(sar.next_milestone_name, "nothing left due")
        # Decided late: done late by itself; the reason is the team's to add.
        sar.decision_date = "2026-10-05"
        self.assertEqual(decision.state, "late")
        decision.with_user(self.manager).late_reason = "The SAR group met monthly."

    def test_the_upgrade_gives_open_reviews_their_milestones(self):
        self.cspr.milestone_ids.unlink()
        self._migrate(self.env.cr, "18.0.1.4.0", "18.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(len(self.cspr.milestone_ids), 3)

    def test_changing_the_kind_keeps_what_was_done(self):
        notification = self._milestone(self.cspr, "milestone_cspr_notification")
        notification.done_on = "2026-09-01"
        self.cspr.with_user(self.manager).review_kind = "sar"
        kinds = self.cspr.milestone_ids.type_id
        self.assertIn(notification.type_id, kinds, "done: kept as record")
        self.assertNotIn(self.env.ref("safeguarding_review.milestone_cspr_rapid_review"), kinds)
        self.assertIn(self.env.ref("safeguarding_review.milestone_sar_decision"), kinds)
        sar = self._milestone(self.cspr, "milestone_sar_decision")
        self.assertEqual(sar.due_date, date(2026, 9, 24), "28 calendar days")


@tagged("post_install", "-at_install")
class TestStageTime(SafeguardingReviewCase):
    """Reporting: how long reviews spend in each stage, by method and kind, from the stage's
    tracking; what each role may read of it."""

    def _move(self, review, stage, when):
        with freeze_time(when):
            review.stage_id = stage
            self.env.flush_all()
            self.env.cr.precommit.run()  # the tracking messages, dated now

    def test_the_days_in_each_stage_by_method(self):
        now = datetime.now()
        vals = self._referral_vals(**self._decision_vals(), **self._preparation_vals())
        review = self.Review.create({**vals, "stage_id": self.stage_referral.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._move(review, self.stage_decision, now + timedelta(days=3))
        self._move(review, self.stage_preparation, now + timedelta(days=10))
        Time = self.env["safeguarding.stage.time"].with_user(self.manager)
        stays = Time.search([("review_id", "=", review.id)], order="entered_on")
        self.assertEqual(
            stays.stage_id, self.stage_referral | self.stage_decision | self.stage_preparation
        )
        self.assertAlmostEqual(stays[0].days, 3, delta=0.1)
        self.assertAlmostEqual(stays[1].days, 7, delta=0.1)
        self.assertTrue(stays[2].is_current)
        groups = Time.read_group(
            [("review_id", "=", review.id), ("is_current", "=", False)],
            ["days:avg"],
            ["method_id"],
        )
        self.assertAlmostEqual(groups[0]["days"], 5, delta=0.1, msg="the average of 3 and 7")
        # The board reads it once the review reached the board; another team never.
        board = self.env["safeguarding.stage.time"].with_user(self.board_member)
        self.assertFalse(board.search([("review_id", "=", review.id)]))
        self.assertFalse(
            self.env["safeguarding.stage.time"]
            .with_user(self.other_reviewer)
            .search([("review_id", "=", review.id)])
        )
