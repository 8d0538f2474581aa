from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import AGENCY_DOMAIN


class SafeguardingAgencyRequest(models.Model):
    """The review's request to an agency for its records (Care Act s44(5): members of the
    board must co-operate). When one falls due unanswered, the requester gets one activity."""

    _name = "safeguarding.agency.request"
    _description = "Request to an Agency for its Records"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread", "safeguarding.todo.mixin"]
    _order = "due_on, id"

    name = fields.Char(compute="_compute_name", store=True)
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency",
        required=True,
        index=True,
        domain=AGENCY_DOMAIN,
        tracking=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact at the agency",
        domain="[('parent_id', '=', agency_id)]",
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    description = fields.Text(string="What was asked", required=True)
    asked_on = fields.Date(
        string="Asked on", required=True, default=fields.Date.context_today, tracking=True
    )
    due_on = fields.Date(string="Due on", required=True, tracking=True, index=True)
    received_on = fields.Date(string="Received on", tracking=True)
    state = fields.Selection(
        [("requested", "Requested"), ("received", "Received"), ("closed", "Closed")],
        string="Status",
        default="requested",
        required=True,
        tracking=True,
        index=True,
    )
    closed_reason = fields.Text(
        string="Why closed without records",
        tracking=True,
        help="e.g. the agency had no contact with the adult in the period.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    source_ids = fields.One2many("safeguarding.source", "request_id", string="Records received")

    @api.depends("agency_id.name", "review_id.name")
    def _compute_name(self):
        for request in self:
            request.name = _(
                "%(review)s: records of %(agency)s",
                review=request.review_id.name or "",
                agency=request.agency_id.name or "",
            )

    @api.depends("state", "due_on")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            due = request.due_on  # not yet given in a new request's form
            request.is_overdue = bool(request.state == "requested" and due and due < today)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Overdue: only 'is set' and 'is not set' searches work."))
        overdue = [("state", "=", "requested"), ("due_on", "<", fields.Date.context_today(self))]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.constrains("asked_on", "due_on", "received_on")
    def _check_dates(self):
        for request in self:
            if not (request.asked_on and request.due_on):
                continue  # both are required: the database refuses a request without them
            if request.due_on < request.asked_on:
                raise ValidationError(
                    _(
                        "Due on: %(due)s is before the request was made (%(asked)s).",
                        due=request.due_on,
                        asked=request.asked_on,
                    )
                )
            if request.received_on and request.received_on < request.asked_on:
                raise ValidationError(
                    _("Received on: records cannot arrive before they were asked for.")
                )

    @api.constrains("state", "closed_reason", "received_on")
    def _check_state(self):
        for request in self:
            if request.state == "closed" and not (request.closed_reason or "").strip():
                raise ValidationError(
                    _(
                        "Why closed without records: say why the request to %(agency)s was closed.",
                        agency=request.agency_id.name,
                    )
                )
            if request.state == "received" and not request.received_on:
                raise ValidationError(_("Received on: give the date the records arrived."))

    def action_mark_received(self):
        for request in self:
            request.write(
                {
                    "state": "received",
                    "received_on": request.received_on or fields.Date.context_today(self),
                }
            )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("received", "closed"):
            # Answered: the reminder has done its job.
            self.activity_ids.filtered(
                lambda a: a.activity_type_id == self._reminder_activity_type()
            ).action_feedback(feedback=_("Request answered."))
        return res

    @api.model
    def _reminder_activity_type(self):
        return self.env.ref("safeguarding_review.mail_activity_type_records_overdue")

    @api.model
    def _cron_remind_overdue_requests(self):
        """Daily: each overdue request's requester has exactly one open reminder.

        Running it again creates nothing new; a request answered meanwhile is skipped."""
        self.search([("is_overdue", "=", True)])._remind_once(
            self._reminder_activity_type(),
            "requester_id",
            lambda r: _("Records from %(agency)s are overdue", agency=r.agency_id.name),
            lambda r: _(
                "Due on %(due)s and not received. Chase the agency, or close the request "
                "with the reason.",
                due=r.due_on,
            ),
        )
