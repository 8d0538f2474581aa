from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from .safeguarding_confidential_tools import team_only_messages


class IrAttachment(models.Model):
    """A file posted with a record's internal note is the team's, as the note is: Odoo lets
    whoever reads the record read every file attached to it (team_only_messages)."""

    _inherit = "ir.attachment"

    @api.model
    def _team_only_files(self):
        """SQL of the ids of the files of the internal notes the user may not read (None:
        there is none they may not read)."""
        hidden = team_only_messages(self.env)
        if not hidden:
            return None
        # sudo: the notes the user may not read, found to hide their files from them.
        notes = self.env["mail.message"].sudo()._search(hidden)
        return SQL(
            "(SELECT attachment_id FROM message_attachment_rel WHERE message_id IN %s)",
            notes.subselect(),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        files = self._team_only_files()
        if files is not None:
            # In the domain, so that Odoo's search fills its page as before; with the
            # condition on binary fields it adds itself to a domain that names neither
            # "id" nor "res_field" (this one names "id").
            if not self.env.context.get("skip_res_field_check") and not any(
                leaf[0] in ("id", "res_field") for leaf in domain
            ):
                domain = [("res_field", "=", False), *domain]
            domain = expression.AND([domain, [("id", "not in", files)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        ids = tuple(i for i in self._ids if isinstance(i, int))
        files = self._team_only_files() if ids and not self.env.su else None
        if files is not None:
            found = self.env.execute_query(
                SQL("SELECT id FROM ir_attachment WHERE id IN %s AND id IN %s", ids, files)
            )
            if found:
                raise AccessError(
                    self.env._(
                        "This file was posted with a review team's internal note: only the "
                        "team may open it."
                    )
                )
        return res
