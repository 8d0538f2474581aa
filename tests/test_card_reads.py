from datetime import timedelta

from odoo import Command, fields, models
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase
from .test_review_performance import BOARD_CARD_SPEC, FORM_SPEC


@tagged("post_install", "-at_install")
class TestCardReads(SafeguardingReviewCase):
    """The board's and the form's reads (a page's plain values from the cache at once, the
    links' names with the links, computes assigned in one go) give what Odoo's own read
    gives, as each role, and show no linked record the reader may not see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tags = cls.env["safeguarding.review.tag"].create(
            [
                {"name": "Card test: self-neglect", "color": 3},
                {"name": "Card test: hoarding", "color": 5},
            ]
        )
        cls.reviews = cls.Review
        for stage in (cls.stage_analysis, cls.stage_board_response, cls.stage_monitoring):
            cls.reviews |= cls._ready_review(
                stage,
                lead_reviewer_ids=[Command.set([cls.reviewer.id, cls.manager.id])],
                team_member_ids=[Command.set([cls.reviewer.id])],
                tag_ids=[Command.set(cls.tags.ids)],
            )
        cls.reviews[0].activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Chase the GP",
            user_id=cls.reviewer.id,
            date_deadline=fields.Date.context_today(cls.reviews[0]) + timedelta(days=5),
        )
        # A user of another board, whom no one here may read (a portal user of that
        # company), named as a lead by a write that went around the form's domain.
        cls.other_company = cls.env["res.company"].create({"name": "Elsewhere SAB"})
        cls.outsider = cls.env["res.users"].create(
            {
                "name": "Outsider Person",
                "login": "sg_outsider",
                "company_id": cls.other_company.id,
                "company_ids": [Command.set(cls.other_company.ids)],
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )
        cls.outsider.partner_id.company_id = cls.other_company
        cls.reviews[1].lead_reviewer_ids = [Command.link(cls.outsider.id)]

    def _expected(self, records, spec):
        """What Odoo's own read gives for ``spec``: each value record by record, through its
        descriptor (BaseModel._read_format), each link read as the user."""
        plain = [n for n, s in spec.items() if not s.get("fields")]
        rows = {v["id"]: v for v in models.BaseModel._read_format(records, plain, load=None)}
        for name, sub in spec.items():
            if not sub.get("fields") or records._fields[name].type == "many2one":
                continue
            for record in records:
                rows[record.id][name] = [
                    {"id": linked.id, **{f: linked.sudo()[f] for f in sub["fields"]}}
                    for linked in record[name]
                ]
        return rows

    def test_the_board_reads_what_odoo_reads(self):
        for user in (self.manager, self.reviewer, self.board_member):
            Review = self.env["safeguarding.review"].with_user(user)
            # The web client asks what the view shows the user (a field of other groups
            # is left out of the arch).
            spec = _readable(Review, BOARD_CARD_SPEC)
            self.env.invalidate_all()
            page = Review.web_search_read([("id", "in", self.reviews.ids)], spec)
            got = {row["id"]: row for row in page["records"]}
            self.env.invalidate_all()
            shown = Review.browse(list(got))
            expected = self._expected(shown, spec)
            with self.subTest(user=user.login):
                # The board sees the reviews at the board's stages; the team, all three.
                seen = 2 if user == self.board_member else 3
                self.assertEqual(len(got), seen)
                for review_id, row in got.items():
                    for name, value in expected[review_id].items():
                        self.assertEqual(row[name], value, name)
                    self.assertEqual(row["stage_id"]["id"], shown.browse(review_id).stage_id.id)

    def test_the_form_reads_what_odoo_reads(self):
        review = self.reviews[0]
        spec = {
            name: sub
            for name, sub in FORM_SPEC.items()
            if not (sub.get("fields") and review._fields[name].type == "one2many")
        }
        for user in (self.manager, self.reviewer):
            self.env.invalidate_all()
            [got] = review.with_user(user).web_read(spec)
            self.env.invalidate_all()
            expected = self._expected(review.with_user(user), spec)[review.id]
            with self.subTest(user=user.login):
                for name, value in expected.items():
                    self.assertEqual(got[name], value, name)
                self.assertEqual(got["activity_summary"], "Chase the GP")
                self.assertEqual(got["activity_state"], "planned")

    def test_a_forms_lists_read_what_odoo_reads(self):
        # Every model of a review's records reads its plain values at once
        # (safeguarding.plain.read.mixin), its lists on the form among them.
        for model in ("safeguarding.review.milestone", "safeguarding.finding"):
            Model = self.env[model]
            self.assertIsInstance(Model, type(self.env["safeguarding.plain.read.mixin"]))
            records = Model.with_user(self.reviewer).search([("review_id", "in", self.reviews.ids)])
            self.assertTrue(records, model)
            names = [
                n
                for n, f in Model._fields.items()
                if f.type in ("char", "date", "selection", "integer", "boolean") and f.store
            ]
            self.env.invalidate_all()
            got = records.read(names, load=None)
            self.env.invalidate_all()
            expected = models.BaseModel._read_format(records, names, load=None)
            with self.subTest(model=model):
                self.assertEqual(got, expected)

    def test_a_lead_the_reader_may_not_see_is_not_named(self):
        review = self.reviews[1]
        spec = {"lead_reviewer_ids": {"fields": {"display_name": {}}}}
        # The manager's companies are this board's: the outsider is no one they may read.
        manager = review.with_user(self.manager).with_context(
            allowed_company_ids=self.manager.company_ids.ids
        )
        for polluted in (False, True):
            self.env.invalidate_all()
            if polluted:
                # Read as superuser first in the same transaction: the cache holds all leads.
                self.assertIn(self.outsider, review.sudo().lead_reviewer_ids)
            [row] = manager.web_read(spec)
            with self.subTest(polluted=polluted):
                names = [lead["display_name"] for lead in row["lead_reviewer_ids"]]
                self.assertEqual(sorted(names), ["Manager", "Reviewer"])
                self.assertNotIn("Outsider Person", str(row))

    def test_links_only_are_read_under_the_reviews_rules(self):
        # A spec of links only (Odoo's web_read answers a spec without fields from the
        # ids alone): refused to who may not read the reviews, and no access logged.
        spec = {
            "tag_ids": {"fields": {"display_name": {}, "color": {}}},
            "lead_reviewer_ids": {"fields": {"display_name": {}}},
            "team_member_ids": {"fields": {"display_name": {}}},
            "agency_ids": {"fields": {"display_name": {}}},
        }
        Log = self.env["safeguarding.access.log"]
        logged = Log.search_count([])
        analysis = self.reviews[0]  # not at the board's stages
        for user, ids in (
            (self.employee, self.reviews.ids),
            (self.board_member, analysis.ids),
            (self.other_reviewer, analysis.ids),
            (self.portal, self.reviews.ids),
        ):
            Review = self.env["safeguarding.review"].with_user(user)
            for shape in (spec, {"id": {}, **spec}):
                with (
                    self.subTest(user=user.login, shape=list(shape)),
                    self.assertRaises(AccessError),
                ):
                    Review.browse(ids).web_read(shape)
        self.assertEqual(Log.search_count([]), logged, "no access logged for a refused read")
        # A deleted review among those read is left out, as read() leaves it out.
        gone = self._ready_review(self.stage_referral)
        gone_id = gone.id
        gone.unlink()
        rows = analysis.with_user(self.manager).browse([analysis.id, gone_id]).web_read(spec)
        self.assertEqual([row["id"] for row in rows], [analysis.id])

    def test_an_archived_tag_is_not_shown(self):
        review = self.reviews[0]
        self.tags[1].active = False
        spec = {"tag_ids": {"fields": {"display_name": {}, "color": {}}}}
        self.env.invalidate_all()
        [row] = review.with_user(self.reviewer).web_read(spec)
        self.assertEqual(
            row["tag_ids"],
            [{"id": self.tags[0].id, "display_name": "Card test: self-neglect", "color": 3}],
        )

    def test_a_reader_off_the_team_reads_the_boards_cards_only(self):
        # An employee reads no review; a reviewer of another team, those at the board's
        # stages (as the board does), without the team's to-dos.
        with self.assertRaises(AccessError):
            self.env["safeguarding.review"].with_user(self.employee).web_search_read(
                [("id", "in", self.reviews.ids)], BOARD_CARD_SPEC
            )
        Review = self.env["safeguarding.review"].with_user(self.other_reviewer)
        spec = _readable(Review, BOARD_CARD_SPEC)
        page = Review.web_search_read([("id", "in", self.reviews.ids)], spec)
        shown = {row["id"] for row in page["records"]}
        self.assertEqual(shown, set(self.reviews.filtered("stage_id.board_visible").ids))
        self.assertNotIn(self.reviews[0].id, shown)
        with self.assertRaises(AccessError):
            Review.browse(self.reviews[0].id).web_read(spec)


def _readable(model, spec):
    return {n: sub for n, sub in spec.items() if model._fields[n].is_accessible(model.env)}


# Each stored count, and the search of what it counts.
COUNTS = {
    "finding_count": ("safeguarding.finding", []),
    "action_count": ("safeguarding.action", []),
    "episode_count": ("safeguarding.episode", []),
    "factor_count": ("safeguarding.factor", []),
    "participant_count": ("safeguarding.participant", []),
    "conversation_count": ("safeguarding.conversation", [("state", "in", ("planned", "held"))]),
    "conversation_held_count": ("safeguarding.conversation", [("state", "=", "held")]),
    "request_count": (
        "safeguarding.agency.request",
        [("state", "in", ("requested", "received", "closed"))],
    ),
    "request_received_count": (
        "safeguarding.agency.request",
        [("state", "in", ("received", "closed"))],
    ),
    "source_count": ("safeguarding.source", []),
    "narrative_count": ("safeguarding.narrative.entry", []),
    "request_overdue_count": ("safeguarding.agency.request", [("is_overdue", "=", True)]),
}


@tagged("post_install", "-at_install")
class TestStoredCounts(SafeguardingReviewCase):
    """The form's counts are stored, counted as superuser: each is what its reader's own
    search of the review's children finds, for every role that reads it, as the children
    come, change and go."""

    def _assert_counts_as_searched(self, reviews):
        self.env.flush_all()
        for user in (self.manager, self.reviewer, self.other_reviewer, self.board_member):
            env = self.env(user=user)
            for review in env["safeguarding.review"].search([("id", "in", reviews.ids)]):
                for name, (model, domain) in COUNTS.items():
                    if not review._fields[name].is_accessible(env):
                        continue
                    with self.subTest(user=user.login, review=review.name, count=name):
                        found = env[model].search_count([("review_id", "=", review.id), *domain])
                        self.assertEqual(review[name], found)

    def test_counts_follow_the_children(self):
        analysis = self._ready_review(
            self.stage_analysis, team_member_ids=[Command.set(self.reviewer.ids)]
        )
        monitoring = self._ready_review(self.stage_monitoring)
        reviews = analysis | monitoring
        self._assert_counts_as_searched(reviews)
        env = self.env(user=self.reviewer)
        people = env["safeguarding.participant"].create(
            [
                {
                    "review_id": analysis.id,
                    "partner_id": self.env["res.partner"].create({"name": f"Person {i}"}).id,
                }
                for i in range(3)
            ]
        )
        env["safeguarding.conversation"].create(
            {
                "review_id": analysis.id,
                "participant_ids": [Command.set(people[:1].ids)],
                "start": "2026-05-04 10:00:00",
                "state": "planned",
            }
        )
        episode = env["safeguarding.episode"].create(
            {"review_id": analysis.id, "name": "The hospital discharge"}
        )
        env["safeguarding.narrative.entry"].create(
            {
                "review_id": analysis.id,
                "agency_id": self.agency.id,
                "date_from": "2026-01-05",
                "what_happened": "Visited.",
            }
        )
        today = fields.Date.context_today(analysis)
        requests = env["safeguarding.agency.request"].create(
            [
                {
                    "review_id": analysis.id,
                    "agency_id": self.agency.id,
                    "description": "Notes",
                    "asked_on": today - timedelta(days=30),
                    "due_on": today + timedelta(days=days),
                }
                for days in (-3, -1, 0, 5)
            ]
        )
        # A late request on the review at the board's stage, which another team's reviewer
        # reads without its requests: none is late for him.
        self.env["safeguarding.agency.request"].create(
            {
                "review_id": monitoring.id,
                "agency_id": self.agency.id,
                "description": "Notes",
                "asked_on": today - timedelta(days=30),
                "due_on": today - timedelta(days=1),
            }
        )
        self._assert_counts_as_searched(reviews)
        self.assertEqual(analysis.participant_count, 3)
        self.assertEqual(analysis.with_user(self.reviewer).request_overdue_count, 2)
        self.assertEqual(monitoring.with_user(self.manager).request_overdue_count, 1)
        self.assertEqual(monitoring.with_user(self.other_reviewer).request_overdue_count, 0)
        requests[0].write({"state": "received", "received_on": today})
        requests[3].due_on = today - timedelta(days=2)
        self._assert_counts_as_searched(reviews)
        self.assertEqual(analysis.with_user(self.reviewer).request_overdue_count, 2)
        people[1].action_archive()
        episode.unlink()
        env["safeguarding.conversation"].search([("review_id", "=", analysis.id)]).write(
            {"state": "held"}
        )
        self._assert_counts_as_searched(reviews)
        self.assertEqual(analysis.participant_count, 2)
        self.assertEqual(analysis.episode_count, 0)
