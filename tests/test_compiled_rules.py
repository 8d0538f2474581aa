from unittest.mock import patch

from odoo import Command
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools.query import Query

from ..models.ir_rule import _compilable, _Compiled
from ..models.safeguarding_compiled_rules_mixin import SafeguardingCompiledRulesMixin
from ..models.safeguarding_prefetch import columns_sql
from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestCompiledRules(SafeguardingReviewCase):
    """Record rules compiled once (ir.rule._apply_compiled): the SQL a query gets is the SQL
    Odoo compiles, for every role and model, and it follows the rules, the users and the
    companies as they change; and the columns' SQL kept (prefetch.columns_sql)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set(cls.reviewer.ids)]
        )
        cls.theirs = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set(cls.other_reviewer.ids)]
        )
        cls.roles = (cls.manager, cls.reviewer, cls.other_reviewer, cls.board_member)

    def _odoo_where(self, model):
        """The rules' SQL as Odoo compiles it, each time."""
        query = Query(model.env, model._table, model._table_sql)
        domain = model.env["ir.rule"]._compute_domain(model._name, "read")
        if domain:
            expression.expression(domain, model.sudo(), model._table, query)
        return query.where_clause

    def _where(self, model):
        query = Query(model.env, model._table, model._table_sql)
        model._apply_ir_rules(query, "read")
        return query.where_clause

    def test_the_sql_is_odoos_for_every_model_and_role(self):
        # Every model of the app compiles its rules once (safeguarding.compiled.rules.mixin).
        names = [
            name
            for name, model in self.env.registry.models.items()
            if name.startswith("safeguarding.") and not model._abstract
        ]
        self.assertIn("safeguarding.review", names)
        for name in names:
            self.assertIsInstance(self.env[name], SafeguardingCompiledRulesMixin, name)
        for user in (*self.roles, self.employee):
            for name in names:
                model = self.env[name].with_user(user)
                with self.subTest(user=user.login, model=name):
                    first = self._where(model)
                    again = self._where(model)  # from the cache
                    self.assertEqual(first, self._odoo_where(model))
                    self.assertEqual(again, first)

    def test_each_reviewer_sees_their_own_reviews(self):
        for user, own, other in (
            (self.reviewer, self.mine, self.theirs),
            (self.other_reviewer, self.theirs, self.mine),
        ):
            Review = self.Review.with_user(user)
            for _twice in range(2):
                found = Review.search([("id", "in", (self.mine | self.theirs).ids)])
                self.assertEqual(found, own, user.login)
                self.assertNotIn(other, found)

    def test_a_new_rule_applies_at_once(self):
        Review = self.Review.with_user(self.manager)
        both = (self.mine | self.theirs).ids
        self.assertEqual(len(Review.search([("id", "in", both)])), 2)  # compiled, cached
        self.env["ir.rule"].create(
            {
                # Global (for every group): ANDed with the groups' rules.
                "name": "This one review only (test)",
                "model_id": self.env["ir.model"]._get_id("safeguarding.review"),
                "domain_force": f"[('id', '=', {self.mine.id})]",
                "perm_read": True,
            }
        )
        self.assertEqual(Review.search([("id", "in", both)]), self.mine)

    def test_a_team_change_applies_at_once(self):
        Review = self.Review.with_user(self.other_reviewer)
        self.assertFalse(Review.search([("id", "=", self.mine.id)]))
        self.mine.lead_reviewer_ids = [Command.link(self.other_reviewer.id)]
        self.assertEqual(Review.search([("id", "=", self.mine.id)]), self.mine)
        self.mine.lead_reviewer_ids = [Command.unlink(self.other_reviewer.id)]
        self.assertFalse(Review.search([("id", "=", self.mine.id)]))

    def test_companies_apply_as_the_user_switches(self):
        other_company = self.env["res.company"].create({"name": "Southshire SAB (rules)"})
        self.manager.company_ids = [Command.link(other_company.id)]
        theirs = self._ready_review(self.stage_referral, company_id=other_company.id)
        Review = self.Review.with_user(self.manager)
        home = Review.with_context(allowed_company_ids=self.manager.company_id.ids)
        both = Review.with_context(
            allowed_company_ids=[self.manager.company_id.id, other_company.id]
        )
        for _twice in range(2):
            self.assertFalse(home.search([("id", "=", theirs.id)]))
            self.assertEqual(both.search([("id", "=", theirs.id)]), theirs)

    def test_a_rule_compiled_from_data_is_compiled_each_time(self):
        Review = self.Review.with_user(self.manager)
        Rule = self.env["ir.rule"]
        home = self.manager.company_id.id
        # A tree's ids are read when the rule is compiled: such a rule is compiled each
        # time, on the review or on a record it links to; but the companies' tree, which
        # never changes (res.company refuses a new parent).
        for tree in (
            [("stage_id", "child_of", self.stage_analysis.id)],
            ["|", ("active", "=", False), ("lead_reviewer_ids", "parent_of", self.reviewer.id)],
            [("stage_id", "any", [("method_ids", "any", [("id", "child_of", 1)])])],
            [("stage_id.method_ids", "any", [("id", "child_of", 1)])],
        ):
            self.assertFalse(_compilable(Review, tree), tree)
        for tree in (
            [("company_id", "child_of", home)],
            [("lead_reviewer_ids", "any", [("company_id", "parent_of", home)])],
        ):
            self.assertTrue(_compilable(Review, tree), tree)
        # A field searched by a method (the day, here), a one2many by a computed inverse,
        # a properties field: compiled from what they read, each time.
        Request = self.env["safeguarding.agency.request"].with_user(self.manager)
        for data in (
            [("is_overdue", "=", False)],
            ["|", ("review_id.stage_id", "=", 1), ("review_id.is_overdue", "=", True)],
            [("review_id", "any", [("stage_missing", "=", False)])],
        ):
            self.assertFalse(_compilable(Request, data), data)
        self.assertTrue(_compilable(Request, [("review_id.member_ids", "in", [1])]))
        # And a rule of the kind applies as Odoo applies it, on the day it is read.
        self.env["ir.rule"].create(
            {
                "name": "Requests not overdue (test)",
                "model_id": self.env["ir.model"]._get_id("safeguarding.agency.request"),
                "domain_force": "[('is_overdue', '=', False)]",
            }
        )
        self.assertEqual(Request.env["ir.rule"]._compile_entry(Request, "read")[0], "each")
        # Any other read while compiling (a module's search of the linked records, say).
        Stage = type(self.env["safeguarding.review.stage"])
        search = Stage._search

        def reading_search(model, domain, *args, **kwargs):
            model.env.cr.execute("SELECT 1")
            return search(model, domain, *args, **kwargs)

        read = [("stage_id.name", "=", "Analysis")]
        with patch.object(Stage, "_search", reading_search), self.assertRaises(_Compiled):
            Rule._compile_rules(Review, read)
        # Conditions on values, on linked records by name: SQL alone, cached.
        for plain in ([("stage_id", "=", self.stage_analysis.id)], read):
            joins, conditions = Rule._compile_rules(Review, plain)
            self.assertEqual(joins, ())
            self.assertIn('"stage_id"', conditions[0].code)

    def test_a_columns_sql_is_kept_by_language_and_never_with_a_join(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        Stage = self.env["safeguarding.review.stage"].with_user(self.manager)
        for _twice in range(2):
            query = Stage._where_calc([])
            [english] = columns_sql(Stage.with_context(lang="en_US"), Stage._table, ["name"], query)
            [french] = columns_sql(Stage.with_context(lang="fr_FR"), Stage._table, ["name"], query)
            self.assertEqual(list(english.params), ["en_US"])
            self.assertEqual(list(french.params), ["fr_FR", "en_US"])
        # A user's name is their contact's: a join the query needs, each time.
        Users = self.env["res.users"].with_user(self.manager)
        for _twice in range(2):
            query = Users._where_calc([])
            [name] = columns_sql(Users, Users._table, ["name"], query)
            self.assertIn("res_users__partner_id", query._joins)
            self.assertIn("res_users__partner_id", name.code)

    def test_a_parents_column_is_never_kept(self):
        # A user's email is their contact's: built in a query that has the join already
        # (ordered by name), it is not kept for a query that has not.
        Users = self.env["res.users"].with_user(self.manager)
        ordered = Users._search([], order="name")
        columns_sql(Users, Users._table, ["email"], ordered)
        fresh = Users._where_calc([])
        [email] = columns_sql(Users, Users._table, ["email"], fresh)
        self.assertIn("res_users__partner_id", fresh._joins)
        self.env.cr.execute(fresh.select(email))  # runs: the join is there
        # A parent's value by company (a contact's barcode) follows the company.
        other = self.env["res.company"].create({"name": "Southshire SAB (columns)"})
        sql = []
        for company in (self.env.company, other):
            query = Users._where_calc([])
            model = Users.with_company(company).sudo()
            sql.append(columns_sql(model, Users._table, ["barcode"], query)[0].params)
        self.assertIn(str(self.env.company.id), sql[0])
        self.assertIn(str(other.id), sql[1])
