from odoo import models


class IrBinary(models.AbstractModel):
    """A download (or preview) of a file attached to one of the addon's records, through
    /web/content or /web/image, goes in the access log: it takes the case out of the app."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        if record._name == "ir.attachment" and record.res_id and record.res_model:
            model = record.res_model
            if model in self.env and model.startswith("safeguarding."):
                # The route found the attachment as the user (its access checks passed).
                owner = self.env[model].browse(record.res_id).exists()
                if owner and (owner._name == "safeguarding.review" or "review_id" in owner._fields):
                    # The file by its id: its name may name someone, and the log outlives it.
                    self.env["safeguarding.access.log"]._log(
                        "download", owner, detail=f"ir.attachment {record.id}"
                    )
        return stream
