from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SafeguardingReviewCase

REPORT = "safeguarding_review.report_chronology"


@tagged("post_install", "-at_install")
class TestChronology(SafeguardingReviewCase):
    """One review's narrative as a timeline: dates as rows, the agencies side by side."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.police = Partner.create(
            {"name": "Northshire Police", "is_company": True, "safeguarding_agency": True}
        )
        cls.housing = Partner.create(
            {"name": "Bayside Housing", "is_company": True, "safeguarding_agency": True}
        )
        agencies = cls.agency | cls.agency_health | cls.police | cls.housing
        cls.review = cls._ready_review(
            cls.stage_analysis,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            agency_ids=[Command.set(agencies.ids)],
        )
        cls.Entry = cls.env["safeguarding.narrative.entry"]
        cls._entries(cls.review, [cls.agency, cls.agency_health, cls.police])

    @classmethod
    def _entries(cls, review, agencies):
        return cls.Entry.create(
            [
                {
                    "review_id": review.id,
                    "agency_id": agency.id,
                    "date_from": date,
                    "what_happened": f"{agency.name} on {date}",
                }
                for date, agency in [
                    ("2026-01-05", agencies[0]),
                    ("2026-01-05", agencies[1]),
                    ("2026-01-12", agencies[2]),
                    ("2026-01-12", agencies[2]),
                    ("2026-02-01", agencies[0]),
                ]
            ]
        )

    def _chronology(self, user):
        return (
            self.env["report.safeguarding_review.report_chronology"]
            .with_user(user)
            ._chronology(self.review.with_user(user))
        )

    def test_rows_are_dates_and_columns_every_agency(self):
        data = self._chronology(self.reviewer)
        self.assertEqual(
            data["agencies"],
            sorted([a.name for a in self.review.agency_ids]),
            "every agency involved is a column, Bayside Housing with no entry included",
        )
        self.assertEqual(
            [str(row["date"]) for row in data["rows"]], ["2026-01-05", "2026-01-12", "2026-02-01"]
        )
        column = {name: i for i, name in enumerate(data["agencies"])}
        first, second, _third = data["rows"]
        self.assertEqual(
            [e["what_happened"] for e in first["cells"][column[self.agency_health.name]]],
            [f"{self.agency_health.name} on 2026-01-05"],
            "the same day's entries of two agencies side by side",
        )
        self.assertEqual(len(second["cells"][column["Northshire Police"]]), 2, "one cell")
        self.assertEqual(second["cells"][column["Bayside Housing"]], [])

        html = (
            self.env["ir.actions.report"]
            .with_user(self.reviewer)
            ._render_qweb_html(REPORT, self.review.ids)[0]
            .decode()
        )
        self.assertIn(f"Chronology: {self.review.name}", html)
        self.assertLess(html.index("Bayside Housing"), html.index("Northshire Police"))
        self.assertIn("not for publication", html)

    def test_only_the_team_reads_it(self):
        for user in (self.board_member, self.other_reviewer, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    REPORT, self.review.ids
                )
        report = self.env.ref(REPORT.replace("report_", "action_report_"))
        self.assertEqual(report.groups_id, self.env.ref("safeguarding_review.group_reviewer"))

    def test_the_query_count_does_not_grow_with_the_reviews(self):
        def cold():
            self.env.invalidate_all()
            self._chronology(self.reviewer)

        cold()
        with self.assertQueryCount(8):  # the entries, their agencies, the review's agencies
            cold()
        for _n in range(15):
            other = self._ready_review(
                self.stage_analysis,
                lead_reviewer_ids=[Command.set([self.reviewer.id])],
                agency_ids=[Command.set((self.agency | self.police).ids)],
            )
            self._entries(other, [self.agency, self.police, self.police])
        self._entries(self.review, [self.housing, self.police, self.agency])
        cold()
        with self.assertQueryCount(8):
            cold()

    def test_the_narrative_opens_on_one_review_with_its_agencies_as_columns(self):
        Review = self.env["safeguarding.review"].with_user(self.reviewer)
        action = Review._action_narrative_menu()
        self.assertEqual(action["context"]["searchpanel_default_review_id"], self.review.id)
        groups = self.Entry.with_user(self.reviewer).web_read_group(
            [("review_id", "=", self.review.id)], ["__count"], ["agency_id"]
        )["groups"]
        self.assertEqual(
            {g["agency_id"][1]: g["agency_id_count"] for g in groups},
            {a.name: n for a, n in [(self.agency, 2), (self.agency_health, 1), (self.police, 2)]}
            | {"Bayside Housing": 0},
        )

    def test_a_review_without_entries_shows_its_agencies_ready_to_fill(self):
        # Opened from the review's Narrative button before the first entry: its agencies are
        # the columns (nothing groups yet), and the panel lists it among the reviews.
        empty = self._ready_review(self.stage_data_collection, title="No narrative yet")
        empty.agency_ids = self.agency | self.police
        Entry = self.Entry.with_user(self.reviewer)
        # The review's button and the panel both name it: the client sends both.
        both = ["&", ("review_id", "=", empty.id), ("review_id", "=", empty.id)]
        for domain in ([("review_id", "=", empty.id)], both):
            groups = Entry.web_read_group(domain, ["__count"], ["agency_id"])
            self.assertEqual(
                {g["agency_id"][1]: g["agency_id_count"] for g in groups["groups"]},
                {self.agency.name: 0, self.police.name: 0},
            )
        # The panel's field is expanded (every review listed), as the client asks it.
        search = self.env.ref("safeguarding_review.safeguarding_narrative_entry_view_search")
        self.assertIn('name="review_id" select="one"', search.arch)
        self.assertIn('expand="1"', search.arch)
        panel = Entry.search_panel_select_range("review_id", expand=True)
        self.assertIn(empty.id, [v["id"] for v in panel["values"]])
        # A review the user may not read gives no columns.
        other = self._ready_review(self.stage_data_collection, title="Another team's")
        other.write({"agency_ids": self.agency.ids, "lead_reviewer_ids": self.other_reviewer.ids})
        groups = Entry.web_read_group([("review_id", "=", other.id)], ["__count"], ["agency_id"])
        self.assertEqual(groups["groups"], [])
