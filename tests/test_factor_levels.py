from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestFactorLevels(SafeguardingReviewCase):
    """A factor's level follows its category: the analysis cannot count a factor at one level
    under a category of another, whatever path the factor came by."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.cat_conditions = ref("safeguarding_review.factor_scie_conditions")  # frontline
        cls.cat_local = ref("safeguarding_review.factor_scie_local_strategic")
        cls.cat_national = ref("safeguarding_review.factor_scie_national")
        cls.cat_seips_tools = ref("safeguarding_review.factor_seips_tools")  # no level
        cls.review = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[(6, 0, [cls.reviewer.id])]
        )
        cls.episode = cls.env["safeguarding.episode"].create(
            {"review_id": cls.review.id, "name": "Discharge home"}
        )
        cls.Factor = cls.env["safeguarding.factor"].with_user(cls.reviewer)

    def _factor(self, category, **vals):
        return self.Factor.create(
            {
                "episode_id": self.episode.id,
                "description": "No shared record of who was visiting",
                "category_id": category.id,
                **vals,
            }
        )

    def test_the_level_comes_from_the_category(self):
        self.assertEqual(self.cat_conditions.level, "frontline", "inherited from Frontline")
        self.assertEqual(self._factor(self.cat_conditions).level, "frontline")
        factor = self._factor(self.cat_local)
        self.assertEqual(factor.level, "local_strategic")
        factor.category_id = self.cat_national
        self.assertEqual(factor.level, "national", "a new category brings its level")

    def test_a_contradicting_level_is_refused_by_every_path(self):
        with self._refused(ValidationError, r"^Level: .*Local strategic.*Frontline"):
            self._factor(self.cat_local, level="frontline")
        factor = self._factor(self.cat_conditions)
        with self._refused(ValidationError, r"^Level: "):
            factor.write({"level": "national"})
        factor.invalidate_recordset()
        self.assertEqual(factor.level, "frontline", "the refused write changed nothing")

        # An import (what the list's Import button calls): a contradicting row is refused
        # with the field named, nothing is kept; a row without a level takes the category's.
        fields = ["episode_id/.id", "description", "category_id/.id", "level"]
        bad = self.Factor.load(
            fields,
            [[str(self.episode.id), "Imported", str(self.cat_local.id), "frontline"]],
        )
        self.assertFalse(bad["ids"])
        self.assertIn("Level:", " ".join(m["message"] for m in bad["messages"]))
        good = self.Factor.load(
            fields[:3], [[str(self.episode.id), "Imported", str(self.cat_national.id)]]
        )
        self.assertEqual(self.Factor.browse(good["ids"]).level, "national", good["messages"])

    def test_a_taxonomy_without_levels_leaves_the_choice_to_the_factor(self):
        self.review.taxonomy_id = self.env.ref("safeguarding_review.factor_taxonomy_seips")
        factor = self._factor(self.cat_seips_tools, level="local_strategic")
        self.assertFalse(factor.category_level)
        self.assertEqual(factor.level, "local_strategic")
        factor.level = "national"
        self.assertEqual(factor.level, "national")

    def test_a_manager_moves_a_category_and_its_factors_follow(self):
        Category = self.env["safeguarding.factor.category"].with_user(self.manager)
        taxonomy = Category.create({"name": "Board taxonomy"})
        parent = Category.create(
            {"name": "Commissioning", "parent_id": taxonomy.id, "level": "local_strategic"}
        )
        child = Category.create({"name": "Contract monitoring", "parent_id": parent.id})
        self.assertEqual(child.level, "local_strategic", "a subcategory inherits the level")
        with self._refused(ValidationError, r"^Level: Contract monitoring sits under"):
            child.write({"level": "frontline"})
        self.review.with_user(self.manager).taxonomy_id = taxonomy
        factor = self._factor(child)
        self.assertEqual(factor.level, "local_strategic")
        parent.level = "national"
        self.assertEqual((child.level, factor.level), ("national", "national"))
        with self.assertRaises(AccessError, msg="the reviewer does not keep the taxonomies"):
            Category.with_user(self.reviewer).browse(parent.id).level = "frontline"

    def test_the_upgrade_brings_existing_factors_into_line(self):
        # What a database of the version before holds: categories without a level, and a
        # factor saved at the frontline level under "Local strategic".
        right = self._factor(self.cat_conditions)
        wrong = self._factor(self.cat_local, description="Commissioning left no route")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_factor_category SET level = NULL WHERE taxonomy_id = %s",
            [self.cat_local.taxonomy_id.id],
        )
        self.env.cr.execute(
            "UPDATE safeguarding_factor SET level = 'frontline' WHERE id = %s", [wrong.id]
        )
        self.env.invalidate_all()
        self.env["safeguarding.factor.category"]._upgrade_levels()
        self.assertEqual(self.cat_local.level, "local_strategic")
        self.assertEqual(self.cat_conditions.level, "frontline", "inherited again")
        self.assertEqual((right.level, wrong.level), ("frontline", "local_strategic"))
        note = self.review.message_ids.filtered(lambda m: "Upgrade: the level" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Commissioning left no route (Frontline to Local strategic)", note.body)
        self.assertNotIn("No shared record", note.body, "only what changed is listed")
