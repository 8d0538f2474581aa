from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase

REVIEWER = "safeguarding_review.group_reviewer"
MANAGER = "safeguarding_review.group_manager"


@tagged("post_install", "-at_install")
class TestGroupAnswers(SafeguardingReviewCase):
    """A user's answer to a set of groups is kept with Odoo's caches of their groups
    (res_users.py): it follows every change of the user's groups and of the groups, at once,
    and what a field's groups hide stays hidden."""

    def _asks(self, user, spec):
        return self.env(user=user).user.has_groups(spec)

    def test_answers_follow_the_users_groups(self):
        user = self.employee
        for _twice in range(2):
            self.assertFalse(self._asks(user, REVIEWER))
        user.groups_id = [Command.link(self.env.ref(REVIEWER).id)]
        self.assertTrue(self._asks(user, REVIEWER))
        self.assertTrue(self._asks(user, f"{MANAGER},{REVIEWER}"))
        self.assertFalse(self._asks(user, f"{REVIEWER},!base.group_user"))
        user.groups_id = [Command.unlink(self.env.ref(REVIEWER).id)]
        self.assertFalse(self._asks(user, REVIEWER))

    def test_answers_follow_the_groups_implied(self):
        extra = self.env["res.groups"].create({"name": "Case group chairs (test)"})
        xmlid = "safeguarding_review.test_group_chairs"
        self.env["ir.model.data"].create(
            {
                "module": "safeguarding_review",
                "name": "test_group_chairs",
                "model": "res.groups",
                "res_id": extra.id,
            }
        )
        self.assertFalse(self._asks(self.reviewer, xmlid))
        self.env.ref(REVIEWER).implied_ids = [Command.link(extra.id)]
        self.assertTrue(self._asks(self.reviewer, xmlid))

    def test_a_fields_groups_still_hide_it(self):
        Review = self.Review.with_user(self.board_member)
        review = self._ready_review(self.stage_board_response)
        for _twice in range(2):
            with self.assertRaises(AccessError):
                Review.browse(review.id).read(["stage_missing"])  # the reviewers' field
        self.board_member.groups_id = [Command.link(self.env.ref(REVIEWER).id)]
        self.assertIn("stage_missing", Review.browse(review.id).read(["stage_missing"])[0])

    def test_another_users_groups_are_asked_as_odoo_asks(self):
        # A portal user may not ask about another user's groups; about their own, yes.
        portal = self.env(user=self.portal)
        with self.assertRaises(AccessError):
            portal["res.users"].browse(self.manager.id).has_groups(MANAGER)
        self.assertFalse(portal.user.has_groups(MANAGER))
        # Asked about someone else by an internal user: Odoo's answer.
        self.assertTrue(
            self.env(user=self.employee)["res.users"].browse(self.manager.id).has_groups(MANAGER)
        )
