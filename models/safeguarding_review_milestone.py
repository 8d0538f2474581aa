from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

MILESTONE_STATES = [
    ("done", "Done on time"),
    ("late", "Done late"),
    ("due", "Due"),
    ("overdue", "Overdue"),
    ("waiting", "Waiting for its event"),
]


class SafeguardingReviewMilestone(models.Model):
    """One deadline of one review: due a number of working days, days or months after an
    event the review records (its milestone type), done on a date, with the reason when
    late. Its due date follows the event's date and the company's working calendar."""

    _name = "safeguarding.review.milestone"
    _description = "Milestone of a review"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread", "safeguarding.todo.mixin"]
    _order = "review_id, sequence, id"

    type_id = fields.Many2one(
        "safeguarding.milestone.type", string="Milestone", required=True, ondelete="restrict"
    )
    # A copy of the type's name in the user's language at creation, stored: the review's
    # form lists the milestones without a query on the types.
    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    sequence = fields.Integer(related="type_id.sequence", store=True)
    due_date = fields.Date(
        string="Due", compute="_compute_due_date", store=True, index=True, tracking=True
    )
    done_on = fields.Date(
        string="Done on",
        compute="_compute_done_on",
        store=True,
        readonly=False,
        tracking=True,
        help="Set by itself from the review where the milestone says what marks it done.",
    )
    late_reason = fields.Text(string="Why late", tracking=True)
    outcome = fields.Selection(
        [("on_time", "On time"), ("late", "Late")],
        compute="_compute_outcome",
        store=True,
        help="Once done: whether it was done by its due date (what the board reports).",
    )
    state = fields.Selection(MILESTONE_STATES, compute="_compute_state", search="_search_state")

    @api.depends("type_id.name")
    def _compute_name(self):
        for milestone in self:
            milestone.name = milestone.type_id.name

    @api.depends(
        "type_id.event",
        "type_id.offset",
        "type_id.unit",
        "review_id.referral_date",
        "review_id.decision_date",
        "review_id.board_adopted_on",
        "review_id.company_id.resource_calendar_id",
    )
    def _compute_due_date(self):
        for milestone in self:
            kind = milestone.type_id
            start = kind and milestone.review_id.sudo()[kind.event]  # sudo: a date alone
            milestone.due_date = start and milestone._deadline(start, kind)

    def _deadline(self, start, kind):
        if kind.unit == "months":
            return start + relativedelta(months=kind.offset)
        if kind.unit == "days":
            return start + timedelta(days=kind.offset)
        return self._working_days_after(start, kind.offset)

    def _working_days_after(self, start, days):
        """The date ``days`` working days after ``start`` (the day of the event itself does
        not count), by the company's working calendar and its public holidays."""
        if days == 0:
            return start
        calendar = self.review_id.company_id.resource_calendar_id
        if calendar:
            # sudo: the calendar's hours and public holidays, for the deadline alone.
            end = calendar.sudo().plan_days(
                days, datetime.combine(start + timedelta(days=1), time.min), compute_leaves=True
            )
            if end:
                return end.date()
        day, left = start, days
        while left:  # no calendar: weekdays
            day += timedelta(days=1)
            left -= day.weekday() < 5
        return day

    @api.depends(
        "type_id.done_by",
        "review_id.notified_on",
        "review_id.rapid_review_sent_on",
        "review_id.decision_date",
        "review_id.board_adopted_on",
        "review_id.published_on",
    )
    def _compute_done_on(self):
        for milestone in self:
            field = milestone.type_id.done_by
            # sudo: a date alone, of the milestone's own review.
            done = field and milestone.review_id.sudo()[field]
            if done:
                milestone.done_on = done

    @api.depends("done_on", "due_date")
    def _compute_outcome(self):
        for milestone in self:
            if not milestone.done_on:
                milestone.outcome = False
            elif milestone.due_date and milestone.done_on > milestone.due_date:
                milestone.outcome = "late"
            else:
                milestone.outcome = "on_time"

    @api.depends("outcome", "due_date")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            if milestone.outcome:
                milestone.state = "done" if milestone.outcome == "on_time" else "late"
            elif not milestone.due_date:
                milestone.state = "waiting"
            else:
                milestone.state = "overdue" if milestone.due_date < today else "due"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(_("State: search for one state or a list of states."))
        today = fields.Date.context_today(self)
        domains = {
            "done": [("outcome", "=", "on_time")],
            "late": [("outcome", "=", "late")],
            "waiting": [("outcome", "=", False), ("due_date", "=", False)],
            "due": [("outcome", "=", False), ("due_date", ">=", today)],
            "overdue": [("outcome", "=", False), ("due_date", "<", today)],
        }
        values = [value] if operator == "=" else list(value)
        unknown = set(values) - set(domains)
        if unknown:
            raise UserError(_("State: unknown state %(state)s.", state=", ".join(unknown)))
        return expression.OR([domains[state] for state in values]) or [("id", "=", False)]

    @api.constrains("done_on", "late_reason", "due_date")
    def _check_late_reason(self):
        for milestone in self:
            # Done by itself from the review's own date (a late decision recorded on the
            # review): the reason is asked on the list, not forced on the review's write.
            automatic = (
                milestone.type_id.done_by
                and milestone.done_on
                == (
                    milestone.review_id.sudo()[milestone.type_id.done_by]  # sudo: a date alone
                )
            )
            if automatic:
                continue
            if milestone.outcome == "late" and not (milestone.late_reason or "").strip():
                raise ValidationError(
                    _(
                        "Why late: %(milestone)s was due on %(due)s; say why it was done later.",
                        milestone=milestone.name,
                        due=format_date(self.env, milestone.due_date, date_format="d MMMM y"),
                    )
                )

    def _reminder_user(self):
        review = self.review_id
        return review.lead_reviewer_ids[:1] or review.create_uid

    @api.model
    def _cron_remind_milestones(self):
        """Daily: a milestone due within its reminder's days gets one to-do for the review's
        first lead reviewer (none again, however often the job runs)."""
        today = fields.Date.context_today(self)
        near = self.search([("outcome", "=", False), ("due_date", "!=", False)]).filtered(
            lambda m: m.due_date - timedelta(days=m.type_id.remind_days) <= today
        )
        near._remind_once(
            self.env.ref("safeguarding_review.mail_activity_type_milestone_due"),
            lambda m: m._reminder_user(),
            lambda m: _("%(milestone)s due", milestone=m.name),
            lambda m: _(
                "%(milestone)s of %(review)s is due on %(due)s.",
                milestone=m.name,
                review=m.review_id.name,
                due=format_date(self.env, m.due_date, date_format="d MMMM y"),
            ),
            deadline=lambda m: m.due_date,
        )
