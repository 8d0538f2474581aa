import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SafeguardingReviewCase

# Every personal value given to the review carries this token: none may survive anywhere.
TOKEN = "ZQ7Q"
# The contact the review shares with another review carries this one: it must survive.
SHARED = "SHRD9K"


@tagged("post_install", "-at_install")
class TestRetention(SafeguardingReviewCase):
    """The retention schedule: a closed review's working papers kept for the company's
    period, then, once a manager confirms, anonymised everywhere they live; a legal hold
    stops it; the learning stays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.cousin = Partner.create(
            {
                "name": f"Quillon Xenodochy {TOKEN}",
                "email": f"quillon.{TOKEN.lower()}@private.example",
                "phone": f"07700 900777 {TOKEN}",
                "street": f"9 Zephyr Close {TOKEN}",
                "city": f"Lower Wimbleford {TOKEN}",
                "comment": f"Born 7 July 1961 {TOKEN}",
            }
        )
        cls.adult = Partner.create({"name": f"Adeline Realname {TOKEN}"})
        cls.shared = Partner.create({"name": f"Sibyl Shared {SHARED}"})
        review = cls._ready_review(
            cls.stage_monitoring,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            concerns_summary=f"<p>Adeline was found at home {TOKEN}.</p>",
        )
        review.adult_partner_id = cls.adult
        Participant = cls.env["safeguarding.participant"]
        cls.participant = Participant.create(
            {
                "review_id": review.id,
                "partner_id": cls.cousin.id,
                "part": "family",
                "pseudonym": "Adult A's cousin",
                "nhs_number": f"OLD-{TOKEN}",
                "wishes": f"Wants to be told first {TOKEN}",
            }
        )
        Participant.create(
            {
                "review_id": review.id,
                "partner_id": cls.shared.id,
                "part": "practitioner",
                "published_role": "Support worker",
                "agency_id": cls.agency.id,
            }
        )
        cls.other_review = cls._ready_review(cls.stage_referral, title="Another review")
        Participant.create(
            {
                "review_id": cls.other_review.id,
                "partner_id": cls.shared.id,
                "part": "practitioner",
                "published_role": "Support worker",
                "agency_id": cls.agency.id,
            }
        )
        cls._settle()
        # A tracked field changed: tracking keeps the old value in a message.
        cls.participant.nhs_number = f"943 {TOKEN}"
        conversation = review.conversation_ids
        conversation.write(
            {
                "notes_at_the_time": f"<p>She had not eaten for days {TOKEN}.</p>",
                "own_perspective": f"<p>I rang twice {TOKEN}.</p>",
                "location": f"Flat 3, Larch House {TOKEN}",
                "transcript_ids": [
                    Command.create(
                        {
                            "name": f"transcript-{TOKEN}.txt",
                            "raw": f"Transcript of what was said {TOKEN}".encode(),
                            "res_model": "safeguarding.conversation",
                            "res_id": conversation.id,
                        }
                    )
                ],
            }
        )
        cls.env["safeguarding.source"].create(
            {
                "review_id": review.id,
                "agency_id": cls.agency.id,
                "name": "Case notes",
                "notes": f"Seen on 3 May by her GP {TOKEN}",
                "attachment_ids": [
                    Command.create(
                        {
                            "name": "case-notes.txt",
                            "datas": base64.b64encode(f"GP record {TOKEN}".encode()),
                        }
                    )
                ],
            }
        )
        cls.env["safeguarding.narrative.entry"].create(
            {
                "review_id": review.id,
                "agency_id": cls.agency.id,
                "date_from": "2025-06-02",
                "what_happened": f"Home visit, no answer {TOKEN}",
                "agency_view": f"The visitor thought she was away {TOKEN}",
            }
        )
        review.message_post(body=f"The cousin phoned the team {TOKEN}")
        # A draft sent for comment, its file kept by the draft (ondelete restrict), with a
        # comment from the cousin.
        draft_file = cls.env["ir.attachment"].create(
            {
                "name": "draft-1.pdf",
                "raw": f"Draft report {TOKEN}".encode(),
                "res_model": "safeguarding.review",
                "res_id": review.id,
            }
        )
        draft = cls.env["safeguarding.report.draft"].create(
            {"review_id": review.id, "attachment_id": draft_file.id}
        )
        cls.env["safeguarding.report.comment"].create(
            {
                "draft_id": draft.id,
                "participant_id": cls.participant.id,
                "comment": f"My cousin's name is spelt wrong {TOKEN}",
            }
        )
        review.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.manager.id, summary=f"Call back {TOKEN}"
        )
        episode = cls.env["safeguarding.episode"].create(
            {"review_id": review.id, "name": "The discharge home", "appraisal": "problematic"}
        )
        cls.env["safeguarding.factor"].create(
            {
                "episode_id": episode.id,
                "description": "Friday discharge, office closed",
                "category_id": cls.env.ref("safeguarding_review.factor_scie_conditions").id,
                "influence": "hindered",
            }
        )
        review.write(
            {
                "publication_decision": "not_publish",
                "publication_decision_reasons": "The family asked the board not to.",
                "stage_id": cls.stage_closed.id,
            }
        )
        cls._settle()
        # Closed seven years ago: six years kept (the default), so due.
        review.closed_date = fields.Date.today() - relativedelta(years=7)
        cls.review = review

    def _found(self, token):
        """Every text, varchar, jsonb and bytea column of the database holding ``token``:
        one scan, [(table, column)]."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb', 'bytea')
            """
        )
        found = []
        for table, column, kind in cr.fetchall():
            value = (
                SQL("position(convert_to(%s, 'UTF8') in %s) > 0", token, SQL.identifier(column))
                if kind == "bytea"
                else SQL("%s::text ILIKE %s", SQL.identifier(column), f"%{token}%")
            )
            cr.execute(SQL("SELECT 1 FROM %s WHERE %s LIMIT 1", SQL.identifier(table), value))
            if cr.fetchone():
                found.append((table, column))
        return found

    def _factor_counts(self):
        counts = (
            self.env["safeguarding.factor.count"]
            .with_user(self.manager)
            ._read_group(
                [("review_id", "=", self.review.id)], ["category_id", "influence"], ["__count"]
            )
        )
        return sorted((category.id, influence, n) for category, influence, n in counts)

    def test_anonymisation_leaves_nothing_personal_anywhere_in_the_database(self):
        self.assertIn(("res_partner", "name"), self._found(TOKEN), "the scan sees the values")
        self.assertIn(("mail_tracking_value", "old_value_char"), self._found(TOKEN))
        counts = self._factor_counts()
        review = self.review.with_user(self.manager)
        self.assertEqual(review.retention_state, "due")
        preview = review.retention_preview
        self.assertIn("1 shared with another review or another app, unlinked and kept", preview)
        self.assertIn("2 contact(s) used by this review only", preview)
        self.assertIn("1 transcript(s)", preview)
        # Nobody but a manager anonymises, and nobody else sees what would go.
        with self._refused(AccessError, "Only a manager"):
            self.review.with_user(self.reviewer).action_anonymise()
        with self._refused(AccessError, "retention_preview"):
            self.review.with_user(self.reviewer).read(["retention_preview"])
        events = self.env["calendar.event"].with_context(active_test=False)
        self.assertTrue(events.search([("res_model", "=", "safeguarding.conversation")]))
        conversations = self.review.conversation_ids
        review.action_anonymise()
        self.assertEqual(self._found(TOKEN), [], "nothing personal survives, anywhere")
        self.assertFalse(conversations.calendar_event_id, "the events went, and were not remade")
        self.assertFalse(
            events.search(
                [
                    ("res_model", "=", "safeguarding.conversation"),
                    ("res_id", "in", conversations.ids),
                ]
            )
        )
        self.assertFalse(
            self.env["safeguarding.report.draft"].search([("review_id", "=", self.review.id)])
        )
        # The contact shared with another review is unlinked from this one, and kept.
        self.assertEqual(
            self._found(SHARED), [("res_partner", "name"), ("res_partner", "complete_name")]
        )
        self.assertNotIn(self.shared, self.review.sudo().participant_ids.partner_id)
        self.assertIn(self.shared, self.other_review.participant_ids.partner_id)
        self.assertFalse(self.cousin.active, "a contact of this review only: anonymised, archived")
        # The learning stays, counted by the analysis as before.
        self.assertEqual(self._factor_counts(), counts)
        self.assertEqual(len(self.review.finding_ids), 1)
        self.assertIn("Adult A's cousin", self.review.participant_ids.mapped("published_as"))
        # One note says what was done, when and by whom.
        self.assertEqual(len(self.review.message_ids), 1)
        note = self.review.message_ids.body
        self.assertIn("anonymised under the retention schedule", note)
        self.assertIn(self.manager.name, note)
        self.assertEqual(self.review.anonymised_by_id, self.manager)
        self.assertEqual(self.review.retention_state, "anonymised")
        with self._refused(UserError, "not due for anonymisation"):
            review.action_anonymise()

    def test_a_legal_hold_stops_the_job_and_lifting_it_lets_the_next_run_go(self):
        Review = self.Review.with_user(self.manager)
        activity_type = self.env.ref("safeguarding_review.mail_activity_type_retention_due")

        def listed():
            return self.review.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        # Only a manager holds a review, and says why; a closed review takes the hold.
        with self._refused(AccessError, "legal_hold"):
            self.review.with_user(self.reviewer).legal_hold = True
        with self._refused(ValidationError, "Why held"):
            self.review.with_user(self.manager).legal_hold = True
        self.review.with_user(self.manager).write(
            {"legal_hold": True, "legal_hold_reason": "inquest", "legal_hold_notes": "March"}
        )
        self.assertEqual(self.review.retention_state, "held")
        self.assertNotIn(self.review, Review._cron_retention_due())
        self.assertFalse(listed(), "held: the job lists nothing")
        with self._refused(UserError, "on legal hold"):
            self.review.with_user(self.manager).action_anonymise()
        # Lifted: the next run lists it, once however often it runs.
        self.review.with_user(self.manager).legal_hold = False
        self.assertIn(self.review, Review._cron_retention_due())
        Review._cron_retention_due()
        self.assertEqual(len(listed()), 1)
        self.assertEqual(listed().user_id, self.manager, "the manager who decided")
        # A review closed lately is kept: not listed, not anonymised.
        self.review.closed_date = fields.Date.today() - relativedelta(months=3)
        self.assertEqual(self.review.retention_state, "kept")
        self.assertNotIn(self.review, Review._cron_retention_due())
        with self._refused(UserError, "kept until"):
            self.review.with_user(self.manager).action_anonymise()
        # The period is the company's.
        self.env.company.safeguarding_retention_months = 2
        self.assertEqual(self.review.retention_state, "due")
