from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SafeguardingReviewCase


@tagged("post_install", "-at_install")
class TestParticipantConversation(SafeguardingReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Participant = cls.env["safeguarding.participant"]
        cls.Conversation = cls.env["safeguarding.conversation"]
        Partner = cls.env["res.partner"]
        # Real people in Contacts: none of these names may reach anything published.
        cls.adult_contact = Partner.create({"name": "Margaret Hollis"})
        cls.social_worker = Partner.create({"name": "Priya Raman"})
        cls.son = Partner.create({"name": "Daniel Hollis"})
        cls.nurse = Partner.create({"name": "Owen Pritchard"})
        cls.real_names = [p.name for p in (cls.adult_contact, cls.social_worker, cls.son)]
        # Led by the reviewer (the default team of _ready_review). The adult's real identity
        # is the adult's participant, which the tests create.
        cls.review = cls._ready_review(cls.stage_data_collection)
        # The reviewer is on this one's team, not its lead.
        cls.team_review = cls._ready_review(
            cls.stage_data_collection,
            title="Hoarding and fire risk",
            adult_pseudonym="Adult B",
            lead_reviewer_ids=[Command.set([cls.manager.id])],
            team_member_ids=[Command.set([cls.reviewer.id])],
        )
        cls.start = fields.Datetime.to_datetime("2026-05-11 09:30:00")

    # Helpers -----------------------------------------------------------------------

    def _staff_vals(self, review=None, **overrides):
        return {
            "review_id": (review or self.review).id,
            "partner_id": self.social_worker.id,
            "part": "practitioner",
            "published_role": "Social worker",
            "agency_id": self.agency.id,
            **overrides,
        }

    def _create_participants(self, user):
        """The practitioner, the adult and the adult's son of self.review, created by ``user``."""
        return self.Participant.with_user(user).create(
            [
                self._staff_vals(),
                {"review_id": self.review.id, "partner_id": self.adult_contact.id, "part": "adult"},
                {
                    "review_id": self.review.id,
                    "partner_id": self.son.id,
                    "part": "family",
                    "pseudonym": "Adult A's son",
                },
            ]
        )

    def _create_conversation(self, user, **overrides):
        return self.Conversation.with_user(user).create(
            {"review_id": self.review.id, "start": self.start, **overrides}
        )

    # 1. Published names ---------------------------------------------------------------

    def test_participants_are_published_by_role_or_pseudonym(self):
        staff, adult, son = self._create_participants(self.reviewer)
        self.assertEqual(staff.published_as, f"{staff.published_role}, {self.agency.name}")
        self.assertEqual(staff.display_name, staff.published_as)
        self.assertEqual(adult.published_as, self.review.adult_pseudonym)
        self.assertEqual(son.published_as, son.pseudonym)
        self.assertEqual(
            [p.is_personal for p in (staff, adult, son)],
            [False, True, True],
            "the adult and their family are published by pseudonym, staff by role",
        )
        for participant in staff | adult | son:
            for real_name in self.real_names:
                self.assertNotIn(real_name, participant.published_as)
                self.assertNotIn(real_name, participant.display_name)

        # On a review where the reviewer is on the team rather than leading it.
        nurse = self.Participant.with_user(self.reviewer).create(
            self._staff_vals(
                self.team_review,
                partner_id=self.nurse.id,
                published_role="District nurse",
                agency_id=self.agency_health.id,
            )
        )
        self.assertEqual(nurse.published_as, f"District nurse, {self.agency_health.name}")
        self.assertNotIn(self.nurse.name, nurse.published_as)

        self.review.with_user(self.reviewer).adult_pseudonym = "Adult C"
        self.assertEqual(adult.published_as, "Adult C")
        self.assertEqual(
            self.Participant.with_user(self.reviewer).search(
                [("review_id", "=", self.review.id), ("published_as", "=", "Adult C")]
            ),
            adult,
            "the new label is stored, so lists and searches use it",
        )

    # 2. Constraints ------------------------------------------------------------------

    def test_one_person_takes_part_once_per_review(self):
        Participant = self.Participant.with_user(self.reviewer)
        Participant.create(self._staff_vals())
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            Participant.create(self._staff_vals(published_role="Senior social worker"))
            self.env.flush_all()
        # What the user is told: the RPC layer turns the violation into this ValidationError.
        shown = _as_validation_error(self.env, caught.exception)
        self.assertIn("one person once per review", str(shown))
        # The same person may take part in another review.
        other = Participant.create(self._staff_vals(self.team_review))
        self.assertEqual(other.partner_id, self.social_worker)

    def test_family_and_friends_need_a_pseudonym(self):
        Participant = self.Participant.with_user(self.reviewer)
        for part in ("family", "friend_carer"):
            with self.assertRaises(ValidationError) as caught:
                Participant.create(
                    {"review_id": self.review.id, "partner_id": self.son.id, "part": part}
                )
            self.assertIn("Pseudonym", str(caught.exception))
        son = Participant.create(
            {
                "review_id": self.review.id,
                "partner_id": self.son.id,
                "part": "family",
                "pseudonym": "Adult A's son",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            son.pseudonym = False
        self.assertIn("Pseudonym", str(caught.exception))

    def test_sharing_without_consent_needs_who_when_and_why(self):
        Participant = self.Participant.with_user(self.reviewer)
        adult_vals = {
            "review_id": self.review.id,
            "partner_id": self.adult_contact.id,
            "part": "adult",
            "consent": "refused",
        }
        with self.assertRaises(ValidationError) as caught:
            Participant.create(
                dict(adult_vals, sharing_authorised_by="Caldicott Guardian, Northshire NHS")
            )
        self.assertIn("Sharing without consent", str(caught.exception))
        self.assertIn(self.review.adult_pseudonym, str(caught.exception))

        adult = Participant.create(
            dict(
                adult_vals,
                sharing_authorised_by="Caldicott Guardian, Northshire NHS",
                sharing_authorised_on="2026-04-20",
                sharing_reasons="The review is in the public interest: others are at risk.",
            )
        )
        self.assertEqual(adult.consent, "refused")
        with self.assertRaises(ValidationError):
            adult.sharing_reasons = False

    # 3. Who reaches participants and conversations ---------------------------------------

    def test_only_the_review_team_and_managers_reach_participants_and_conversations(self):
        participants = self._create_participants(self.reviewer)
        conversation = self._create_conversation(
            self.reviewer, participant_ids=[Command.set(participants.ids)]
        )
        in_review = [("review_id", "=", self.review.id)]

        # The team sees and runs them.
        self.assertEqual(self.Participant.with_user(self.reviewer).search(in_review), participants)
        self.assertEqual(self.Conversation.with_user(self.reviewer).search(in_review), conversation)

        # A reviewer of another team finds nothing, reads nothing, adds nothing.
        stranger = self.other_reviewer
        self.assertFalse(self.Participant.with_user(stranger).search(in_review))
        self.assertFalse(
            self.Conversation.with_user(stranger).search([]).filtered_domain(in_review)
        )
        with self.assertRaises(AccessError):
            participants[0].with_user(stranger).read(["published_as"])
        with self.assertRaises(AccessError):
            conversation.with_user(stranger).read(["name"])
        with self.assertRaises(AccessError):
            self.Participant.with_user(stranger).create(
                self._staff_vals(partner_id=self.nurse.id, published_role="District nurse")
            )
        with self.assertRaises(AccessError):
            self._create_conversation(stranger)

        # Board members and staff outside the app have no access right at all.
        for user in (self.board_member, self.employee, self.portal):
            for records in (participants, conversation):
                with self.assertRaises(AccessError):
                    records.with_user(user).search([])
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["review_id"])

        # Managers see every review's.
        self.assertEqual(self.Participant.with_user(self.manager).search(in_review), participants)
        self.assertEqual(self.Conversation.with_user(self.manager).search(in_review), conversation)

    # 4. Deleting and archiving participants ------------------------------------------------

    def test_participant_referred_to_is_archived_not_deleted(self):
        staff, adult, son = self._create_participants(self.reviewer)
        self._create_conversation(self.reviewer, participant_ids=[Command.set(staff.ids)])
        self.env["safeguarding.narrative.entry"].with_user(self.reviewer).create(
            {
                "review_id": self.review.id,
                "date_from": "2025-11-03",
                "agency_id": self.agency.id,
                "participant_id": son.id,
                "what_happened": "The son told the GP his mother had stopped eating.",
            }
        )

        for participant, referrer in ((staff, "conversation"), (son, "narrative entry")):
            with self.assertRaises(UserError) as caught:
                participant.unlink()
            message = str(caught.exception)
            self.assertIn(participant.published_as, message)
            self.assertIn(referrer, message)
            self.assertIn("Archive", message)
            self.assertTrue(participant.exists())

        staff.action_archive()
        self.assertFalse(staff.active)
        self.assertEqual(
            self.Participant.with_user(self.reviewer).search([("review_id", "=", self.review.id)]),
            adult | son,
        )

        adult.unlink()
        self.assertFalse(adult.exists())

    # 5. The calendar event follows the conversation -----------------------------------------

    def test_calendar_event_follows_the_conversation(self):
        staff, adult, son = self._create_participants(self.reviewer)
        conversation = self._create_conversation(
            self.reviewer,
            kind="one_to_one",
            duration=2.0,
            location="Northshire House, room 3",
            participant_ids=[Command.set((staff | adult).ids)],
            reviewer_ids=[Command.set([self.reviewer.id, self.manager.id])],
        )
        event = conversation.calendar_event_id
        self.assertTrue(event, "scheduling a conversation puts it in the calendar")
        self.assertEqual(event.start, conversation.start)
        self.assertEqual(event.stop, conversation.start + timedelta(hours=conversation.duration))
        self.assertEqual(event.privacy, "private")
        # The calendar is seen by more people than the review, and its invitations carry
        # links that open without a login: the reviewers present only, a neutral name, no
        # place; the people met stay on the conversation.
        invited = self.reviewer.partner_id | self.manager.partner_id
        self.assertEqual(event.partner_ids, invited)
        self.assertEqual(event.attendee_ids.partner_id, invited)
        self.assertFalse(event.location)
        self.assertEqual(event.name, "Review conversation")
        self.assertEqual((event.res_model, event.res_id), (conversation._name, conversation.id))
        for secret in [
            *self.real_names,
            self.review.name,
            self.review.adult_pseudonym,
            staff.published_as,
            conversation.location,
        ]:
            self.assertNotIn(secret, f"{event.name} {event.description or ''}")

        new_start = self.start + timedelta(days=2, hours=1)
        conversation.start = new_start
        self.assertEqual(event.start, new_start)
        self.assertEqual(event.stop, new_start + timedelta(hours=conversation.duration))

        conversation.participant_ids = [Command.link(son.id)]
        self.assertNotIn(son.partner_id, event.partner_ids)
        self.assertEqual(event.attendee_ids.partner_id, invited)

        conversation.action_cancel()
        self.assertEqual(conversation.state, "cancelled")
        self.assertEqual(conversation.calendar_event_id, event)
        self.assertFalse(event.active, "the cancelled conversation's event is archived")

        conversation.action_replan()
        self.assertEqual(conversation.state, "planned")
        self.assertTrue(event.active)
        self.assertEqual(event.start, new_start)

        conversation.unlink()
        self.assertFalse(event.exists(), "deleting the conversation deletes its event")

    def test_any_team_member_keeps_the_calendar_in_step(self):
        # A colleague on the team, not invited to this conversation, reschedules, cancels
        # and deletes it: the conversation is theirs to run, so the event must follow.
        self.review.team_member_ids = [Command.link(self.other_reviewer.id)]
        staff = self.Participant.with_user(self.reviewer).create(self._staff_vals())
        conversation = self._create_conversation(
            self.reviewer,
            participant_ids=[Command.set(staff.ids)],
            reviewer_ids=[Command.set(self.reviewer.ids)],
        )
        event = conversation.calendar_event_id
        colleague = conversation.with_user(self.other_reviewer)

        new_start = self.start + timedelta(days=7)
        colleague.start = new_start
        self.assertEqual(event.start, new_start)

        colleague.action_cancel()
        self.assertFalse(event.active)

        colleague.action_replan()
        self.assertTrue(event.active)

        colleague.unlink()
        self.assertFalse(event.exists())

    # 6. Participants of the same review only ---------------------------------------------

    def test_conversation_participants_belong_to_its_review(self):
        Participant = self.Participant.with_user(self.reviewer)
        own = Participant.create(self._staff_vals())
        elsewhere = Participant.create(
            self._staff_vals(self.team_review, partner_id=self.nurse.id, published_role="Nurse")
        )
        with self.assertRaises(ValidationError) as caught:
            self._create_conversation(self.reviewer, participant_ids=[Command.set(elsewhere.ids)])
        message = str(caught.exception)
        self.assertIn("Participants", message)
        self.assertIn("another review", message)
        # Not named: the review they belong to may be one the user is not on.
        self.assertNotIn(elsewhere.published_as, message)

        conversation = self._create_conversation(
            self.reviewer, participant_ids=[Command.set(own.ids)]
        )
        with self.assertRaises(ValidationError) as caught:
            conversation.participant_ids = [Command.link(elsewhere.id)]
        self.assertIn("Participants", str(caught.exception))
        self.assertEqual(conversation.participant_ids, own)

    # 7. Tracking -----------------------------------------------------------------------

    def test_conversation_state_change_is_tracked(self):
        conversation = self._create_conversation(self.reviewer)
        self._settle()
        conversation.action_mark_held()
        self._settle()

        # Tracking values are read by the chatter as superuser: check them the same way.
        messages = conversation.with_env(self.env).message_ids
        trackings = messages.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(len(trackings), 1)
        labels = dict(conversation._fields["state"]._description_selection(self.env))
        self.assertEqual(
            (trackings.old_value_char, trackings.new_value_char),
            (labels["planned"], labels["held"]),
        )
        self.assertEqual(trackings.mail_message_id.author_id, self.reviewer.partner_id)
