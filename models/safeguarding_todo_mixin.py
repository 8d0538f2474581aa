from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

# What the cards' to-do button shows of each to-do (mail's kanban_activity widget).
TODO_FIELDS = ["res_model", "res_id", "date_deadline", "summary", "activity_type_id", "user_id"]
STATES = ("overdue", "today", "planned")
# What the next-to-do fields are computed from.
TODO_DEPENDS = (
    "activity_ids.summary",
    "activity_ids.activity_type_id",
    "activity_ids.user_id",
    "activity_ids.date_deadline",
)


class SafeguardingTodoMixin(models.AbstractModel):
    """To-dos (mail's activities) on a review's records, shown from those the user may see.

    Odoo shows a record's to-dos to whoever may write the record, or holds them. The mail
    mixin's next-to-do fields were related fields, computed as superuser over every to-do,
    and its searches joined the to-dos without their rules (auto_join) or read them in SQL:
    a reader of the record who may not write it (a board member, a reviewer of another
    team) read and found the team's to-dos through them."""

    _name = "safeguarding.todo.mixin"
    _inherit = "mail.activity.mixin"
    _description = "To-dos of a review's record"

    activity_ids = fields.One2many(auto_join=False)
    activity_summary = fields.Char(related=False, compute="_compute_next_todo", readonly=True)
    activity_type_id = fields.Many2one(related=False, compute="_compute_next_todo", readonly=True)
    activity_type_icon = fields.Char(related=False, compute="_compute_next_todo")
    activity_user_id = fields.Many2one(compute="_compute_next_todo")
    activity_date_deadline = fields.Date(compute="_compute_next_todo")

    def _fetch_todos(self):
        """The to-dos the user may see, with what the to-do button shows of them, in one
        query: the mixin's computes read them through their access checks (three queries).
        Returned as superuser."""
        # sudo: the to-dos just read as the user, read again for their values only, which
        # the button shows to the same user.
        todos = self.activity_ids.sudo()
        todos.fetch(TODO_FIELDS)  # nothing to read once a page or a compute has read them
        return todos

    def _todos_by_record(self):
        # sudo: an empty start for the to-dos _fetch_todos returns (as superuser).
        by_record = defaultdict(lambda: self.env["mail.activity"].sudo())
        for todo in self._fetch_todos():
            by_record[todo.res_id] |= todo
        return by_record

    @api.depends(*TODO_DEPENDS)
    def _compute_next_todo(self):
        # The first to-do (by deadline), as the mixin's fields showed it.
        by_review = self._todos_by_record()
        for review in self:
            todo = by_review[review._origin.id or review.id][:1]
            review.activity_summary = todo.summary
            review.activity_type_id = todo.activity_type_id
            review.activity_type_icon = todo.icon
            review.activity_user_id = todo.user_id
            review.activity_date_deadline = todo.date_deadline

    @api.depends(
        "activity_ids.activity_type_id.decoration_type", "activity_ids.activity_type_id.icon"
    )
    def _compute_activity_exception_type(self):
        # The to-do button's alert: of a danger type if any, else of a warning type.
        by_review = self._todos_by_record()
        for review in self:
            types = by_review[review._origin.id or review.id].activity_type_id
            alert = (
                types.filtered(lambda t: t.decoration_type == "danger")[:1]
                or types.filtered(lambda t: t.decoration_type == "warning")[:1]
            )
            review.activity_exception_decoration = alert.decoration_type
            review.activity_exception_icon = alert.icon

    @api.depends("activity_ids.state")
    def _compute_activity_state(self):
        # The mixin reads each to-do through its access checks, then each assignee and their
        # contact for the time zone (a to-do is due on its assignee's day): five queries a
        # page. Here: the to-dos the user may see, and their assignees' time zones in one.
        todos = self._fetch_todos()
        zones = {}
        users = todos.user_id
        if users:
            zones = dict(
                self.env.execute_query(
                    SQL(
                        """SELECT u.id, p.tz FROM res_users u
                           JOIN res_partner p ON p.id = u.partner_id WHERE u.id IN %s""",
                        tuple(users.ids),
                    )
                )
            )
        on_day = self.env["mail.activity"]._compute_state_from_date
        states = defaultdict(set)
        for todo in todos:
            if todo.date_deadline:
                states[todo.res_id].add(on_day(todo.date_deadline, zones.get(todo.user_id.id)))
        for review in self:
            found = states.get(review._origin.id or review.id, ())
            review.activity_state = next((state for state in STATES if state in found), False)

    def _search_activity_state(self, operator, value):
        if self.env.su:
            return super()._search_activity_state(operator, value)
        # The mixin's search reads every to-do in SQL: here, by the to-dos the user may see
        # (a review is found by its state only by who may see its to-dos).
        values = set(value) if operator in ("in", "not in") else {value}
        if operator in ("!=", "not in"):
            values = {*STATES, False} - values
        seen = self.env["mail.activity"].search_fetch(
            [("res_model", "=", self._name)], ["res_id", "date_deadline", "user_id"]
        )
        found = defaultdict(set)
        for todo in seen:
            found[todo.res_id].add(todo.state)
        state_of = {
            res_id: next((state for state in STATES if state in states), False)
            for res_id, states in found.items()
        }
        if False in values:
            return [("id", "not in", [i for i, state in state_of.items() if state not in values])]
        return [("id", "in", [i for i, state in state_of.items() if state in values])]
