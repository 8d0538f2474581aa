from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from .safeguarding_action import OPEN_STATUSES
from .safeguarding_confidential_tools import MANAGER_GROUP

OPEN_ACTIONS = [("status", "in", OPEN_STATUSES)]
TARGET_DUE_DAYS = 30
MILESTONE_DUE_DAYS = 14


class SafeguardingDashboard(models.TransientModel):
    """One page of what needs doing, for whoever opens it: each number counts what the user
    may read (every count runs as them, through the record rules), and opens those records.

    A transient record per opening (the menu creates it): its numbers are computed when it
    is read, so they are never stale, and each comes from one count or one grouped read."""

    _name = "safeguarding.dashboard"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Safeguarding reviews: what needs doing"

    name = fields.Char(default=lambda self: _("What needs doing"))
    overdue_review_count = fields.Integer(compute="_compute_counts")
    target_due_count = fields.Integer(compute="_compute_counts")
    board_review_count = fields.Integer(compute="_compute_counts")
    late_request_count = fields.Integer(compute="_compute_counts")
    milestone_due_count = fields.Integer(compute="_compute_counts")
    milestone_overdue_count = fields.Integer(compute="_compute_counts")
    awaiting_response_count = fields.Integer(compute="_compute_counts")
    evidence_to_accept_count = fields.Integer(compute="_compute_counts")
    action_red_count = fields.Integer(compute="_compute_counts")
    action_amber_count = fields.Integer(compute="_compute_counts")
    action_green_count = fields.Integer(compute="_compute_counts")
    todo_overdue_count = fields.Integer(compute="_compute_counts")
    reads_team_records = fields.Boolean(compute="_compute_counts")

    # The records behind each number: (model, domain); run as the user.
    def _domains(self):
        user = self.env.user
        evidence = [("status", "=", "submitted")]
        if not user.has_group(MANAGER_GROUP):
            evidence.append(("finding_id.lead_id", "=", user.id))
        today = fields.Date.context_today(self)
        return {
            "overdue_review_count": ("safeguarding.review", [("is_overdue", "=", True)]),
            # The next milestone of a review in progress: its target date, within 30 days.
            "target_due_count": (
                "safeguarding.review",
                [
                    ("stage_id.target_reached", "=", False),
                    ("target_date", ">=", today),
                    ("target_date", "<=", today + relativedelta(days=TARGET_DUE_DAYS)),
                ],
            ),
            "board_review_count": (
                "safeguarding.review",
                [("stage_id.board_visible", "=", True), ("stage_id.is_closed", "=", False)],
            ),
            "late_request_count": ("safeguarding.agency.request", [("is_overdue", "=", True)]),
            # Statutory deadlines (the team's): due within two weeks, and past due.
            "milestone_due_count": (
                "safeguarding.review.milestone",
                [
                    ("done_on", "=", False),
                    ("due_date", ">=", today),
                    ("due_date", "<=", today + relativedelta(days=MILESTONE_DUE_DAYS)),
                ],
            ),
            "milestone_overdue_count": (
                "safeguarding.review.milestone",
                [("done_on", "=", False), ("due_date", "<", today)],
            ),
            "awaiting_response_count": (
                "safeguarding.finding",
                [("state", "=", "presented"), ("board_decision", "=", False)],
            ),
            "evidence_to_accept_count": ("safeguarding.action", evidence),
            "todo_overdue_count": (
                "mail.activity",
                [
                    ("user_id", "=", user.id),
                    ("res_model", "=like", "safeguarding.%"),
                    ("date_deadline", "<", today),
                ],
            ),
        }

    @api.depends_context("uid")
    def _compute_counts(self):
        counts = {}
        for name, (model, domain) in self._domains().items():
            Model = self.env[model]
            counts[name] = Model.search_count(domain) if Model.has_access("read") else 0
        # The three colours in one grouped read.
        by_rag = dict(
            self.env["safeguarding.action"]._read_group(OPEN_ACTIONS, ["rag"], ["__count"])
        )
        team = self.env["safeguarding.agency.request"].has_access("read")
        for dashboard in self:
            dashboard.update(counts)
            dashboard.action_red_count = by_rag.get("red", 0)
            dashboard.action_amber_count = by_rag.get("amber", 0)
            dashboard.action_green_count = by_rag.get("green", 0)
            dashboard.reads_team_records = team

    @api.model
    def action_open_dashboard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("What needs doing"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "view_mode": "form",
            "target": "current",
        }

    def _open(self, name, title, view_mode="list,form", context=None):
        model, domain = self._domains()[name]
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": view_mode,
            "domain": domain,
            "context": context or {},
        }

    def action_open_overdue_reviews(self):
        return self._open("overdue_review_count", _("Overdue reviews"), "list,kanban,form")

    def action_open_target_due(self):
        return self._open("target_due_count", _("Targets due in 30 days"), "list,kanban,form")

    def action_open_board_reviews(self):
        return self._open("board_review_count", _("Reviews at the board"), "list,kanban,form")

    def action_open_late_requests(self):
        return self._open("late_request_count", _("Late records"))

    def action_open_milestones_due(self):
        return self._open("milestone_due_count", _("Deadlines in the next 14 days"))

    def action_open_milestones_overdue(self):
        return self._open("milestone_overdue_count", _("Deadlines missed"))

    def action_open_awaiting_response(self):
        return self._open("awaiting_response_count", _("Findings awaiting the board's response"))

    def action_open_evidence_to_accept(self):
        return self._open("evidence_to_accept_count", _("Evidence to accept"))

    def _open_actions(self, title, rag=None, view_mode="list,kanban,calendar,pivot,form"):
        domain = list(OPEN_ACTIONS)
        if rag:
            domain.append(("rag", "=", rag))
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "safeguarding.action",
            "view_mode": view_mode,
            "domain": domain,
            "context": {},
        }

    def action_open_red(self):
        return self._open_actions(_("Overdue actions"), "red")

    def action_open_amber(self):
        return self._open_actions(_("Actions due soon or without an update"), "amber")

    def action_open_green(self):
        return self._open_actions(_("Actions on track"), "green")

    def action_open_by_agency(self):
        action = self._open_actions(_("Open actions by agency"), view_mode="pivot,list,form")
        action["context"] = {"pivot_row_groupby": ["agency_id"], "pivot_column_groupby": ["rag"]}
        return action

    def action_open_my_todos(self):
        return self._open("todo_overdue_count", _("My overdue to-dos"))
