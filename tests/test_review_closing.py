from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestReviewClosing(SafeguardingReviewCase):
    """States follow the stages, to-dos close with their stage, and a closed review is
    read-only until a manager reopens it with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = {"lead_reviewer_ids": [Command.set([cls.reviewer.id])]}

    def _todo(self, review, summary, user=None):
        return review.activity_schedule(
            "mail.mail_activity_data_todo", summary=summary, user_id=(user or self.reviewer).id
        )

    def test_reaching_the_board_presents_the_findings(self):
        review = self._ready_review(self.stage_findings, **self.team)
        finding = self._complete_finding(review)
        finding.with_user(self.reviewer).action_agree()
        review.with_user(self.reviewer).stage_id = self.stage_board_response
        self.assertEqual(finding.state, "presented", "the board read it: presented")
        review.with_user(self.reviewer).stage_id = self.stage_findings
        self.assertEqual(finding.state, "presented", "moving back does not unpresent it")

    def test_to_dos_close_with_their_stage(self):
        review = self._ready_review(self.stage_preparation, **self._preparation_vals())
        plan = self.stage_preparation.activity_plan_id
        step = plan.template_ids[0]
        planned = review.activity_schedule(
            activity_type_id=step.activity_type_id.id,
            summary=step.summary,
            user_id=self.reviewer.id,
        )
        own = self._todo(review, "Book the room for the case group")
        review.with_user(self.reviewer).stage_id = self.stage_data_collection
        self.assertFalse(planned.exists(), "the Preparation step closed with Preparation")
        self.assertTrue(own.exists(), "a to-do of the team's own stays")
        note = review.message_ids.filtered(lambda m: "Closed with the stage" in (m.body or ""))
        self.assertIn(step.summary, note.body)
        self.assertIn("Reviewer", note.body, "whose to-do it was")

    def test_closing_closes_every_to_do_and_locks_the_review(self):
        review = self._ready_review(self.stage_closed, **self.team)
        reopened = review.with_user(self.manager)
        reopened._reopen("Reopened to test the lock")
        todo = self._todo(review, "Send the report to the family")
        finding = review.finding_ids
        reopened.stage_id = self.stage_closed
        self.assertFalse(todo.exists(), "nothing is left to do on a closed review")

        for user in (self.reviewer, self.manager):
            as_user = review.with_user(user)
            with self._refused(UserError, r"is closed, and read-only"):
                as_user.write({"title": "A new title"})
            with self._refused(UserError, r"is closed, and read-only with everything in it"):
                finding.with_user(user).write({"name": "Reworded after closing"})
            with self._refused(UserError, r"is closed, and read-only with everything in it"):
                self.env["safeguarding.episode"].with_user(user).create(
                    {"review_id": review.id, "name": "Added after closing"}
                )
            with self._refused(UserError, r"is closed, and read-only with everything in it"):
                finding.question_ids.with_user(user).unlink()
        self.assertNotEqual(review.title, "A new title")
        self.assertEqual(len(finding.question_ids), 1, "nothing was deleted")
        # The chatter stays open (a note on the closed review), and a manager may archive it.
        review.with_user(self.reviewer).message_post(body="Published on the board's website.")
        review.with_user(self.manager).active = False
        self.assertFalse(review.active)

    def test_only_a_manager_reopens_and_says_why(self):
        review = self._ready_review(self.stage_closed, **self.team)
        Wizard = self.env["safeguarding.reason.wizard"]
        with self._refused(AccessError, r"only a manager of the board reopens"):
            review.with_user(self.reviewer).write(
                {"stage_id": self.stage_monitoring.id, "reopen_reason": "I want to"}
            )
        wizard = Wizard.with_user(self.reviewer).create(
            {"purpose": "reopen", "res_id": review.id, "reason": "I want to"}
        )
        with self._refused(AccessError, r"only a manager of the board reopens"):
            wizard.action_confirm()
        with self._refused(UserError, r"^Reason for reopening"):
            review.with_user(self.manager).write(
                {"stage_id": self.stage_monitoring.id, "reopen_reason": "  "}
            )
        self.assertEqual(review.stage_id, self.stage_closed)

        action = review.with_user(self.manager).action_reopen()
        self.assertEqual(action["res_model"], "safeguarding.reason.wizard")
        wizard = (
            Wizard.with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "The coroner asked for the action plan again"})
        )
        wizard.action_confirm()
        self.assertEqual(review.stage_id, self.stage_monitoring, "back to its last working stage")
        self.assertFalse(review.closed_date)
        review.with_user(self.reviewer).title = "Editable again"
        self._settle()
        tracked = review.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "reopen_reason"
        )
        self.assertEqual(tracked.new_value_text, "The coroner asked for the action plan again")

    def test_the_closed_form_is_read_only(self):
        view = self.Review.with_user(self.manager).get_views([(False, "form")])["views"]["form"]
        arch = etree.fromstring(view["arch"])
        title = arch.xpath("//field[@name='title']")[0]
        self.assertEqual((title.get("readonly"), title.get("force_save")), ("stage_is_closed", "1"))
        referral = arch.xpath("//field[@name='referral_date']")[0]
        self.assertEqual(
            referral.get("readonly"), "(not is_safeguarding_manager) or stage_is_closed"
        )
        days = arch.xpath("//field[@name='days_to_target']")[0]
        self.assertIsNone(days.get("readonly"), "computed: read-only by its definition")
        self.assertTrue(arch.xpath("//button[@name='action_reopen']"), "the way out")

    def test_no_review_asks_for_the_decision_not_for_the_actions(self):
        review = self._ready_review(self.stage_monitoring, **self.team)
        self.env["safeguarding.action"].create(
            {
                "finding_id": review.finding_ids.id,
                "name": "Still open",
                "owner_id": self.employee.id,
                "due_date": "2027-01-01",
            }
        )
        with self._refused(ValidationError, r"a decision not to review") as caught:
            review.with_user(self.manager).stage_id = self.stage_no_review
        self.assertNotIn("every action done", str(caught.exception), "the other path's gate")
        self.assertEqual(review.stage_id, self.stage_monitoring)
