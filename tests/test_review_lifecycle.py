from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestReviewLifecycle(SafeguardingReviewCase):
    def _tracked_stage_names(self, review):
        self.env.flush_all()
        self.cr.flush()
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.review"),
                ("mail_message_id.res_id", "=", review.id),
                ("field_id.name", "=", "stage_id"),
            ],
            order="id",
        )
        return [value.new_value_char for value in values]

    def test_lifecycle_through_every_default_stage_as_manager(self):
        review = self.Review.with_user(self.manager).create(self._referral_vals())
        self._settle()
        self.assertEqual(review.stage_id, self.stage_referral, "new reviews start at Referral")
        self.assertTrue(review.criteria_met)
        walk = [
            (self.stage_decision, {}),
            (self.stage_preparation, self._decision_vals()),
            (self.stage_data_collection, self._preparation_vals()),
            (self.stage_analysis, {}),
            (self.stage_findings, {}),
            (self.stage_board_response, {}),
            (self.stage_monitoring, {}),
            (self.stage_closed, {}),
        ]
        for stage, vals in walk:
            review.write(vals)
            if stage == self.stage_analysis:
                conversation = self.env["safeguarding.conversation"].with_user(self.manager)
                conversation.create(
                    {"review_id": review.id, "start": "2026-05-04 10:00:00"}
                ).action_mark_held()
            if stage == self.stage_board_response:
                self._complete_finding(review).with_user(self.manager).action_agree()
            if stage == self.stage_monitoring:
                review.finding_ids.with_user(self.manager).write(self._board_response_vals())
            if stage == self.stage_closed:
                review.write(
                    {
                        "publication_decision": "not_publish",
                        "publication_decision_reasons": "The family asked the board not to.",
                    }
                )
            review.write({"stage_id": stage.id})
            self._settle()  # each move is its own request, so its own tracking message
            self.assertEqual(review.stage_id, stage)
        self.assertEqual(self._tracked_stage_names(review), [stage.name for stage, _vals in walk])
        self.assertEqual(review.closed_date, self._today())
        self.assertFalse(review.is_overdue, "a closed review is never overdue")
        self.assertEqual(
            set(review.duration_tracking),
            {str(stage.id) for stage in self.stage_referral | self.stages if stage.sequence <= 90},
            "time spent in each stage visited is recorded",
        )
        # Reopening (a manager, with the reason) clears the closing date.
        review._reopen("The board asked for one more action")
        self.assertEqual(review.stage_id, self.stage_monitoring)
        self.assertFalse(review.closed_date)

    def test_every_default_stage_is_on_the_board(self):
        self.assertEqual(
            self.stages.mapped("name"),
            [
                "Referral",
                "Decision",
                "Preparation",
                "Data collection",
                "Analysis",
                "Findings",
                "Board response",
                "Action plan monitoring",
                "Closed",
                "No review",
            ],
        )
        self.assertEqual(self.stages.filtered("fold"), self.stage_closed | self.stage_no_review)
        self._ready_review(self.stage_analysis)
        # The board of Learning Together's reviews (the demo data has other methods too).
        groups = self.Review.with_user(self.manager).web_read_group(
            [("method_id", "=", self.method_lt.id)], ["__count"], ["stage_id"]
        )["groups"]
        self.assertEqual(
            [g["stage_id"][0] for g in groups], self.stages.ids, "empty stages are columns too"
        )

    def test_decision_gate_names_everything_missing_and_changes_nothing(self):
        review = self._ready_review(self.stage_decision).with_user(self.manager)
        self.assertIn("the decision date", review.stage_missing, "the form shows what is missing")
        with self.assertRaises(ValidationError) as error:
            review.write({"stage_id": self.stage_preparation.id, "decision_date": "2026-04-01"})
        message = str(error.exception)
        self.assertIn("cannot move from Decision to Preparation", message)
        self.assertIn("the decision (review, no review or other process)", message)
        self.assertIn("the reasons for the decision", message)
        self.assertNotIn("a decision to hold a review", message, "said once, by the gate")
        self.assertNotIn("the decision date", message, "the date saved with the move counts")
        self.assertEqual(review.stage_id, self.stage_decision)
        self.assertFalse(review.decision_date, "a refused move writes nothing")

        review.write({"decision": "no_review", "decision_date": "2026-04-01"})
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_preparation
        self.assertIn("a decision to hold a review", str(error.exception))
        review.write({"decision": "review", "decision_date": "2026-04-01"})
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_preparation
        self.assertIn("the reasons for the decision", str(error.exception))
        self.assertNotIn("the decision date", str(error.exception))
        review.decision_reasons = "   "
        with self.assertRaises(ValidationError):
            review.stage_id = self.stage_preparation
        review.decision_reasons = "Criteria met; agencies agree."
        review.stage_id = self.stage_preparation
        self.assertEqual(review.stage_id, self.stage_preparation)

    def test_the_form_snaps_back_a_refused_move_and_says_why(self):
        review = self._ready_review(self.stage_decision).with_user(self.manager)
        draft = review.new({"stage_id": self.stage_preparation.id}, origin=review)
        warning = draft._onchange_stage_id_gates()["warning"]
        self.assertEqual(draft.stage_id, self.stage_decision, "the statusbar snaps back")
        self.assertEqual(warning["title"], "Not ready for Preparation")
        self.assertIn("stays in Decision", warning["message"])
        self.assertIn("the decision date", warning["message"])
        ready = review.new(
            {"stage_id": self.stage_preparation.id, **self._decision_vals()}, origin=review
        )
        self.assertIsNone(ready._onchange_stage_id_gates())
        self.assertEqual(ready.stage_id, self.stage_preparation)

    def test_preparation_gate_names_each_missing_part(self):
        review = self._ready_review(self.stage_preparation).with_user(self.manager)
        self.assertIn("a lead reviewer", review.stage_missing, "the form shows what is missing")
        parts = {
            "lead_reviewer_ids": "a lead reviewer",
            "review_questions": "the questions the review should answer",
            "agency_ids": "at least one agency involved",
        }
        complete = self._preparation_vals()
        blank = {
            "lead_reviewer_ids": [Command.clear()],
            "review_questions": "<p><br></p>",
            "agency_ids": [Command.clear()],
        }
        for field, words in parts.items():
            review.write({**complete, field: blank[field]})
            with self.assertRaises(ValidationError) as error:
                review.stage_id = self.stage_data_collection
            self.assertIn(words, str(error.exception))
            for other, other_words in parts.items():
                if other != field:
                    self.assertNotIn(other_words, str(error.exception))
            self.assertEqual(review.stage_id, self.stage_preparation)
        review.write(complete)
        review.stage_id = self.stage_data_collection
        self.assertNotIn("lead reviewer", review.stage_missing)
        self.assertIn("at least one conversation held", review.stage_missing, "what's next")

    def test_skipping_stages_runs_the_gates_skipped(self):
        review = self._ready_review(self.stage_referral).with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_analysis
        message = str(error.exception)
        for words in ("the decision date", "a lead reviewer", "at least one agency involved"):
            self.assertIn(words, message)
        self.assertEqual(review.stage_id, self.stage_referral)

    def test_creating_a_review_in_a_later_stage_meets_its_gates(self):
        with self.assertRaises(ValidationError):
            self.Review.with_user(self.manager).create(
                self._referral_vals(stage_id=self.stage_analysis.id)
            )
        review = self._ready_review(self.stage_analysis)
        self.assertEqual(review.stage_id, self.stage_analysis)

    def test_no_review_path(self):
        review = self._ready_review(self.stage_decision).with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_no_review
        self.assertIn("the decision (review, no review or other process)", str(error.exception))
        review.write(self._decision_vals("review"))
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_no_review
        self.assertIn("a decision not to review", str(error.exception))
        review.write(self._decision_vals("other_process"))
        self.assertFalse(review.stage_missing, "next on this path is No review: nothing missing")
        # The preparation gates belong to the other path: they do not block this move.
        review.stage_id = self.stage_no_review
        self.assertTrue(review.stage_is_closed)
        self.assertEqual(review.closed_date, self._today())
        with self.assertRaises(UserError) as error:
            review.stage_id = self.stage_preparation
        self.assertIn("Reason for reopening", str(error.exception), "closed: reopened first")
        with self.assertRaises(ValidationError) as error:
            review.write({"stage_id": self.stage_preparation.id, "reopen_reason": "New facts"})
        self.assertIn("a decision to hold a review", str(error.exception))
        review._reopen("The family brought new facts")
        self.assertEqual(review.stage_id, self.stage_decision, "back to the decision")

    def test_moving_back_is_always_allowed(self):
        review = self._ready_review(self.stage_analysis).with_user(self.manager)
        review.stage_id = self.stage_referral
        self.assertEqual(review.stage_id, self.stage_referral)

    def test_gates_follow_renamed_and_reordered_stages(self):
        # Gates hang on stage records, not names: renaming changes nothing, and a gate a
        # manager attaches to another stage guards that stage instead.
        self.stage_decision.with_user(self.manager).name = "SAR group decision"
        review = self._ready_review(self.stage_decision).with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_preparation
        self.assertIn("from SAR group decision to Preparation", str(error.exception))
        extra = (
            self.env["safeguarding.review.stage"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Scoping",
                    "sequence": 25,
                    "method_ids": [Command.link(self.method_lt.id)],
                    "gate_ids": [
                        Command.link(self.env.ref("safeguarding_review.gate_preparation").id)
                    ],
                }
            )
        )
        review.write(self._decision_vals())
        review.stage_id = extra
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_preparation
        self.assertIn("from Scoping to Preparation", str(error.exception))

    def test_a_gate_code_must_name_a_check(self):
        with self.assertRaises(ValidationError) as error:
            self.env["safeguarding.review.gate"].with_user(self.manager).create(
                {"name": "Made up", "code": "no_such_check"}
            )
        self.assertIn("Code", str(error.exception))

    def test_reference_sequence_per_company_and_year(self):
        Review = self.Review.with_user(self.manager)
        first = Review.create(self._referral_vals())
        second = Review.create(self._referral_vals(title="Second"))
        last_year = Review.create(self._referral_vals(referral_date="2025-11-30"))
        # Three digits at least: a database that has numbered a thousand goes on to four.
        self.assertRegex(first.name, r"^SAR-2026-\d{3,}$")
        number = int(first.name.rsplit("-", 1)[1])
        self.assertEqual(second.name, f"SAR-2026-{number + 1:03d}")
        self.assertRegex(last_year.name, r"^SAR-2025-\d{3,}$")

        other_company = self.env["res.company"].create({"name": "Southshire SAB"})
        self.manager.write({"company_ids": [Command.link(other_company.id)]})
        other = Review.with_company(other_company).create(
            self._referral_vals(company_id=other_company.id)
        )
        self.assertEqual(other.name, "SAR-2026-001", "each company numbers its own reviews")
        self.assertEqual(other.copy().name[:9], "SAR-2026-", "a copy gets a new reference")

    def test_default_target_date_follows_the_decision_and_company(self):
        review = self._ready_review(self.stage_decision).with_user(self.manager)
        self.assertFalse(review.target_date, "no target before the decision")
        review.decision_date = "2026-04-01"
        self.assertFalse(review.target_date, "no target until the decision is to review")
        review.decision = "review"
        self.assertEqual(review.target_date, fields.Date.to_date("2026-10-01"))
        self.env.company.safeguarding_target_months = 3
        review.decision_date = "2026-05-15"
        self.assertEqual(review.target_date, fields.Date.to_date("2026-08-15"))
        review.target_date = "2026-12-24"
        self.assertEqual(review.target_date, fields.Date.to_date("2026-12-24"))
        with self.assertRaises(ValidationError) as error:
            self.env.company.safeguarding_target_months = 0
        self.assertIn("Review target (months)", str(error.exception))

    def test_overdue_filter_and_days_to_target(self):
        today = self._today()
        late = self._ready_review(self.stage_analysis)
        late.target_date = today - relativedelta(days=3)
        on_track = self._ready_review(self.stage_analysis)
        on_track.target_date = today + relativedelta(days=10)
        closed_late = self._ready_review(self.stage_closed)
        closed_late.target_date = today - relativedelta(days=30)
        delivered = self._ready_review(self.stage_monitoring)
        delivered.target_date = today - relativedelta(days=30)
        no_target = self._ready_review(self.stage_referral)
        mine = late | on_track | closed_late | delivered | no_target
        self.assertEqual(late.days_to_target, -3)
        self.assertTrue(late.is_overdue)
        self.assertEqual(on_track.days_to_target, 10)
        self.assertFalse(on_track.is_overdue)
        self.assertFalse(closed_late.is_overdue)
        self.assertFalse(delivered.is_overdue, "once the report is out the target is met")
        Review = self.Review.with_user(self.manager)
        overdue = Review.search([("id", "in", mine.ids), ("is_overdue", "=", True)])
        self.assertEqual(overdue, late)
        not_overdue = Review.search([("id", "in", mine.ids), ("is_overdue", "=", False)])
        self.assertEqual(not_overdue, on_track | closed_late | delivered | no_target)
        # The search view's "Overdue" filter is that same domain.
        arch = self.env.ref("safeguarding_review.safeguarding_review_view_search").arch
        self.assertIn("[('is_overdue', '=', True)]", arch)

    def test_preparation_plan_launches_its_activities(self):
        review = self._ready_review(
            self.stage_preparation, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        )
        action = review.with_user(self.manager).action_launch_stage_plan()
        self.assertEqual(action["res_model"], "mail.activity.schedule")
        wizard = (
            self.env["mail.activity.schedule"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(
            wizard.plan_id, self.env.ref("safeguarding_review.mail_activity_plan_preparation")
        )
        wizard.action_schedule_plan()
        self.assertEqual(
            review.activity_ids.mapped("summary"),
            [
                "Identify the case group",
                "Prepare participants",
                "Select the documentation",
                "Arrange the first conversations",
            ],
        )
        self.assertEqual(review.activity_ids.user_id, self.reviewer, "the lead reviewer's")
        later = self._ready_review(self.stage_analysis)
        self.assertFalse(later.stage_activity_plan_id, "Analysis has no plan to launch")
        with self.assertRaises(UserError):
            later.with_user(self.manager).action_launch_stage_plan()

    def test_only_referrals_can_be_deleted(self):
        referral = self._ready_review(self.stage_referral)
        decided = self._ready_review(self.stage_preparation)
        with self.assertRaises(UserError) as error:
            decided.with_user(self.manager).unlink()
        self.assertIn("archive it instead", str(error.exception))
        decided.with_user(self.manager).action_archive()
        self.assertFalse(decided.active)
        referral.with_user(self.manager).unlink()
        self.assertFalse(referral.exists())

    def test_decision_and_reasons_are_tracked(self):
        review = self._ready_review(self.stage_decision)
        review.write(self._decision_vals())
        self.env.flush_all()
        self.cr.flush()
        review.invalidate_recordset(["message_ids"])
        tracked = review.message_ids.tracking_value_ids.mapped("field_id.name")
        for field in ("decision", "decision_date", "decision_reasons", "decision_maker_id"):
            self.assertIn(field, tracked)
