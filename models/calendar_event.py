from odoo import _, api, models
from odoo.exceptions import AccessError

CONVERSATION = "safeguarding.conversation"


class CalendarEvent(models.Model):
    """The calendar event of a safeguarding conversation mirrors it: the app writes it (as
    superuser) from the conversation, with the reviewers present only, a neutral name and no
    place (models/safeguarding_conversation.py). Nobody edits it in the calendar, where its
    organiser could add people or a place, or point it at another review's conversation; and
    nobody makes one by hand."""

    _inherit = "calendar.event"

    def _check_not_a_conversation_event(self):
        if self.env.su:
            return
        # sudo: which document each event mirrors, to refuse the change below.
        if any(event.res_model == CONVERSATION for event in self.sudo()):
            raise AccessError(
                _(
                    "This calendar event mirrors a conversation of a safeguarding review: "
                    "change the conversation (its time, the reviewers present), and the event "
                    "follows it."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._check_not_a_conversation_event()
        return events

    def write(self, vals):
        self._check_not_a_conversation_event()
        res = super().write(vals)
        self._check_not_a_conversation_event()
        return res

    def unlink(self):
        self._check_not_a_conversation_event()
        return super().unlink()
