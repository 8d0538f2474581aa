from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingReviewCase

QUALITY = "safeguarding_review.action_report_quality"


@tagged("post_install", "-at_install")
class TestQualityMarkers(SafeguardingReviewCase):
    """SCIE's quality markers carried by the review: the family's involvement, the case
    group's, parallel processes and their pauses, early learning, the board's terms, and a
    self-assessment proposed from the record and confirmed by the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        Participant = cls.env["safeguarding.participant"]
        cls.sister = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.env["res.partner"].create({"name": "Orla Vantongeren"}).id,
                "part": "family",
                "pseudonym": "Ms B",
            }
        )
        cls.nurse = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.env["res.partner"].create({"name": "Nurse Person"}).id,
                "part": "practitioner",
                "published_role": "District nurse",
                "agency_id": cls.agency_health.id,
            }
        )

    def _line(self, review, code):
        return review.quality_assessment_ids.filtered(lambda line: line.code == code)

    # The person, family and network (QM 3, 11) ----------------------------------------
    def test_the_family_log_is_the_teams_and_the_report_prints_only_what_happened(self):
        Log = self.env["safeguarding.involvement"].with_user(self.reviewer)
        Log.create(
            [
                {
                    "review_id": self.review.id,
                    "participant_id": self.sister.id,
                    "kind": "informed",
                    "channel": "letter",
                    "through": "Family liaison officer",
                    "date": "2026-04-10",
                },
                {
                    "review_id": self.review.id,
                    "participant_id": self.sister.id,
                    "kind": "questions",
                    "notes": "WANTS-TO-KNOW-7731 why nobody visited",
                    "date": "2026-04-20",
                },
                {
                    "review_id": self.review.id,
                    "participant_id": self.sister.id,
                    "kind": "meeting",
                    "channel": "visit",
                    "date": "2026-05-02",
                },
            ]
        )
        values = self.env["safeguarding.publication"]._review_values(self.review)[0]
        self.assertEqual(
            values["family_involvement"],
            [
                "Ms B: Told of the review (letter), 10 April 2026; "
                "Met the review (visit), 2 May 2026."
            ],
        )
        self.assertIn("methodology", values["parts"])
        self.assertNotIn("WANTS-TO-KNOW-7731", str(values), "what they said stays in the log")
        # A practitioner's involvement is on their participant record, not in this log.
        with self._refused(ValidationError, "Who:"):
            Log.create(
                {"review_id": self.review.id, "participant_id": self.nurse.id, "kind": "informed"}
            )
        # Nobody else reads it: the board has no right on it, another team finds nothing.
        with self.assertRaises(AccessError):
            self.env["safeguarding.involvement"].with_user(self.board_member).search_read(
                [("review_id", "=", self.review.id)], ["notes"]
            )
        found = (
            self.env["safeguarding.involvement"]
            .with_user(self.other_reviewer)
            .search_read([("review_id", "=", self.review.id)], ["notes"])
        )
        self.assertEqual(found, [])
        with self.assertRaises(AccessError):
            self.review.with_user(self.board_member).read(["involvement_ids"])

    def test_the_case_group_proposal_at_its_boundaries(self):
        self.review.with_user(self.manager).action_assess_quality()
        line = self._line(self.review, "QM 10")
        self.assertEqual(line.proposed_state, "partly", line.proposal_evidence)
        self.nurse.with_user(self.reviewer).write(
            {"briefing_sent_on": "2026-04-15", "support_offered": "Supervision"}
        )
        self.review._refresh_quality_proposals()
        self.assertEqual(line.proposed_state, "met", "everyone briefed, a conversation held")
        self.assertIn("1 of 1 of the case group briefed", line.proposal_evidence)

    # Parallel processes (QM 8) ---------------------------------------------------------
    def test_a_pause_moves_the_target_by_its_length_and_the_board_sees_why(self):
        review = self.review
        target = review.target_date
        Process = self.env["safeguarding.parallel.process"].with_user(self.reviewer)
        with freeze_time("2026-06-01"):
            review.invalidate_recordset(["days_to_target"])
            days_before = review.days_to_target
            with self._refused(ValidationError, "Reason for the pause"):
                Process.create(
                    {"review_id": review.id, "kind": "criminal", "pause_from": "2026-06-01"}
                )
            trial = Process.create(
                {
                    "review_id": review.id,
                    "kind": "criminal",
                    "contact_role": "Senior investigating officer",
                    "sharing": "SIO-ONLY-5521: nothing before the verdict",
                    "pause_from": "2026-06-01",
                    "pause_reason": "Criminal trial: practitioners are witnesses",
                }
            )
            self.assertTrue(review.is_paused)
        with freeze_time("2026-07-01"):
            review.invalidate_recordset(["days_to_target", "is_overdue"])
            self.assertEqual(review.days_to_target, days_before, "the clock stands still")
            self.assertEqual(review.target_date, target, "moved once resumed")
            trial.action_resume_review()
        self.assertEqual(trial.pause_days, 30)
        self.assertFalse(review.is_paused)
        self.assertEqual((review.target_date - target).days, 30, "the target moves by the pause")
        # The board reads the pause on the review, and nothing of the process.
        as_board = review.with_user(self.board_member)
        self.assertIn(
            "Paused 30 days from 1 June 2026 (Criminal trial: practitioners are witnesses)",
            as_board.pause_summary,
        )
        with self.assertRaises(AccessError):
            self.env["safeguarding.parallel.process"].with_user(self.board_member).search_read(
                [], ["sharing"]
            )
        with self.assertRaises(AccessError):
            as_board.web_read({"parallel_process_ids": {"fields": {"sharing": {}}}})
        with self._refused(ValidationError, "Review resumed on"):
            trial.with_user(self.reviewer).pause_to = "2026-05-01"

    def test_a_paused_review_is_never_overdue(self):
        review = self._ready_review(self.stage_analysis)
        with freeze_time("2030-01-01"):
            self.assertIn(review, self.Review.search([("is_overdue", "=", True)]))
            self.env["safeguarding.parallel.process"].create(
                {
                    "review_id": review.id,
                    "kind": "inquest",
                    "pause_from": "2029-12-01",
                    "pause_reason": "Inquest",
                }
            )
            review.invalidate_recordset(["is_overdue", "days_to_target"])
            self.assertFalse(review.is_overdue)
            self.assertNotIn(review, self.Review.search([("is_overdue", "=", True)]))
            self.assertIn(review, self.Review.search([("is_overdue", "=", False)]))

    # Early learning ------------------------------------------------------------------
    def test_early_learning_is_monitored_then_linked_to_its_finding(self):
        Action = self.env["safeguarding.action"].with_user(self.reviewer)
        early = Action.create(
            {
                "review_id": self.review.id,
                "is_early": True,
                "name": "Fire service: a home visit after two refusals",
                "agency_id": self.agency.id,
                "owner_id": self.reviewer.id,
                "due_date": "2026-06-30",
            }
        )
        self.assertEqual(early.review_id, self.review)
        self.assertIn(early, self.review.early_action_ids)
        with self._refused(ValidationError, "Finding:"):
            Action.create(
                {
                    "review_id": self.review.id,
                    "name": "Not early, no finding",
                    "owner_id": self.reviewer.id,
                    "due_date": "2026-06-30",
                }
            )
        values = self.env["safeguarding.publication"]._review_values(self.review)[0]
        self.assertEqual(
            values["early_actions"],
            [
                {
                    "name": "Fire service: a home visit after two refusals",
                    "agency": "Testshire Adult Social Care",
                    "status": "Planned",
                }
            ],
        )
        plan = (
            self.env["ir.actions.report"]
            ._render_qweb_html("safeguarding_review.action_report_action_plan", self.review.ids)[0]
            .decode()
        )
        self.assertIn("Early learning", plan)
        self.assertIn("Fire service: a home visit after two refusals", plan)
        # Its name is printed: the publication check reads it.
        early.name = "Ask Orla Vantongeren about the visits"
        self.review.with_user(self.reviewer).action_check_publication()
        hits = self.env["safeguarding.publication.hit"].search([("review_id", "=", self.review.id)])
        self.assertIn(("safeguarding.action", early.id), [(h.res_model, h.res_id) for h in hits])
        # A finding follows: the action is linked to it, and stays there.
        finding = self._complete_finding(self.review)
        early.write({"finding_id": finding.id})
        self.assertEqual(early.finding_id, finding)
        other = self._complete_finding(self.review, name="A second finding about the system.")
        with self._refused(UserError, "stays where it was created"):
            early.write({"finding_id": other.id})
        other_review = self._ready_review(
            self.stage_analysis, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        )
        elsewhere = self._complete_finding(other_review)
        loose = Action.create(
            {
                "review_id": self.review.id,
                "is_early": True,
                "name": "Another early action",
                "owner_id": self.reviewer.id,
                "due_date": "2026-06-30",
            }
        )
        with self.assertRaises(ValidationError):
            loose.write({"finding_id": elsewhere.id})
        # ... not even with the other review given too (the lead is on both teams).
        with self._refused(UserError, "stays where it was created"):
            loose.write({"review_id": other_review.id, "finding_id": elsewhere.id})
        self.assertEqual(loose.review_id, self.review)

    # The self-assessment ---------------------------------------------------------------
    def test_the_referral_marker_at_its_boundaries(self):
        cases = [
            # (decision date, today, proposed state)
            ("2026-03-30", "2026-06-01", "met"),  # 28 days: the board's limit
            ("2026-03-31", "2026-06-01", "not_met"),  # 29 days
            (False, "2026-03-30", False),  # not decided, not yet due
            (False, "2026-03-31", "not_met"),  # not decided, 29 days on
        ]
        for decided, today, expected in cases:
            with self.subTest(decided=decided, today=today), freeze_time(today):
                vals = self._referral_vals()
                if decided:
                    vals.update(self._decision_vals(), decision_date=decided)
                review = self.Review.create(vals)
                review.action_assess_quality()
                self.assertEqual(self._line(review, "QM 1").proposed_state, expected)

    def test_the_terms_of_reference_are_the_boards(self):
        with self._refused(UserError, "Only a manager"):
            self.review.with_user(self.reviewer).write({"budget": 12000})
        self.review.with_user(self.manager).write(
            {"budget": 12000, "commissioning_reasons": "Two external reviewers."}
        )
        self.assertEqual(self.review.budget, 12000)

    def test_the_publication_and_parallel_markers_at_their_boundaries(self):
        review = self.review
        review.action_assess_quality()
        self.assertEqual(self._line(review, "QM 14").proposed_state, "not_met")
        self.assertEqual(self._line(review, "QM 8").proposed_state, "not_met")
        review.write(
            {
                "publication_decision": "publish",
                "publication_decision_reasons": "Learning for all.",
                "parallel_none_known": True,
            }
        )
        review._refresh_quality_proposals()
        self.assertEqual(self._line(review, "QM 14").proposed_state, "partly", "not yet out")
        self.assertEqual(self._line(review, "QM 8").proposed_state, "met")
        review.publication_decision = "not_publish"
        review._refresh_quality_proposals()
        self.assertEqual(self._line(review, "QM 14").proposed_state, "met")

    def test_the_team_confirms_each_marker_with_a_note(self):
        review = self.review.with_user(self.reviewer)
        review.action_assess_quality()
        lines = review.quality_assessment_ids
        self.assertEqual(len(lines), 15, "SCIE's fifteen markers")
        line = self._line(review, "QM 6")
        self.assertEqual(line.proposed_state, "not_met")
        with self._refused(ValidationError, "Note: say why QM 6"):
            line.state = "met"
        line.write({"state": "met", "note": "Discussed at the SAR sub-group on 3 May."})
        self.assertEqual(line.confirmed_by_id, self.reviewer)
        self.assertTrue(line.confirmed_on)
        with self.assertRaises(UserError):
            line.write({"confirmed_by_id": self.manager.id})
        accepted = self._line(review, "QM 2")
        accepted.action_accept_proposal()
        self.assertEqual(accepted.state, "met")
        # Assessing again keeps what was confirmed and adds no line twice.
        review.action_assess_quality()
        self.assertEqual(len(review.quality_assessment_ids), 15)
        self.assertEqual(line.state, "met")
        # Another team may not assess it, nor refresh its proposals.
        with self.assertRaises(AccessError):
            self.review.with_user(self.other_reviewer).action_assess_quality()
        # A board member reads none of it; only a manager deletes a line.
        with self.assertRaises(AccessError):
            lines.with_user(self.board_member).read(["state"])
        with self.assertRaises(AccessError):
            line.unlink()
        # Governance: a SAR sub-group meeting held is what QM 6 reads.
        self.env["safeguarding.conversation"].with_user(self.reviewer).create(
            {
                "review_id": self.review.id,
                "kind": "governance",
                "start": "2026-05-03 10:00:00",
                "state": "held",
                "decisions": "Agreed the scope.",
            }
        )
        review._refresh_quality_proposals()
        self.assertEqual(line.proposed_state, "met")

    def test_the_quality_report_renders_for_the_team_only(self):
        self.review.action_assess_quality()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.reviewer)
            ._render_qweb_html(QUALITY, self.review.ids)[0]
            .decode()
        )
        for text in ("Quality markers", "Setting up the review", "QM 1", "QM 15", "Referral"):
            self.assertIn(text, html)
        report = self.env.ref(QUALITY)
        self.assertNotIn(self.board_member, report.groups_id.users)
        # Printed by hand over RPC, the render stops at the first line the board may not read.
        self.env.invalidate_all()
        with self._refused(Exception, "doesn't have 'read' access"):
            self.env["ir.actions.report"].with_user(self.board_member)._render_qweb_html(
                QUALITY, self.review.ids
            )

    def _queries(self, operation):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        operation()
        return self.cr.sql_log_count - before

    def test_the_quality_pivot_and_the_proposals_cost_the_same_for_any_number_of_reviews(self):
        Assessment = self.env["safeguarding.quality.assessment"].with_user(self.manager)
        Proposal = self.env["safeguarding.quality.proposal"]

        def pivot():
            Assessment.read_group([], ["__count"], ["marker_id", "current_state"], lazy=False)

        reviews = self.review
        reviews.action_assess_quality()
        pivot()
        pivot_one = self._queries(pivot)
        propose_one = self._queries(lambda: Proposal._propose(reviews))
        for _i in range(5):
            reviews |= self._ready_review(self.stage_analysis)
        reviews.action_assess_quality()
        self.assertEqual(self._queries(pivot), pivot_one)
        self.assertEqual(self._queries(lambda: Proposal._propose(reviews)), propose_one)


@tagged("post_install", "-at_install")
class TestQualityProposals(SafeguardingReviewCase):
    """Every computed marker at its boundary: what the record lacks, then what makes it met."""

    def _proposal(self, review, key):
        review.invalidate_recordset()
        return self.env["safeguarding.quality.proposal"]._propose(review)[review.id][key][0]

    def _family(self, review):
        return self.env["safeguarding.participant"].create(
            {
                "review_id": review.id,
                "partner_id": self.env["res.partner"].create({"name": "A sister"}).id,
                "part": "family",
                "pseudonym": "Ms S",
            }
        )

    def _log(self, review, kind):
        participant = review.participant_ids.filtered(lambda p: p.part == "family")[:1]
        self.env["safeguarding.involvement"].create(
            {
                "review_id": review.id,
                "participant_id": (participant or self._family(review)).id,
                "kind": kind,
            }
        )

    def test_each_marker_from_not_met_to_met(self):
        cases = {
            "decision": (
                lambda r: r.write({"decision_reasons": " "}),
                "partly",
                lambda r: r.write({"decision_reasons": "All four criteria are met."}),
            ),
            "informing": (None, "not_met", lambda r: self._log(r, "informed")),
            "purpose": (
                None,
                "partly",
                lambda r: r.with_user(self.manager).write(
                    {
                        "review_scope": "<p>Two years, five agencies.</p>",
                        "review_period_start": "2024-01-01",
                        "review_period_end": "2025-12-31",
                    }
                ),
            ),
            "commissioning": (
                None,
                "partly",
                lambda r: r.with_user(self.manager).write(
                    {"commissioning_reasons": "A systems review.", "reviewer_independence": "Yes."}
                ),
            ),
            "information": (
                lambda r: self.env["safeguarding.agency.request"].create(
                    {
                        "review_id": r.id,
                        "agency_id": self.agency.id,
                        "description": "Notes",
                        "asked_on": "2026-04-01",
                        "due_on": "2099-04-30",
                    }
                ),
                "partly",
                lambda r: r.agency_request_ids.write(
                    {"state": "received", "received_on": "2026-04-20"}
                ),
            ),
            "practitioners": (
                None,
                "not_met",
                lambda r: self.env["safeguarding.participant"].create(
                    {
                        "review_id": r.id,
                        "partner_id": self.env["res.partner"].create({"name": "A nurse"}).id,
                        "published_role": "Nurse",
                        "briefing_sent_on": "2026-04-02",
                    }
                ),
            ),
            "family": (
                lambda r: self._log(r, "informed"),
                "partly",
                lambda r: self._log(r, "declined"),
            ),
            "analysis": (
                None,
                "not_met",
                lambda r: self._complete_finding(
                    r,
                    pattern_type_id=self.env.ref("safeguarding_review.pattern_human_tool").id,
                    factor_ids=[
                        Command.create(
                            {
                                "episode_id": self.env["safeguarding.episode"]
                                .create({"review_id": r.id, "name": "A visit"})
                                .id,
                                "description": "Workload",
                                "category_id": self.env.ref(
                                    "safeguarding_review.factor_scie_conditions"
                                ).id,
                            }
                        )
                    ],
                ),
            ),
            "report": (
                None,
                "not_met",
                lambda r: (
                    r.with_user(self.reviewer).action_make_draft(),
                    r.with_user(self.reviewer).action_check_publication(),
                ),
            ),
            "action": (
                lambda r: self.env["safeguarding.action"].create(
                    {
                        "review_id": r.id,
                        "is_early": True,
                        "name": "Act now",
                        "owner_id": self.reviewer.id,
                        "due_date": "2099-01-01",
                    }
                ),
                "partly",
                lambda r: r.action_ids.write(
                    {
                        "status": "done",
                        "evidence": "<p>Done.</p>",
                        "observed_impact": "Fewer refused visits closed.",
                    }
                ),
            ),
        }
        for key, (prepare, before, complete) in cases.items():
            with self.subTest(marker=key):
                review = self._ready_review(
                    self.stage_analysis, lead_reviewer_ids=[Command.set([self.reviewer.id])]
                )
                if prepare:
                    prepare(review)
                self.assertEqual(self._proposal(review, key), before)
                complete(review)
                self.assertEqual(self._proposal(review, key), "met")

    def test_the_clock_marker_with_a_frozen_date(self):
        review = self._ready_review(self.stage_analysis)
        with freeze_time(review.target_date):
            self.assertEqual(self._proposal(review, "process"), "met", "on its target day")
        with freeze_time(review.target_date + timedelta(days=1)):
            self.assertEqual(self._proposal(review, "process"), "not_met", "a day past it")
