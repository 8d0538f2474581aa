from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestNextSteps(SafeguardingReviewCase):
    """The review's form leads to the next step: each missing item says where it is done,
    the form opens on the stage's tab, and the board reads guidance of its own."""

    def test_each_missing_item_says_where_it_is_done(self):
        review = self._ready_review(self.stage_decision)
        review.write(self._decision_vals())
        review.stage_id = self.stage_preparation
        steps = review.with_user(self.manager).stage_next_steps
        self.assertEqual(
            [(s["page"], s["method"]) for s in steps],
            [("team", None)] * 3,
            "the lead reviewer, the questions and an agency: all on the team tab",
        )
        self.assertEqual(steps[0]["text"], "a lead reviewer, Review team and agencies tab")

        collecting = self._ready_review(
            self.stage_data_collection, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        ).with_user(self.reviewer)
        [step] = collecting.stage_next_steps
        self.assertEqual(step["method"], "action_open_conversations")
        action = getattr(collecting, step["method"])()
        self.assertEqual(action["res_model"], "safeguarding.conversation")
        self.assertIn("Plan a conversation", action["help"], "the empty list says what to do")
        self.assertEqual(collecting.stage_form_page, "team")

    def test_the_board_reads_its_own_guidance_not_the_teams_steps(self):
        review = self._ready_review(self.stage_board_response)
        as_board = review.with_user(self.board_member)
        self.assertIn(
            "The review team's findings are ready for the board", as_board.stage_board_guidance
        )
        self.assertEqual(as_board.stage_form_page, "board")
        with self.assertRaises(AccessError):
            as_board.read(["stage_next_steps"])

    def test_record_the_response_opens_on_the_response(self):
        review = self._ready_review(self.stage_board_response)
        action = review.finding_ids.with_user(self.manager).action_record_response()
        self.assertEqual(action["res_id"], review.finding_ids.id)
        self.assertEqual(action["context"]["sg_page"], "board_response")
        arch = self.env["safeguarding.review"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Change the response", arch, "said once the response is recorded")

    def test_the_smart_buttons_follow_the_method(self):
        arch = (
            self.env["safeguarding.review"]
            .with_user(self.reviewer)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        box = arch[arch.index('name="button_box"') : arch.index('name="web_ribbon"')]
        order = [
            name
            for name in ("action_open_findings", "action_open_episodes", "action_open_participants")
            if name in box
        ]
        self.assertEqual(len(order), 3)
        self.assertLess(box.index("action_open_findings"), box.index("action_open_participants"))
        findings = box[box.index("action_open_findings") :].split(">")[0]
        self.assertIn("stage_form_page in ('referral', 'decision', 'team')", findings)

    def test_the_upgrade_fills_new_stage_fields_and_keeps_a_managers(self):
        board, closed = self.stage_board_response, self.stage_closed
        board.write({"form_page": False, "board_guidance": False})
        closed.form_page = "analysis"  # a manager's choice
        self.env["safeguarding.review.stage"]._upgrade_fill_from_data(
            {"form_page", "board_guidance"}
        )
        self.assertEqual(board.form_page, "board", "from the shipped data file")
        self.assertIn("findings are ready for the board", board.board_guidance)
        self.assertEqual(closed.form_page, "analysis", "what a manager set stays")
