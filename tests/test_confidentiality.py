"""Confidential by every path: what each role reaches around the record rules.

One table of read paths and one of writes, each run as every role, as an attacker would
run them over RPC (the same ORM calls the web client makes), and one of the web routes
(chatter, reports, attachments, the calendar's token page) over HTTP. Each read path
returns what the role would see, refusals included (an error message can leak too); the
secrets planted in the data must appear only for the roles the table names. Each write
runs in a savepoint, as a request does: a role the table names succeeds, any other is
refused and nothing changes.
"""

import json
from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo import Command
from odoo.addons.mail.tools.discuss import Store
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafeguardingReviewCase

REFUSED = (AccessError, MissingError, UserError, ValidationError)
ROLES = ("manager", "lead", "outsider", "board", "owner", "employee", "portal")
TEAM = {"manager", "lead"}
NOBODY = set()

# What the case holds that only its team and managers may know.
ADULT = "Margaret Quillfeather"  # the adult's real name (Contacts)
ADULT_EMAIL = "m.quillfeather@example.org"
SON = "Daniel Quillfeather"  # a family member
PLACE = "at Adult Q's daughter's home"  # where a conversation is held
NOTES = "NOTES-7731 she had stopped opening the door"
EPISODE = "KPE-4410 the discharge on a Friday"
FACTOR = "FACTOR-2291 no shared record of visits"
NARRATIVE = "NARRATIVE-8802 the district nurse found the door locked"
TRANSCRIPT = b"TRANSCRIPT-5519"
ACTIVITY = "ACTIVITY-6627 check the GP record"
DRAFT = "DRAFT-3308 agencies do not know who else is visiting"  # a finding not yet at the board
STRANGER = "STRANGER-5150 nurse"  # a participant of another team's review, by published role
HIDDEN_PSEUDONYM = "Adult H-7781"  # of the review still in analysis
REQUEST = "REQUEST-1207 the GP's notes since 2024"  # what was asked of an agency
SOURCE = "SOURCE-9934 ward notes, March"  # a record an agency sent
RECOMMENDATION = "RECOMMENDATION-4486 a shared visits log"  # of the draft finding
INVOLVEMENT = "INVOLVEMENT-6120 he wants to know who saw her last"  # the family log's notes
PROCESS = "PROCESS-3391 nothing shared before the verdict"  # a parallel process's terms
PAUSE = "PAUSE-2207 criminal trial"  # a pause's reason: the board reads it on the review
QUALITY = "QUALITY-7716 the family was told late"  # a note on a quality marker
LATE = "LATE-4402 the police asked us to wait"  # why a milestone was late
TEAM_TODO = "TODO-5081 ask the coroner for the inquest date"  # the team's to-do on the review
TEAM_NOTE = "TEAMNOTE-3318 the brother still holds a key"  # the team's note on the review
NOTE_FILE = b"NOTEFILE-7702"  # the file posted with it
FINDING_NOTE = "FINDINGNOTE-5120 the wording is still disputed"  # the team's note on a finding
NOTICE = "NOTICE-4409 the findings report is ready for you"  # a notice to the board member
# The mixin's to-do fields on a review, each read alone (a related one is computed as
# superuser, and whichever is read first fills the cache of the to-dos for the others).
TODO_FIELDS = (
    "activity_summary",
    "activity_type_id",
    "activity_type_icon",
    "activity_user_id",
    "activity_date_deadline",
    "activity_exception_decoration",
    "activity_state",
    "activity_ids",
)


