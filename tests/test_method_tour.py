from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

FINDINGS_REPORT = "safeguarding_review.action_report_findings"


@tagged("post_install", "-at_install")
class TestMethodTour(HttpCase):
    """One review walked through the whole method in the browser, each step by its role.

    The tours (static/tests/tours/safeguarding_method_tours.js) run one after the other on
    the same review: the manager records and prepares it, the lead reviewer collects the
    data, analyses and writes a finding, a board member reads it at the board, the manager
    records the board's response and an action, the action's owner (no role in the app)
    marks it done, and the manager closes the review and prints the findings report.
    Between tours, the test checks through the ORM what the browser saved.
    """

    TITLE = "Method tour: hoarding and fire risk"
    FINDING = "Agencies rely on the resident to pass on fire safety advice."
    ACTION = "Add a hoarding prompt to the fire service referral form."

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "base.group_user,safeguarding_review.group_"
        cls.manager = new_test_user(
            cls.env,
            "sg_method_manager",
            groups=group + "manager",
            name="Method Manager",
            tz="Europe/London",
        )
        cls.reviewer = new_test_user(
            cls.env,
            "sg_method_reviewer",
            groups=group + "reviewer",
            name="Method Lead Reviewer",
            tz="Europe/London",
        )
        cls.board_member = new_test_user(
            cls.env,
            "sg_method_board",
            groups=group + "board_member",
            name="Method Board Member",
            tz="Europe/London",
        )
        cls.action_owner = new_test_user(
            cls.env,
            "sg_method_owner",
            groups="base.group_user",
            name="Method Action Owner",
            tz="Europe/London",
        )
        cls.agency = cls.env["res.partner"].create(
            {"name": "Method Borough Council", "is_company": True, "safeguarding_agency": True}
        )
        cls.practitioner = cls.env["res.partner"].create({"name": "Jo Practitioner"})
        ref = cls.env.ref
        cls.stage = {
            code: ref(f"safeguarding_review.stage_{code}")
            for code in (
                "data_collection",
                "board_response",
                "monitoring",
                "closed",
            )
        }

    def _tour(self, name, login, url="/odoo/safeguarding-reviews", timeout=120):
        self.start_tour(url, name, login=login, timeout=timeout)
        self.env.invalidate_all()

    def test_method_walk(self):
        Review = self.env["safeguarding.review"]

        # 1. Manager: referral, decision, team and agencies; on to Data collection.
        self._tour("safeguarding_method_manager_referral_tour", "sg_method_manager")
        review = Review.search([("title", "=", self.TITLE)])
        self.assertEqual(len(review), 1, "The manager's tour records exactly one review.")
        self.assertEqual(review.adult_pseudonym, "Adult M")
        self.assertEqual(review.create_uid, self.manager)
        self.assertEqual(review.decision, "review")
        self.assertTrue(review.decision_date)
        self.assertIn("four s44 criteria are met", review.decision_reasons)
        self.assertEqual(review.lead_reviewer_ids, self.reviewer)
        self.assertEqual(review.agency_ids, self.agency)
        self.assertIn("fire risk", review.review_questions)
        self.assertEqual(review.stage_id, self.stage["data_collection"])

        # 2. Reviewer: data collection, analysis, a finding agreed; on to the board.
        self._tour("safeguarding_method_reviewer_tour", "sg_method_reviewer", timeout=240)
        participant = review.participant_ids
        self.assertEqual(len(participant), 1)
        self.assertEqual(participant.partner_id, self.practitioner)
        self.assertEqual(participant.part, "practitioner")
        self.assertEqual(participant.published_role, "Housing support worker")
        self.assertEqual(participant.agency_id, self.agency)
        self.assertEqual(participant.published_as, "Housing support worker, Method Borough Council")
        self.assertEqual(participant.create_uid, self.reviewer)

        conversation = review.conversation_ids
        self.assertEqual(len(conversation), 1)
        self.assertEqual(conversation.kind, "one_to_one")
        self.assertEqual(conversation.state, "held")
        self.assertEqual(conversation.participant_ids, participant)
        self.assertTrue(conversation.calendar_event_id, "Scheduling made a calendar event.")

        entry = review.narrative_entry_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.agency_id, self.agency)
        self.assertIn("clutter blocking the fire exit", entry.what_happened)

        episode = review.episode_ids
        self.assertEqual(len(episode), 1)
        self.assertEqual(episode.name, "The fire safety visit that was not followed up")
        self.assertEqual(episode.appraisal, "problematic")
        factors = episode.factor_ids.sorted("id")
        self.assertEqual(
            [(f.influence, f.level, f.category_id.name) for f in factors],
            [
                ("hindered", "frontline", "The role and task"),
                ("supported", "local_strategic", "Local strategic"),
            ],
        )
        self.assertIn("no field for hoarding", factors[0].description)
        self.assertEqual(factors.review_id, review)

        finding = review.finding_ids
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.name, self.FINDING)
        self.assertEqual(finding.state, "presented", "the review reached the Board response")
        self.assertFalse(finding._missing_for_board())
        self.assertIn("none checked with another", finding.evidence_case)
        self.assertIn("four other residents", finding.evidence_wider)
        self.assertIn("the resident struggles", finding.evidence_why)
        self.assertEqual(
            finding.question_ids.mapped("name"),
            ["How will the board know that fire safety advice reaches every agency?"],
        )
        self.assertEqual(review.stage_id, self.stage["board_response"])

        # 3. Board member: reads the finding, and nothing of the review team's data.
        self._tour("safeguarding_method_board_tour", "sg_method_board")
        as_board = review.with_user(self.board_member)
        self.assertEqual(as_board.finding_ids.mapped("name"), [self.FINDING])
        for model in ("safeguarding.conversation", "safeguarding.participant"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.board_member).search([("review_id", "=", review.id)])
        with self.assertRaises(AccessError):
            conversation.with_user(self.board_member).read(["notes_at_the_time"])
        with self.assertRaises(AccessError):
            as_board.read(["conversation_ids"])

        # 4. Manager: the board's response and an action; on to Action plan monitoring.
        self._tour("safeguarding_method_manager_response_tour", "sg_method_manager")
        self.assertEqual(finding.board_decision, "accepted")
        self.assertTrue(finding.board_response_date)
        self.assertIn("asks the fire service to lead", finding.board_response)
        action = finding.action_ids
        self.assertEqual(len(action), 1)
        self.assertEqual(action.name, self.ACTION)
        self.assertEqual(action.owner_id, self.action_owner)
        self.assertEqual(action.agency_id, self.agency)
        self.assertGreater(action.due_date, finding.board_response_date)
        self.assertEqual(action.status, "planned")
        self.assertEqual(review.stage_id, self.stage["monitoring"])

        # 5. Action owner (no role in the app): My actions, done with the evidence.
        self._tour("safeguarding_method_owner_tour", "sg_method_owner", url="/odoo")
        self.assertEqual(action.status, "submitted", "done once the evidence is accepted")
        self.assertFalse(action.done_date)
        self.assertIn("went live", action.evidence)
        self.assertEqual(action.write_uid, self.action_owner)

        # 6. Manager: closes the review and prints the findings report. The board's decision
        # on publication (the Publication tab, tested in test_publication_check) first.
        review.with_user(self.manager).write(
            {
                "publication_decision": "not_publish",
                "publication_decision_reasons": "The family asked the board not to publish.",
            }
        )
        self._tour("safeguarding_method_manager_close_tour", "sg_method_manager")
        self.assertEqual((action.status, action.accepted_by_id), ("done", self.manager))
        self.assertEqual(review.stage_id, self.stage["closed"])
        self.assertTrue(review.closed_date)
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(FINDINGS_REPORT, review.ids)
        )
        html = html.decode()
        for text in (review.name, "Adult M", self.FINDING, "four other residents"):
            self.assertIn(text, html)
        self.assertNotIn("Jo Practitioner", html, "People are printed by role only.")

        # Each move of the stage was made by the role that does that step.
        stage_field = self.env["ir.model.fields"]._get("safeguarding.review", "stage_id")
        trackings = self.env["mail.tracking.value"].search(
            [
                ("field_id", "=", stage_field.id),
                ("mail_message_id.model", "=", "safeguarding.review"),
                ("mail_message_id.res_id", "=", review.id),
            ],
            order="id",
        )
        self.assertEqual(
            [(t.new_value_char, t.mail_message_id.author_id) for t in trackings],
            [
                ("Preparation", self.manager.partner_id),
                ("Data collection", self.manager.partner_id),
                ("Analysis", self.reviewer.partner_id),
                ("Findings", self.reviewer.partner_id),
                ("Board response", self.reviewer.partner_id),
                ("Action plan monitoring", self.manager.partner_id),
                ("Closed", self.manager.partner_id),
            ],
        )
