from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReviewTour(HttpCase):
    """A manager walks a review from the board to Preparation in the browser.

    The tour (static/tests/tours/safeguarding_review_tour.js) also tries two moves the
    gates refuse (to Preparation before the decision, to Data collection before the
    preparation) and discards them. It picks the lead reviewer and the agency created here
    by name; this test then checks through the ORM that what the browser did was saved:
    the review, its decision, its stage, and one stage tracking (refused moves leave none).
    """

    TITLE = "Tour: self-neglect in supported housing"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sg_tour_manager",
            name="Tour Manager",
            groups="base.group_user,safeguarding_review.group_manager",
            tz="Europe/London",
        )
        cls.lead_reviewer = new_test_user(
            cls.env,
            login="sg_tour_lead",
            name="Tour Lead Reviewer",
            groups="base.group_user,safeguarding_review.group_reviewer",
            tz="Europe/London",
        )
        cls.agency = cls.env["res.partner"].create(
            {"name": "Tour Borough Council", "is_company": True, "safeguarding_agency": True}
        )

    def test_review_lifecycle_tour(self):
        self.start_tour(
            "/odoo/safeguarding-reviews",
            "safeguarding_review_lifecycle_tour",
            login="sg_tour_manager",
        )
        self.env.flush_all()
        self.env.invalidate_all()

        review = self.env["safeguarding.review"].search([("title", "=", self.TITLE)])
        self.assertEqual(len(review), 1, "The tour creates exactly one review.")
        self.assertTrue(review.name.startswith("SAR-"), review.name)
        self.assertEqual(review.adult_pseudonym, "Adult T")
        self.assertEqual(review.create_uid, self.manager)

        self.assertEqual(review.stage_id, self.env.ref("safeguarding_review.stage_preparation"))
        self.assertEqual(review.decision, "review")
        # The tour dates the decision "today" in the browser's clock and time zone.
        self.assertLessEqual(abs(review.decision_date - fields.Date.today()), timedelta(days=1))
        self.assertIn("s44(1)-(3) criteria are met", review.decision_reasons)
        self.assertEqual(review.lead_reviewer_ids, self.lead_reviewer)
        self.assertEqual(review.agency_ids, self.agency)
        self.assertIn("How did the agencies share", review.review_questions)

        stage_field = self.env["ir.model.fields"]._get("safeguarding.review", "stage_id")
        trackings = self.env["mail.tracking.value"].search(
            [
                ("field_id", "=", stage_field.id),
                ("mail_message_id.model", "=", "safeguarding.review"),
                ("mail_message_id.res_id", "=", review.id),
            ]
        )
        self.assertEqual(len(trackings), 1, "One stage change: the refused moves left none.")
        self.assertEqual(
            trackings.old_value_integer, self.env.ref("safeguarding_review.stage_referral").id
        )
        self.assertEqual(
            trackings.new_value_integer, self.env.ref("safeguarding_review.stage_preparation").id
        )
        self.assertEqual(trackings.new_value_char, "Preparation")
        self.assertEqual(trackings.mail_message_id.author_id, self.manager.partner_id)