class ConfidentialityCase(SafeguardingReviewCase):
    """A review at the board with everything a review holds, and a review still in
    analysis, both led by the reviewer; one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.owner = new_test_user(
            env, "sg_conf_owner", name="Action Owner", groups="base.group_user", tz="Europe/London"
        )
        cls.users = {
            "manager": cls.manager,
            "lead": cls.reviewer,
            "outsider": cls.other_reviewer,
            "board": cls.board_member,
            "owner": cls.owner,
            "employee": cls.employee,
            "portal": cls.portal,
        }
        Partner = env["res.partner"]
        cls.adult = Partner.create({"name": ADULT, "email": ADULT_EMAIL})
        cls.son = Partner.create({"name": SON, "email": "d.quill@example.org"})
        cls.review = cls._ready_review(cls.stage_board_response, adult_pseudonym="Adult Q")
        cls.hidden = cls._ready_review(
            cls.stage_analysis, title="Still in analysis", adult_pseudonym=HIDDEN_PSEUDONYM
        )
        lead = env(user=cls.reviewer)
        Participant = lead["safeguarding.participant"]
        # Known at first by a placeholder, then identified: the change is tracked.
        unknown = Partner.create({"name": "Unknown adult"})
        cls.adult_participant = Participant.create(
            {"review_id": cls.review.id, "partner_id": unknown.id, "part": "adult"}
        )
        cls._settle()
        cls.adult_participant.partner_id = cls.adult
        cls.son_participant = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.son.id,
                "part": "family",
                "pseudonym": "Adult Q's son",
            }
        )
        # Scheduled by the lead, who is present: she organises its calendar event.
        cls.conversation = lead["safeguarding.conversation"].create(
            {
                "review_id": cls.review.id,
                "kind": "family",
                "start": "2026-05-11 10:00:00",
                "location": PLACE,
                "notes_at_the_time": f"<p>{NOTES}</p>",
                "participant_ids": [Command.set((cls.adult_participant | cls.son_participant).ids)],
                "reviewer_ids": [Command.set(cls.reviewer.ids)],
                "state": "held",
            }
        )
        cls.event = cls.conversation.calendar_event_id
        cls.transcript = env["ir.attachment"].create(
            {
                "name": "transcript.txt",
                "raw": TRANSCRIPT,
                "res_model": "safeguarding.conversation",
                "res_id": cls.conversation.id,
            }
        )
        cls.conversation.transcript_ids = cls.transcript
        cls.episode = lead["safeguarding.episode"].create(
            {"review_id": cls.review.id, "name": EPISODE}
        )
        cls.factor = lead["safeguarding.factor"].create(
            {
                "episode_id": cls.episode.id,
                "description": FACTOR,
                "category_id": env.ref("safeguarding_review.factor_scie_conditions").id,
            }
        )
        cls.entry = lead["safeguarding.narrative.entry"].create(
            {
                "review_id": cls.review.id,
                "agency_id": cls.agency.id,
                "date_from": "2026-01-05",
                "what_happened": NARRATIVE,
            }
        )
        cls.finding = cls.review.finding_ids
        cls.finding.write({"episode_ids": [Command.set(cls.episode.ids)]})
        cls.finding.write({"factor_ids": [Command.set(cls.factor.ids)]})
        cls.action = lead["safeguarding.action"].create(
            {
                "finding_id": cls.finding.id,
                "name": "Write the visiting protocol",
                "owner_id": cls.owner.id,
                "due_date": "2027-01-31",
            }
        )
        cls.activity = (
            cls.factor.sudo()
            .env["mail.activity"]
            .create(
                {
                    "res_model_id": env["ir.model"]._get_id("safeguarding.factor"),
                    "res_id": cls.factor.id,
                    "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
                    "user_id": cls.reviewer.id,
                    "summary": ACTIVITY,
                }
            )
        )
        cls.review_todo = cls.review.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline="2026-01-05",
            summary=TEAM_TODO,
            user_id=cls.reviewer.id,
        )
        # The lead's internal notes on the review at the board (with a file) and on its
        # finding, and a notice to the board member on the review (a message to them alone).
        cls.team_note = (
            cls.review.with_user(cls.reviewer)
            .message_post(
                body=TEAM_NOTE,
                subtype_xmlid="mail.mt_note",
                attachments=[("note.txt", NOTE_FILE)],
            )
            .sudo()
        )
        cls.note_file = cls.team_note.attachment_ids
        cls.finding_note = (
            cls.review.finding_ids[:1]
            .with_user(cls.reviewer)
            .message_post(body=FINDING_NOTE, subtype_xmlid="mail.mt_note")
            .sudo()
        )
        cls.notice = cls.review.message_notify(
            body=NOTICE, partner_ids=cls.board_member.partner_id.ids, subject="Report"
        )
        cls.request = lead["safeguarding.agency.request"].create(
            {
                "review_id": cls.review.id,
                "agency_id": cls.agency.id,
                "description": REQUEST,
                "asked_on": "2026-04-01",
                "due_on": "2026-04-30",
                "state": "received",
                "received_on": "2026-04-20",
            }
        )
        cls.source = lead["safeguarding.source"].create(
            {"review_id": cls.review.id, "agency_id": cls.agency.id, "name": SOURCE}
        )
        # The publication check quotes the words around the adult's name, where the team
        # wrote it in a text the report prints (an episode's account).
        cls.episode.at_the_time = f"<p>It looked safe to {ADULT} then.</p>"
        lead["safeguarding.review"].browse(cls.review.id).action_check_publication()
        # The lead opened the review: an entry in the access log, the managers' to read.
        lead["safeguarding.review"].browse(cls.review.id).web_read({"name": {}})
        # The draft for factual accuracy, kept as a PDF, and a comment naming the son.
        lead["safeguarding.review"].browse(cls.review.id).action_make_draft()
        cls.report_draft = cls.review.report_draft_ids
        lead["safeguarding.report.comment"].create(
            {"draft_id": cls.report_draft.id, "comment": f"{SON} was not told of the review."}
        )
        lead["safeguarding.involvement"].create(
            {
                "review_id": cls.review.id,
                "participant_id": cls.son_participant.id,
                "kind": "questions",
                "notes": INVOLVEMENT,
            }
        )
        lead["safeguarding.parallel.process"].create(
            {
                "review_id": cls.review.id,
                "kind": "criminal",
                "sharing": PROCESS,
                "pause_from": "2026-05-01",
                "pause_to": "2026-05-20",
                "pause_reason": PAUSE,
            }
        )
        lead["safeguarding.review"].browse(cls.review.id).action_assess_quality()
        lead["safeguarding.quality.assessment"].search(
            [("review_id", "=", cls.review.id)], limit=1
        ).write({"state": "partly", "note": QUALITY})
        lead["safeguarding.review.milestone"].search(
            [("review_id", "=", cls.review.id)], limit=1
        ).write({"done_on": "2026-12-30", "late_reason": LATE})
        cls.draft = cls._complete_finding(cls.hidden, name=DRAFT)
        cls.recommendation = lead["safeguarding.finding.recommendation"].create(
            {"finding_id": cls.draft.id, "name": RECOMMENDATION}
        )
        # Another team's review at the board: the lead reads its findings, not its people.
        cls.elsewhere = cls._ready_review(
            cls.stage_board_response,
            title="Another team's review",
            lead_reviewer_ids=[Command.set(cls.other_reviewer.ids)],
        )
        cls.stranger = env["safeguarding.participant"].create(
            {
                "review_id": cls.elsewhere.id,
                "partner_id": Partner.create({"name": "A nurse elsewhere"}).id,
                "published_role": STRANGER,
            }
        )
        cls.hidden_episode = lead["safeguarding.episode"].create(
            {"review_id": cls.hidden.id, "name": "An episode of the hidden review"}
        )
        # Everyone's own to-do (on their own contact): the activity an attacker re-points.
        cls.own_activities = {}
        for role, user in cls.users.items():
            if user.share:
                continue
            cls.own_activities[role] = env["mail.activity"].create(
                {
                    "res_model_id": env["ir.model"]._get_id("res.partner"),
                    "res_id": user.partner_id.id,
                    "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
                    "user_id": user.id,
                    "summary": "My own to-do",
                }
            )
        # The lead follows both her reviews (who follows what says who is on which review).
        (cls.review | cls.hidden).with_user(cls.reviewer).message_subscribe(
            partner_ids=cls.reviewer.partner_id.ids
        )
        for user in cls.users.values():
            if not user.share:
                user.groups_id += env.ref("base.group_allow_export")
        cls._settle()

    def _observe(self, path, env):
        """What ``path`` shows as ``env``'s user: its result, or the refusal's message."""
        env.invalidate_all()
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                result = repr(path(self, env))
                env.flush_all()
                return result
        except IntegrityError as error:  # shown as the RPC layer shows it
            return f"refused: {_as_validation_error(self.env, error)}"
        except REFUSED as error:
            return f"refused: {error}"

    def _env(self, role):
        return self.env(user=self.users[role], context={})

    @contextmanager
    def _undone(self):
        """Run the block in a savepoint that is always rolled back."""
        with self.env.cr.savepoint() as savepoint:
            yield
            savepoint.rollback()
        self.env.invalidate_all()


def _formatted_chatter(env, model, res_id):
    """The thread's messages as the chatter gets them (/mail/thread/messages)."""
    thread = env[model]._get_thread_with_access(res_id, mode="read")
    if not thread:
        raise AccessError(env._("no access to the thread"))
    messages = env["mail.message"]._message_fetch(
        [("res_id", "=", res_id), ("model", "=", model)], limit=100
    )["messages"]
    return json.dumps(Store(messages, for_current_user=True).get_result(), default=str)


def _attempt(step):
    """Run ``step`` (its result as text); a refusal only stops it (the attacker reads on)."""
    try:
        return repr(step())
    except REFUSED as error:
        return f"refused: {error}"


def _reply_in_own_channel(env, message):
    """Answer ``message`` from a channel of one's own, then read the channel as Discuss
    does (the message answered is shown beside the answer)."""

    def reply(later):
        channel = env["discuss.channel"].channel_create("Mine", None)
        answer = env["mail.message"].create(
            {
                "model": "discuss.channel",
                "res_id": channel.id,
                "body": "A reply",
                "message_type": "comment",
                "parent_id": False if later else message.id,
            }
        )
        if later:  # or one's own message, made an answer after
            answer.write({"parent_id": message.id})
        return Store(answer, format_reply=True).get_result()

    return _attempt(lambda: reply(False)) + _attempt(lambda: reply(True))


def _own_activity(t, env):
    if t._role not in t.own_activities:
        raise AccessError(env._("a portal user has no activity of their own"))
    return t.own_activities[t._role].with_env(env)


def _repoint_at_factor(t, env):
    return _own_activity(t, env).write(
        {
            "res_model_id": env["ir.model"].sudo()._get_id("safeguarding.factor"),
            "res_id": t.factor.id,
        }
    )


