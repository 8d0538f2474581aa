from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

# The stored fields the record rules and the card's computes read (README, Performance):
# a page fetched without them is fetched again whole (every column of a wide row) the first
# time Odoo checks a rule in Python (the page's to-dos, the web_read after the search).
CARD_COMPANIONS = ("company_id", "active", "stage_id", "target_date", "closed_date")
# What the cards' to-do button shows of each to-do (mail's kanban_activity widget).
TODO_FIELDS = ["res_model", "res_id", "date_deadline", "summary", "activity_type_id", "user_id"]
STATES = ("overdue", "today", "planned")
# What names a user (their contact) and what their record rule reads (share, companies).
USER_FIELDS = ["name", "share", "company_id", "company_ids", "active"]


class SafeguardingReviewBoard(models.Model):
    """The reviews board's reads: a page of cards costs the same few queries at any size."""

    _inherit = "safeguarding.review"

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        names = list(field_names)
        if names:
            names += [name for name in CARD_COMPANIONS if name not in names]
        records = super().search_fetch(domain, names, offset=offset, limit=limit, order=order)
        if "activity_ids" in names:
            records._fetch_todos()
        return records

    def _fetch_todos(self):
        """The to-dos the user may see (their own read, under mail.activity's rules), with
        what the to-do button shows of them, in one query: the mixin's computes read them
        through their access checks (three queries). Returned as superuser."""
        # sudo: the to-dos just read as the user, read again for their values only, which
        # the button shows to the same user.
        todos = self.activity_ids.sudo()
        todos.fetch(TODO_FIELDS)  # nothing to read once a page or a compute has read them
        return todos

    def _read_format(self, fnames, load="_classic_read"):
        # The users and contacts a form or a page names (leads, team, decision maker,
        # agencies, referrer) in one batch each: read field by field, Odoo fetched each set
        # of users, their contacts and their companies (for the users' rule, checked in
        # Python) apart, three or four queries a set.
        # sudo, without the active test: the links as stored, read for their values only;
        # what the user may see of them is still checked on each read, as before.
        records = self.sudo().with_context(active_test=False)
        users = records.env["res.users"].union(
            *(records[n] for n in fnames if _to(self, n, "res.users"))
        )
        partners = records.env["res.partner"].union(
            users.partner_id, *(records[n] for n in fnames if _to(self, n, "res.partner"))
        )
        if users:
            users.fetch(USER_FIELDS)
        if partners:
            # Every column Odoo would fetch on its first miss, once for them all.
            partners.fetch(
                [
                    f.name
                    for f in partners._fields.values()
                    if f.prefetch is True and f.store and f.column_type
                ]
            )
        return super()._read_format(fnames, load=load)

    @api.depends(
        "activity_ids.activity_type_id.decoration_type", "activity_ids.activity_type_id.icon"
    )
    def _compute_activity_exception_type(self):
        # The first of the to-do button's values a form computes: its to-dos in one query,
        # as a page of cards has them from search_fetch.
        self._fetch_todos()
        return super()._compute_activity_exception_type()

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


def _to(records, name, comodel):
    # Stored links only: a computed one (the mixin's activity_user_id) read as superuser
    # would be computed from what the user may not see, and cached for them.
    field = records._fields[name]
    return field.relational and field.store and field.comodel_name == comodel
