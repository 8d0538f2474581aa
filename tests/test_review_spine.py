from markupsafe import Markup

from odoo import Command, models
from odoo.tests import tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestReviewSpine(SafeguardingReviewCase):
    """The properties the design rests on (docs/design.md)."""

    def test_every_part_of_a_review_carries_it_stored_and_indexed(self):
        # safeguarding.review.child.mixin gives every part of a review the same spine, so
        # one rule shape and one grouped count serve them all.
        children = [
            name
            for name in self.env.registry
            if name.startswith("safeguarding.")
            and "review_id" in self.env[name]._fields
            and not self.env[name]._abstract
            and not self.env[name]._transient
            # Not a database view (the board's factor counts): it stores nothing.
            and self.env[name]._auto
            # The access log names a review; it is not part of one (it outlives it).
            and name != "safeguarding.access.log"
        ]
        self.assertEqual(
            sorted(children),
            [
                "safeguarding.action",
                "safeguarding.agency.request",
                "safeguarding.conversation",
                "safeguarding.episode",
                "safeguarding.factor",
                "safeguarding.finding",
                "safeguarding.finding.question",
                "safeguarding.finding.recommendation",
                "safeguarding.involvement",
                "safeguarding.narrative.entry",
                "safeguarding.parallel.process",
                "safeguarding.participant",
                "safeguarding.publication.hit",
                "safeguarding.quality.assessment",
                "safeguarding.report.comment",
                "safeguarding.report.draft",
                "safeguarding.review.milestone",
                "safeguarding.source",
            ],
        )
        for name in children:
            with self.subTest(model=name):
                review, company = (
                    self.env[name]._fields["review_id"],
                    self.env[name]._fields["company_id"],
                )
                self.assertTrue(review.store and review.index, "review_id stored and indexed")
                self.assertEqual(review.comodel_name, "safeguarding.review")
                self.assertTrue(company.store and company.index)
        numbered = [n for n in children if "number" in self.env[n]._fields]
        self.assertEqual(sorted(numbered), ["safeguarding.episode", "safeguarding.finding"])
        for name in numbered:
            self.assertIn("safeguarding.numbered.mixin", self.env[name]._inherit)
        for name in ("safeguarding.finding.question", "safeguarding.finding.recommendation"):
            self.assertIn("safeguarding.finding.line.mixin", self.env[name]._inherit)

    def test_the_publication_view_holds_values_never_records(self):
        review = self._ready_review(
            self.stage_board_response, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        )
        person = self.env["res.partner"].create({"name": "Real Person", "email": "p@x.example"})
        self.env["safeguarding.participant"].create(
            {"review_id": review.id, "partner_id": person.id, "published_role": "Nurse"}
        )
        values = self.env["safeguarding.publication"]._review_values(review)

        def walk(value, path):
            if isinstance(value, models.BaseModel):
                # The company is the only record a template gets: for the page layout.
                self.assertEqual(value._name, "res.company", path)
            elif isinstance(value, dict):
                for key, item in value.items():
                    walk(item, f"{path}.{key}")
            elif isinstance(value, list | tuple):
                for i, item in enumerate(value):
                    walk(item, f"{path}[{i}]")
            else:
                self.assertNotIn("Real Person", str(value), path)
                self.assertNotIn("p@x.example", str(value), path)

        walk(values, "review")
        self.assertEqual(values[0]["case_group"], ["Nurse"], "published by role")
        self.assertIsInstance(values[0]["findings"][0]["evidence_case"], Markup)
