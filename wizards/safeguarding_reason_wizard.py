from odoo import _, api, fields, models
from odoo.exceptions import UserError

# What a reason is asked for, and the method of the record that acts on it. The method
# checks who may do it: this wizard only carries the reason (whatever res_id it is given).
PURPOSES = {
    "reopen": ("safeguarding.review", "_reopen"),
    "refuse_evidence": ("safeguarding.action", "_refuse_evidence"),
}


class SafeguardingReasonWizard(models.TransientModel):
    """Asks for the reason of a step that must give one: reopening a closed review, refusing
    the evidence of an action."""

    _name = "safeguarding.reason.wizard"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Reason for a safeguarding review step"

    purpose = fields.Selection(
        [("reopen", "Reopen a closed review"), ("refuse_evidence", "Refuse the evidence")],
        required=True,
    )
    res_id = fields.Integer(required=True)
    reason = fields.Text(required=True)

    @api.model
    def _action_ask(self, purpose, record, title):
        """The dialog that asks for the reason of ``purpose`` on ``record``."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_purpose": purpose, "default_res_id": record.id},
        }

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Reason: say why."))
        model, method = PURPOSES[self.purpose]
        record = self.env[model].browse(self.res_id).exists()
        if not record:
            raise UserError(_("The record is no longer there."))
        getattr(record, method)(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
