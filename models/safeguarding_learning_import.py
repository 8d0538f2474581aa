from odoo import _, fields, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_tools import MANAGER_GROUP


class SafeguardingLearningImport(models.TransientModel):
    """Other boards' exchange files, read into the library: all or nothing, each bad file
    refused with its line and field."""

    _name = "safeguarding.learning.import"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Import of learning files"

    attachment_ids = fields.Many2many("ir.attachment", string="Files (JSON)")

    def action_import(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a manager of the board imports learning."))
        files = [(a.name, a.raw) for a in self.attachment_ids]
        created, duplicates = self.env["safeguarding.learning.exchange"]._import_files(files)
        # The uploads were only the way in: the library keeps what they said.
        self.attachment_ids.unlink()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Learning imported"),
                "message": _(
                    "%(created)s review(s) added to the library; %(duplicates)s already there.",
                    created=len(created),
                    duplicates=duplicates,
                ),
                "type": "success",
                "next": self.env["ir.actions.act_window"]._for_xml_id(
                    "safeguarding_review.safeguarding_learning_review_action"
                ),
            },
        }
