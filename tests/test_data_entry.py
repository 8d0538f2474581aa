from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import Form, tagged

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestDataEntry(SafeguardingReviewCase):
    """Defaults that save picks: what the app knows, it fills in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_data_collection, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        cls.nurse = cls.env["res.partner"].create(
            {"name": "Ward nurse", "parent_id": cls.agency_health.id}
        )

    def test_a_participants_agency_is_their_contacts_company(self):
        Participant = self.env["safeguarding.participant"].with_user(self.reviewer)
        nurse = Participant.create(
            {"review_id": self.review.id, "partner_id": self.nurse.id, "part": "practitioner"}
        )
        self.assertEqual(nurse.agency_id, self.agency_health)
        doctor = self.env["res.partner"].create(
            {"name": "Ward doctor", "parent_id": self.agency_health.id}
        )
        with Form(Participant.with_context(default_review_id=self.review.id)) as form:
            form.partner_id = doctor
            self.assertEqual(form.agency_id, self.agency_health, "shown as the contact is picked")
            form.agency_id = self.agency
            form.part = "practitioner"
        self.assertEqual(form.record.agency_id, self.agency, "a change is kept")

    def test_a_narrative_entry_offers_the_participants_of_its_agency(self):
        domain = self.env["safeguarding.narrative.entry"]._fields["participant_id"].domain
        self.assertIn("('agency_id', '=', agency_id)", domain)

    def test_choosing_the_boards_decision_dates_it_today(self):
        review = self._ready_review(self.stage_board_response)
        finding = review.finding_ids.with_user(self.manager)
        with Form(finding) as form:
            form.board_decision = "accepted"
            self.assertEqual(form.board_response_date, self._today())
            form.board_response = "Accepted at the September meeting."

    def test_an_action_due_in_two_weeks_is_on_track(self):
        company = self.env["res.company"].create({"name": "A new board"})
        self.assertEqual(company.safeguarding_action_amber_days, 7)
        action = self.env["safeguarding.action"].create(
            {
                "finding_id": self._complete_finding(self.review).id,
                "name": "Brief the ward managers",
                "owner_id": self.employee.id,
                "due_date": self._today() + relativedelta(days=14),
            }
        )
        self.env.company.safeguarding_action_amber_days = 7
        self.assertEqual(action.rag, "green")
