from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.models import BaseModel
from odoo.tests import tagged

from ..models.safeguarding_read_scope import SCOPE, known_readable, read_scope
from .common import SafeguardingReviewCase
from .test_review_performance import BOARD_CARD_SPEC


@tagged("post_install", "-at_install")
class TestReadScope(SafeguardingReviewCase):
    """Within one read of the web client, the records it read under their rules in SQL are
    not checked again in Python (safeguarding_read_scope); every other record is, and the
    scope holds for that user, in that context, until anything is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = {"lead_reviewer_ids": [Command.set(cls.reviewer.ids)]}
        cls.mine = cls._ready_review(cls.stage_analysis, **team)
        cls.theirs = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set(cls.other_reviewer.ids)]
        )
        cls.spec = {
            name: spec
            for name, spec in BOARD_CARD_SPEC.items()
            if cls.Review.with_user(cls.reviewer)
            ._fields[name]
            .is_accessible(cls.env(user=cls.reviewer))
        }

    def _rule_checks(self, function):
        """How many times Odoo tested records of a review against a domain in Python
        (the record rules' check, _check_access) while ``function`` ran, and its result."""
        with patch.object(
            BaseModel, "filtered_domain", autospec=True, side_effect=BaseModel.filtered_domain
        ) as spy:
            result = function()
        reviews = [call for call in spy.call_args_list if call.args[0]._name == self.Review._name]
        return len(reviews), result

    def test_a_page_read_under_the_rules_is_not_checked_again(self):
        Review = self.Review.with_user(self.reviewer)
        domain = [("id", "in", (self.mine | self.theirs).ids)]
        checks, page = self._rule_checks(lambda: Review.web_search_read(domain, self.spec))
        self.assertEqual([r["id"] for r in page["records"]], self.mine.ids)
        self.assertEqual(checks, 0)
        # Outside a read of the web client, Odoo's check as before.
        checks, _read = self._rule_checks(lambda: self.mine.with_user(self.reviewer).read(["name"]))
        self.assertGreater(checks, 0)
        self.assertIsNone(getattr(self.env.cr, SCOPE, None))

    def test_a_form_read_under_the_rules_is_not_checked_again(self):
        mine = self.mine.with_user(self.reviewer)
        self.env.invalidate_all()  # as a request of the web client starts
        checks, values = self._rule_checks(lambda: mine.web_read(self.spec))
        self.assertEqual(values[0]["id"], self.mine.id)
        self.assertEqual(checks, 0)

    def test_what_the_read_did_not_read_is_still_refused(self):
        theirs = self.theirs.with_user(self.reviewer)
        with self.assertRaises(AccessError):
            theirs.web_read(self.spec)
        with self.assertRaises(AccessError):
            (self.mine | self.theirs).with_user(self.reviewer).web_read(self.spec)
        Review = self.Review.with_user(self.reviewer)
        with read_scope(Review.env):
            Review.search([("id", "in", (self.mine | self.theirs).ids)])
            self.assertTrue(known_readable(self.mine.with_user(self.reviewer)))
            self.assertFalse(known_readable(theirs))
            self.assertFalse(known_readable(self.mine | self.theirs))
            with self.assertRaises(AccessError):
                theirs.check_access("read")
            # Another user, another context of the rules: checked as always.
            self.assertFalse(known_readable(self.mine.with_user(self.other_reviewer)))
            with self.assertRaises(AccessError):
                self.mine.with_user(self.other_reviewer).check_access("read")
            other = self.mine.with_user(self.reviewer).with_context(
                allowed_company_ids=[*self.env.company.ids, 0]
            )
            self.assertFalse(known_readable(other))

    def test_superuser_reads_and_writes_prove_nothing(self):
        Review = self.Review.with_user(self.reviewer)
        theirs = self.theirs.with_user(self.reviewer)
        with read_scope(Review.env):
            Review.sudo().search([("id", "in", self.theirs.ids)])  # no rule applies
            self.assertFalse(known_readable(theirs))
            with self.assertRaises(AccessError):
                theirs.check_access("read")
            Review.search([("id", "=", self.mine.id)])
            self.assertTrue(known_readable(self.mine.with_user(self.reviewer)))
            # A write: what was read under the rules may hold no more.
            self.mine.with_user(self.reviewer).write({"title": "Renamed in the scope"})
            self.assertFalse(known_readable(self.mine.with_user(self.reviewer)))

    def test_any_write_through_the_orm_forgets(self):
        # A user's groups are res.users', not the app's: written in the middle of a read,
        # what it found readable is checked again.
        mine = self.mine.with_user(self.reviewer)
        with read_scope(mine.env):
            mine.env["safeguarding.review"].search([("id", "=", self.mine.id)])
            self.assertTrue(known_readable(mine))
            group = self.env.ref("safeguarding_review.group_reviewer")
            self.reviewer.write({"groups_id": [Command.unlink(group.id)]})
            self.assertFalse(known_readable(mine))
            with self.assertRaises(AccessError):
                mine.check_access("read")

    def test_a_fetch_of_what_was_read_still_checks_the_fields(self):
        # Read under the rules in the scope, a review's columns are fetched without them,
        # but a field the reader may not read is refused as Odoo's fetch refuses it.
        mine = self.mine.with_user(self.reviewer)
        with read_scope(mine.env):
            mine.env["safeguarding.review"].search([("id", "=", self.mine.id)])
            mine.invalidate_recordset()
            self.assertTrue(known_readable(mine))
            with self.assertRaises(AccessError):
                mine.fetch(["children_counts"])  # the managers' field
            mine.fetch(["title", "target_date"])
            self.assertEqual(mine.title, self.mine.title)

    def test_no_model_checks_access_below_the_mixin(self):
        # The scope goes from the mixin straight to Odoo's check of the access rights: a
        # check of a model's own defined after the mixin would be skipped.
        for name, model in self.env.registry.models.items():
            if not name.startswith("safeguarding.") or model._abstract:
                continue
            mro = type(self.env[name]).__mro__
            own = [cls for cls in mro if "_check_access" in vars(cls)]
            with self.subTest(model=name):
                self.assertEqual(
                    [cls.__qualname__ for cls in own],
                    ["SafeguardingCompiledRulesMixin", "BaseModel"],
                )

    def test_the_rules_that_changed_are_checked_after_the_read(self):
        # The reviewer leaves the team between two reads: the second refuses the review.
        mine = self.mine.with_user(self.reviewer)
        self.assertEqual(mine.web_read({"name": {}})[0]["name"], self.mine.name)
        self.mine.write({"lead_reviewer_ids": [Command.set(self.other_reviewer.ids)]})
        mine.invalidate_recordset()
        with self.assertRaises(AccessError):
            mine.web_read({"name": {}})
