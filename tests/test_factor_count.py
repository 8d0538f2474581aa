from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestFactorCount(SafeguardingReviewCase):
    """The board's factor analysis: counts of the factors of the reviews that reached it,
    by category, level and influence, and nothing a factor says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = [Command.set([cls.reviewer.id])]
        cls.at_board = cls._ready_review(cls.stage_board_response, lead_reviewer_ids=team)
        cls.in_analysis = cls._ready_review(cls.stage_analysis, lead_reviewer_ids=team)
        local = cls.env.ref("safeguarding_review.factor_scie_local_strategic")
        team_cat = cls.env.ref("safeguarding_review.factor_scie_team")
        for review, categories in (
            (cls.at_board, [local, local, team_cat]),
            (cls.in_analysis, [team_cat]),
        ):
            episode = cls.env["safeguarding.episode"].create(
                {"review_id": review.id, "name": "Discharge"}
            )
            cls.env["safeguarding.factor"].create(
                [
                    {
                        "episode_id": episode.id,
                        "category_id": category.id,
                        "description": "CONFIDENTIAL-FACTOR-TEXT",
                    }
                    for category in categories
                ]
            )
        cls.env.flush_all()

    def _counts(self, user):
        Count = self.env["safeguarding.factor.count"].with_user(user)
        groups = Count.read_group(
            [("review_id", "in", (self.at_board | self.in_analysis).ids)],
            ["__count"],
            ["review_id", "level"],
            lazy=False,
        )
        return {(g["review_id"][0], g["level"]): g["__count"] for g in groups}

    def test_the_board_counts_the_factors_of_the_reviews_at_the_board(self):
        self.assertEqual(
            self._counts(self.board_member),
            {(self.at_board.id, "local_strategic"): 2, (self.at_board.id, "frontline"): 1},
            "the review still in analysis is the team's",
        )
        self.assertEqual(len(self._counts(self.reviewer)), 3, "the team counts its own too")
        with self.assertRaises(AccessError):
            self.env["safeguarding.factor"].with_user(self.board_member).search([])

    def test_nothing_a_factor_says_reaches_the_board(self):
        Count = self.env["safeguarding.factor.count"].with_user(self.board_member)
        self.assertFalse({"description", "episode_id", "agency_id"} & set(Count._fields))
        rows = Count.search_read([], list(Count._fields))
        self.assertTrue(rows)
        self.assertNotIn("CONFIDENTIAL-FACTOR-TEXT", str(rows))

    def test_the_count_is_one_grouped_query(self):
        self._counts(self.board_member)
        with self.assertQueryCount(4):
            self.env.invalidate_all()
            self._counts(self.board_member)
