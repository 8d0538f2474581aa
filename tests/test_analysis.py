from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestAnalysis(SafeguardingReviewCase):
    """Episodes, their contributory factors and the findings drawn from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.scie = ref("safeguarding_review.factor_taxonomy_scie")
        cls.seips = ref("safeguarding_review.factor_taxonomy_seips")
        cls.cat_conditions = ref("safeguarding_review.factor_scie_conditions")
        cls.cat_team = ref("safeguarding_review.factor_scie_team")
        cls.cat_seips_tools = ref("safeguarding_review.factor_seips_tools")
        cls.pattern = ref("safeguarding_review.pattern_multi_agency_longer_term")
        team = [Command.set([cls.reviewer.id])]
        cls.review = cls._ready_review(cls.stage_analysis, lead_reviewer_ids=team)
        cls.other_review = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set([cls.other_reviewer.id])]
        )

    def _episode(self, review=None, user=None, **vals):
        return (
            self.env["safeguarding.episode"]
            .with_user(user or self.reviewer)
            .create({"review_id": (review or self.review).id, "name": "Discharge home", **vals})
        )

    def _factor(self, episode, category, user=None, **vals):
        return (
            self.env["safeguarding.factor"]
            .with_user(user or self.reviewer)
            .create(
                {
                    "episode_id": episode.id,
                    "description": "No shared record of who was visiting",
                    "category_id": category.id,
                    **vals,
                }
            )
        )

    def _finding(self, episodes=None, factors=None, questions=("Is this so here?",), **vals):
        values = {
            "review_id": self.review.id,
            "name": "Agencies rely on the adult to pass on what each has been told.",
            "pattern_type_id": self.pattern.id,
            "evidence_case": "<p>The GP and the housing provider each thought the other went.</p>",
            "evidence_wider": "<p>Case group members described the same in three other cases.</p>",
            "evidence_why": "<p>Nobody holds the whole picture when the adult withdraws.</p>",
            "question_ids": [
                Command.create({"name": q, "sequence": i}) for i, q in enumerate(questions)
            ],
            **vals,
        }
        if episodes:
            values["episode_ids"] = [Command.set(episodes.ids)]
        if factors:
            values["factor_ids"] = [Command.set(factors.ids)]
        return self.env["safeguarding.finding"].with_user(self.reviewer).create(values)

    def test_the_chain_episode_factor_finding_as_a_reviewer(self):
        first = self._episode(appraisal="problematic", date_from="2026-01-05")
        second = self._episode(name="The case group meeting", appraisal="good")
        self.assertEqual((first.number, second.number), (1, 2), "numbered within the review")
        self.assertEqual(self._episode(review=self.other_review, user=self.manager).number, 1)
        self.assertEqual(first.display_name, "KPE 1: Discharge home")
        hindered = self._factor(first, self.cat_conditions, influence="hindered", level="frontline")
        supported = self._factor(
            first, self.cat_team, influence="supported", description="Supervision on the day"
        )
        self.assertEqual(
            hindered.review_id, self.review, "a factor belongs to its episode's review"
        )
        self.assertEqual(hindered.company_id, self.review.company_id)
        self.assertEqual(hindered.year, self.review.referral_date.year)
        finding = self._finding(episodes=first, factors=hindered | supported)
        self.assertEqual(finding.number, 1)
        self.assertEqual(first.finding_ids, finding, "the chain walks back from the episode")
        self.assertEqual(hindered.finding_ids, finding)
        review = self.review.with_user(self.reviewer)
        self.assertEqual(review.episode_ids, first | second)
        self.assertEqual(review.finding_ids, finding)
        self.assertEqual(
            (review.episode_count, review.factor_count, review.finding_count), (2, 2, 1)
        )
        self.assertEqual(finding.question_ids.mapped("name"), ["Is this so here?"])

    def test_what_the_chain_rests_on_cannot_vanish(self):
        episode = self._episode()
        factor = self._factor(episode, self.cat_conditions)
        finding = self._finding(episodes=episode, factors=factor)
        with self.assertRaises(UserError) as error:
            episode.unlink()
        self.assertIn("KPE 1", str(error.exception))
        self.assertIn("contributory factor", str(error.exception))
        with self.assertRaises(UserError) as error:
            factor.unlink()
        self.assertIn(f"finding(s) {finding.number}", str(error.exception))
        finding.write({"factor_ids": [Command.clear()], "episode_ids": [Command.clear()]})
        factor.unlink()
        episode.unlink()
        self.assertFalse(episode.exists())

    def test_taxonomies_are_data_and_a_manager_adds_one(self):
        scie = self.scie.child_ids.mapped("name")
        self.assertEqual(scie, ["Frontline", "Local strategic", "National"])
        self.assertEqual(
            self.env.ref("safeguarding_review.factor_scie_frontline").child_ids.mapped("name"),
            [
                "The family",
                "The individual worker",
                "The role and task",
                "Working conditions",
                "The team",
            ],
        )
        self.assertEqual(
            self.seips.child_ids.mapped("name"),
            [
                "Person(s)",
                "Tasks",
                "Tools and technology",
                "Organisation",
                "Internal environment",
                "External environment",
            ],
        )
        self.assertEqual(self.cat_conditions.taxonomy_id, self.scie)
        self.assertEqual(
            self.cat_conditions.complete_name,
            "SCIE contributory factors / Frontline / Working conditions",
        )
        self.assertEqual(self.cat_conditions.display_name, "Frontline / Working conditions")
        self.assertEqual(self.scie.display_name, "SCIE contributory factors")
        Category = self.env["safeguarding.factor.category"].with_user(self.manager)
        custom = Category.create(
            {
                "name": "Board's own framework",
                "child_ids": [Command.create({"name": "Information sharing"})],
            }
        )
        self.assertEqual(custom.child_ids.taxonomy_id, custom)
        with self.assertRaises(AccessError):
            self.env["safeguarding.factor.category"].with_user(self.reviewer).create(
                {"name": "Mine"}
            )
        # A review may use it.
        review = self.review.with_user(self.reviewer)
        review.taxonomy_id = custom
        factor = self._factor(self._episode(), custom.child_ids)
        self.assertEqual(factor.category_id.taxonomy_id, custom)
        patterns = self.env["safeguarding.pattern.type"].search([])
        self.assertEqual(len(patterns), 6)
        self.assertIn("Family-professional interaction", patterns.mapped("name"))

    def test_a_factor_category_comes_from_the_reviews_taxonomy(self):
        self.assertEqual(self.review.taxonomy_id, self.scie, "SCIE's framework by default")
        episode = self._episode()
        with self.assertRaises(ValidationError) as error:
            self._factor(episode, self.cat_seips_tools)
        self.assertIn("Category", str(error.exception))
        self.assertIn("SCIE contributory factors", str(error.exception))
        self._factor(episode, self.cat_conditions)
        with self.assertRaises(ValidationError) as error:
            self.review.with_user(self.reviewer).taxonomy_id = self.seips
        self.assertIn("Contributory factor taxonomy", str(error.exception))

    def test_leaving_findings_names_each_missing_part(self):
        review = self.review.with_user(self.reviewer)
        review.stage_id = self.stage_findings
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_board_response
        self.assertIn("at least one finding", str(error.exception))
        finding = self._finding(
            name=" ",
            evidence_case="<p><br></p>",
            evidence_wider=False,
            evidence_why=False,
            questions=(),
        )
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_board_response
        message = str(error.exception)
        for words in (
            "finding 1: the statement",
            "finding 1: how it showed in this case",
            "finding 1: how we know it is not a one-off",
            "finding 1: why it matters",
            "finding 1: at least one question for the board",
            "finding 1: the review team's agreement",
        ):
            self.assertIn(words, message)
        complete = self._finding()
        finding.write(
            {
                "name": complete.name,
                "evidence_case": complete.evidence_case,
                "evidence_wider": complete.evidence_wider,
                "evidence_why": complete.evidence_why,
                "question_ids": [Command.create({"name": "What does the board know?"})],
            }
        )
        (finding | complete).action_agree()
        review.stage_id = self.stage_board_response
        self.assertEqual(review.stage_id, self.stage_board_response)

    def test_the_board_reads_findings_not_the_analysis(self):
        episode = self._episode()
        factor = self._factor(episode, self.cat_conditions)
        finding = self._finding(episodes=episode, factors=factor)
        finding.action_agree()
        with self.assertRaises(AccessError):
            finding.with_user(self.board_member).read(["name"])  # not at the board yet
        self.review.stage_id = self.stage_findings
        self.review.stage_id = self.stage_board_response
        seen = finding.with_user(self.board_member)
        self.assertEqual(seen.read(["name"])[0]["name"], finding.name)
        self.assertEqual(seen.question_ids.mapped("name"), ["Is this so here?"])
        with self.assertRaises(AccessError):
            seen.read(["factor_ids"])
        with self.assertRaises(AccessError):
            seen.name = "Rewritten by the board"
        for record in (episode, factor):
            with self.assertRaises(AccessError):
                record.with_user(self.board_member).read(["display_name"])

    def test_cross_review_analysis_shows_only_what_the_user_may_see(self):
        self._factor(self._episode(), self.cat_conditions)
        self._factor(self._episode(), self.cat_team, influence="supported")
        theirs = self._episode(review=self.other_review, user=self.other_reviewer)
        self._factor(theirs, self.cat_conditions, user=self.other_reviewer)

        def analysis(user, domain=()):
            # No domain: the record rules alone decide what each user's analysis counts.
            groups = (
                self.env["safeguarding.factor"]
                .with_user(user)
                .read_group(list(domain), ["category_id"], ["category_id", "influence"], lazy=False)
            )
            return {(g["category_id"][1], g["influence"]): g["__count"] for g in groups}

        # Labelled within the taxonomy, without its name before each.
        conditions = "Frontline / Working conditions"
        team = "Frontline / The team"
        self.assertEqual(
            analysis(self.reviewer), {(conditions, "hindered"): 1, (team, "supported"): 1}
        )
        self.assertEqual(analysis(self.other_reviewer), {(conditions, "hindered"): 1})
        # The manager sees every review (demo data included): count this test's two.
        manager_view = analysis(
            self.manager, [("review_id", "in", (self.review | self.other_review).ids)]
        )
        self.assertEqual(manager_view[(conditions, "hindered")], 2)
        with self.assertRaises(AccessError):
            analysis(self.board_member)

    def test_analysis_pivot_is_one_grouped_query(self):
        episodes = [self._episode(name=f"Episode {i}") for i in range(3)]
        # Two levels (a factor's level is its category's): the pivot's three groupings vary.
        categories = [self.cat_conditions, self.env.ref("safeguarding_review.factor_scie_national")]
        Factor = self.env["safeguarding.factor"].with_user(self.reviewer)

        def pivot():
            self.env.invalidate_all()
            Factor.read_group([], ["__count"], ["category_id", "level", "influence"], lazy=False)

        pivot()  # warm the rule and registry caches
        with self.assertQueryCount(3):  # the grouped read, then the categories' names
            pivot()
        for episode in episodes:
            for i in range(10):
                self._factor(episode, categories[i % 2])
        with self.assertQueryCount(3):
            pivot()
