from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

CONVERSATION_KINDS = [
    ("one_to_one", "One-to-one conversation"),
    ("case_group", "Case group meeting"),
    ("family", "Family conversation"),
    ("review_team", "Review team meeting"),
    # Quality marker 6: where the board's SAR sub-group discussed the review.
    ("governance", "Governance meeting (SAR sub-group)"),
]


class SafeguardingConversation(models.Model):
    """A conversation of the review, with a calendar event kept in step with it.

    The calendar is seen by more people than the review, and its invitations go out by
    email with links that open without a login. So the event puts the time in the diaries
    of the reviewers present, and nothing else: a neutral name, no place, no notes, none of
    the people met (they stay on the conversation, which only the team reads), no external
    attendee and so no invitation link outside the team. It is private, and a rule keeps
    conversations' events and their attendees to their organiser and attendees
    (security/safeguarding_review_rules.xml).
    """

    _name = "safeguarding.conversation"
    _description = "Safeguarding Review Conversation"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread", "safeguarding.todo.mixin"]
    _order = "start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(CONVERSATION_KINDS, required=True, default="one_to_one", tracking=True)
    start = fields.Datetime(string="When", required=True, tracking=True)
    duration = fields.Float(default=1.5, help="In hours.")
    location = fields.Char()
    participant_ids = fields.Many2many(
        "safeguarding.participant",
        "safeguarding_conversation_participant_rel",
        "conversation_id",
        "participant_id",
        string="Participants",
        domain="[('review_id', '=', review_id)]",
    )
    reviewer_ids = fields.Many2many(
        "res.users",
        "safeguarding_conversation_reviewer_rel",
        "conversation_id",
        "user_id",
        string="Reviewers present",
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    decisions = fields.Text(
        string="Decisions", help="What the governance meeting decided about the review."
    )
    recorded = fields.Boolean(help="The conversation was audio-recorded, as the briefing says.")
    notes_at_the_time = fields.Html(
        string="How the case looked at the time",
        help="What the person knew, thought and did then, without hindsight.",
    )
    own_perspective = fields.Html(
        string="Their own perspective", help="What the person says now, in their own words."
    )
    transcript_ids = fields.Many2many(
        "ir.attachment",
        "safeguarding_conversation_transcript_rel",
        "conversation_id",
        "attachment_id",
        string="Transcripts",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Calendar event", readonly=True, copy=False, index="btree_not_null"
    )

    @api.depends("kind", "review_id.name", "start")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for conversation in self:
            # The day as the lists write dates, not the database's ISO form.
            when = ""
            if conversation.start:
                local = fields.Datetime.context_timestamp(conversation, conversation.start)
                when = format_date(self.env, local.date())
            conversation.name = " ".join(
                filter(None, (conversation.review_id.name, kinds.get(conversation.kind), when))
            )

    @api.constrains("reviewer_ids", "review_id")
    def _check_reviewers_on_team(self):
        # They go in the calendar event: only people who may read the conversation.
        managers = self.env.ref("safeguarding_review.group_manager").users
        for conversation in self:
            strangers = conversation.reviewer_ids - conversation.review_id.member_ids - managers
            if strangers:
                raise ValidationError(
                    _(
                        "Reviewers present: %(who)s not on the team of %(review)s. Add them "
                        "to the review team first.",
                        who=", ".join(strangers.mapped("name")),
                        review=conversation.review_id.name,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for conversation in self:
            if not 0 < conversation.duration <= 24:
                raise ValidationError(
                    _("Duration: a conversation lasts more than zero hours and at most 24.")
                )

    # Calendar ---------------------------------------------------------------------
    # The fields whose change moves, re-invites or cancels the calendar event.
    _CALENDAR_FIELDS = {
        "start",
        "duration",
        "location",
        "participant_ids",
        "reviewer_ids",
        "state",
        "kind",
    }

    @api.model_create_multi
    def create(self, vals_list):
        conversations = super().create(vals_list)
        conversations._sync_calendar_events()
        conversations.filtered(lambda c: c.state != "planned")._settle_state()
        return conversations

    def write(self, vals):
        res = super().write(vals)
        if self._CALENDAR_FIELDS & set(vals):
            self._sync_calendar_events()
        if vals.get("state") in ("held", "cancelled"):
            self._settle_state()
        return res

    def _settle_state(self):
        """A conversation held or called off: the calendar's reminder of it is done, and
        whoever took part in one held has agreed to take part in the review."""
        meetings = self.activity_ids.filtered(lambda a: a.activity_category == "meeting")
        meetings.action_done()
        held = self.filtered(lambda c: c.state == "held")
        held.participant_ids.filtered(lambda p: p.answer == "pending").write({"answer": "agreed"})

    def unlink(self):
        # sudo: the calendar lets only a private event's organiser and attendees delete it;
        # whoever may delete the conversation (checked by super below, in this transaction)
        # may delete its event, which exists only for it.
        events = self.calendar_event_id.sudo()
        res = super().unlink()
        events.unlink()
        return res

    def _calendar_event_values(self):
        self.ensure_one()
        return {
            # Neutral: no reference, kind, place or person (see the class's docstring).
            "name": _("Review conversation"),
            "description": False,
            "start": self.start,
            "stop": self.start + timedelta(hours=self.duration),
            "duration": self.duration,
            "location": False,
            "privacy": "private",
            "partner_ids": [Command.set(self.reviewer_ids.partner_id.ids)],
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _sync_calendar_events(self):
        """Keep each conversation's calendar event in step: planned or held conversations
        have one, a cancelled conversation's event is cancelled (archived) with it."""
        for conversation in self:
            # sudo: the event only mirrors the conversation, and nobody edits it by hand
            # (models/calendar_event.py); any team member may change the conversation
            # (checked before we get here), so the app moves its event.
            event = conversation.calendar_event_id.sudo()
            if conversation.state == "cancelled":
                if event.active:
                    event.action_archive()
                continue
            values = conversation._calendar_event_values()
            if event:
                if not event.active:
                    event.action_unarchive()
                event.write(values)
            else:
                # sudo: see above; the user who schedules it is its organiser. The link is
                # read-only to users, so that nobody points a conversation at another event.
                Events = self.env["calendar.event"].sudo()  # sudo: see the comments above
                event = Events.create({**values, "user_id": self.env.user.id})
                conversation.sudo().calendar_event_id = event  # sudo: the read-only link

    @api.model
    def _upgrade_calendar_events(self):
        """Bring every conversation's event to what _calendar_event_values says (run by the
        migration to 18.0.1.1.0: events made before carried the people met and the place)."""
        # sudo: an upgrade step, as the system; it only narrows what the events show.
        conversations = self.sudo().with_context(active_test=False).search([])
        conversations._sync_calendar_events()

    def action_mark_held(self):
        # Whoever on the review's team marks it held was there, unless someone else is named:
        # the report counts who took part, and "Reviewers present" was left empty.
        for conversation in self.filtered(lambda c: not c.reviewer_ids):
            if self.env.user in conversation.review_id.member_ids:
                conversation.reviewer_ids = self.env.user
        self.write({"state": "held"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_replan(self):
        self.write({"state": "planned"})