# Read paths: (what it does, the secrets it could reveal, the roles that may see them).
READS = {
    # 1. The calendar: only the reviewers present, under a neutral name, no place.
    "calendar events of conversations, by their document": (
        lambda t, env: env["calendar.event"].search_read(
            [("res_model", "=", "safeguarding.conversation")],
            ["name", "location", "partner_ids", "description", "res_id"],
        ),
        [ADULT, SON, PLACE, NOTES],
        NOBODY,
    ),
    "the lead's own conversation in her calendar": (
        lambda t, env: env["calendar.event"].browse(t.event.id).read(["name", "start"]),
        ["Review conversation"],
        {"lead"},
    ),
    "calendar events searched by the review's reference": (
        lambda t, env: (
            "MARK:found"
            if env["calendar.event"].search_count([("name", "ilike", t.review.name)])
            else ""
        ),
        ["MARK:found"],
        NOBODY,
    ),
    "contacts found through the events of conversations": (
        lambda t, env: env["res.partner"].search_read(
            [("meeting_ids.res_model", "=", "safeguarding.conversation")], ["name", "email"]
        ),
        [ADULT, SON, ADULT_EMAIL],
        NOBODY,
    ),
    "contacts found by the id of a conversation's event": (
        lambda t, env: [
            (p["id"], p["name"])
            for p in env["res.partner"].search_read([("meeting_ids", "in", [t.event.id])], ["name"])
        ],
        ["MARK:lead"],
        {"lead"},
    ),
    "whether the lead has any meeting at all (her only one is a conversation)": (
        lambda t, env: (
            "MARK:found"
            if env["res.partner"].search_count(
                [("id", "=", t.reviewer.partner_id.id), ("meeting_ids", "!=", False)]
            )
            else ""
        ),
        ["MARK:found"],
        {"lead"},
    ),
    "attendees of conversations, with their tokens": (
        lambda t, env: env["calendar.attendee"].search_read(
            [("event_id", "=", t.event.id)], ["partner_id", "email", "access_token"]
        ),
        [ADULT, SON, ADULT_EMAIL, "MARK:token"],
        {"lead"},
    ),
    # 2. The real identity: the review's own members and managers.
    "the real identity, read": (
        lambda t, env: env["safeguarding.review"].browse(t.review.id).read(["adult_partner_id"]),
        [ADULT],
        TEAM,
    ),
    "the real identity, in a nested web_read from a finding": (
        lambda t, env: (
            env["safeguarding.finding"]
            .browse(t.finding.id)
            .web_read(
                {
                    "review_id": {
                        "fields": {
                            "adult_partner_id": {"fields": {"display_name": {}}},
                            "participant_ids": {
                                "fields": {"partner_id": {"fields": {"email": {}}}}
                            },
                        }
                    }
                }
            )
        ),
        [ADULT, ADULT_EMAIL, SON],
        TEAM,
    ),
    "the real identity, exported from an action and a finding": (
        lambda t, env: (
            env["safeguarding.action"]
            .browse(t.action.id)
            .export_data(["review_id/adult_partner_id/name", "finding_id/episode_ids/name"]),
            env["safeguarding.finding"]
            .browse(t.finding.id)
            .export_data(
                [
                    "review_id/adult_partner_id/name",
                    "review_id/participant_ids/partner_id/name",
                    "review_id/conversation_ids/notes_at_the_time",
                    "episode_ids/name",
                    "factor_ids/description",
                ]
            ),
        ),
        [ADULT, SON, NOTES, EPISODE, FACTOR],
        TEAM,
    ),
    "the real identity as a count oracle": (
        lambda t, env: (
            "MARK:found"
            if env["safeguarding.finding"].search_count(
                [("review_id.participant_ids.partner_id.name", "=", ADULT)]
            )
            else ""
        ),
        ["MARK:found"],
        TEAM,
    ),
    "the real identity in the review's chatter": (
        lambda t, env: _formatted_chatter(env, "safeguarding.review", t.review.id),
        [ADULT],
        NOBODY,
    ),
    "the real identity in the participant's chatter (its change is tracked there)": (
        lambda t, env: _formatted_chatter(env, "safeguarding.participant", t.adult_participant.id),
        [ADULT],
        TEAM,
    ),
    # 3. Group-by on relational fields names the comodel's records as superuser.
    "findings grouped by their episodes and factors": (
        lambda t, env: (
            env["safeguarding.finding"].read_group([], ["__count"], ["episode_ids"]),
            env["safeguarding.finding"].read_group([], ["__count"], ["factor_ids"]),
        ),
        [EPISODE, FACTOR],
        TEAM,
    ),
    "actions grouped by finding and by review": (
        lambda t, env: (
            env["safeguarding.action"].read_group([], ["__count"], ["finding_id"]),
            env["safeguarding.action"].read_group([], ["__count"], ["review_id"]),
        ),
        ["Finding 1: ", "MARK:review"],
        {"manager", "lead", "outsider", "board"},
    ),
    "an action's finding and review by name (web_read)": (
        lambda t, env: (
            env["safeguarding.action"]
            .browse(t.action.id)
            .web_read(
                {
                    "finding_id": {"fields": {"display_name": {}}},
                    "review_id": {"fields": {"display_name": {}}},
                }
            )
        ),
        ["Finding 1: ", "MARK:review"],
        {"manager", "lead", "outsider", "board"},
    ),
    # Forms: related and computed fields of a new record are computed as superuser.
    "a hidden finding's statement in a new action's form": (
        lambda t, env: env["safeguarding.action"].onchange(
            {"finding_id": t.draft.id},
            ["finding_id"],
            {"finding_statement": {}, "review_reference": {}, "finding_number": {}},
        ),
        [DRAFT, "MARK:hidden"],
        TEAM,
    ),
    "a hidden review's reference in a new conversation's and request's form": (
        lambda t, env: (
            _attempt(
                lambda: env["safeguarding.conversation"].onchange(
                    {"review_id": t.hidden.id}, ["review_id"], {"name": {}}
                )
            ),
            _attempt(
                lambda: env["safeguarding.agency.request"].onchange(
                    {"review_id": t.hidden.id}, ["review_id"], {"name": {}, "is_overdue": {}}
                )
            ),
        ),
        ["MARK:hidden"],
        TEAM,
    ),
    "a hidden review's pseudonym as a new participant's published name": (
        lambda t, env: env["safeguarding.participant"].onchange(
            {"review_id": t.hidden.id, "partner_id": t.son.id, "part": "adult"},
            ["part"],
            {"published_as": {}},
        ),
        [HIDDEN_PSEUDONYM],
        TEAM,
    ),
    "a new form opened on a hidden review by default": (
        lambda t, env: (
            env["safeguarding.conversation"]
            .with_context(default_review_id=t.hidden.id)
            .onchange({}, [], {"name": {}, "review_id": {"fields": {"display_name": {}}}})
        ),
        ["MARK:hidden"],
        TEAM,
    ),
    "reviews found by the real identity": (
        lambda t, env: (
            "MARK:found"
            if t.review.id
            in env["safeguarding.review"].search([("adult_partner_id.name", "ilike", ADULT)]).ids
            else ""
        ),
        ["MARK:found"],
        TEAM,
    ),
    # 4. Writes that land where the rules never looked (reads after the move).
    "the hidden review's draft finding, through a re-pointed action": (
        lambda t, env: (
            _attempt(
                lambda: (
                    env["safeguarding.action"].browse(t.action.id).write({"finding_id": t.draft.id})
                )
            ),
            env["safeguarding.action"].browse(t.action.id).read(["finding_statement"]),
        ),
        [DRAFT],
        NOBODY,
    ),
    # 5. The member set.
    "the hidden review, after adding oneself to its member set": (
        lambda t, env: (
            _attempt(
                lambda: (
                    env["safeguarding.review"]
                    .browse(t.hidden.id)
                    .write({"member_ids": [Command.link(env.uid)]})
                )
            ),
            env["safeguarding.review"].browse(t.hidden.id).read(["title"]),
        ),
        ["Still in analysis"],
        TEAM,
    ),
    # 6. The chatter: followers and posts.
    "who follows the hidden review": (
        lambda t, env: env["mail.followers"].search_read(
            [("res_model", "=", "safeguarding.review"), ("res_id", "=", t.hidden.id)],
            ["partner_id", "res_id"],
        ),
        ["MARK:lead"],
        TEAM,
    ),
    "followers of the case's records, by id": (
        lambda t, env: (
            env["mail.followers"]
            .browse(
                t.env["mail.followers"]
                # Of the review alone: a demo record of another model may share its id.
                .search([("res_model", "=", "safeguarding.review"), ("res_id", "=", t.hidden.id)])
                .ids
            )
            .read(["partner_id", "res_model"])
        ),
        ["safeguarding.review"],
        TEAM,
    ),
    # 7. Names computed with superuser rights.
    "an own activity re-pointed at a factor, and its name": (
        lambda t, env: (
            _attempt(lambda: _repoint_at_factor(t, env)),
            _own_activity(t, env).read(["res_name"]),
        ),
        [FACTOR],
        TEAM,
    ),
    "the team's to-do on a review at the board, by the review's to-do fields": (
        lambda t, env: (
            [
                _attempt(
                    lambda field=field: (
                        env["safeguarding.review"]
                        .browse(t.review.id)
                        .with_context(active_test=False)
                        .web_read({field: {}})
                    )
                )
                for field in TODO_FIELDS
            ]
            + [_attempt(lambda: env["mail.activity"].browse(t.review_todo.id).read(["summary"]))]
        ),
        [TEAM_TODO, "MARK:todo_holder", "MARK:todo_id", "fa-check", "overdue"],
        TEAM,  # who may write the review (Odoo's rule for to-dos), or holds the to-do
    ),
    "the team's internal note on a review at the board, by its id": (
        lambda t, env: (
            _attempt(lambda: env["mail.message"].browse(t.team_note.id).read(["body"])),
            _attempt(lambda: env["mail.message"].browse(t.team_note.id).web_read({"body": {}})),
        ),
        [TEAM_NOTE],
        TEAM,
    ),
    "the team's internal note on a review at the board, searched and in the chatter": (
        lambda t, env: (
            env["mail.message"].search_read(
                [("model", "=", "safeguarding.review"), ("res_id", "=", t.review.id)], ["body"]
            ),
            env["mail.message"]
            ._message_fetch([("model", "=", "safeguarding.review"), ("res_id", "=", t.review.id)])[
                "messages"
            ]
            .read(["body"]),
        ),
        [TEAM_NOTE],
        TEAM,
    ),
    "a review at the board, found by the words of the team's internal note": (
        lambda t, env: [
            f"found by {leaf[0]}"
            for leaf in (
                ("message_ids.body", "ilike", "brother still holds"),
                ("message_ids", "any", [("body", "ilike", "brother still holds")]),
                ("message_ids.subtype_id.internal", "=", True),
            )
            if env["safeguarding.review"].search_count([("id", "=", t.review.id), leaf])
        ],
        ["found by"],
        TEAM,
    ),
    "the file posted with the team's internal note": (
        lambda t, env: (
            env["ir.attachment"].search_read(
                [("res_model", "=", "safeguarding.review"), ("res_id", "=", t.review.id)],
                ["name", "raw"],
            ),
            _attempt(lambda: env["ir.attachment"].browse(t.note_file.id).read(["raw"])),
        ),
        [NOTE_FILE.decode()],
        TEAM,
    ),
    "the team's internal note on a finding at the board": (
        lambda t, env: (
            env["mail.message"].search_read(
                [("model", "=", "safeguarding.finding"), ("res_id", "=", t.finding.id)],
                ["body"],
            ),
            _attempt(lambda: env["mail.message"].browse(t.finding_note.id).read(["body"])),
        ),
        [FINDING_NOTE],
        TEAM,
    ),
    "the team's internal note, as the message a reply in one's own channel answers": (
        lambda t, env: _reply_in_own_channel(env, t.team_note),
        [TEAM_NOTE],
        TEAM,
    ),
    "a notice to the board member on the review at the board": (
        lambda t, env: (
            _attempt(lambda: env["mail.message"].browse(t.notice.id).read(["body"])),
            env["mail.message"].search_read([("id", "=", t.notice.id)], ["body"]),
        ),
        [NOTICE],
        {"board"},  # addressed to them alone (Odoo: a notice is its recipient's)
    ),
    "a review at the board, grouped by the state of the team's to-dos": (
        lambda t, env: env["safeguarding.review"].read_group(
            [("id", "=", t.review.id)], ["__count"], ["activity_state"]
        ),
        ["'activity_state': 'overdue'"],
        TEAM,
    ),
    "the team's to-do on a review at the board, found by searching its fields": (
        lambda t, env: [
            f"found by {field}"
            for field, value in (
                ("activity_ids.user_id", t.reviewer.id),
                ("activity_user_id", t.reviewer.id),
                ("activity_ids.summary", TEAM_TODO),
                ("activity_summary", TEAM_TODO),
                ("activity_date_deadline", "2026-01-05"),
                ("activity_state", "overdue"),
                ("activity_type_id", t.env.ref("mail.mail_activity_data_todo").id),
            )
            if env["safeguarding.review"].search_count(
                [("id", "=", t.review.id), (field, "=", value)]
            )
        ],
        ["found by"],
        TEAM,
    ),
    "activities of the case's records": (
        lambda t, env: env["mail.activity"].search_read(
            [("res_model", "like", "safeguarding.%")], ["res_name", "summary", "note"]
        ),
        [ACTIVITY],
        TEAM,  # assigned to the lead; managers see the activities of what they may read
    ),
    # Attachments, the narrative and the analysis.
    "the transcript of a conversation": (
        lambda t, env: env["ir.attachment"].search_read(
            [("res_model", "=", "safeguarding.conversation")], ["name", "raw"]
        ),
        [TRANSCRIPT.decode()],
        TEAM,
    ),
    "requests for records and the records received, searched": (
        lambda t, env: (
            env["safeguarding.agency.request"].search_read([], ["description", "name"]),
            env["safeguarding.source"].search_read([], ["name", "notes"]),
        ),
        [REQUEST, SOURCE],
        TEAM,
    ),
    "the publication check's hits: the words found, and around them": (
        lambda t, env: env["safeguarding.publication.hit"].search_read(
            [], ["term", "excerpt", "record_label", "display_name"]
        ),
        [ADULT],
        TEAM,
    ),
    "the drafts for factual accuracy, their PDFs and the comments on them": (
        lambda t, env: (
            env["safeguarding.report.draft"].search_read([], ["name", "attachment_id"]),
            env["ir.attachment"].search_read(
                [("res_model", "=", "safeguarding.report.draft")], ["name"]
            ),
            env["safeguarding.report.comment"].search_read([], ["comment"]),
        ),
        ["Draft 1", SON],
        TEAM,
    ),
    "the family's involvement log, by search and through the review": (
        lambda t, env: (
            env["safeguarding.involvement"].search_read([], ["notes", "display_name"]),
            env["safeguarding.review"].browse(t.review.id).read(["involvement_ids"]),
        ),
        [INVOLVEMENT],
        TEAM,
    ),
    "the parallel processes and what may be shared": (
        lambda t, env: env["safeguarding.parallel.process"].search_read([], ["sharing"]),
        [PROCESS],
        TEAM,
    ),
    "a pause, as the review's card shows it (the board reads why)": (
        lambda t, env: env["safeguarding.review"].browse(t.review.id).read(["pause_summary"]),
        [PAUSE],
        TEAM | {"board", "outsider"},
    ),
    "the quality markers' notes, by search and in a pivot": (
        lambda t, env: (
            env["safeguarding.quality.assessment"].search_read([], ["note"]),
            env["safeguarding.quality.assessment"].read_group([], ["note:count"], ["note"]),
        ),
        [QUALITY],
        TEAM,
    ),
    "the milestones of a review and why one was late": (
        lambda t, env: (
            env["safeguarding.review.milestone"].search_read([], ["late_reason", "display_name"]),
            env["safeguarding.review"].browse(t.review.id).read(["milestone_ids"]),
        ),
        [LATE],
        TEAM,
    ),
    "time in each stage of the review at the board": (
        lambda t, env: [
            f"TIME:{row['review_id'][0]}"
            for row in env["safeguarding.stage.time"].search_read(
                [("review_id", "=", t.review.id)], ["review_id"]
            )
        ],
        ["MARK:time_review"],
        TEAM | {"board", "outsider"},
    ),
    "time in each stage of the review still in analysis": (
        lambda t, env: [
            f"TIME:{row['review_id'][0]}"
            for row in env["safeguarding.stage.time"].search_read(
                [("review_id", "=", t.hidden.id)], ["review_id"]
            )
        ],
        ["MARK:time_hidden"],
        TEAM,
    ),
    "the access log: who opened which review": (
        lambda t, env: env["safeguarding.access.log"].search_read(
            [], ["review_reference", "user_id", "detail"]
        ),
        ["MARK:review"],
        {"manager"},
    ),
    "the recommendations of a finding still in draft": (
        lambda t, env: env["safeguarding.finding.recommendation"].search_read(
            [("review_id", "=", t.hidden.id)], ["name"]
        ),
        [RECOMMENDATION],
        TEAM,
    ),
    "the narrative and the analysis, searched": (
        lambda t, env: (
            env["safeguarding.narrative.entry"].search_read([], ["what_happened"]),
            env["safeguarding.episode"].search_read([], ["name"]),
            env["safeguarding.factor"].search_read([], ["description"]),
        ),
        [NARRATIVE, EPISODE, FACTOR],
        TEAM,
    ),
    "the board's factor counts of the review at the board (category and level)": (
        lambda t, env: env["safeguarding.factor.count"].search_read(
            [("review_id", "=", t.review.id)], ["category_id", "level"]
        ),
        ["Working conditions"],
        {"manager", "lead", "outsider", "board"},
    ),
    "what a factor says, through the board's factor counts (every field, by search)": (
        lambda t, env: env["safeguarding.factor.count"].search_read(
            [], list(env["safeguarding.factor.count"]._fields)
        ),
        [FACTOR, EPISODE],
        NOBODY,
    ),
    "who takes part in a review, from the unique person-per-review error": (
        lambda t, env: env["safeguarding.participant"].create(
            {"review_id": t.review.id, "partner_id": t.son.id, "part": "practitioner"}
        ),
        ["already takes part"],
        TEAM,
    ),
    "which reviews exist, from the answer to a link to a missing or a hidden one": (
        lambda t, env: (
            "MARK:found"
            if _attempt(
                lambda: env["safeguarding.episode"].create({"review_id": 999999, "name": "x"})
            )
            != _attempt(
                lambda: env["safeguarding.episode"].create({"review_id": t.hidden.id, "name": "x"})
            )
            else ""
        ),
        ["MARK:found"],
        TEAM,
    ),
    "another team's participant named in a refusal to link it": (
        lambda t, env: (
            _attempt(
                lambda: (
                    env["safeguarding.conversation"]
                    .browse(t.conversation.id)
                    .write({"participant_ids": [Command.link(t.stranger.id)]})
                )
            ),
            _attempt(
                lambda: (
                    env["safeguarding.narrative.entry"]
                    .browse(t.entry.id)
                    .write({"participant_id": t.stranger.id})
                )
            ),
        ),
        [STRANGER],
        NOBODY,
    ),
    "the hidden review's existence, from a unique number's error": (
        lambda t, env: (
            _attempt(
                lambda: (
                    env["safeguarding.review"].browse(t.review.id).write({"name": t.hidden.name})
                )
            ),
            _attempt(
                lambda: env["safeguarding.finding"].create(
                    {"review_id": t.review.id, "name": "Same number", "number": t.draft.number}
                )
            ),
        ),
        ["MARK:hidden", "already has"],
        NOBODY,
    ),
}


