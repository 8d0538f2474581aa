from odoo import api, models
from odoo.osv import expression

from .safeguarding_confidential_tools import forbidden_by_document, team_only_messages


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Reading a record's internal notes needs what searching them needs
        (team_only_messages); posting on a record of a safeguarding review needs the right
        to write it.

        Odoo also lets a follower of a record, or a recipient of a message on it, post there
        with no more than read access: the board reads reviews at its stages and must not
        post on them (nor be told of a review by a message it could then answer)."""
        forbidden = super()._get_forbidden_access(operation)
        if self.env.su:
            return forbidden
        rest = self - forbidden
        if not rest:
            return forbidden
        if operation == "read":
            # A record's internal notes, opened by their ids (team_only_messages).
            hidden = team_only_messages(self.env)
            among = expression.AND([[("id", "in", rest.ids)], hidden])
            # sudo: the messages given, matched against what the user may not read.
            return forbidden + self.browse(self.sudo()._search(among))
        if operation != "create":
            return forbidden
        return forbidden + forbidden_by_document(rest, "model", "write")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_parents(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "parent_id" in vals:
            self._check_parents([{**vals, "model": m.model, "res_id": m.res_id} for m in self])
        return super().write(vals)

    @api.model
    def _check_parents(self, vals_list):
        """A message answers only a message its author may read: Discuss shows the message
        answered beside the answer, read as superuser (mail's _extras_to_store), so a reply
        in one's own channel to any message's id showed that message, an internal note on a
        review included."""
        if self.env.su:
            return
        ids = {
            v["parent_id"]
            for v in vals_list
            if v.get("parent_id") and isinstance(v["parent_id"], int)  # not False, not new
        }
        # sudo: where each parent is, to tell those of another thread (a message of the
        # same thread is its own: Odoo answers a thread's first message).
        where = {p.id: (p.model, p.res_id) for p in self.sudo().browse(ids).exists()}
        others = {
            v["parent_id"]
            for v in vals_list
            if v.get("parent_id") in where
            and where[v["parent_id"]] != (v.get("model"), v.get("res_id"))
        }
        if others:
            self.browse(others).check_access("read")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # A record's internal notes are its team's working record (team_only_messages).
        hidden = team_only_messages(self.env)
        if hidden:
            domain = expression.AND([domain, ["!", *hidden]])
        return super()._search(domain, offset=offset, limit=limit, order=order)
