from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SafeguardingReviewCase

EVIDENCE = "<p>Procedure v3 published; the audit is attached.</p>"


@tagged("post_install", "-at_install")
class TestActionEvidence(SafeguardingReviewCase):
    """Assurance of actions: done counts once a manager or the finding's lead accepts the
    evidence; a refusal goes back to the owner with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_monitoring,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            team_member_ids=[Command.set([cls.other_reviewer.id])],
        )
        cls.finding = cls.review.finding_ids
        cls.owner = cls.employee  # an agency's manager with no role in the app

    def _action(self, owner=None):
        return self.env["safeguarding.action"].create(
            {
                "finding_id": self.finding.id,
                "name": "Publish the discharge procedure",
                "owner_id": (owner or self.owner).id,
                "due_date": "2027-03-01",
                "status": "in_progress",
            }
        )

    def _lead_todos(self, action):
        kind = self.env.ref("safeguarding_review.mail_activity_type_evidence_to_accept")
        return action.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_the_finding_lead_is_the_first_lead_reviewer(self):
        self.assertEqual(self.finding.lead_id, self.reviewer)

    def test_the_owner_submits_and_the_lead_accepts(self):
        action = self._action()
        as_owner = action.with_user(self.owner)
        self.assertFalse(as_owner.may_accept, "nobody accepts their own")
        with self._refused(UserError, r"^Evidence of completion"):
            as_owner.action_done()
        as_owner.evidence = EVIDENCE
        as_owner.action_done()
        self.assertEqual(action.status, "submitted")
        self.assertFalse(action.done_date, "not done until accepted")
        self.assertEqual(self._lead_todos(action).user_id, self.reviewer, "the lead is asked")
        with self._refused(AccessError, r"^Status: an action is done once"):
            as_owner.write({"status": "done"})
        with self._refused(AccessError, r"accepts or refuses the evidence"):
            as_owner.action_accept_evidence()
        member = action.with_user(self.other_reviewer)
        self.assertFalse(member.may_accept, "a team member who is not the finding's lead")
        with self._refused(AccessError, r"accepts or refuses the evidence"):
            member.action_accept_evidence()

        lead = action.with_user(self.reviewer)
        self.assertTrue(lead.may_accept)
        lead.action_accept_evidence()
        self.assertEqual((action.status, action.accepted_by_id), ("done", self.reviewer))
        self.assertTrue(action.done_date)
        self.assertFalse(self._lead_todos(action), "the lead's to-do is done with")
        self._settle()
        tracked = action.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "accepted_by_id"
        )
        self.assertEqual(tracked.new_value_char, self.reviewer.name)

    def test_a_refusal_goes_back_to_the_owner_with_the_reason(self):
        action = self._action()
        action.with_user(self.owner).write({"evidence": EVIDENCE})
        action.with_user(self.owner).action_done()
        manager = action.with_user(self.manager)
        wizard_action = manager.action_refuse_evidence()
        self.env["safeguarding.reason.wizard"].with_user(self.manager).with_context(
            **wizard_action["context"]
        ).create({"reason": "The audit is of the old procedure."}).action_confirm()
        self.assertEqual(action.status, "in_progress")
        self.assertEqual(action.refusal_reason, "The audit is of the old procedure.")
        todo = action.activity_ids.filtered(lambda a: a.summary == "Evidence refused")
        self.assertEqual(todo.user_id, self.owner)
        self.assertIn("old procedure", todo.note)
        self.assertFalse(self._lead_todos(action))
        # The owner sees why, on the action they may read.
        self.assertEqual(
            action.with_user(self.owner).read(["refusal_reason"])[0]["refusal_reason"],
            "The audit is of the old procedure.",
        )
        with self._refused(UserError, r"read-only"):
            action.with_user(self.owner).write({"refusal_reason": "Never mind"})

    def test_a_manager_does_not_accept_their_own_and_the_wizard_checks(self):
        action = self._action(owner=self.manager)
        action.with_user(self.manager).write({"evidence": EVIDENCE})
        action.with_user(self.manager).action_done()
        self.assertEqual(action.status, "submitted", "not accepted by its own owner")
        wizard = self.env["safeguarding.reason.wizard"].with_user(self.other_reviewer)
        with self._refused(AccessError, r"accepts or refuses the evidence"):
            wizard.create(
                {"purpose": "refuse_evidence", "res_id": action.id, "reason": "Not me"}
            ).action_confirm()
        action.with_user(self.reviewer).action_accept_evidence()
        self.assertEqual(action.accepted_by_id, self.reviewer)

    def test_a_lead_marks_done_at_once_and_closing_waits_for_acceptance(self):
        action = self._action()
        action.write({"evidence": EVIDENCE})
        action.with_user(self.reviewer).action_done()
        self.assertEqual(action.status, "done", "the lead's own mark is the acceptance")
        waiting = self._action()
        waiting.with_user(self.owner).write({"evidence": EVIDENCE})
        waiting.with_user(self.owner).action_done()
        self.finding.write(self._board_response_vals())
        self.assertIn("the evidence of 1 action(s) accepted", self.review.stage_missing)
        self.assertIn(
            waiting,
            self.env["safeguarding.action"].search([("rag", "in", ("red", "amber", "green"))]),
        )