class TestConfidentiality(ConfidentialityCase):
    def _secrets(self, secrets):
        """The planted values, with the markers a path may stand for."""
        marks = {
            "MARK:token": [a.access_token for a in self.event.attendee_ids],
            "MARK:hidden": [self.hidden.name, DRAFT],
            "MARK:found": ["MARK:found"],
            "MARK:review": [self.review.name],
            "MARK:time_review": [f"TIME:{self.review.id}"],
            "MARK:time_hidden": [f"TIME:{self.hidden.id}"],
            "MARK:lead": [f"({self.reviewer.partner_id.id}, '{self.reviewer.partner_id.name}')"],
            "MARK:todo_holder": [f"'activity_user_id': {self.reviewer.id}"],
            "MARK:todo_id": [f"'activity_ids': [{self.review_todo.id}]"],
        }
        values = []
        for secret in secrets:
            values += marks.get(secret, [secret])
        return [v for v in values if v]

    def test_every_read_path_as_every_role(self):
        for name, (path, secrets, may_see) in READS.items():
            for role in ROLES:
                self._role = role
                seen = self._observe(path, self._env(role))
                with self.subTest(path=name, role=role):
                    found = [s for s in self._secrets(secrets) if s in seen]
                    if role in may_see:
                        self.assertTrue(found, f"{role} should see it: {seen[:300]}")
                    else:
                        self.assertFalse(found, f"{role} sees {found}: {seen[:300]}")

    def test_a_record_shows_of_its_todos_only_those_its_reader_sees(self):
        """On every model with to-dos, the next-to-do fields and their searches show a to-do
        to a role exactly when Odoo's rules for to-dos let it find the to-do itself."""
        records = {
            "safeguarding.review": self.review,
            "safeguarding.action": self.action,
            "safeguarding.conversation": self.conversation,
            "safeguarding.agency.request": self.request,
            "safeguarding.review.milestone": self.review.sudo().milestone_ids[:1],
        }
        shown = {}
        for model, record in records.items():
            todo = record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline="2026-01-04",  # the first: the next to-do
                summary=f"{TEAM_TODO} on {model}",
                user_id=self.reviewer.id,
            )
            for role in ROLES:
                env = self._env(role)
                env.invalidate_all()
                try:
                    finds = bool(env["mail.activity"].search_count([("id", "=", todo.id)]))
                except REFUSED:
                    finds = False
                seen, searches = self._todo_shown(env[model].browse(record.id), todo)
                with self.subTest(model=model, role=role):
                    self.assertEqual(todo.summary in seen, finds, seen[:300])
                    self.assertEqual(f"'activity_user_id': {self.reviewer.id}" in seen, finds)
                    self.assertEqual(searches, [int(finds)] * 4)
                shown.setdefault(model, set()).update({role} if finds else set())
        # Neither side is empty: the lead holds each to-do; a board member holds none.
        for model, roles in shown.items():
            self.assertIn("lead", roles, model)
            self.assertNotIn("board", roles, model)
        # Every model with to-dos is here.
        self.assertEqual(
            set(records),
            set(self.env.registry.descendants(["safeguarding.todo.mixin"], "_inherit"))
            - {"safeguarding.todo.mixin"},
        )

    def _todo_shown(self, record, todo):
        """What ``record``'s next-to-do fields show of ``todo``, read one at a time, and
        whether searching them by its values finds the record (a refusal finds nothing)."""
        seen = " ".join(_attempt(lambda f=field: record.web_read({f: {}})) for field in TODO_FIELDS)
        # And as a page of cards reads them (the to-dos loaded with the page).
        record.env.invalidate_all()
        seen += _attempt(
            lambda: record.web_search_read([("id", "=", record.id)], {f: {} for f in TODO_FIELDS})[
                "records"
            ]
        )
        searches = []
        for leaf in (
            ("activity_user_id", "=", todo.user_id.id),
            ("activity_summary", "=", todo.summary),
            ("activity_date_deadline", "=", todo.date_deadline),
            ("activity_state", "=", "overdue"),
        ):
            try:
                searches.append(record.search_count([("id", "=", record.id), leaf]))
            except REFUSED:
                searches.append(0)
        return seen, searches

    def test_messages_and_files_elsewhere_are_found_as_before(self):
        """The narrowing of the notes leaves every other message alone (a plain employee's
        channel, a portal user's own contact: neither may write a review), and a page of
        files is filled as Odoo fills it, past the files the user may not open."""
        employee = self.env["mail.message"].with_user(self.employee)
        channel = self.env["discuss.channel"].with_user(self.employee).channel_create("Team", None)
        said = channel.message_post(
            body="Lunch?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(employee.search([("id", "=", said.id)]), said)
        told = self.portal.partner_id.message_post(
            body="Your visit", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        portal = self.env["mail.message"].with_user(self.portal)
        self.assertEqual(portal.search([("id", "=", told.id)]).ids, told.ids)
        shared = self.env["ir.attachment"].create(
            {
                "name": "terms.txt",
                "raw": b"The terms of reference",
                "res_model": "safeguarding.review",
                "res_id": self.review.id,
            }
        )
        files = self.env["ir.attachment"].with_user(self.board_member)
        domain = [("res_model", "=", "safeguarding.review"), ("res_id", "=", self.review.id)]
        # The note's file is older: first in id order, and not the board's.
        self.assertLess(self.note_file.id, shared.id)
        self.assertEqual(files.search(domain, limit=1, order="id"), shared)
        self.assertEqual(files.search_count(domain), 1)

    def test_conversation_events_carry_only_the_reviewers_present(self):
        self.assertEqual(self.event.partner_ids, self.reviewer.partner_id)
        self.assertEqual(self.event.attendee_ids.partner_id, self.reviewer.partner_id)
        self.assertEqual(self.event.user_id, self.reviewer, "she scheduled it: the organiser")
        self.assertFalse(self.event.location)
        self.assertEqual(self.event.name, "Review conversation")
        # The people met stay on the conversation, for the team.
        self.assertEqual(
            self.conversation.with_user(self.reviewer).participant_ids,
            self.adult_participant | self.son_participant,
        )
        with self.assertRaises(ValidationError) as caught:
            self.conversation.reviewer_ids = [Command.link(self.other_reviewer.id)]
        self.assertIn("Reviewers present", str(caught.exception))

    def test_the_upgrade_narrows_events_made_before(self):
        # As an event made by the version before: the reference, the place and the people.
        self.event.sudo().write(
            {
                "name": f"{self.review.name}: Family conversation",
                "location": PLACE,
                "partner_ids": [Command.link(self.adult.id), Command.link(self.son.id)],
            }
        )
        old_tokens = self.event.attendee_ids.filtered(
            lambda a: a.partner_id in self.adult | self.son
        ).mapped("access_token")
        self.env["safeguarding.conversation"]._upgrade_calendar_events()
        self.assertEqual(self.event.partner_ids, self.reviewer.partner_id)
        self.assertFalse(self.event.location)
        self.assertEqual(self.event.name, "Review conversation")
        self.assertFalse(
            self.env["calendar.attendee"].search([("access_token", "in", old_tokens)]),
            "the invitations sent to the people met open nothing any more",
        )

    def test_the_upgrade_to_this_version_cleans_what_the_last_one_left(self):
        """migrations/18.0.1.1.0: the identity column, its tracking, followers who may not
        write what they follow, and the calendar (test_the_upgrade_narrows_events...)."""
        cr = self.env.cr
        cr.execute("ALTER TABLE safeguarding_review ADD COLUMN adult_partner_id integer")
        someone = self.env["res.partner"].create({"name": "Adult of the hidden review"})
        cr.execute(
            "UPDATE safeguarding_review SET adult_partner_id = %s WHERE id = %s",
            (someone.id, self.hidden.id),
        )
        message = self.hidden.message_post(body="A change", subtype_xmlid="mail.mt_note")
        field = self.env["ir.model.fields"]._get("safeguarding.review", "adult_partner_id")
        self.env["mail.tracking.value"].create(
            {"field_id": field.id, "mail_message_id": message.id, "new_value_char": "Someone"}
        )
        Followers = self.env["mail.followers"]
        stale = Followers.create(
            {
                "res_model": "safeguarding.review",
                "res_id": self.review.id,
                "partner_id": self.board_member.partner_id.id,
            }
        )
        self._migrate(cr, "18.0.1.1.0", "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.hidden.adult_partner_id, someone)
        adult = self.hidden.with_user(self.reviewer).participant_ids.filtered(
            lambda p: p.part == "adult"
        )
        self.assertEqual(adult.partner_id, someone)
        self.assertFalse(self.env["mail.tracking.value"].search([("field_id", "=", field.id)]))
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'safeguarding_review' "
            "AND column_name = 'adult_partner_id'"
        )
        self.assertFalse(cr.fetchall(), "the column is gone")
        self.assertFalse(stale.exists(), "a board member no longer follows the review")
        lead = Followers.search(
            [
                ("res_model", "=", "safeguarding.review"),
                ("res_id", "=", self.review.id),
                ("partner_id", "=", self.reviewer.partner_id.id),
            ]
        )
        self.assertTrue(lead, "the lead still follows it")

    def test_identity_changes_are_tracked_where_only_the_team_reads(self):
        review = self.review.with_user(self.manager)
        someone = self.env["res.partner"].create({"name": "Corrected Quillfeather"})
        review.adult_partner_id = someone
        self._settle()
        self.assertEqual(self.adult_participant.partner_id, someone)
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "safeguarding.review")]
        )
        self.assertNotIn("adult_partner_id", tracked.field_id.mapped("name"))
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.participant"),
                ("mail_message_id.res_id", "=", self.adult_participant.id),
            ]
        )
        self.assertIn("Corrected Quillfeather", values.mapped("new_value_char"))
        # Cleared, the adult's participant goes (nothing refers to it here but the
        # conversation, which keeps it: then it says so).
        with self.assertRaises(UserError):
            review.adult_partner_id = False

    def test_the_reviews_own_members_read_the_identity_others_do_not(self):
        self.assertEqual(self.review.with_user(self.reviewer).adult_partner_id, self.adult)
        self.assertEqual(self.review.with_user(self.manager).adult_partner_id, self.adult)
        outsider = self.review.with_user(self.other_reviewer)
        self.assertFalse(outsider.adult_partner_id)
        self.assertFalse(outsider.sudo().adult_partner_id, "not even computed as superuser")
        self.assertNotIn("adult_partner_id", self.review.with_user(self.board_member).fields_get())


