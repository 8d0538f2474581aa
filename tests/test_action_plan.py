import json
from collections import Counter
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SafeguardingReviewCase

# What the actions board asks for each card (views/safeguarding_action_views.xml, kanban).
ACTION_CARD_SPEC = {
    "name": {},
    "review_reference": {},
    "agency_id": {"fields": {"display_name": {}}},
    "owner_id": {"fields": {"display_name": {}}},
    "due_date": {},
    "rag": {},
    "activity_ids": {},
    "activity_state": {},
    "status": {},
}
# What the action form reads (views/safeguarding_action_views.xml, form).
ACTION_FORM_SPEC = {
    **ACTION_CARD_SPEC,
    "review_id": {"fields": {"display_name": {}}},
    "finding_id": {"fields": {"display_name": {}}},
    "last_update": {},
    "done_date": {},
    "dropped_reason": {},
    "finding_statement": {},
    "finding_number": {},
    "intended_outcome": {},
    "impact_measure": {},
    "observed_impact": {},
    "evidence": {},
}
# Queries for the actions board (grouped read plus a page of 80 cards), cold cache. The
# reviewer's was 13: his rules checked again in Python on the page read the reviews' teams
# (the read scope: the page was read under them in SQL).
ACTIONS_BOARD_BUDGET = {"sg_manager": 11, "sg_reviewer": 11}
# The actions board's RAG progress bars: one grouped query on the actions.
ACTIONS_PROGRESS_BUDGET = 1
FROZEN_TODAY = date(2026, 6, 15)


