from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.safeguarding_printed import EPISODE_TEXTS, FINDING_TEXTS, REVIEW_TEXTS
from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestPublicationCheck(SafeguardingReviewCase):
    """Every text the report prints, scanned for what identifies the review's people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls._ready_review(
            cls.stage_board_response, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        Partner = cls.env["res.partner"]
        cls.sister = Partner.create(
            {
                "name": "Ottoline Brackenbury",
                "street": "17 Larkspur Mews",
                "zip": "NS4 7QT",
                "phone": "01632 960 481",
                "email": "otto.bb@private.example",
            }
        )
        cls.nurse = Partner.create(
            {"name": "Wilhelmina Fothergill", "parent_id": cls.agency_health.id}
        )
        Participant = cls.env["safeguarding.participant"]
        cls.sister_participant = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.sister.id,
                "part": "family",
                "pseudonym": "Adult A's sister",
                "birth_date": "1958-03-03",
                "nhs_number": "943 476 5919",
            }
        )
        Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.nurse.id,
                "part": "practitioner",
                "published_role": "District nurse",
            }
        )
        cls.episode = cls.env["safeguarding.episode"].create(
            {"review_id": cls.review.id, "name": "The discharge home", "appraisal": "mixed"}
        )
        cls.finding = cls.review.finding_ids[:1]
        cls.finding.recommendation_ids = [Command.create({"name": "Write a protocol."})]
        cls.entry = cls.env["safeguarding.narrative.entry"].create(
            {
                "review_id": cls.review.id,
                "agency_id": cls.agency.id,
                "date_from": "2025-06-02",
                "what_happened": "Discharged home.",
                "in_timeline": True,
            }
        )

    def _check(self, user=None):
        review = self.review.with_user(user or self.reviewer)
        review.action_check_publication()
        return review.publication_hit_ids

    def test_a_text_without_identifiers_passes(self):
        self.review.write(
            {
                "report_introduction": "<p>Adult A lived alone. The district nurse visited.</p>",
                "case_summary": "<p>Adult A's sister raised the alarm in 2025.</p>",
            }
        )
        self.assertFalse(self._check())
        self.assertEqual(self.review.publication_open_hit_count, 0)

    def test_a_name_planted_in_each_printed_text_is_found_with_its_field(self):
        planted = "Mrs Brackenbury said so"
        targets = [(self.review, name) for name in REVIEW_TEXTS]
        targets += [(self.episode, name) for name in EPISODE_TEXTS]
        targets += [(self.finding, name) for name in FINDING_TEXTS]
        targets += [
            (self.finding.question_ids[:1], "name"),
            (self.finding.recommendation_ids[:1], "name"),
            (self.entry, "what_happened"),
            (self.sister_participant, "pseudonym"),
        ]
        for record, field in targets:
            with self.subTest(text=f"{record._name}.{field}"):
                before = record[field]
                value = f"<p>{planted}</p>" if record._fields[field].type == "html" else planted
                record.write({field: value})
                hits = self._check().filtered(
                    lambda h, r=record, f=field: (
                        (h.res_model, h.res_id, h.field_name) == (r._name, r.id, f)
                    )
                )
                self.assertTrue(hits, "the planted name is found")
                self.assertIn("Mrs Brackenbury", hits.mapped("term"))
                self.assertIn(planted, hits[0].excerpt, "with the words around it")
                self.assertEqual(hits[0].field_label, record._fields[field].string)
                record.write({field: before})
        self.assertFalse(self._check(), "nothing left once the texts are put back")

    def test_every_kind_of_identifier_is_found(self):
        cases = {
            "the full name": ("ottoline brackenbury visited", "name"),
            "the first name": ("Ottoline visited", "name"),
            "the last name": ("the Brackenbury family", "name"),
            "a practitioner's name": ("Wilhelmina Fothergill, the nurse", "name"),
            "a title and last name": ("Dr. Fothergill saw her", "name"),
            "the street": ("at 17 Larkspur Mews", "address"),
            "the postcode without its space": ("near NS47QT", "postcode"),
            "any postcode": ("a flat in ZX1 2AB", "postcode"),
            "the phone with other spacing": ("rang 01632960481", "phone"),
            "the email": ("wrote to otto.bb@private.example", "email"),
            "any email": ("wrote to someone@elsewhere.example", "email"),
            "the date of birth written out": ("born 3 March 1958", "birth_date"),
            "the date of birth in figures": ("born 03/03/1958", "birth_date"),
            "the NHS number without spaces": ("NHS 9434765919", "nhs_number"),
        }
        for label, (text, kind) in cases.items():
            with self.subTest(identifier=label):
                self.review.report_conclusion = f"<p>{text}</p>"
                hits = self._check()
                self.assertIn(kind, hits.mapped("kind"), f"{text!r}: {hits.mapped('term')}")

    def test_approval_waits_for_a_reason_per_hit(self):
        self.review.write(
            {
                "report_introduction": "<p>Mrs Brackenbury lived near Brackenbury Park.</p>",
                "report_conclusion": "<p>Ottoline spoke to the review.</p>",
            }
        )
        manager_review = self.review.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "cannot be approved for publication"):
            manager_review.action_approve_publication()
        self.assertFalse(self.review.publication_approved_on)
        hits = self.review.publication_hit_ids
        self.assertGreaterEqual(len(hits), 3)
        with self.assertRaisesRegex(AccessError, "Why it is safe"):
            hits[0].with_user(self.reviewer).safe_reason = "A park's name."
        with self.assertRaisesRegex(UserError, "Only a safeguarding manager"):
            self.review.with_user(self.reviewer).action_approve_publication()
        hits[:-1].with_user(self.manager).write({"safe_reason": "Reviewed: safe."})
        with self.assertRaisesRegex(UserError, "1 text"):
            manager_review.action_approve_publication()
        hits[-1].with_user(self.manager).safe_reason = "Reviewed: safe."
        self.assertEqual(hits[-1].cleared_by_id, self.manager)
        manager_review.action_approve_publication()
        self.assertEqual(self.review.publication_approved_by_id, self.manager)
        self.assertTrue(self.review.publication_approved_on)

    def test_a_reason_stays_while_the_words_stay(self):
        self.review.report_conclusion = "<p>Brackenbury Park is near the flat.</p>"
        hit = self._check().filtered(lambda h: h.term == "Brackenbury")
        hit.with_user(self.manager).safe_reason = "A park, named after the town."
        self.review.case_summary = "<p>Nothing here.</p>"
        again = self._check().filtered(lambda h: h.term == "Brackenbury")
        self.assertEqual(again, hit, "the same hit, kept")
        self.assertEqual(again.safe_reason, "A park, named after the town.")
        self.review.report_conclusion = "<p>The park is near the flat.</p>"
        self.assertFalse(self._check(), "gone with the words")

    def test_the_check_is_the_teams_and_the_boards_never(self):
        self.review.report_conclusion = "<p>Ottoline spoke.</p>"
        self._check()
        Hit = self.env["safeguarding.publication.hit"]
        self.assertTrue(Hit.with_user(self.reviewer).search([("review_id", "=", self.review.id)]))
        self.assertFalse(Hit.with_user(self.other_reviewer).search([]), "another team's")
        for user in (self.board_member, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Hit.with_user(user).search([])
        for user in (self.board_member, self.other_reviewer, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.review.with_user(user).action_check_publication()

    def test_the_query_count_does_not_grow_with_the_texts(self):
        def check(env):
            env["safeguarding.review"].browse(self.review.id).action_check_publication()

        few = self._queries(self.reviewer, check)
        Episode = self.env["safeguarding.episode"]
        for n in range(8):
            Episode.create(
                {
                    "review_id": self.review.id,
                    "name": f"Episode {n}",
                    "what_happened": "<p>Adult A was visited.</p>",
                    "at_the_time": "<p>It seemed enough.</p>",
                }
            )
            self._complete_finding(self.review, recommendation_ids=[Command.create({"name": "R"})])
        many = self._queries(self.reviewer, check)
        self.assertEqual(few, many, "one pass over the review, whatever its number of texts")

    def test_the_boards_decision_on_publication_is_a_managers_to_record(self):
        decision = {
            "publication_decision": "publish",
            "publication_decision_reasons": "Learning for every agency.",
        }
        with self.assertRaisesRegex(UserError, "Board's decision on publication"):
            self.review.with_user(self.reviewer).write(decision)
        with self.assertRaisesRegex(UserError, "Reasons for publishing or not"):
            self.review.with_user(self.manager).write({"publication_decision": "summary"})
        with self.assertRaisesRegex(UserError, "Published on"):
            self.review.with_user(self.manager).write(
                {
                    "publication_decision": "not_publish",
                    "publication_decision_reasons": "The family asked.",
                    "published_on": "2026-11-01",
                }
            )
        manager_review = self.review.with_user(self.manager)
        manager_review.write(decision)
        with self.assertRaisesRegex(UserError, "Published on: approve"):
            manager_review.published_on = "2026-11-01"
        manager_review.action_approve_publication()
        manager_review.published_on = "2026-11-01"
        self.assertTrue(self.review.with_user(self.reviewer).is_published, "the team reads it")

    def _approve(self):
        self.review.with_user(self.manager).action_approve_publication()
        self.assertTrue(self.review.publication_approved_on)

    def test_a_change_to_what_the_report_prints_withdraws_the_approval(self):
        changes = {
            "a text of the review": lambda: self.review.with_user(self.reviewer).write(
                {"report_conclusion": "<p>A new conclusion.</p>"}
            ),
            "the adult's pseudonym": lambda: self.review.with_user(self.reviewer).write(
                {"adult_pseudonym": "Adult B"}
            ),
            "an episode's account": lambda: self.episode.with_user(self.reviewer).write(
                {"at_the_time": "<p>It looked fine.</p>"}
            ),
            "a new episode": lambda: (
                self.env["safeguarding.episode"]
                .with_user(self.reviewer)
                .create({"review_id": self.review.id, "name": "Another episode"})
            ),
            "a finding's question": lambda: (
                self.finding.question_ids[:1]
                .with_user(self.reviewer)
                .write({"name": "Who checks, and how often?"})
            ),
            "a participant's published label": lambda: self.sister_participant.with_user(
                self.reviewer
            ).write({"pseudonym": "Adult A's elder sister"}),
            "an entry taken out of the timeline": lambda: self.entry.with_user(self.reviewer).write(
                {"in_timeline": False}
            ),
        }
        for label, change in changes.items():
            with self.subTest(change=label):
                self._approve()
                change()
                self.assertFalse(self.review.publication_approved_on, "withdrawn")
                self.assertFalse(self.review.publication_approved_by_id)
                note = self.review.message_ids[:1]
                self.assertIn("Approval for publication withdrawn", note.body)
        self._approve()
        self.review.with_user(self.reviewer).priority = "1"
        self.env["safeguarding.source"].with_user(self.reviewer).create(
            {"review_id": self.review.id, "agency_id": self.agency.id, "name": "More notes"}
        )
        self.assertTrue(self.review.publication_approved_on, "what is not printed changes nothing")

    def test_a_reason_covers_the_words_where_they_were_found_only(self):
        self.review.report_conclusion = "<p>They met at the Brackenbury Centre, a hall.</p>"
        hit = self._check()
        hit.with_user(self.manager).safe_reason = "A public building."
        self.review.case_summary = "<p>Brackenbury lived alone and refused care.</p>"
        hits = self._check()
        self.assertEqual(len(hits), 2, "the same word in another text is another hit")
        self.assertEqual(hits.filtered("safe_reason"), hit, "the reason stays where it was given")
        self.review.report_conclusion = "<p>Brackenbury refused the visit at the hall.</p>"
        hits = self._check()
        self.assertFalse(hits.filtered("safe_reason"), "new words around it: a new hit")

    def test_an_archived_participants_name_is_still_looked_for(self):
        self.sister_participant.active = False
        self.review.report_conclusion = "<p>Ottoline visited weekly.</p>"
        self.assertIn("Ottoline", self._check().mapped("term"))

    def test_only_the_check_adds_or_removes_hits(self):
        self.review.report_conclusion = "<p>Ottoline visited weekly.</p>"
        hits = self._check()
        hits.with_user(self.manager).safe_reason = "Reviewed."
        for user in (self.reviewer, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    hits.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.review.with_user(user).write({"publication_hit_ids": [Command.clear()]})
        self.assertEqual(hits.exists().safe_reason, "Reviewed.")

    def test_the_check_does_not_run_on_a_closed_review(self):
        closed = self._ready_review(
            self.stage_closed, lead_reviewer_ids=[Command.set([self.reviewer.id])]
        )
        with self.assertRaisesRegex(UserError, "is closed"):
            closed.with_user(self.reviewer).action_check_publication()
        self.assertFalse(closed.publication_checked_on)
