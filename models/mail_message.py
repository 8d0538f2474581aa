from odoo import api, models

from .safeguarding_confidential_tools import for_readers_on_no_team, forbidden_by_document


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
        return forbidden + forbidden_by_document(rest, "model", "write")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # A review's internal notes (its tracking, its to-dos' feedback, the team's notes) are
        # the team's working record: a reader who is on no team, a board member, reads the
        # review's messages that are not internal only.
        not_internal = ["|", ("subtype_id", "=", False), ("subtype_id.internal", "=", False)]
        domain = for_readers_on_no_team(
            self.env, domain, ["|", ("model", "!=", "safeguarding.review"), *not_internal]
        )
        return super()._search(domain, offset=offset, limit=limit, order=order)
