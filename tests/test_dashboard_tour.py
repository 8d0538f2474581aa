from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """The dashboard a manager lands on, and a review's chronology, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sg_dash_manager",
            name="Dashboard Manager",
            groups="base.group_user,safeguarding_review.group_manager",
            tz="Europe/London",
        )
        Partner = cls.env["res.partner"]
        agencies = [
            Partner.create({"name": name, "is_company": True, "safeguarding_agency": True})
            for name in ("Tour Health Trust", "Tour Police", "Tour Housing", "Tour Silent Agency")
        ]
        stage = cls.env.ref("safeguarding_review.stage_data_collection")
        cls.review = cls.env["safeguarding.review"].create(
            {
                "title": "Dashboard tour review",
                "adult_pseudonym": "Adult Z",
                "decision": "review",
                "decision_date": "2026-03-01",
                "decision_reasons": "The criteria are met.",
                "lead_reviewer_ids": [Command.set([cls.manager.id])],
                "review_questions": "<p>What did each agency know?</p>",
                "agency_ids": [Command.set([a.id for a in agencies])],
                "stage_id": stage.id,
            }
        )
        health, police, housing, _silent = agencies
        cls.env["safeguarding.narrative.entry"].create(
            [
                {"review_id": cls.review.id, "agency_id": a.id, "date_from": d, "what_happened": t}
                for a, d, t in [
                    (health, "2026-01-05", "Health on the 5th"),
                    (police, "2026-01-05", "Police on the 5th"),
                    (housing, "2026-01-09", "Housing on the 9th"),
                ]
            ]
        )
        finding = cls.env["safeguarding.finding"].create(
            {"review_id": cls.review.id, "name": "Agencies rely on the adult to tell each other."}
        )
        today = fields.Date.today()
        for name, days in (("overdue action", -5), ("on track", 90)):
            cls.env["safeguarding.action"].create(
                {
                    "finding_id": finding.id,
                    "name": f"Dashboard tour: {name}",
                    "owner_id": cls.manager.id,
                    "due_date": today + relativedelta(days=days),
                }
            )

    def test_the_dashboard_leads_to_the_overdue_actions(self):
        self.start_tour("/odoo", "safeguarding_dashboard_tour", login="sg_dash_manager")

    def test_the_chronology_lines_the_agencies_up(self):
        self.start_tour(
            f"/odoo/safeguarding-reviews/{self.review.id}",
            "safeguarding_chronology_tour",
            login="sg_dash_manager",
        )
