from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import format_date
from odoo.tools.safe_eval import safe_eval

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

    def test_a_narrative_entry_offers_the_agencies_of_its_review(self):
        # The form's picker, as the client evaluates it with the record's values: the
        # review's agencies once it names any, every agency before.
        Entry = self.env["safeguarding.narrative.entry"].with_user(self.reviewer)
        arch = Entry.get_views([(False, "form")])["views"]["form"]["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='agency_id']")[0]
        other = self.env["res.partner"].create(
            {"name": "Another agency", "is_company": True, "safeguarding_agency": True}
        )
        self.review.agency_ids = self.agency
        entry = Entry.new({"review_id": self.review.id})
        self.assertEqual(entry.review_agency_ids._origin, self.agency)
        partners = self.env["res.partner"].with_user(self.reviewer)
        named = partners.search(
            safe_eval(
                node.get("domain"), {"review_agency_ids": entry.review_agency_ids._origin.ids}
            )
        )
        self.assertEqual(named, self.agency)
        unnamed = partners.search(safe_eval(node.get("domain"), {"review_agency_ids": []}))
        self.assertIn(other, unnamed)

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

    def _offered(self, model, field, user):
        """What a picker offers a user: the field's domain, as the web client sends it."""
        Model = self.env[model].with_user(user)
        domain = Model.fields_get([field])[field]["domain"]
        self.assertIsInstance(domain, str, "the client evaluates the field's domain")
        # check_company adds the record's company; a new record has none yet.
        return (
            self.env["res.partner"].with_user(user).search(safe_eval(domain, {"company_id": False}))
        )

    def test_pickers_offer_the_boards_agencies_and_their_people_only(self):
        """An Odoo that also sells holds customers: they are not agencies, nor their staff."""
        Partner = self.env["res.partner"]
        customer = Partner.create({"name": "Deco Furniture Ltd", "is_company": True})
        buyer = Partner.create({"name": "Furniture buyer", "parent_id": customer.id})
        sister = Partner.create({"name": "The adult's sister"})
        agency_fields = [
            ("safeguarding.review", "agency_ids"),
            ("safeguarding.review", "referring_agency_id"),
            ("safeguarding.participant", "agency_id"),
            ("safeguarding.narrative.entry", "agency_id"),
            ("safeguarding.source", "agency_id"),
            ("safeguarding.agency.request", "agency_id"),
            ("safeguarding.episode", "agency_ids"),
            ("safeguarding.factor", "agency_id"),
            ("safeguarding.action", "agency_id"),
        ]
        for model, field in agency_fields:
            with self.subTest(picker=f"{model}.{field}"):
                offered = self._offered(model, field, self.manager)
                self.assertIn(self.agency, offered)
                self.assertNotIn(customer, offered)
                self.assertFalse(offered.filtered(lambda p: not p.is_company))
        person_fields = [
            ("safeguarding.participant", "partner_id"),
            ("safeguarding.review", "referrer_id"),
            ("safeguarding.review", "adult_partner_id"),
        ]
        for model, field in person_fields:
            with self.subTest(picker=f"{model}.{field}"):
                offered = self._offered(model, field, self.reviewer)
                self.assertIn(self.nurse, offered, "an agency's staff")
                self.assertIn(sister, offered, "a person of no company: family, friends")
                self.assertNotIn(buyer, offered)
                self.assertNotIn(self.agency, offered)

    def test_an_agency_created_from_a_picker_is_an_agency(self):
        # Odoo gives new internal users "Contact Creation"; the test users have only theirs.
        self.manager.groups_id += self.env.ref("base.group_partner_manager")
        view = self.env.ref("safeguarding_review.safeguarding_review_view_form")
        node = etree.fromstring(view.arch).xpath("//field[@name='agency_ids']")[0]
        context = safe_eval(node.get("context"))
        agency = (
            self.env["res.partner"]
            .with_user(self.manager)
            .with_context(**context)
            .name_create("Testshire Fire and Rescue")
        )
        agency = self.env["res.partner"].browse(agency[0])
        self.assertTrue(agency.is_company)
        self.assertTrue(agency.safeguarding_agency)
        self.assertIn(agency, self._offered("safeguarding.review", "agency_ids", self.manager))

    def test_the_upgrade_flags_the_agencies_reviews_already_use(self):
        used = self.env["res.partner"].create({"name": "Old Housing Trust", "is_company": True})
        unused = self.env["res.partner"].create({"name": "Unused Company", "is_company": True})
        self.review.agency_ids = [Command.link(used.id)]
        flagged = self.env["res.partner"]._upgrade_flag_agencies()
        self.assertIn(used, flagged)
        self.assertTrue(used.safeguarding_agency)
        self.assertFalse(unused.safeguarding_agency)

    def test_a_narrative_entry_is_named_with_its_date_as_the_lists_write_it(self):
        entry = (
            self.env["safeguarding.narrative.entry"]
            .with_user(self.reviewer)
            .create(
                {
                    "review_id": self.review.id,
                    "agency_id": self.agency.id,
                    "date_from": "2026-03-02",
                    "what_happened": "Home visit by the social worker",
                }
            )
        )
        written = format_date(entry.env, entry.date_from)
        self.assertTrue(entry.summary.startswith(f"{written} {self.agency.name}: Home visit"))
        self.assertNotIn("2026-03-02", entry.summary, "not the database's form of a date")

    def test_only_the_boards_people_mark_agencies(self):
        """Odoo lets any internal user create contacts: not mark them as the board's agencies."""
        self.employee.groups_id += self.env.ref("base.group_partner_manager")
        Partner = self.env["res.partner"].with_user(self.employee)
        company = Partner.create({"name": "A sales customer", "is_company": True})
        with self.assertRaisesRegex(AccessError, "Safeguarding agency"):
            company.safeguarding_agency = True
        with self.assertRaisesRegex(AccessError, "Safeguarding agency"):
            Partner.create({"name": "Another", "is_company": True, "safeguarding_agency": True})
        self.reviewer.groups_id += self.env.ref("base.group_partner_manager")
        company.with_user(self.reviewer).safeguarding_agency = True
        self.assertTrue(company.safeguarding_agency)

    def test_a_managers_new_review_is_editable_before_it_is_saved(self):
        spec = {"is_safeguarding_manager": {}}
        Review = self.env["safeguarding.review"]
        manager = Review.with_user(self.manager).onchange({}, [], spec)["value"]
        reviewer = Review.with_user(self.reviewer).onchange({}, [], spec)["value"]
        self.assertTrue(manager["is_safeguarding_manager"], "the Decision tab is open to her")
        self.assertFalse(reviewer["is_safeguarding_manager"])

    def test_a_conversation_held_settles_its_reminder_and_the_answer(self):
        person = self.env["res.partner"].create({"name": "Housing officer"})
        participant = self.env["safeguarding.participant"].create(
            {"review_id": self.review.id, "partner_id": person.id, "published_role": "Officer"}
        )
        conversation = (
            self.env["safeguarding.conversation"]
            .with_user(self.reviewer)
            .create(
                {
                    "review_id": self.review.id,
                    "start": "2026-05-04 10:00:00",
                    "participant_ids": [Command.set(participant.ids)],
                    "reviewer_ids": [Command.set(self.reviewer.ids)],
                }
            )
        )
        conversation.activity_schedule(
            "mail.mail_activity_data_meeting", user_id=self.reviewer.id, summary="Meet"
        )
        self.assertEqual(participant.answer, "pending")
        conversation.action_mark_held()
        self.assertFalse(
            conversation.activity_ids.filtered(lambda a: a.activity_category == "meeting"),
            "the meeting's to-do is done",
        )
        self.assertEqual(participant.answer, "agreed", "who took part agreed to")

    def test_who_marks_a_conversation_held_was_present_unless_another_is_named(self):
        Conversation = self.env["safeguarding.conversation"]
        values = {"review_id": self.review.id, "start": "2026-05-04 10:00:00"}
        alone = Conversation.with_user(self.reviewer).create(values)
        alone.action_mark_held()
        self.assertEqual(alone.reviewer_ids, self.reviewer)
        self.review.lead_reviewer_ids |= self.other_reviewer
        named = Conversation.with_user(self.reviewer).create(
            {**values, "reviewer_ids": [Command.set(self.other_reviewer.ids)]}
        )
        named.action_mark_held()
        self.assertEqual(named.reviewer_ids, self.other_reviewer, "the one named is kept")
        # A manager off the team marking it held is not made a reviewer present.
        by_manager = Conversation.with_user(self.manager).create(values)
        by_manager.action_mark_held()
        self.assertFalse(by_manager.reviewer_ids)
        self.assertEqual(by_manager.state, "held")

    def test_new_records_are_named_before_they_are_numbered(self):
        Episode = self.env["safeguarding.episode"].with_user(self.reviewer)
        self.assertEqual(Episode.new({}).display_name, "New key practice episode")
        episode = Episode.create({"review_id": self.review.id, "name": "The discharge"})
        self.assertEqual(episode.display_name, f"KPE {episode.number}: The discharge")
        self.assertEqual(self.env["safeguarding.finding"].new({}).display_name, "New finding")

    def test_an_action_added_on_a_finding_is_not_offered_as_early_learning(self):
        # Early learning is an action with no finding yet: the finding's Add an action does
        # not offer the box, and My actions does not list the owner, who is the reader.
        Action = self.env["safeguarding.action"].with_user(self.manager)
        views = Action.get_views([(False, "form"), (False, "list")])["views"]
        early = etree.fromstring(views["form"]["arch"]).xpath("//field[@name='is_early']")[0]
        self.assertIn("context.get('default_finding_id')", early.get("invisible"))
        owner = etree.fromstring(views["list"]["arch"]).xpath("//field[@name='owner_id']")[0]
        self.assertEqual(owner.get("column_invisible"), "context.get('search_default_mine')")
        mine = self.env.ref("safeguarding_review.safeguarding_action_action_mine")
        self.assertIn("'search_default_mine': 1", mine.context)