# Writes: (the write, the roles that may make it, whether it took effect).
WRITES = {
    "move a participant into another review": (
        lambda t, env: (
            env["safeguarding.participant"]
            .browse(t.son_participant.id)
            .write({"review_id": t.hidden.id})
        ),
        NOBODY,
        lambda t: t.son_participant.review_id == t.hidden,
    ),
    "move a question for the board under another review's finding": (
        lambda t, env: (
            env["safeguarding.finding.question"]
            .browse(t.finding.question_ids[:1].id)
            .write({"finding_id": t.draft.id})
        ),
        NOBODY,
        lambda t: t.finding.question_ids[:1].finding_id == t.draft,
    ),
    "re-point an action at another review's finding": (
        lambda t, env: (
            env["safeguarding.action"].browse(t.action.id).write({"finding_id": t.draft.id})
        ),
        NOBODY,
        lambda t: t.action.finding_id == t.draft,
    ),
    "write an action's review": (
        lambda t, env: (
            env["safeguarding.action"].browse(t.action.id).write({"review_id": t.hidden.id})
        ),
        NOBODY,
        lambda t: t.action.review_id == t.hidden,
    ),
    "rename an action and move its due date": (
        lambda t, env: (
            env["safeguarding.action"]
            .browse(t.action.id)
            .write({"name": "Renamed", "due_date": "2030-01-01"})
        ),
        TEAM,
        lambda t: t.action.name == "Renamed",
    ),
    "change an action's agency": (
        lambda t, env: (
            env["safeguarding.action"].browse(t.action.id).write({"agency_id": t.agency_health.id})
        ),
        TEAM,
        lambda t: t.action.agency_id == t.agency_health,
    ),
    "write an action's done date": (
        lambda t, env: (
            env["safeguarding.action"].browse(t.action.id).write({"done_date": "2026-01-01"})
        ),
        NOBODY,
        lambda t: str(t.action.done_date) == "2026-01-01",
    ),
    "update an action: status and evidence": (
        lambda t, env: (
            env["safeguarding.action"]
            .browse(t.action.id)
            .write({"status": "in_progress", "evidence": "<p>Protocol drafted.</p>"})
        ),
        TEAM | {"owner"},
        lambda t: t.action.status == "in_progress",
    ),
    "add a hidden member": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .write({"member_ids": [Command.link(t.other_reviewer.id)]})
        ),
        NOBODY,
        lambda t: t.other_reviewer in t.review.member_ids,
    ),
    "add a team member (tracked)": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .write({"team_member_ids": [Command.link(t.other_reviewer.id)]})
        ),
        TEAM,
        lambda t: t.other_reviewer in t.review.member_ids,
    ),
    "the lead takes herself off the review": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .write({"lead_reviewer_ids": [Command.set(t.manager.ids)]})
        ),
        {"manager"},
        lambda t: t.review.lead_reviewer_ids == t.manager,
    ),
    "rewrite a review's reference": (
        lambda t, env: (
            env["safeguarding.review"].browse(t.review.id).write({"name": "SAR-1999-999"})
        ),
        NOBODY,
        lambda t: t.review.name == "SAR-1999-999",
    ),
    "rewrite the referral": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .write({"referral_date": "2020-01-01", "concerns_summary": "<p>Rewritten</p>"})
        ),
        {"manager"},
        lambda t: str(t.review.referral_date) == "2020-01-01",
    ),
    "rewrite the decision": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .write({"decision_reasons": "Rewritten reasons"})
        ),
        {"manager"},
        lambda t: t.review.decision_reasons == "Rewritten reasons",
    ),
    "record the board's response": (
        lambda t, env: (
            env["safeguarding.finding"]
            .browse(t.finding.id)
            .write(
                {
                    "board_decision": "accepted",
                    "board_response": "Accepted",
                    "board_response_date": "2026-10-01",
                }
            )
        ),
        {"manager"},
        lambda t: t.finding.board_decision == "accepted",
    ),
    "point a conversation at someone else's calendar event": (
        lambda t, env: (
            env["safeguarding.conversation"]
            .browse(t.conversation.id)
            .write({"calendar_event_id": t.others_event.id})
        ),
        NOBODY,
        lambda t: t.conversation.calendar_event_id == t.others_event,
    ),
    "link a finding to another review's episode": (
        lambda t, env: (
            env["safeguarding.finding"]
            .browse(t.finding.id)
            .write({"episode_ids": [Command.link(t.hidden_episode.id)]})
        ),
        NOBODY,
        lambda t: t.hidden_episode in t.finding.episode_ids,
    ),
    "clear a relation with a malformed command": (
        lambda t, env: (
            env["safeguarding.review"].browse(t.review.id).write({"agency_ids": [(5, "x")]})
        ),
        NOBODY,
        lambda t: not t.review.agency_ids,
    ),
    "follow the review": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .message_subscribe(partner_ids=env.user.partner_id.ids)
        ),
        TEAM,
        lambda t: t._user.partner_id in t.review.message_partner_ids,
    ),
    "subscribe a family member to the review": (
        lambda t, env: (
            env["safeguarding.review"].browse(t.review.id).message_subscribe(partner_ids=t.son.ids)
        ),
        NOBODY,
        lambda t: t.son in t.review.message_partner_ids,
    ),
    "post on the review": (
        lambda t, env: (
            env["safeguarding.review"]
            .browse(t.review.id)
            .message_post(body="A post", message_type="comment", subtype_xmlid="mail.mt_comment")
        ),
        TEAM,
        lambda t: "A post" in str(t.review.message_ids.mapped("body")),
    ),
    "create a message on the review, as its follower": (
        lambda t, env: (
            t.review.sudo()._message_subscribe(partner_ids=env.user.partner_id.ids),
            env["mail.message"].create(
                {
                    "model": "safeguarding.review",
                    "res_id": t.review.id,
                    "body": "Direct post",
                    "message_type": "comment",
                }
            ),
        ),
        TEAM,
        lambda t: "Direct post" in str(t.review.message_ids.mapped("body")),
    ),
    "re-point an own activity at a factor": (
        _repoint_at_factor,
        TEAM,
        lambda t: (
            t._role in t.own_activities
            and t.own_activities[t._role].res_model == "safeguarding.factor"
        ),
    ),
    "edit a conversation's event in the calendar: a place and a person": (
        lambda t, env: (
            env["calendar.event"]
            .browse(t.event.id)
            .write({"location": PLACE, "partner_ids": [Command.link(t.son.id)]})
        ),
        NOBODY,
        lambda t: t.event.location == PLACE,
    ),
    "point a conversation's event at another conversation": (
        lambda t, env: (
            env["calendar.event"]
            .browse(t.event.id)
            .write({"res_id": t.elsewhere.conversation_ids[:1].id})
        ),
        NOBODY,
        lambda t: t.event.res_id != t.conversation.id,
    ),
    "make a calendar event for a conversation by hand": (
        lambda t, env: env["calendar.event"].create(
            {
                "name": "Hand-made",
                "start": "2026-06-02 09:00:00",
                "stop": "2026-06-02 10:00:00",
                "res_model_id": env["ir.model"].sudo()._get_id("safeguarding.conversation"),
                "res_id": t.conversation.id,
            }
        ),
        NOBODY,
        lambda t: bool(t.env["calendar.event"].search([("name", "=", "Hand-made")])),
    ),
    "give an activity on a conversation to someone who cannot open it": (
        lambda t, env: env["mail.activity"].create(
            {
                "res_model_id": env["ir.model"].sudo()._get_id("safeguarding.conversation"),
                "res_id": t.conversation.id,
                "activity_type_id": t.env.ref("mail.mail_activity_data_todo").id,
                "user_id": t.board_member.id,
                "summary": "For the board",
            }
        ),
        NOBODY,
        lambda t: bool(t.env["mail.activity"].search([("summary", "=", "For the board")])),
    ),
}


