from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestBoardView(SafeguardingReviewCase):
    """What a board member reads of a review at the board: its messages that are not the
    team's internal notes, and no to-do of the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_board_response, lead_reviewer_ids=[(6, 0, [cls.reviewer.id])]
        )
        cls.note = cls.review.message_post(
            body="Team note: the GP was hard to reach.", subtype_xmlid="mail.mt_note"
        )
        cls.comment = cls.review.message_post(
            body="The findings report goes to the September board.",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        cls.todo = cls.review.activity_schedule(
            "mail.mail_activity_data_todo", summary="Chase the GP", user_id=cls.reviewer.id
        )

    def test_the_board_reads_the_review_not_the_teams_notes(self):
        self.env.invalidate_all()  # as a new request: nothing read as superuser above
        as_board = self.review.with_user(self.board_member)
        messages = as_board.message_ids
        self.assertIn(self.comment, messages)
        self.assertNotIn(self.note, messages, "the team's note")
        fetched = (
            self.env["mail.message"]
            .with_user(self.board_member)
            ._message_fetch(
                [("model", "=", "safeguarding.review"), ("res_id", "=", self.review.id)]
            )["messages"]
        )
        self.assertNotIn(self.note, fetched, "what the chatter fetches")
        self.assertFalse(as_board.activity_ids, "the team's to-dos")

    def test_the_todo_state_searched_and_grouped_as_computed(self):
        """The board's late filter and its progress bar (a search and a group-by on the
        state, in SQL) agree with the state each card shows (computed in Python)."""
        today = fields.Date.context_today(self.review)
        reviews = self.review
        for days in (-3, 0, 4, None):
            review = self._ready_review(
                self.stage_board_response, lead_reviewer_ids=[(6, 0, [self.reviewer.id])]
            )
            if days is not None:
                review.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today + timedelta(days=days),
                    user_id=self.reviewer.id,
                )
            reviews |= review
        for user in (self.manager, self.reviewer, self.board_member):
            Review = self.env["safeguarding.review"].with_user(user)
            mine = Review.browse(reviews.ids)
            shown = {review.id: review.activity_state for review in mine}
            with self.subTest(user=user.login):
                # The team sees its to-dos' states; a board member, none of them.
                if user == self.board_member:
                    self.assertEqual(set(shown.values()), {False})
                else:
                    self.assertEqual(set(shown.values()), {"overdue", "today", "planned", False})
                for state in ("overdue", "today", "planned", False):
                    found = Review.search(
                        [("id", "in", reviews.ids), ("activity_state", "=", state)]
                    )
                    self.assertEqual(
                        set(found.ids), {i for i, s in shown.items() if s == state}, state
                    )
                groups = Review.read_group(
                    [("id", "in", reviews.ids)], ["__count"], ["activity_state"]
                )
                counted = {g["activity_state"]: g["activity_state_count"] for g in groups}
                expected = {}
                for state in shown.values():
                    expected[state] = expected.get(state, 0) + 1
                self.assertEqual(counted, expected)

    def test_the_team_reads_everything(self):
        as_team = self.review.with_user(self.reviewer)
        self.assertIn(self.note, as_team.message_ids)
        self.assertIn(self.todo, as_team.activity_ids)

    def test_the_demo_users_land_on_the_reviews_board(self):
        # The README's walk logs in as each demo user: the board, not Discuss, comes first.
        board = self.env.ref("safeguarding_review.safeguarding_review_action_board")
        for xmlid in (
            "user_reviewer_priya_demo",
            "user_reviewer_tom_demo",
            "user_board_grace_demo",
        ):
            with self.subTest(user=xmlid):
                user = self.env.ref(f"safeguarding_review.{xmlid}")
                self.assertEqual(user.action_id.id, board.id)
                self.assertTrue(user.has_group("safeguarding_review.group_board_member"))
        # The walk's first and last steps are admin's (the board) and the owner's (his actions).
        self.assertEqual(self.env.ref("base.user_admin").action_id.id, board.id)
        owner = self.env.ref("safeguarding_review.user_owner_sam_demo")
        self.assertEqual(
            owner.action_id.id,
            self.env.ref("safeguarding_review.safeguarding_action_action_mine").id,
        )
