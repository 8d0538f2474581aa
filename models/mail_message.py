from odoo import models
from odoo.tools import SQL


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Posting on a record of a safeguarding review needs the right to write it.

        Odoo also lets a follower of a record, or a recipient of a message on it, post there
        with no more than read access: the board reads reviews at its stages and must not
        post on them (nor be told of a review by a message it could then answer)."""
        forbidden = super()._get_forbidden_access(operation)
        if operation != "create" or self.env.su:
            return forbidden
        rest = self - forbidden
        if not rest:
            return forbidden
        confidential = self.env.registry.descendants(
            ["safeguarding.confidential.mixin"], "_inherit"
        )
        # Read in SQL: the messages are being checked, reading them through the ORM would
        # check them again.
        rows = self.env.execute_query(
            SQL(
                "SELECT id, model, res_id FROM mail_message WHERE id = ANY(%s) AND model IN %s",
                rest.ids,
                tuple(confidential),
            )
        )
        by_document = {}
        for message_id, model, res_id in rows:
            if res_id:
                by_document.setdefault(model, {}).setdefault(res_id, []).append(message_id)
        for model, messages in by_document.items():
            documents = self.env[model].browse(messages)
            writable = set(documents._filtered_access("write").ids)
            for res_id, message_ids in messages.items():
                if res_id not in writable:
                    forbidden += self.browse(message_ids)
        return forbidden
