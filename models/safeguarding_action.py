from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .res_partner import AGENCY_DOMAIN
from .safeguarding_confidential_tools import MANAGER_GROUP, chatter_fields

ACTION_STATUSES = [
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    # The owner says it is done; it counts as done once a manager or the finding's lead
    # accepts the evidence (safeguarding_action_evidence.py).
    ("submitted", "Evidence submitted"),
    ("done", "Done"),
    ("dropped", "Dropped"),
]
OPEN_STATUSES = ("planned", "in_progress", "submitted")
RAG_COLORS = {"red": 1, "amber": 2, "green": 10}
RAG = [
    ("red", "Red: overdue"),
    ("amber", "Amber: due soon or no update"),
    ("green", "Green: on track"),
    ("done", "Done"),
]


class SafeguardingAction(models.Model):
    """An action the board agreed on a finding, monitored until done and its impact known.

    Its owner may be anyone in the agencies with a login: the owner sees and updates their
    own actions and nothing else of the review (security/safeguarding_review_rules.xml).
    """

    _name = "safeguarding.action"
    _description = "Action on a Finding"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread", "safeguarding.todo.mixin"]
    _order = "due_date, id"
    _fixed_fields = frozenset({"review_id", "finding_id"})
    # What an owner who is not on the review's team may change on their action: its
    # progress (the chatter), status and evidence.
    _owner_fields = frozenset({"status", "evidence"})

    finding_id = fields.Many2one(
        "safeguarding.finding",
        string="Finding",
        index=True,
        ondelete="restrict",
        domain="[('review_id', '=', review_id)]",
        help="Required, unless the action is early learning: then linked once a finding follows.",
    )
    # review_id and early learning: safeguarding_action_early.py
    name = fields.Text(string="What will be done", required=True, tracking=True)
    agency_id = fields.Many2one(
        "res.partner",
        string="Owning agency",
        domain=AGENCY_DOMAIN,
        index="btree_not_null",
        tracking=True,
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    due_date = fields.Date(string="Due date", required=True, index=True, tracking=True)
    status = fields.Selection(
        ACTION_STATUSES,
        default="planned",
        required=True,
        index=True,
        tracking=True,
        group_expand="_expand_statuses",
    )
    dropped_reason = fields.Text(string="Why dropped", tracking=True)
    done_date = fields.Date(string="Done on", compute="_compute_done_date", store=True, copy=False)
    evidence = fields.Html(string="Evidence of completion")
    intended_outcome = fields.Text(string="Intended outcome")
    impact_measure = fields.Text(string="How the impact will be measured")
    # What the shared learning counts actions by (safeguarding_learning_exchange.py).
    theme_id = fields.Many2one(
        "safeguarding.learning.term", string="Theme", domain=[("kind", "=", "theme")]
    )
    observed_impact = fields.Text(string="Impact observed", tracking=True)
    last_update = fields.Date(
        string="Last progress update",
        compute="_compute_last_update",
        store=True,
        copy=False,
        help="The last time the owner or the team posted progress or changed the status.",
    )
    rag = fields.Selection(RAG, string="RAG", compute="_compute_rag", search="_search_rag")
    # The calendar colours each action by its RAG (Odoo's colour indexes: red, orange, green).
    rag_color = fields.Integer(compute="_compute_rag", string="RAG colour")
    finding_statement = fields.Text(related="finding_id.name", string="Finding statement")
    # An owner outside the team may not read the review or the finding; the action says
    # which review and finding it answers through these, computed for them.
    review_reference = fields.Char(related="review_id.name", string="Review reference")
    finding_number = fields.Integer(related="finding_id.number", string="Finding number")
    is_owner_only = fields.Boolean(
        compute="_compute_is_owner_only",
        help="The user reaches this action as its owner only (not on the review's team): "
        "the form lets them change the status and the evidence.",
    )

    def init(self):
        # The action board opens on the open actions in due-date order (its default filter).
        # Years of settled actions come first in that order: without this partial index
        # PostgreSQL walks past all of them to fill the first page (80 ms at 150,000).
        create_index(
            self.env.cr,
            "safeguarding_action_open_due_index",
            self._table,
            ["due_date", "id"],
            where="status IN ('planned', 'in_progress', 'submitted')",
        )

    @api.depends("status")
    def _compute_done_date(self):
        for action in self:
            if action.status != "done":
                action.done_date = False
            elif not action.done_date:
                action.done_date = fields.Date.context_today(action)

    @api.depends("status")
    def _compute_last_update(self):
        # A change of status is an update; so is a post in the chatter (_message_post_after_hook).
        for action in self:
            action.last_update = fields.Date.context_today(action)

    def _owner_only(self):
        """The actions of ``self`` the user reaches as their owner only."""
        if self.env.user.has_group(MANAGER_GROUP):
            return self.browse()
        # sudo: the owner may not read the review; only its member set is read, to tell
        # whether the user is here as a member of the team or only as the owner.
        return self.sudo().filtered(lambda a: self.env.user not in a.review_id.member_ids)

    @api.depends_context("uid")
    def _compute_is_owner_only(self):
        outside = set(self._owner_only().ids)
        for action in self:
            action.is_owner_only = action.id in outside

    def _fields_the_user_may_not_write(self, names):
        refused = super()._fields_the_user_may_not_write(names)
        if refused or not self._owner_only():
            return refused
        return names - self._owner_fields - chatter_fields(self.env)

    def _why_not_writable(self, names):
        if names & self._manager_fields:
            return super()._why_not_writable(names)
        return _(
            "As the action's owner you update its progress (in the chatter), its status and "
            "its evidence; the review team changes the rest."
        )

    def _expand_statuses(self, states, domain):
        # The action board shows every status as a column, in the order of the work.
        return [key for key, _label in ACTION_STATUSES]

    @api.depends(
        "status",
        "due_date",
        "last_update",
        "company_id.safeguarding_action_amber_days",
        "company_id.safeguarding_action_stale_days",
    )
    @api.depends_context("tz")
    def _compute_rag(self):
        # One rule, _rag_domains: the badge, the filter and the board's grouping all read it.
        self.rag = False  # an action being added has no due date yet: no colour
        by_company = self.grouped(lambda a: a.company_id or self.env.company)
        for company, actions in by_company.items():
            for colour, domain in self._rag_domains(company).items():
                actions.filtered_domain(domain).rag = colour
        for action in self:
            action.rag_color = RAG_COLORS.get(action.rag, 0)

    def _rag_domains(self, company):
        """The RAG rule, a domain per colour, with ``company``'s thresholds: an open action
        is red when overdue, amber when due soon or without an update for too long, green
        otherwise; a done or dropped one is done. Without a due date it matches none."""
        today = fields.Date.context_today(self)
        due_soon = today + relativedelta(days=company.safeguarding_action_amber_days)
        stale = today - relativedelta(days=company.safeguarding_action_stale_days)
        open_ = [("status", "in", OPEN_STATUSES)]
        return {
            "done": [("status", "in", ("done", "dropped"))],
            "red": [*open_, ("due_date", "<", today)],
            "amber": [
                *open_,
                ("due_date", ">=", today),
                "|",
                ("due_date", "<=", due_soon),
                ("last_update", "<=", stale),
            ],
            "green": [
                *open_,
                ("due_date", ">", due_soon),
                "|",
                ("last_update", ">", stale),
                ("last_update", "=", False),
            ],
        }

    def _search_rag(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(_("RAG: search for one or more colours."))
        colours = [value] if operator == "=" else list(value)
        unknown = set(colours) - {"done", "red", "amber", "green"}
        if unknown:
            raise UserError(_("RAG: unknown colour %(colour)s.", colour=", ".join(unknown)))
        branches = []
        for company in self._rag_companies():
            domains = self._rag_domains(company)
            branches.append(
                expression.AND(
                    [
                        [("company_id", "=", company.id)],
                        expression.OR([domains[c] for c in colours]),
                    ]
                )
            )
        return expression.OR(branches)

    def _rag_companies(self):
        # Each company sets its own thresholds: the filter takes one branch per company,
        # every company (the record rules keep a user to their own). Not only
        # the companies of the environment: the daily job runs as a system user of one
        # company, and must see every overdue action.
        return self.env["res.company"].sudo().search([])  # sudo: thresholds are all it reads

    def _read_group_orderby(self, order, groupby_terms, query):
        # Grouped by RAG, red comes first, as the board reads it, not in the alphabet's order.
        if "rag" not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = dict(groupby_terms)
        terms["rag"] = SQL("array_position(%s, %s)", [key for key, _l in RAG], terms["rag"])
        return super()._read_group_orderby(order, terms, query)

    def _read_group_groupby(self, groupby_spec, query):
        # RAG is computed (it moves with today), yet the board's progress bars, the pivot and
        # the group-by menu group by it: the rule of _rag_domains in SQL, with each action's
        # company thresholds joined in, so that the thresholds cost no query of their own.
        # One grouped query on the action table (Odoo's activity-state bar aggregated every
        # to-do); test_rag_at_each_boundary checks the groups against the badges.
        if groupby_spec != "rag":
            return super()._read_group_groupby(groupby_spec, query)
        self.check_field_access_rights("read", ["rag"])
        self.flush_model(["status", "due_date", "last_update", "company_id"])
        self.env["res.company"].flush_model(
            ["safeguarding_action_amber_days", "safeguarding_action_stale_days"]
        )
        # Every stored action has its review's company (the fallback in _compute_rag is for
        # an action still being added in a form).
        company = query.join(self._table, "company_id", "res_company", "id", "rag_company")

        def column(name):
            return SQL.identifier(self._table, name)

        return SQL(
            """CASE
                WHEN %(status)s IN ('done', 'dropped') THEN 'done'
                WHEN %(due)s IS NULL THEN NULL
                WHEN %(due)s < %(today)s THEN 'red'
                WHEN %(due)s <= %(today)s + %(amber)s
                    OR COALESCE(%(last)s, %(today)s) <= %(today)s - %(stale)s THEN 'amber'
                ELSE 'green'
            END""",
            status=column("status"),
            due=column("due_date"),
            last=column("last_update"),
            today=fields.Date.context_today(self),
            amber=SQL.identifier(company, "safeguarding_action_amber_days"),
            stale=SQL.identifier(company, "safeguarding_action_stale_days"),
        )

    @api.constrains("status", "dropped_reason")
    def _check_dropped_reason(self):
        for action in self:
            if action.status == "dropped" and not (action.dropped_reason or "").strip():
                raise ValidationError(
                    _(
                        "Why dropped: give the reason this action was dropped (%(action)s).",
                        action=action.name,
                    )
                )

    # Reminders --------------------------------------------------------------------
    @api.model
    def _check_owner(self, vals):
        # An owner is staff with a login: said naming the field, before Odoo refuses them as
        # a follower.
        owner_id = vals.get("owner_id")
        if not isinstance(owner_id, int) or isinstance(owner_id, bool) or not owner_id:
            return  # none, or of the wrong kind: the values' check names it
        # sudo: whether the user is staff, nothing else.
        owner = self.env["res.users"].sudo().browse(owner_id).exists()
        if not owner or owner.share:
            who = owner.name or owner_id
            raise ValidationError(_("Owner: %s is not staff with a login.", who))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_owner(vals)
        actions = super().create(vals_list)
        actions.filtered(lambda a: a.status in ("planned", "in_progress"))._notify_owner()
        return actions

    def write(self, vals):
        self._check_owner(vals)
        old_owners = {action.id: action.owner_id for action in self} if "owner_id" in vals else {}
        res = super().write(vals)
        if old_owners:
            moved = self.filtered(lambda a: a.owner_id != old_owners[a.id])
            # The former owners can no longer open the actions: take their to-dos back, in
            # one search and one unlink.
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", moved.ids),
                    ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
                    ("user_id", "in", [old_owners[a.id].id for a in moved]),
                ]
            ).filtered(lambda act: act.user_id == old_owners[act.res_id]).unlink()
            moved._notify_owner()
        if vals.get("status") in ("submitted", "done", "dropped"):
            # Settled (on the owner's side): the assignment to-do and any overdue reminder
            # have done their job.
            self.activity_feedback(
                [
                    "mail.mail_activity_data_todo",
                    "safeguarding_review.mail_activity_type_action_overdue",
                ],
                feedback=_("Action %(status)s.", status=vals["status"]),
            )
        return res

    def _notify_owner(self):
        # One create for all the to-dos (a loop of activity_schedule costs queries per action).
        if not self:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        summary = self.env._("Safeguarding review action assigned to you")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": action.id,
                    "activity_type_id": todo.id,
                    "date_deadline": action.due_date,
                    "user_id": action.owner_id.id,
                    "summary": summary,
                    "automated": True,  # as activity_schedule does: activity_feedback finds it
                    "note": action.name,
                }
                for action in self
            ]
        )

    def _message_post_after_hook(self, message, msg_vals):
        # A progress update in the chatter counts as an update for the RAG status.
        if msg_vals.get("message_type") == "comment":
            self.sudo().last_update = fields.Date.context_today(self)  # sudo: the poster
            # may post but not always write (a follower); only this date is written.
        return super()._message_post_after_hook(message, msg_vals)

    @api.model
    def _overdue_activity_type(self):
        return self.env.ref("safeguarding_review.mail_activity_type_action_overdue")

    @api.model
    def _cron_remind_overdue_actions(self):
        """Daily: each overdue action's owner has exactly one open reminder; running it
        twice creates nothing new."""
        # Not those awaiting acceptance: the owner has done their part.
        self.search([("rag", "=", "red"), ("status", "!=", "submitted")])._remind_once(
            self._overdue_activity_type(),
            "owner_id",
            lambda a: _("Overdue safeguarding action"),
            lambda a: _(
                "Due on %(due)s: post an update, or mark it done with the evidence.",
                due=a.due_date,
            ),
        )

    def action_start(self):
        self.write({"status": "in_progress"})
