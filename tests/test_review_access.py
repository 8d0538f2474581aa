from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestReviewAccess(SafeguardingReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        adult = cls.env["res.partner"].create({"name": "Real Name Of Adult"})
        # One review per place a role may or may not reach.
        cls.led = cls._ready_review(
            cls.stage_analysis,
            title="Led by the reviewer",
            adult_partner_id=adult.id,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
        )
        cls.on_team = cls._ready_review(
            cls.stage_preparation,
            title="Reviewer on the team",
            team_member_ids=[Command.set([cls.reviewer.id])],
        )
        cls.foreign = cls._ready_review(
            cls.stage_data_collection,
            title="Another team's review",
            lead_reviewer_ids=[Command.set([cls.other_reviewer.id])],
        )
        cls.at_board = cls._ready_review(
            cls.stage_board_response,
            title="At the board",
            lead_reviewer_ids=[Command.set([cls.other_reviewer.id])],
        )
        cls.mine = cls.led | cls.on_team | cls.foreign | cls.at_board

    def _visible(self, user):
        return self.Review.with_user(user).search([("id", "in", self.mine.ids)])

    def test_manager_sees_and_changes_every_review(self):
        self.assertEqual(self._visible(self.manager), self.mine)
        self.foreign.with_user(self.manager).title = "Renamed by the manager"
        self.assertEqual(self.foreign.title, "Renamed by the manager")

    def test_reviewer_sees_only_their_reviews_and_the_board_stage(self):
        # A reviewer is also a board member (the roles form a chain), so reviews at the
        # board are readable; other teams' reviews in progress are not.
        self.assertEqual(self._visible(self.reviewer), self.led | self.on_team | self.at_board)
        self.on_team.with_user(self.reviewer).title = "Written by the team"
        self.assertEqual(self.on_team.title, "Written by the team")
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.reviewer).read(["title"])
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.reviewer).title = "Not mine"
        with self.assertRaises(AccessError):
            self.at_board.with_user(self.reviewer).title = "Read-only at the board"
        with self.assertRaises(AccessError):
            self.on_team.with_user(self.reviewer).unlink()

    def test_reviewer_not_on_any_team_finds_no_review_in_progress(self):
        stranger = self.other_reviewer
        self.at_board.lead_reviewer_ids = self.manager
        self.foreign.lead_reviewer_ids = self.manager
        self.env.flush_all()  # the rules read the stored member set, as the next request would
        self.assertEqual(self._visible(stranger), self.at_board)
        self.assertFalse(
            self.Review.with_user(stranger).search(
                [("id", "in", self.mine.ids), ("stage_id.board_visible", "=", False)]
            )
        )

    def test_referrals_are_recorded_by_managers(self):
        with self.assertRaises(AccessError):
            self.Review.with_user(self.reviewer).create(
                self._referral_vals(lead_reviewer_ids=[Command.set([self.reviewer.id])])
            )
        review = self.Review.with_user(self.manager).create(self._referral_vals())
        self.assertTrue(review.name.startswith("SAR-"))

    def test_board_member_reads_reviews_at_the_board_and_writes_nothing(self):
        self.assertEqual(self._visible(self.board_member), self.at_board)
        columns = self.Review.with_user(self.board_member).web_read_group(
            [], ["__count"], ["stage_id"]
        )["groups"]
        self.assertEqual(
            {g["stage_id"][0] for g in columns},
            set(self.stages.filtered("board_visible").ids),
            "the board member's board shows only the stages the board sees",
        )
        review = self.at_board.with_user(self.board_member)
        self.assertEqual(review.read(["title"])[0]["title"], "At the board")
        with self.assertRaises(AccessError):
            review.title = "Changed by the board"
        with self.assertRaises(AccessError):
            self.led.with_user(self.board_member).read(["title"])
        with self.assertRaises(AccessError):
            self.Review.with_user(self.board_member).create(self._referral_vals())

    def test_real_identity_of_the_adult_is_for_the_review_team_only(self):
        self.assertEqual(
            self.led.with_user(self.reviewer).adult_partner_id.name, "Real Name Of Adult"
        )
        self._complete_finding(self.led).action_agree()
        self.led.stage_id = self.stage_board_response
        with self.assertRaises(AccessError):
            self.led.with_user(self.board_member).read(["adult_partner_id"])
        fields = self.Review.with_user(self.board_member).fields_get()
        self.assertNotIn("adult_partner_id", fields)

    def test_users_outside_the_app_reach_nothing(self):
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.Review.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.at_board.with_user(user).read(["title"])

    def test_attachments_follow_the_review(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "chronology.txt",
                "raw": b"Agency chronology",
                "res_model": "safeguarding.review",
                "res_id": self.foreign.id,
            }
        )
        self.assertEqual(attachment.with_user(self.other_reviewer).raw, b"Agency chronology")
        with self.assertRaises(AccessError):
            attachment.with_user(self.reviewer).read(["raw"])

    def test_companies_keep_their_reviews_apart(self):
        other_company = self.env["res.company"].create({"name": "Southshire SAB"})
        theirs = self._ready_review(self.stage_referral, company_id=other_company.id)
        self.assertFalse(self.Review.with_user(self.manager).search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).read(["title"])

    def test_only_managers_configure_stages_and_gates(self):
        for model in ("safeguarding.review.stage", "safeguarding.review.gate"):
            records = self.env[model].search([], limit=1)
            self.assertTrue(records.with_user(self.board_member).read(["name"]))
            with self.assertRaises(AccessError):
                records.with_user(self.reviewer).name = "Renamed"
            records.with_user(self.manager).name = "Renamed"
            self.assertEqual(records.name, "Renamed")
