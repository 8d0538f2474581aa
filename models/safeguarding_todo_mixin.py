from collections import defaultdict
from datetime import UTC, datetime

from odoo import api, fields, models
from odoo.tools import SQL, unique

from .safeguarding_confidential_tools import writable_query
from .safeguarding_plain_values import put_computed
from .safeguarding_prefetch import join_many2one, unread

# What the cards' to-do button shows of each to-do (mail's kanban_activity widget).
TODO_FIELDS = [
    "res_model",
    "res_id",
    "date_deadline",
    "summary",
    "activity_type_id",
    "user_id",
    "user_tz",
]
STATES = ("overdue", "today", "planned")
# What the button and the state read of each to-do, in this order (_todos_by_record).
TODO_ROW = (
    "active",
    "res_id",
    "summary",
    "activity_type_id",
    "user_id",
    "date_deadline",
    "user_tz",
)
# What the to-do button's fields are computed from.
TODO_DEPENDS = (
    "activity_ids.activity_type_id.decoration_type",
    "activity_ids.activity_type_id.icon",
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
    activity_summary = fields.Char(related=False, compute="_compute_todo_button", readonly=True)
    activity_type_id = fields.Many2one(related=False, compute="_compute_todo_button", readonly=True)
    activity_type_icon = fields.Char(related=False, compute="_compute_todo_button")
    activity_user_id = fields.Many2one(compute="_compute_todo_button")
    activity_date_deadline = fields.Date(compute="_compute_todo_button")
    activity_exception_decoration = fields.Selection(compute="_compute_todo_button")
    activity_exception_icon = fields.Char(compute="_compute_todo_button")
    # With the button: a page of actions shows the state alone, a page of reviews both.
    activity_state = fields.Selection(compute="_compute_todo_button")

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # A page's to-dos are read after it, with what the to-do button shows of them.
        names = list(field_names)
        if "activity_ids" not in names:
            return super().search_fetch(domain, names, offset=offset, limit=limit, order=order)
        names.remove("activity_ids")
        records = super().search_fetch(domain, names, offset=offset, limit=limit, order=order)
        records.check_field_access_rights("read", ["activity_ids"])
        records._fetch_todos()
        return records

    def _fetch_todos(self):
        """The to-dos of ``self`` the user may see, with what the to-do button and the
        computes read of them. Returned as superuser."""
        self._load_todos()
        # sudo: the to-dos just read as the user, for their values only, which the button
        # shows to the same user.
        todos = self.activity_ids.sudo()
        todos.fetch(TODO_FIELDS)  # nothing to read once _load_todos has read them
        return todos

    def _load_todos(self):
        """activity_ids of ``self`` as Odoo reads it for the user, with the values the to-do
        button reads, in one query. Odoo's read takes six: its search, its check of each
        to-do's record, their active flag, then their values, their types and assignees."""
        field = self._fields["activity_ids"]
        records = unread(self, field)
        if not records:
            return
        # As Odoo reads a one2many: archived (done) to-dos too, left out when read.
        Todo = self.env["mail.activity"].with_context(active_test=False, **field.context)
        domain = [*field.get_domain_list(records), ("res_id", "in", records.ids)]
        query = Todo._where_calc(Todo._safeguarding_domain(domain))
        Todo.env["ir.rule"]._apply_compiled(Todo, query, "read")
        if not self.env.is_superuser():
            # Odoo's rule for to-dos (mail.activity._search): those assigned to the user, and
            # those on a record they may post on (write, by default): its rules as SQL, in
            # the same query (checked in Python, they cost a page of cards a millisecond).
            writable = writable_query(records, getattr(records, "_mail_post_access", "write"))
            allowed = SQL("FALSE")
            if writable is not None:
                writable.add_where(
                    SQL("%s IN %s", SQL.identifier(records._table, "id"), tuple(records.ids))
                )
                allowed = SQL(
                    "%s IN %s", SQL.identifier(Todo._table, "res_id"), writable.subselect()
                )
            query.add_where(
                SQL(
                    "(%s = %s OR %s)",
                    SQL.identifier(Todo._table, "user_id"),
                    self.env.uid,
                    allowed,
                )
            )
        query.order = Todo._order_to_sql(Todo._order, query)
        Kind, kind = join_many2one(query, Todo, "activity_type_id")
        own = [*TODO_FIELDS, "active"]
        kinds = ["name", "icon", "decoration_type"]
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(Todo._table, "id"),
                *(Todo._field_to_sql(Todo._table, name, query) for name in own),
                *(Kind._field_to_sql(kind, name, query) for name in kinds),
            )
        )
        res_id_at, type_at = 1 + own.index("res_id"), 1 + own.index("activity_type_id")
        by_record = defaultdict(list)
        for row in rows:
            by_record[row[res_id_at]].append(row[0])
        cache = self.env.cache
        cache.insert_missing(records, field, [tuple(by_record[i]) for i in records._ids])
        todos = Todo.browse([row[0] for row in rows])
        for index, name in enumerate(own, start=1):
            cache.insert_missing(todos, Todo._fields[name], [row[index] for row in rows])
        # Each type once, its values after the to-do's.
        kinds_of = {row[type_at]: row[1 + len(own) :] for row in rows if row[type_at]}
        types = Kind.browse(list(kinds_of))
        for index, name in enumerate(kinds):
            values = [kinds_of[i][index] for i in types._ids]
            cache.insert_missing(types, Kind._fields[name], values)

    def _todos_by_record(self):
        """{record id: [to-do, ...]} of the open to-dos the user may see, in their order,
        each a tuple of TODO_ROW's values (the type's as its "icon" and "decoration_type")
        read from the cache for the set at once: a page's few dozen to-dos read through
        their descriptors, value by value, took a page of cards a millisecond."""
        todos = self._fetch_todos()
        cache = self.env.cache
        columns = [cache.get_until_miss(todos, todos._fields[name]) for name in TODO_ROW]
        if any(len(column) < len(todos) for column in columns):  # not all read: Odoo's way
            columns = [[todo[name] for todo in todos] for name in TODO_ROW]
            columns = [
                [value.id if isinstance(value, models.BaseModel) else value for value in column]
                for column in columns
            ]
        Kind = self.env["mail.activity.type"].sudo()  # sudo: as the to-dos (_fetch_todos)
        kinds = Kind.browse(unique(i for i in columns[TODO_ROW.index("activity_type_id")] if i))
        looks = {}
        for kind in kinds:
            looks[kind.id] = (kind.icon, kind.decoration_type)
        by_record = defaultdict(list)
        for active, res_id, *row in zip(*columns, strict=True):
            if active:  # done (archived) ones are read without the active test
                by_record[res_id].append((*row, *looks.get(row[1], (False, False))))
        return by_record

    @api.depends(*TODO_DEPENDS, "activity_ids.state")
    @api.depends_context("uid")  # of the to-dos its reader may see
    def _compute_todo_button(self):
        """The mixin's next-to-do fields, the to-do button's alert and the to-dos' state, in
        one pass over the to-dos the user may see (the mixin's computes read them thrice):
        the next to-do is the first by deadline; the alert, of a danger type if any, else
        of a warning type; the state, the most urgent of theirs, each due on its assignee's
        day (the time zone kept on the to-do)."""
        on_day = self.env["mail.activity"]._compute_state_from_date
        by_record = self._todos_by_record()
        values = defaultdict(list)  # {field: its value for each record, in order}
        for record_id in self._ids:
            todos = by_record.get(getattr(record_id, "origin", None) or record_id, ())
            summary, kind, user, deadline, _tz, icon, _look = todos[0] if todos else (False,) * 7
            alert = next((t for t in todos if t[6] == "danger"), None) or next(
                (t for t in todos if t[6] == "warning"), None
            )
            found = {on_day(due, tz) for _s, _k, _u, due, tz, *_l in todos if due}
            for name, value in (
                ("activity_summary", summary),
                ("activity_type_id", kind),
                ("activity_type_icon", icon),
                ("activity_user_id", user),
                ("activity_date_deadline", deadline),
                ("activity_exception_decoration", alert and alert[6]),
                ("activity_exception_icon", alert and alert[5]),
                ("activity_state", next((state for state in STATES if state in found), False)),
            ):
                values[name].append(value or False)
        put_computed(self, values)

    def _todo_states(self):
        """SQL of (res_id, activity_state) for this model's records, from the to-dos the user
        may see (Odoo's rule for to-dos: assigned to them, or on a record they may post on;
        and the addon's narrowing), in one query with what it joins: the mixin's group-by
        and search read every to-do. Each is due on its assignee's day (the time zone kept
        on the to-do), as _compute_state_from_date has it."""
        Todo = self.env["mail.activity"]
        query = Todo._where_calc(Todo._safeguarding_domain([("res_model", "=", self._name)]))
        Todo.env["ir.rule"]._apply_compiled(Todo, query, "read")
        if not self.env.is_superuser():
            writable = writable_query(self, getattr(self, "_mail_post_access", "write"))
            allowed = SQL("FALSE")
            if writable is not None:
                allowed = SQL(
                    "%s IN %s", SQL.identifier(Todo._table, "res_id"), writable.subselect()
                )
            query.add_where(
                SQL(
                    "(%s = %s OR %s)", SQL.identifier(Todo._table, "user_id"), self.env.uid, allowed
                )
            )
        return SQL(
            """SELECT res_id, CASE WHEN MIN(days) < 0 THEN 'overdue'
                                   WHEN MIN(days) = 0 THEN 'today' ELSE 'planned' END
                             AS activity_state
                 FROM (SELECT res_id, date_deadline - (%s AT TIME ZONE
                                  COALESCE(user_tz, 'UTC'))::date AS days
                         FROM mail_activity WHERE id IN %s) AS todo
                GROUP BY res_id""",
            datetime.now(UTC),
            query.subselect(),
        )

    def _read_group_groupby(self, groupby_spec, query):
        if groupby_spec != "activity_state" or self.env.su:
            return super()._read_group_groupby(groupby_spec, query)
        self.check_field_access_rights("read", ["activity_state"])
        states = SQL("(%s)", self._todo_states())
        alias = query.left_join(self._table, "id", states, "res_id", "safeguarding_todo_state")
        return SQL.identifier(alias, "activity_state")

    def _search_activity_state(self, operator, value):
        if self.env.su:
            return super()._search_activity_state(operator, value)
        values = set(value) if operator in ("in", "not in") else {value}
        if operator in ("!=", "not in"):
            values = {*STATES, False} - values
        # A record with no to-do it may see has no state: found by what it is not.
        negate = False in values
        states = tuple(state for state in STATES if (state in values) != negate) or ("",)
        found = SQL(
            "(SELECT res_id FROM (%s) AS state WHERE activity_state IN %s)",
            self._todo_states(),
            states,
        )
        return [("id", "not in" if negate else "in", found)]
