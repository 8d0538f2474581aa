from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestMethodPaths(SafeguardingReviewCase):
    """A method decides the path: its stages, so its gates and its guidance; the board's
    columns follow the methods of the reviews on it; a change of method keeps what is
    recorded and says where the review moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.method_rt = ref("safeguarding_review.method_rapid_time")
        cls.method_cspr = ref("safeguarding_review.method_cspr")
        cls.stage_rt_setup = ref("safeguarding_review.stage_rapid_setup")
        cls.stage_rt_records = ref("safeguarding_review.stage_rapid_records")
        cls.stage_rt_analysis = ref("safeguarding_review.stage_rapid_analysis")
        cls.stage_rt_report = ref("safeguarding_review.stage_rapid_report")
        cls.stage_notification = ref("safeguarding_review.stage_cspr_notification")
        cls.stage_rapid_review = ref("safeguarding_review.stage_cspr_rapid_review")

    def _move(self, review, stage, pattern=None):
        """Move as the team would (the reviewer); with ``pattern``, assert it is refused
        with those words and the review stays where it was."""
        before = review.stage_id
        if pattern:
            with self._refused(ValidationError, pattern):
                review.with_user(self.reviewer).write({"stage_id": stage.id})
            self.assertEqual(review.stage_id, before)
            return
        review.with_user(self.reviewer).write({"stage_id": stage.id})
        self.assertEqual(review.stage_id, stage)

    def _held(self, review, kind="one_to_one"):
        self.env["safeguarding.conversation"].with_user(self.reviewer).create(
            {"review_id": review.id, "start": "2026-05-04 10:00:00", "kind": kind}
        ).action_mark_held()

    def test_rapid_time_walked_through_its_own_stages_and_gates(self):
        review = self.Review.with_user(self.manager).create(
            self._referral_vals(
                method_id=self.method_rt.id, **self._decision_vals(), **self._preparation_vals()
            )
        )
        self.assertEqual(review.stage_id, self.stage_referral, "the method's first stage")
        self.assertEqual(
            review.with_user(self.reviewer)._path_stages().mapped("name"),
            [
                "Referral",
                "Decision",
                "Set-up meeting",
                "Record checks and conversations",
                "Analysis meeting",
                "Systems findings report",
                "Board response",
                "Action plan monitoring",
                "Closed",
                "No review",
            ],
        )
        # Three months from the decision: the method's target, not the board's six.
        self.assertEqual(
            review.target_date, fields.Date.to_date("2026-04-01") + relativedelta(months=3)
        )
        # Learning Together's stages are not on this path, whoever moves it there.
        with self._refused(ValidationError, "Preparation is not a stage of the method SAR in"):
            review.with_user(self.manager).write({"stage_id": self.stage_preparation.id})
        self._move(review, self.stage_decision)
        self._move(review, self.stage_rt_setup)
        # The set-up meeting asks for a record check from every agency on the review.
        self._move(review, self.stage_rt_records, "record check requested of every agency")
        self.assertEqual(
            review.with_user(self.reviewer).stage_next_steps[-1]["method"],
            "action_request_record_checks",
            "the stage panel's link does it",
        )
        review.with_user(self.reviewer).action_request_record_checks()
        requests = review.agency_request_ids
        self.assertEqual(requests.agency_id, self.agency | self.agency_health)
        self.assertIn("Record check for the safeguarding adults review", requests[0].description)
        self.assertEqual(requests[0].due_on, self._today() + relativedelta(days=15))
        with self._refused(UserError, "Agencies involved: every agency .* already has a request"):
            review.with_user(self.reviewer).action_request_record_checks()
        self._move(review, self.stage_rt_records)
        # The record checks answered and a conversation held, as in Learning Together.
        self._move(review, self.stage_rt_analysis, "an answer to every request for records")
        requests.with_user(self.reviewer).write(
            {"state": "received", "received_on": fields.Date.to_string(self._today())}
        )
        self._move(review, self.stage_rt_analysis, "at least one conversation held")
        self._held(review)
        self._move(review, self.stage_rt_analysis)
        # Rapid Time's one analysis meeting with the practitioners.
        self._move(review, self.stage_rt_report, "the analysis meeting with the practitioners")
        self._held(review, kind="case_group")
        self._move(review, self.stage_rt_report)
        self._move(review, self.stage_board_response, "at least one finding")
        self._complete_finding(review).with_user(self.reviewer).action_agree()
        self._move(review, self.stage_board_response)
        self.assertEqual(review.finding_ids.state, "presented", "the shared stage's rule holds")
        review.finding_ids.with_user(self.manager).write(self._board_response_vals())
        self._move(review, self.stage_monitoring)
        review.with_user(self.manager).write(
            {
                "publication_decision": "not_publish",
                "publication_decision_reasons": "The family asked the board not to.",
            }
        )
        self._move(review, self.stage_closed)

    def test_a_child_review_goes_from_notification_to_rapid_review_to_a_local_review(self):
        # A new child review in the form takes the child path.
        form = Form(self.Review.with_user(self.manager))
        form.review_kind = "cspr"
        self.assertEqual(form.method_id, self.method_cspr)
        self.assertEqual(form.stage_id, self.stage_notification)
        form.review_kind = "sar"
        self.assertEqual(form.method_id, self.method_lt)
        review = self.Review.with_user(self.manager).create(
            self._referral_vals(
                review_kind="cspr",
                method_id=self.method_cspr.id,
                lead_reviewer_ids=[Command.set(self.reviewer.ids)],
            )
        )
        self.assertEqual(review.stage_id, self.stage_notification)
        self._move(review, self.stage_rapid_review, "notified to the national panel")
        # The partnership's dates are the managers' to record, not the team's.
        with self._refused(AccessError, "Notified to the national panel on"):
            review.with_user(self.reviewer).write({"notified_on": "2026-03-04"})
        review.with_user(self.manager).notified_on = "2026-03-04"
        self._move(review, self.stage_rapid_review)
        self._move(review, self.stage_preparation, "the rapid review was sent")
        review.with_user(self.manager).write(
            {"rapid_review_sent_on": "2026-03-20", **self._decision_vals()}
        )
        self._move(review, self.stage_preparation)
        self._move(review, self.stage_data_collection, "the questions the review should answer")
        review.with_user(self.manager).write(self._preparation_vals())
        self._move(review, self.stage_data_collection)
        # The notification and the rapid review milestones are done by those dates.
        done = review.milestone_ids.filtered("done_on")
        self.assertEqual(
            sorted(done.mapped("done_on")),
            [fields.Date.to_date("2026-03-04"), fields.Date.to_date("2026-03-20")],
        )
        # A decision not to hold a local review ends on the No review stage.
        other = self.Review.with_user(self.manager).create(
            self._referral_vals(
                review_kind="cspr",
                method_id=self.method_cspr.id,
                notified_on="2026-03-04",
                rapid_review_sent_on="2026-03-20",
                lead_reviewer_ids=[Command.set(self.reviewer.ids)],
                **self._decision_vals("no_review"),
            )
        )
        self._move(other, self.stage_no_review)

    def test_changing_the_method_keeps_what_is_recorded_and_says_where_it_goes(self):
        review = self._ready_review(self.stage_analysis)
        self.assertEqual(review.method_id, self.method_lt)
        self._complete_finding(review)
        conversations = review.conversation_ids
        form = Form(review.with_user(self.manager))
        form.method_id = self.method_rt  # the form warns before saving (onchange)
        review.with_user(self.manager).method_id = self.method_rt
        # Analysis (50) is not on Rapid Time's path: as far as Rapid Time's gates let it walk,
        # here to its set-up meeting (no agency was asked for its record check yet).
        self.assertEqual(review.stage_id, self.stage_rt_setup)
        self.assertEqual(review.conversation_ids, conversations, "nothing recorded is lost")
        self.assertEqual(len(review.finding_ids), 1)
        self._settle()
        note = review.message_ids.filtered(lambda m: "Method changed from" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("It moves from Analysis to Set-up meeting", note.body)
        # With the record checks asked, the same change walks on to the records stage.
        again = self._ready_review(self.stage_analysis)
        again.with_user(self.reviewer).action_request_record_checks()
        again.with_user(self.manager).method_id = self.method_rt
        self.assertEqual(again.stage_id, self.stage_rt_records)
        # A shared stage stays put.
        board = self._ready_review(self.stage_board_response)
        board.with_user(self.manager).method_id = self.method_rt
        self.assertEqual(board.stage_id, self.stage_board_response)
        # Only a manager changes the method: it is the board's decision.
        with self._refused(AccessError, "Method"):
            review.with_user(self.reviewer).method_id = self.method_lt

    def test_the_onchange_names_the_stage_the_review_moves_to(self):
        review = self._ready_review(self.stage_analysis)
        result = review.with_user(self.manager).onchange(
            {"method_id": self.method_rt.id}, ["method_id"], {"method_id": {}, "stage_id": {}}
        )
        self.assertIn("moves to Set-up meeting", result["warning"]["message"])
        self.assertEqual(review.method_id, self.method_lt, "nothing changes until saved")

    def test_the_board_shows_the_paths_of_the_methods_on_it(self):
        lt_review = self._ready_review(self.stage_decision)
        Review = self.Review.with_user(self.manager)

        def columns(domain):
            groups = Review.web_read_group(domain, ["stage_id"], ["stage_id"])["groups"]
            return [g["stage_id"][1] for g in groups]

        lt_only = columns([("method_id", "=", self.method_lt.id)])
        self.assertEqual(lt_only, self.stages.mapped("name"))
        self.assertNotIn("Set-up meeting", lt_only)
        rt_review = self.Review.create(self._referral_vals(method_id=self.method_rt.id))
        # This test's reviews (the demo data holds a child review too).
        both = columns([("id", "in", (lt_review | rt_review).ids)])
        self.assertIn("Set-up meeting", both)
        self.assertIn("Preparation", both)
        self.assertNotIn("Notification", both, "no child review on the board, no child path")
        # A column's quick create gives the new review the method of that stage.
        quick = Review.with_context(default_stage_id=self.stage_rt_setup.id).create(
            self._referral_vals(**self._decision_vals(), **self._preparation_vals())
        )
        self.assertEqual(quick.method_id, self.method_rt)

    def test_a_manager_adds_a_method_and_its_path(self):
        Method = self.env["safeguarding.review.method"]
        with self._refused(AccessError, "not allowed"):
            Method.with_user(self.reviewer).create({"name": "Mine"})
        with self._refused(ValidationError, "Stages: the method Short needs a stage that ends"):
            Method.with_user(self.manager).create(
                {"name": "Short", "stage_ids": [(6, 0, self.stage_referral.ids)]}
            )
        short = Method.with_user(self.manager).create(
            {
                "name": "Short",
                "stage_ids": [
                    (6, 0, (self.stage_referral | self.stage_decision | self.stage_closed).ids)
                ],
            }
        )
        review = self.Review.with_user(self.manager).create(
            self._referral_vals(
                method_id=short.id,
                lead_reviewer_ids=[Command.set(self.reviewer.ids)],
                **self._decision_vals(),
            )
        )
        self._move(review, self.stage_decision)
        # The board's stages follow the path: the decision's gate, then straight to Closed.
        review.with_user(self.manager).write(
            {
                "publication_decision": "not_publish",
                "publication_decision_reasons": "Nothing to publish.",
            }
        )
        self._move(review, self.stage_closed)
        self.assertEqual(Method.with_user(self.board_member).search([("id", "=", short.id)]), short)

    def test_a_childrens_partnership_runs_its_own_path_by_default(self):
        self.env.company.safeguarding_default_method_id = self.method_cspr
        review = self.Review.with_user(self.manager).create(self._referral_vals(review_kind="cspr"))
        self.assertEqual(review.method_id, self.method_cspr)
        self.assertEqual(review.stage_id, self.stage_notification)
        # The board opens on that path (the menu's and the demo users' entry).
        board = self.env.ref("safeguarding_review.safeguarding_review_action_board")
        action = board.with_user(self.board_member).run()
        self.assertEqual(action["res_model"], "safeguarding.review")
        self.assertEqual(action["context"], {"searchpanel_default_method_id": self.method_cspr.id})
        self.assertEqual(board.path, "safeguarding-reviews")
