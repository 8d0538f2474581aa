from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .safeguarding_confidential_tools import confidential_models, team_only_messages


class IrAttachment(models.Model):
    """A file posted with a record's internal note is the team's, as the note is: Odoo lets
    whoever reads the record read every file attached to it (team_only_messages)."""

    _inherit = "ir.attachment"

    @api.model
    def _team_only_ids(self):
        """The files of the internal notes the user may not read, on the addon's records."""
        hidden = team_only_messages(self.env)
        if not hidden:
            return []
        # sudo: the notes the user may not read, found to hide their files from them.
        notes = self.env["mail.message"].sudo()._search(hidden)
        rows = self.env.execute_query(
            SQL(
                """SELECT rel.attachment_id FROM message_attachment_rel rel
                   JOIN ir_attachment a ON a.id = rel.attachment_id
                   WHERE a.res_model IN %s AND rel.message_id IN %s""",
                tuple(confidential_models(self.env, threads=True)),
                notes.subselect(),
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        hidden = self._team_only_ids()
        if hidden:
            # On the query, not the domain: a domain naming "id" would change which files
            # Odoo's search looks at (those of binary fields too).
            query.add_where(SQL("%s NOT IN %s", SQL.identifier(self._table, "id"), tuple(hidden)))
        return query

    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if self and not self.env.su:
            hidden = set(self._team_only_ids()) & set(self.ids)
            if hidden:
                raise AccessError(
                    self.env._(
                        "This file was posted with a review team's internal note: only the "
                        "team may open it."
                    )
                )
        return res