class ActionPlanCase(SafeguardingReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Action = cls.env["safeguarding.action"]
        cls.overdue_type = cls.env.ref("safeguarding_review.mail_activity_type_action_overdue")
        # In Action plan monitoring, with one agreed finding the board has not answered yet;
        # the reviewer leads it, and no one else is on it.
        cls.review = cls._ready_review(cls.stage_monitoring)
        cls.finding = cls.review.finding_ids

    def _done(self, action):
        """The owner submits the evidence, and a manager accepts it: the action is done."""
        action.with_user(self.employee).action_done()
        action.with_user(self.manager).action_accept_evidence()

    def _action(self, user=None, finding=None, last_update=None, **vals):
        """An action, agreed on ``finding`` and recorded by the review's lead reviewer;
        ``last_update`` (set by the app, read-only to users) as if it had been then."""
        action = self.Action.with_user(user or self.reviewer).create(
            {
                "finding_id": (finding or self.finding).id,
                "name": "Add a 'who else is visiting' prompt to the discharge checklist.",
                "agency_id": self.agency.id,
                "owner_id": self.employee.id,
                "due_date": self._today() + relativedelta(days=60),
                "evidence": "<p>Checklist v2 in use on every ward since May.</p>",
                **vals,
            }
        )
        if last_update is not None:
            action.sudo().last_update = last_update
        return action

    def _activities(self, actions, activity_type=None):
        domain = [("res_model", "=", "safeguarding.action"), ("res_id", "in", actions.ids)]
        if activity_type:
            domain.append(("activity_type_id", "=", activity_type.id))
        return self.env["mail.activity"].search(domain)


@tagged("post_install", "-at_install")
class TestActionPlan(ActionPlanCase):
    """The board's response, actions and their RAG status, reminders, who sees what, closing."""

    # The board's response ------------------------------------------------------------
    def _unanswer(self):
        # The review is ready for Monitoring, so its finding has the board's response:
        # taken back (as the system) for the tests of answering it.
        self.finding.write({"board_decision": False, "board_response": False})

    def test_board_response_rules(self):
        self._unanswer()
        finding = self.finding.with_user(self.manager)
        response = self._board_response_vals("not_taken_forward")
        with self.assertRaises(ValidationError) as error:
            finding.write(response)
        self.assertIn("Why not taken forward", str(error.exception))
        self.assertIn(f"finding {finding.number}", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            finding.write({**response, "board_decision_reasons": "   "})
        self.assertIn("Why not taken forward", str(error.exception), "blank is no reason")
        with self.assertRaises(ValidationError) as error:
            finding.write({**self._board_response_vals(), "board_response_date": False})
        self.assertIn("Response date", str(error.exception))
        self.assertFalse(finding.board_decision, "a refused response changes nothing")

        finding.write(
            {**response, "board_decision_reasons": "A national review of discharge is under way."}
        )
        self.assertEqual(finding.board_decision, "not_taken_forward")
        self.env.flush_all()
        self.env.cr.flush()
        tracked = self.finding.message_ids.tracking_value_ids  # (values: admins only)
        self.assertTrue(
            {"board_decision", "board_response", "board_decision_reasons"}
            <= set(tracked.field_id.mapped("name"))
        )
        decision = tracked.filtered(lambda t: t.field_id.name == "board_decision").sorted("id")[-1:]
        self.assertEqual(decision.new_value_char, "Not taken forward")
        self.assertEqual(decision.mail_message_id.author_id, self.manager.partner_id)
        # Accepted needs no reasons.
        finding.write({"board_decision": "accepted", "board_decision_reasons": False})
        self.assertEqual(finding.board_decision, "accepted")

    # RAG --------------------------------------------------------------------------------
    @freeze_time("2026-06-15 12:00:00")
    def test_rag_at_each_boundary(self):
        today = self._today()
        self.assertEqual(today, FROZEN_TODAY)
        self.review.company_id.write(
            {"safeguarding_action_amber_days": 14, "safeguarding_action_stale_days": 30}
        )

        def day(n):
            return today + relativedelta(days=n)

        cases = {
            "due yesterday": ({"due_date": day(-1)}, "red"),
            "due today": ({"due_date": today}, "amber"),
            "due in 14 days": ({"due_date": day(14)}, "amber"),
            "due in 15 days, updated today": ({"due_date": day(15)}, "green"),
            "due in 15 days, no update for 30 days": (
                {"due_date": day(15), "last_update": day(-30)},
                "amber",
            ),
            "due in 15 days, no update for 29 days": (
                {"due_date": day(15), "last_update": day(-29)},
                "green",
            ),
            "due in 15 days, never updated": (
                {"due_date": day(15), "last_update": False},
                "green",
            ),
            "done, and overdue": ({"due_date": day(-10)}, "done"),
            "dropped, and overdue": ({"due_date": day(-10)}, "done"),
        }
        actions = {label: self._action(**vals) for label, (vals, _colour) in cases.items()}
        self._done(actions["done, and overdue"])
        with self.assertRaises(AccessError, msg="the owner does not drop an action"):
            actions["dropped, and overdue"].with_user(self.employee).write(
                {"status": "dropped", "dropped_reason": "Not needed."}
            )
        dropped = actions["dropped, and overdue"].with_user(self.manager)
        with self.assertRaises(ValidationError) as error:
            dropped.write({"status": "dropped"})
        self.assertIn("Why dropped", str(error.exception))
        with self.assertRaises(ValidationError):
            dropped.write({"status": "dropped", "dropped_reason": "  "})
        dropped.write({"status": "dropped", "dropped_reason": "The checklist was withdrawn."})
        self.assertEqual(actions["done, and overdue"].done_date, today)

        all_actions = self.Action.union(*actions.values())

        def check(expected):
            as_reviewer = all_actions.with_user(self.reviewer)
            for label, action in actions.items():
                with self.subTest(case=label):
                    self.assertEqual(action.with_user(self.reviewer).rag, expected[label])
            for colour in ("red", "amber", "green", "done"):
                with self.subTest(colour=colour):
                    found = as_reviewer.search(
                        [("id", "in", all_actions.ids), ("rag", "=", colour)]
                    )
                    computed = as_reviewer.filtered(lambda a, c=colour: a.rag == c)
                    self.assertEqual(found, computed, "the filter and the badge agree")
                    self.assertEqual(
                        set(found.ids),
                        {actions[label].id for label, c in expected.items() if c == colour},
                    )
            # The board's progress bars, the pivot and "Group by RAG" group in SQL: the
            # groups hold what the badges say.
            groups = as_reviewer.read_group(
                [("id", "in", all_actions.ids)], ["__count"], ["rag"], lazy=False
            )
            self.assertEqual(
                {g["rag"]: g["__count"] for g in groups}, dict(Counter(expected.values()))
            )
            # ... in the order the board reads them, red first.
            order = ["red", "amber", "green", "done"]
            self.assertEqual(
                [g["rag"] for g in groups], [c for c in order if c in expected.values()]
            )
            # A group's own domain finds what the group counts.
            for group in groups:
                self.assertEqual(as_reviewer.search_count(group["__domain"]), group["__count"])

        expected = {label: colour for label, (_vals, colour) in cases.items()}
        check(expected)

        # The board's settings move the boundaries (Settings, as an administrator would).
        # Each check reads as the next request would (a cold cache): reading the colour in
        # the same request as the change is test_rag_follows_new_thresholds_at_once.
        self.env["res.config.settings"].create(
            {"safeguarding_action_amber_days": 15, "safeguarding_action_stale_days": 31}
        ).execute()
        self.assertEqual(self.review.company_id.safeguarding_action_amber_days, 15)
        self.env.invalidate_all()
        moved = dict(expected)
        # Due in 15 days is now "due soon", whatever the updates.
        moved["due in 15 days, updated today"] = "amber"
        moved["due in 15 days, no update for 29 days"] = "amber"
        moved["due in 15 days, never updated"] = "amber"
        check(moved)
        # The stale boundary alone: 30 days without an update is no longer stale at 31...
        self.review.company_id.write(
            {"safeguarding_action_amber_days": 14, "safeguarding_action_stale_days": 31}
        )
        self.env.invalidate_all()
        moved = dict(expected)
        moved["due in 15 days, no update for 30 days"] = "green"
        check(moved)
        # ... and 29 days is stale at 29.
        self.review.company_id.write({"safeguarding_action_stale_days": 29})
        self.env.invalidate_all()
        moved["due in 15 days, no update for 30 days"] = "amber"
        moved["due in 15 days, no update for 29 days"] = "amber"
        check(moved)

    @freeze_time("2026-06-15 12:00:00")
    def test_rag_follows_new_thresholds_at_once(self):
        company = self.review.company_id
        company.write({"safeguarding_action_amber_days": 14, "safeguarding_action_stale_days": 30})
        action = self._action(due_date=self._today() + relativedelta(days=15))
        self.assertEqual(action.rag, "green")
        company.safeguarding_action_amber_days = 15
        # The filter already says amber; the colour read in the same transaction must too.
        self.assertEqual(action.search([("id", "=", action.id), ("rag", "=", "amber")]), action)
        self.assertEqual(action.rag, "amber")

    @freeze_time("2026-06-15 12:00:00")
    def test_rag_filter_follows_each_actions_company(self):
        """A manager of two companies sees each action coloured by its own company's
        thresholds; the board's filter must agree with the colour."""
        other_company = self.env["res.company"].create(
            {"name": "Otherborough SAB", "safeguarding_action_amber_days": 30}
        )
        self.manager.company_ids |= other_company
        self.reviewer.company_ids |= other_company
        self.employee.company_ids |= other_company  # the owner works for that board too
        review = self._ready_review(self.stage_monitoring, company_id=other_company.id)
        action = self._action(
            finding=review.finding_ids, due_date=self._today() + relativedelta(days=20)
        )
        self.assertEqual(action.company_id, other_company)
        Action = self.Action.with_user(self.manager).with_context(
            allowed_company_ids=[self.env.company.id, other_company.id]
        )
        self.assertEqual(Action.browse(action.id).rag, "amber", "due within its company's 30")
        self.assertEqual(Action.search([("id", "=", action.id), ("rag", "=", "amber")]), action)
        # Due in 20 days is green at home (14 days): grouped by each action's own company.
        home = self._action(due_date=self._today() + relativedelta(days=20))
        self.assertEqual(Action.browse(home.id).rag, "green")
        groups = Action.read_group(
            [("id", "in", (action | home).ids)], ["__count"], ["company_id", "rag"], lazy=False
        )
        self.assertEqual(
            {(g["company_id"][0], g["rag"]) for g in groups},
            {(other_company.id, "amber"), (home.company_id.id, "green")},
        )

    @freeze_time("2026-06-15 12:00:00")
    def test_action_board_progress_bars_count_each_colour(self):
        today = self._today()
        red = self._action(due_date=today - relativedelta(days=1))
        amber = self._action(due_date=today)
        green = self._action(due_date=today + relativedelta(days=40))
        started = self._action(due_date=today - relativedelta(days=3))
        started.with_user(self.employee).action_start()
        done = self._action(due_date=today - relativedelta(days=1))
        self._done(done)
        ids = (red | amber | green | started | done).ids
        arch = self.Action.with_user(self.manager).get_views([(False, "kanban")])
        bar = etree.fromstring(arch["views"]["kanban"]["arch"]).find(".//progressbar")
        self.assertEqual(bar.get("field"), "rag")
        progress = {"field": "rag", "colors": json.loads(bar.get("colors"))}
        for user in (self.manager, self.reviewer):
            with self.subTest(user=user.login):
                bars = self.Action.with_user(user).read_progress_bar(
                    [("id", "in", ids)], "status", progress
                )
                self.assertEqual(
                    bars,
                    {
                        "planned": {"red": 1, "amber": 1, "green": 1},
                        "in_progress": {"red": 1, "amber": 0, "green": 0},
                        "done": {"red": 0, "amber": 0, "green": 0},
                    },
                )
        # The same queries, whatever the number of actions.

        def bars(env):
            # With the time zone the web client sends (without it, "today" reads the user).
            Action = env["safeguarding.action"].with_context(tz="Europe/London")
            Action.read_progress_bar([], "status", progress)

        few = self._queries(self.manager, bars)
        for days in range(30):
            self._action(due_date=today + relativedelta(days=days - 10))
        self.assertEqual(self._queries(self.manager, bars), few)
        self.assertEqual(few, ACTIONS_PROGRESS_BUDGET)

    @freeze_time("2026-06-15 12:00:00")
    def test_rag_search_for_several_colours(self):
        today = self._today()
        red = self._action(due_date=today - relativedelta(days=1))
        amber = self._action(due_date=today)
        green = self._action(due_date=today + relativedelta(days=40))
        done = self._action(due_date=today - relativedelta(days=1))
        self._done(done)
        actions = (red | amber | green | done).with_user(self.reviewer)
        for colours in (["red", "done"], ["red", "amber"], ["amber", "green"], ["red"]):
            with self.subTest(colours=colours):
                found = actions.search([("id", "in", actions.ids), ("rag", "in", colours)])
                self.assertEqual(found, actions.filtered(lambda a, c=colours: a.rag in c))

    # Reminders ---------------------------------------------------------------------------
    def test_assigning_an_action_gives_its_owner_one_activity(self):
        action = self._action()
        activity = self._activities(action)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.employee)
        self.assertEqual(activity.date_deadline, action.due_date)
        self.assertIn(action.name, activity.note)
        # The owner sees it on their own action.
        self.assertEqual(action.with_user(self.employee).activity_ids, activity)

        action.with_user(self.reviewer).owner_id = self.board_member
        given = self._activities(action).filtered(lambda a: a.user_id == self.board_member)
        self.assertEqual(len(given), 1)
        # Saving the same owner again gives nothing more.
        action.with_user(self.reviewer).write(
            {"owner_id": self.board_member.id, "name": "Reworded"}
        )
        self.assertEqual(
            len(self._activities(action).filtered(lambda a: a.user_id == self.board_member)), 1
        )

    def test_no_open_todo_left_on_an_action_one_no_longer_owns_or_that_is_settled(self):
        """The "assigned to you" to-do follows the action: a former owner keeps none (they
        can no longer open the action), and none stays open once the action is settled (it
        would show overdue in the owner's activities, and on the board, for ever)."""
        moved = self._action()
        moved.with_user(self.reviewer).owner_id = self.other_reviewer
        with self.subTest(case="reassigned"):
            self.assertFalse(
                self._activities(moved).filtered(lambda a: a.user_id == self.employee),
                "the former owner keeps no to-do on an action they can no longer open",
            )
        done = self._action()
        self._done(done)
        dropped = self._action()
        dropped.with_user(self.manager).write(
            {"status": "dropped", "dropped_reason": "Superseded by the new protocol."}
        )
        for action in done | dropped:
            with self.subTest(status=action.status):
                self.assertFalse(self._activities(action))
                self.assertFalse(action.activity_state)

    def test_daily_job_reminds_each_overdue_owner_once(self):
        today = self._today()
        overdue = self._action(due_date=today - relativedelta(days=3))
        overdue_other = self._action(
            owner_id=self.other_reviewer.id, due_date=today - relativedelta(days=1)
        )
        due_today = self._action(due_date=today)
        later = self._action(due_date=today + relativedelta(days=40))
        done = self._action(due_date=today - relativedelta(days=5))
        self._done(done)
        dropped = self._action(due_date=today - relativedelta(days=5))
        dropped.with_user(self.manager).write(
            {"status": "dropped", "dropped_reason": "Superseded by the new protocol."}
        )
        everything = overdue | overdue_other | due_today | later | done | dropped

        cron = self.env.ref("safeguarding_review.ir_cron_remind_overdue_actions")
        cron.method_direct_trigger()
        cron.method_direct_trigger()  # twice: nothing new
        reminders = self._activities(everything, self.overdue_type)
        self.assertEqual(set(reminders.mapped("res_id")), {overdue.id, overdue_other.id})
        for action in overdue | overdue_other:
            with self.subTest(action=action.owner_id.name):
                mine = reminders.filtered(lambda r, a=action: r.res_id == a.id)
                self.assertEqual(len(mine), 1)
                self.assertEqual(mine.user_id, action.owner_id)
                self.assertEqual(mine.activity_type_id.name, "Action overdue")
        # The owner marks it done: the reminder closes, the other owner's stays.
        self._done(overdue)
        self.assertFalse(self._activities(overdue, self.overdue_type))
        self.assertEqual(
            self._activities(overdue_other, self.overdue_type).user_id.ids, [self.other_reviewer.id]
        )
        cron.method_direct_trigger()
        self.assertFalse(self._activities(overdue, self.overdue_type), "done: no new reminder")

    def test_daily_job_reminds_overdue_owners_of_every_company(self):
        # The job runs as a system user of one company; boards of other companies count too.
        other_company = self.env["res.company"].create({"name": "Otherborough SAB"})
        self.reviewer.company_ids |= other_company
        self.employee.company_ids |= other_company  # the owner works for that board too
        review = self._ready_review(self.stage_monitoring, company_id=other_company.id)
        overdue = self._action(
            finding=review.finding_ids, due_date=self._today() - relativedelta(days=2)
        )
        # As when an administrator adds a board: the system user is not in its company.
        root = self.env.ref("base.user_root")
        root.company_ids -= other_company
        self.assertNotIn(other_company, root.company_ids)
        self.env.ref("safeguarding_review.ir_cron_remind_overdue_actions").method_direct_trigger()
        self.assertEqual(self._activities(overdue, self.overdue_type).user_id, self.employee)

    # Who sees what ------------------------------------------------------------------------
    def test_action_owner_sees_their_action_and_nothing_else_of_the_review(self):
        today = self._today()
        mine = self._action()
        someone_elses = self._action(owner_id=self.other_reviewer.id)
        participant = self.env["safeguarding.participant"].create(
            {"review_id": self.review.id, "partner_id": self.agency.id, "published_role": "Nurse"}
        )
        conversation = self.review.conversation_ids
        self.assertTrue(conversation)
        Action = self.Action.with_user(self.employee)
        self.assertEqual(Action.search([]), mine)
        as_owner = mine.with_user(self.employee)

        # Their action's form says which review and finding it answers, and the finding's
        # statement; the finding and the review themselves, which they may not open, are
        # named by their kind only (Odoo reads many2one labels as superuser).
        [form] = as_owner.web_read(ACTION_FORM_SPEC)
        self.assertEqual(form["review_reference"], self.review.name)
        self.assertEqual(form["finding_number"], self.finding.number)
        self.assertEqual(form["finding_statement"], self.finding.name)
        self.assertEqual(form["finding_id"]["display_name"], "Finding (restricted)")
        self.assertEqual(form["review_id"]["display_name"], "Safeguarding Case Review (restricted)")

        # They update it: status, evidence, and progress in the chatter.
        as_owner.action_start()
        as_owner.write({"evidence": "<p>Checklist reissued to both wards.</p>"})
        self.assertEqual(mine.status, "in_progress")
        mine.sudo().last_update = today - relativedelta(days=20)
        as_owner.message_post(
            body="Piloted on two wards.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(mine.last_update, today, "a progress update counts as an update")

        # They neither add nor delete actions.
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "finding_id": self.finding.id,
                    "name": "Another action",
                    "owner_id": self.employee.id,
                    "due_date": today,
                }
            )
        with self.assertRaises(AccessError):
            as_owner.unlink()
        # Nothing of the review beyond their action.
        with self.assertRaises(AccessError):
            self.review.with_user(self.employee).read(["title"])
        with self.assertRaises(AccessError):
            as_owner.review_id.read(["title"])
        for record in (self.finding, conversation, participant, someone_elses):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.employee).read(["display_name"])
        with self.assertRaises(AccessError):
            someone_elses.with_user(self.employee).write({"status": "done"})
        with self.assertRaises(AccessError):
            as_owner.finding_id.write({"name": "Rewritten"})

    def test_board_member_reads_actions_of_reviews_at_the_board(self):
        at_board = self._ready_review(self.stage_board_response)
        in_analysis = self._ready_review(self.stage_analysis)
        analysis_finding = self._complete_finding(in_analysis)
        board_action = self._action(finding=at_board.finding_ids)
        owned = self._action(finding=at_board.finding_ids, owner_id=self.board_member.id)
        analysis_action = self._action(finding=analysis_finding)
        Action = self.Action.with_user(self.board_member)
        self.assertEqual(
            Action.search([("review_id", "in", (at_board | in_analysis).ids)]),
            board_action | owned,
        )
        board_action.with_user(self.board_member).read(["name", "status", "rag"])
        with self.assertRaises(AccessError):
            analysis_action.with_user(self.board_member).read(["name"])
        with self.assertRaises(AccessError):
            board_action.with_user(self.board_member).write({"status": "in_progress"})
        owned.with_user(self.board_member).write({"status": "in_progress"})
        self.assertEqual(owned.status, "in_progress")
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "finding_id": at_board.finding_ids.id,
                    "name": "An action the board member adds",
                    "owner_id": self.board_member.id,
                    "due_date": self._today(),
                }
            )

    # Closing --------------------------------------------------------------------------------
    def test_closing_needs_every_response_and_every_action_settled(self):
        self._unanswer()
        self.review.write(
            {
                "publication_decision": "not_publish",
                "publication_decision_reasons": "The family asked the board not to.",
            }
        )
        review = self.review.with_user(self.reviewer)
        answered = self._complete_finding(self.review, state="agreed")
        answered.with_user(self.manager).write(self._board_response_vals())
        open_action = self._action()
        other_open = self._action(finding=answered, owner_id=self.other_reviewer.id)
        self._done(self._action(finding=answered))

        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_closed
        message = str(error.exception)
        [response_line] = [line for line in message.splitlines() if "board's response" in line]
        self.assertTrue(
            response_line.endswith(f"the board's response to finding(s) {self.finding.number}"),
            response_line,
        )
        self.assertIn("2 still open", message)
        self.assertEqual(review.stage_id, self.stage_monitoring)

        self.finding.with_user(self.manager).write(self._board_response_vals("accepted_changes"))
        self._done(open_action)
        with self.assertRaises(ValidationError) as error:
            review.stage_id = self.stage_closed
        self.assertNotIn("the board's response", str(error.exception))
        self.assertIn("1 still open", str(error.exception))

        # Dropping is the board's call, not the owner's.
        other_open.with_user(self.manager).write(
            {"status": "dropped", "dropped_reason": "The service was decommissioned."}
        )
        review.stage_id = self.stage_closed
        self.assertEqual(review.stage_id, self.stage_closed)
        self.assertEqual(review.closed_date, self._today())

    def test_the_closing_gates_read_the_stored_counts(self):
        # What Closing asks (the board's responses, the actions settled) comes from the
        # review's stored counts, counted as superuser when its findings and actions change:
        # the form's next steps read no finding or action for it.
        self._unanswer()
        self._action()
        self._done(self._action())
        submitted = self._action()
        submitted.with_user(self.employee).action_done()
        review = self.review.with_user(self.reviewer)
        stored = self.review.children_counts
        self.assertEqual(stored["unanswered_findings"], [self.finding.number])
        self.assertEqual(stored["action_statuses"], {"planned": 1, "done": 1, "submitted": 1})
        expected = [
            f"the board's response to finding(s) {self.finding.number}",
            "the evidence of 1 action(s) accepted",
            "1 still open",
        ]
        review.invalidate_recordset()
        self.env["safeguarding.action"].invalidate_model()
        self.env["safeguarding.finding"].invalidate_model()
        read = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            read.append(str(getattr(query, "code", query)))
            return execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            missing = review.stage_missing
        for words in expected:
            self.assertIn(words, missing)
        self.assertTrue([q for q in read if "children_counts" in q], "the spy saw the reads")
        self.assertFalse([q for q in read if 'FROM "safeguarding_action"' in q])
        self.assertFalse([q for q in read if 'FROM "safeguarding_finding"' in q])
        # Answered and settled: counted again at once, as the gates see them.
        self.finding.with_user(self.manager).write(self._board_response_vals())
        submitted.with_user(self.manager).action_accept_evidence()
        review.invalidate_recordset(["stage_missing"])
        self.assertNotIn("board's response", review.stage_missing)
        self.assertNotIn("accepted", review.stage_missing)
        self.assertIn("1 still open", review.stage_missing)

    def test_the_upgrade_counts_what_the_closing_gates_read(self):
        self._unanswer()
        self._action()
        # Counts stored before 18.0.1.6.0 have no actions by status: the gates read the
        # findings and actions themselves until the upgrade counts again.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_review SET children_counts = %s WHERE id = %s",
            [json.dumps({"action_count": 2}), self.review.id],
        )
        self.env.invalidate_all()
        review = self.review.with_user(self.reviewer)
        self.assertIn(f"finding(s) {self.finding.number}", review.stage_missing)
        self.assertIn("1 still open", review.stage_missing)
        self._migrate(self.env.cr, "18.0.1.6.0", "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(self.review.children_counts["action_statuses"], {"planned": 1})
        self.assertEqual(self.review.children_counts["unanswered_findings"], [self.finding.number])


@tagged("post_install", "-at_install")
class TestActionPlanPerformance(ActionPlanCase):
    """The actions board costs a fixed number of queries, whatever the number of actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Measure on this test's actions only, whatever else (demo data) the database holds.
        cls.Action.search([]).unlink()
        cls.other_review = cls._ready_review(cls.stage_board_response)

    def _make_actions(self, count):
        owners = self.employee | self.other_reviewer | self.board_member | self.reviewer
        findings = self.finding | self.other_review.finding_ids
        agencies = self.agency | self.agency_health
        today = self._today()
        statuses = ["planned", "in_progress", "done"]
        actions = self.Action.create(
            [
                {
                    "finding_id": findings[i % 2].id,
                    "name": f"Action {i}",
                    "agency_id": agencies[i % 2].id if i % 3 else False,
                    "owner_id": owners[i % 4].id,
                    # Overdue, due soon and later, from the first cards on.
                    "due_date": today + relativedelta(days=(i * 7) % 50 - 10),
                }
                for i in range(count)
            ]
        )
        for i, action in enumerate(actions):
            if statuses[i % 3] != "planned":
                action.write({"status": statuses[i % 3], "evidence": "<p>Audit attached.</p>"})
        self._settle()
        return actions

    def _board(self, env):
        Action = env["safeguarding.action"]
        groups = Action.web_read_group([], ["__count"], ["status"])
        cards = Action.web_search_read([], ACTION_CARD_SPEC, limit=80)
        return groups, cards

    def test_actions_board_costs_the_same_for_10_and_180_actions(self):
        users = (self.manager, self.reviewer)
        self._make_actions(10)
        ten = {u.login: self._queries(u, self._board) for u in users}
        self._make_actions(80)
        ninety = {u.login: self._queries(u, self._board) for u in users}
        self._make_actions(90)
        groups, cards = self._board(self.env(user=self.manager))
        self.assertEqual(cards["length"], 180)
        self.assertEqual(sum(g["status_count"] for g in groups["groups"]), 180)
        one_eighty = {u.login: self._queries(u, self._board) for u in users}
        self.assertEqual(ninety, one_eighty)
        # Below one page (80 cards) the pager needs no count: the one COUNT query Odoo's
        # web_search_read adds once a page is full is the only difference.
        self.assertEqual({k: v + 1 for k, v in ten.items()}, one_eighty)
        self.assertEqual(one_eighty, ACTIONS_BOARD_BUDGET)
        for user in users:
            env = self.env(user=user)
            self.env.invalidate_all()
            self._board(env)  # warm this user's registry caches (rules), as _queries does
            with self.assertQueryCount(ACTIONS_BOARD_BUDGET[user.login]):
                self.env.invalidate_all()
                self._board(env)

    def test_action_plan_menu_opens_on_the_open_actions(self):
        # A library of years of reviews holds far more settled actions than open ones: the
        # board opens on what still needs monitoring, and one click shows the rest.
        menu_action = self.env.ref("safeguarding_review.safeguarding_action_action")
        self.assertEqual(safe_eval(menu_action.context).get("search_default_open"), 1)
        Action = self.Action.with_user(self.manager)
        arch = Action.get_views([(False, "search")])["views"]["search"]["arch"]
        open_filter = etree.fromstring(arch).find(".//filter[@name='open']")
        self.assertIsNotNone(open_filter, "the search view has no 'Open' filter")
        planned, started, done = self._action(), self._action(), self._action()
        started.with_user(self.employee).action_start()
        self._done(done)
        dropped = self._action(status="dropped", dropped_reason="Superseded by the new protocol.")
        mine = [("id", "in", (planned | started | done | dropped).ids)]
        shown = Action.search(safe_eval(open_filter.get("domain")) + mine)
        self.assertEqual(shown, planned | started)
        groups = Action.web_read_group(
            safe_eval(open_filter.get("domain")) + mine, ["__count"], ["status"]
        )["groups"]
        # Every status is still a column (a card can be dragged to Done), the settled empty.
        self.assertEqual(
            {g["status"]: g["status_count"] for g in groups},
            {"planned": 1, "in_progress": 1, "submitted": 0, "done": 0, "dropped": 0},
        )

    def test_open_actions_board_reads_its_page_in_order_from_an_index(self):
        # The board's default page (open actions by due date) must not walk past every
        # settled action: a partial index holds the open ones in that order.
        self._action()
        Action = self.Action.with_user(self.manager)
        query = Action._search(
            [("status", "in", ("planned", "in_progress"))], order=Action._order, limit=80
        )
        self.assertIn("safeguarding_action_open_due_index", self._plan(query))

    def test_marking_done_needs_evidence_of_completion(self):
        action = self._action(evidence=False)
        with self.assertRaises(UserError) as error:
            self._done(action)
        self.assertIn("Evidence of completion", str(error.exception))
        self.assertEqual(action.status, "planned")
        action.with_user(self.employee).write({"evidence": "<p>Protocol v1 attached.</p>"})
        self._done(action)
        self.assertEqual(action.status, "done")
        self.assertEqual(action.done_date, self._today())
