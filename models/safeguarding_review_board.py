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
            # The cards' to-do button: what it shows of a page's to-dos, in one query (the
            # mixin's computes would read them through their access checks: three).
            # sudo: the to-dos just read as the user (under mail.activity's rules), read
            # again for their values only, which the button shows to the same user.
            records.activity_ids.sudo().fetch(TODO_FIELDS)
        return records

    @api.depends(
        "activity_ids.activity_type_id.decoration_type", "activity_ids.activity_type_id.icon"
    )
    def _compute_activity_exception_type(self):
        # The first of the to-do button's values a form computes: its to-dos in one query,
        # as a page of cards has them from search_fetch.
        # sudo: the to-dos the user's own read returned, for their values only.
        self.activity_ids.sudo().fetch(TODO_FIELDS)
        return super()._compute_activity_exception_type()

    @api.depends("activity_ids.state")
    def _compute_activity_state(self):
        # The mixin reads each to-do through its access checks, then each assignee and their
        # contact for the time zone (a to-do is due on its assignee's day): five queries a
        # page. Here: the to-dos the user may see (their own read, under mail.activity's
        # rules), their values in one query, their assignees' time zones in another.
        # sudo (here and below): the to-dos just read as the user, read again for their
        # values only, which the button shows to the same user.
        todos = self.activity_ids.sudo()
        todos.fetch(TODO_FIELDS)  # nothing to read when search_fetch read them
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
