from odoo import models

from .safeguarding_confidential_tools import on_no_team


class SafeguardingReviewTodos(models.Model):
    """A review's to-dos, of which a reader on no team (a board member) sees only those
    assigned to them (mail.activity). The cache of activity_ids is shared with superuser
    reads: what such a reader is shown of them is filtered here again."""

    _inherit = "safeguarding.review"

    def _fetch_todos(self):
        todos = super()._fetch_todos()
        if on_no_team(self.env):
            uid = self.env.uid
            todos = todos.filtered(lambda todo: todo.user_id.id == uid)
        return todos

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if "activity_ids" in fnames and on_no_team(self.env):
            # Ids the cache holds from a superuser read are not shown (Odoo's web_read does
            # the same for an ordered read: "cache pollution").
            seen = set(self._fetch_todos().ids)
            for values in result:
                if "activity_ids" in values:
                    values["activity_ids"] = [i for i in values["activity_ids"] if i in seen]
        return result