class TestConfidentialWrites(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.others_event = cls.env["calendar.event"].create(
            {
                "name": "The director's one-to-one",
                "start": "2026-06-01 09:00:00",
                "stop": "2026-06-01 10:00:00",
                "privacy": "private",
            }
        )

    def test_every_write_path_as_every_role(self):
        for name, (write, may, took_effect) in WRITES.items():
            for role in ROLES:
                self._role, self._user = role, self.users[role]
                env = self._env(role)
                with self.subTest(path=name, role=role), self._undone():
                    env.invalidate_all()
                    try:
                        with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                            write(self, env)
                            env.flush_all()
                        error = None
                    except IntegrityError as violation:
                        error = _as_validation_error(self.env, violation)
                    except REFUSED as refused:
                        error = refused
                    self.env.invalidate_all()
                    if role in may:
                        self.assertIsNone(error, f"{role} may: {error}")
                        self.assertTrue(took_effect(self))
                    else:
                        self.assertIsNotNone(error, f"{role} may not, and was not refused")
                        self.assertFalse(took_effect(self), "refused, yet it changed")

    def test_a_refusal_names_the_field(self):
        action = self.action.with_user(self.owner)
        with self.assertRaises(AccessError) as caught:
            action.write({"name": "Renamed"})
        self.assertIn("What will be done", str(caught.exception))
        self.assertIn("status", str(caught.exception).lower())
        with self.assertRaises(UserError) as caught:
            self.son_participant.with_user(self.reviewer).write({"review_id": self.hidden.id})
        self.assertIn("Review", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.review.with_user(self.reviewer).write({"member_ids": [Command.clear()]})
        self.assertIn("Members", str(caught.exception))

    def test_who_leaves_the_team_stops_following_it(self):
        self.review.team_member_ids = [Command.link(self.other_reviewer.id)]
        self.env.flush_all()
        self.review.with_user(self.other_reviewer).message_subscribe(
            partner_ids=self.other_reviewer.partner_id.ids
        )
        self.son_participant.with_user(self.other_reviewer).message_subscribe(
            partner_ids=self.other_reviewer.partner_id.ids
        )
        self.review.team_member_ids = [Command.unlink(self.other_reviewer.id)]
        for record in (self.review, self.son_participant):
            with self.subTest(model=record._name):
                self.assertNotIn(self.other_reviewer.partner_id, record.message_partner_ids)


@tagged("post_install", "-at_install")
class TestConfidentialRoutes(HttpCase, ConfidentialityCase):
    """The web routes the client calls, over HTTP, as each role and as the public."""

    def _as(self, role):
        if role == "public":
            self.authenticate(None, None)
        else:
            login = self.users[role].login
            self.authenticate(login, login)

    def _json(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.text

    def _routes(self):
        conversation = self.conversation
        return {
            "the adult's participant's chatter (/mail/thread/messages)": (
                lambda: self._json(
                    "/mail/thread/messages",
                    {
                        "thread_model": "safeguarding.participant",
                        "thread_id": self.adult_participant.id,
                    },
                ),
                [ADULT],
                TEAM,
            ),
            "the conversation's followers, activities and files (/mail/thread/data)": (
                lambda: self._json(
                    "/mail/thread/data",
                    {
                        "thread_model": "safeguarding.conversation",
                        "thread_id": conversation.id,
                        "request_list": ["followers", "activities", "attachments"],
                    },
                ),
                ["transcript.txt"],
                TEAM,
            ),
            "the review's chatter at the board and the file of the team's note": (
                lambda: " ".join(
                    (
                        self._json(
                            "/mail/thread/messages",
                            {"thread_model": "safeguarding.review", "thread_id": self.review.id},
                        ),
                        self._json(
                            "/mail/thread/data",
                            {
                                "thread_model": "safeguarding.review",
                                "thread_id": self.review.id,
                                "request_list": ["attachments"],
                            },
                        ),
                        self.url_open(f"/web/content/{self.note_file.id}?download=true").text,
                    )
                ),
                [TEAM_NOTE, NOTE_FILE.decode(), "note.txt"],
                TEAM,
            ),
            "the transcript's file (/web/content)": (
                lambda: self.url_open(f"/web/content/{self.transcript.id}?download=true").text,
                [TRANSCRIPT.decode()],
                TEAM,
            ),
            "the hidden review's findings report (/report/html)": (
                lambda: (
                    self.url_open(
                        f"/report/html/safeguarding_review.report_findings/{self.hidden.id}"
                    ).text
                ),
                [DRAFT],
                TEAM,
            ),
            "the calendar's token page of the conversation, for each attendee": (
                lambda: " ".join(
                    self.url_open(
                        f"/calendar/meeting/view?token={a.access_token}&id={self.event.id}"
                    ).text
                    for a in self.event.attendee_ids
                ),
                [ADULT, SON, PLACE, self.review.name],
                NOBODY,
            ),
        }

    def test_every_route_as_every_role(self):
        for name, (call, secrets, may_see) in self._routes().items():
            for role in (*ROLES, "public"):
                self._as(role)
                with mute_logger("odoo.http", "odoo.addons.base.models.ir_attachment"):
                    seen = call()
                with self.subTest(route=name, role=role):
                    found = [s for s in secrets if s in seen]
                    if role in may_see:
                        self.assertTrue(found, f"{role} should see it: {seen[:300]}")
                    else:
                        self.assertFalse(found, f"{role} sees {found}: {seen[:300]}")


@tagged("post_install", "-at_install")
class TestRelationalFieldsGuard(ConfidentialityCase):
    """Whatever field is added later: for every relational field of every model of the app,
    a role with no right on the field's comodel (or on the field) cannot group, sort or
    search by it, so no value of the comodel comes back (Odoo names groups as superuser,
    and sorts and filters many2many without the field's groups)."""

    def _relational_fields(self):
        for model in self.env["ir.model"].search([("model", "=like", "safeguarding.%")]):
            Model = self.env[model.model]
            if Model._abstract or Model._transient:
                continue
            for name, field in Model._fields.items():
                if field.relational:
                    yield Model, name, field

    def test_no_group_sort_or_search_by_a_field_one_cannot_reach(self):
        checked = 0
        for Model, name, field in self._relational_fields():
            for role in ROLES:
                env = self._env(role)
                Records = Model.with_env(env)
                if not Records.has_access("read"):
                    continue  # no right on the model itself: nothing at all (the matrix)
                comodel = env[field.comodel_name]
                field_groups = not field.groups or env.user.has_groups(field.groups)
                if comodel.has_access("read") and field_groups:
                    continue
                checked += 1
                with self.subTest(model=Model._name, field=name, role=role):
                    if field.store and field.type in ("many2one", "many2many"):
                        with self.assertRaises(AccessError):
                            Records.read_group([], ["__count"], [name])
                    if field.store and field.type == "many2one":
                        with self.assertRaises(AccessError):
                            Records.search([], order=name)
                    with self.assertRaises(AccessError):
                        Records.search_count([(name, "!=", False)])
        self.assertGreater(checked, 10, "the guard was exercised on many fields")

    def test_names_computed_as_superuser_are_neutral_for_who_may_not_read(self):
        records = [
            self.review,
            self.hidden,
            self.adult_participant,
            self.conversation,
            self.episode,
            self.factor,
            self.entry,
            self.finding,
            self.draft,
            self.action,
        ]
        for record in records:
            for role in ROLES:
                user = self.users[role]
                as_user = record.with_user(user)
                self.env.invalidate_all()
                may_read = as_user.has_access("read")
                self.env.invalidate_all()
                label = as_user.sudo().display_name
                with self.subTest(model=record._name, role=role):
                    if may_read:
                        self.assertEqual(label, record.display_name)
                    else:
                        self.assertEqual(label, f"{record._description} (restricted)")

    def test_every_model_of_the_app_carries_the_guard(self):
        for model in self.env["ir.model"].search([("model", "=like", "safeguarding.%")]):
            Model = self.env[model.model]
            config = Model._name in {
                "safeguarding.review.stage",
                "safeguarding.review.method",
                # The learning exchange: its lists, and the library of other boards' published
                # learning, which names nobody (the format carries no person).
                "safeguarding.learning.term",
                "safeguarding.learning.review",
                "safeguarding.learning.finding",
                "safeguarding.learning.factor",
                "safeguarding.learning.import",
                "safeguarding.review.gate",
                "safeguarding.review.tag",
                "safeguarding.factor.category",
                "safeguarding.pattern.type",
                "safeguarding.glossary.term",
                "safeguarding.quality.marker",
                "safeguarding.milestone.type",
                "safeguarding.annual.report.wizard",
                # A reason and a record id: the method it calls checks the rights.
                "safeguarding.reason.wizard",
                # Counts only, each run as its reader through the record rules.
                "safeguarding.dashboard",
            }
            with self.subTest(model=Model._name):
                if not Model._abstract:  # values of the wrong kind refused on every model
                    self.assertIsInstance(Model, self.env.registry["safeguarding.values.mixin"])
                if not (Model._abstract or config):
                    self.assertIsInstance(
                        Model, self.env.registry["safeguarding.confidential.mixin"]
                    )
