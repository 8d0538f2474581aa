from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_confidential_tools import MANAGER_GROUP

HOLD_REASONS = [
    ("inquest", "An inquest"),
    ("claim", "A claim"),
    ("police", "A police request"),
    ("other", "Another reason"),
]
RETENTION_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("due", "Due for anonymisation"),
    ("held", "On legal hold"),
    ("anonymised", "Anonymised"),
]


class SafeguardingReview(models.Model):
    """Personal data over time: a closed review's working papers are kept for the company's
    retention period, then a manager confirms their anonymisation (a daily job lists the
    reviews due); a legal hold stops it. The learning (the report's texts, findings,
    episodes, factors, actions and their outcomes) is kept for good."""

    _inherit = "safeguarding.review"

    legal_hold = fields.Boolean(
        string="Legal hold",
        tracking=True,
        copy=False,
        groups="safeguarding_review.group_manager",
        help="An inquest, a claim or a police request needs the working papers: nothing is "
        "anonymised while the hold is on.",
    )
    # Why, and its details (an inquest, a claim): the board's managers alone read them.
    legal_hold_reason = fields.Selection(
        HOLD_REASONS,
        string="Why held",
        tracking=True,
        groups="safeguarding_review.group_manager",
    )
    legal_hold_notes = fields.Char(
        string="Hold details", tracking=True, groups="safeguarding_review.group_manager"
    )
    retention_due_on = fields.Date(
        string="Working papers kept until",
        compute="_compute_retention_due_on",
        store=True,
        help="The day the company's retention period after closing ends.",
    )
    anonymised_on = fields.Date(readonly=True, copy=False)
    anonymised_by_id = fields.Many2one("res.users", string="Anonymised by", readonly=True)
    retention_state = fields.Selection(
        RETENTION_STATES,
        string="Retention",
        compute="_compute_retention_state",
        compute_sudo=True,  # from the hold, a manager's field: the state itself says nothing
        search="_search_retention_state",
    )
    retention_preview = fields.Text(
        string="What anonymisation removes",
        compute="_compute_retention_preview",
        groups="safeguarding_review.group_manager",
    )

    def _fields_free_when_closed(self):
        # A closed review is read-only, but a hold is put on or lifted while it is closed.
        return super()._fields_free_when_closed() | {
            "legal_hold",
            "legal_hold_reason",
            "legal_hold_notes",
        }

    @api.depends("closed_date", "company_id.safeguarding_retention_months")
    def _compute_retention_due_on(self):
        for review in self:
            months = review.company_id.safeguarding_retention_months
            review.retention_due_on = review.closed_date and review.closed_date + relativedelta(
                months=months
            )

    @api.depends("anonymised_on", "closed_date", "legal_hold", "retention_due_on")
    @api.depends_context("tz")
    def _compute_retention_state(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.anonymised_on:
                review.retention_state = "anonymised"
            elif not review.closed_date:
                review.retention_state = "open"
            elif review.legal_hold:
                review.retention_state = "held"
            elif review.retention_due_on <= today:
                review.retention_state = "due"
            else:
                review.retention_state = "kept"

    def _search_retention_state(self, operator, value):
        if operator not in ("=", "!=") or value not in dict(RETENTION_STATES):
            raise UserError(_("Retention: search it for one of its states."))
        today = fields.Date.context_today(self)
        domains = {
            "anonymised": [("anonymised_on", "!=", False)],
            "open": [("anonymised_on", "=", False), ("closed_date", "=", False)],
            "held": [
                ("anonymised_on", "=", False),
                ("closed_date", "!=", False),
                ("legal_hold", "=", True),
            ],
            "due": [
                ("anonymised_on", "=", False),
                ("legal_hold", "=", False),
                ("retention_due_on", "<=", today),
            ],
            "kept": [
                ("anonymised_on", "=", False),
                ("legal_hold", "=", False),
                ("retention_due_on", ">", today),
            ],
        }
        # sudo: the ids matching the state, found on the hold (a manager's field).
        ids = self.sudo()._search(domains[value])
        return [("id", "in" if operator == "=" else "not in", ids)]

    @api.constrains("legal_hold", "legal_hold_reason")
    def _check_legal_hold(self):
        for review in self:
            if review.legal_hold and not review.legal_hold_reason:
                raise ValidationError(
                    _("Why held: say why %(review)s is on legal hold.", review=review.name)
                )

    # Anonymisation ----------------------------------------------------------------
    def action_anonymise(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a manager of the board anonymises a review."))
        for review in self:
            if review.retention_state == "held":
                raise UserError(
                    _(
                        "%(review)s is on legal hold (%(why)s): lift the hold before "
                        "anything is anonymised.",
                        review=review.name,
                        why=dict(HOLD_REASONS).get(review.legal_hold_reason, ""),
                    )
                )
            if review.retention_state != "due":
                raise UserError(
                    _(
                        "%(review)s is not due for anonymisation (%(state)s): its working "
                        "papers are kept until %(date)s.",
                        review=review.name,
                        state=dict(RETENTION_STATES)[review.retention_state].lower(),
                        date=review.retention_due_on or _("a period after it closes"),
                    )
                )
            review._anonymise()
        return True

    # The daily job ----------------------------------------------------------------
    @api.model
    def _cron_retention_due(self):
        """List the reviews due: one to-do for a manager of each, to see what will go and
        confirm. Idempotent: a review with the to-do open gets no second one."""
        activity_type = self.env.ref("safeguarding_review.mail_activity_type_retention_due")
        due = self.search([("retention_state", "=", "due")])
        reminded = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", due.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id"],
        )
        already = {res_id for (res_id,) in reminded}
        managers = self.env.ref(MANAGER_GROUP).users
        for review in due.filtered(lambda r: r.id not in already):
            company_managers = managers.filtered(lambda u, r=review: r.company_id in u.company_ids)
            user = (review.decision_maker_id & company_managers) or company_managers[:1]
            if not user:
                continue
            review.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Retention period over: check what goes, then anonymise"),
                note=Markup("<p>%s</p>")
                % _(
                    "%(review)s closed on %(closed)s; its working papers were kept until "
                    "%(until)s. Retention tab: what anonymisation removes, and Anonymise.",
                    review=review.name,
                    closed=review.closed_date,
                    until=review.retention_due_on,
                ),
            )
        return due
