from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import AGENCY_DOMAIN

SOURCE_KINDS = [
    ("case_record", "Case record"),
    ("assessment", "Assessment"),
    ("policy", "Policy or procedure"),
    ("chronology", "Chronology"),
    ("other", "Other"),
]


class SafeguardingSource(models.Model):
    """A record an agency sent the review (the documentation the team reads)."""

    _name = "safeguarding.source"
    _description = "Safeguarding Review Record"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread"]
    _order = "agency_id, period_start, id"

    name = fields.Char(string="Title", required=True, tracking=True)
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency",
        required=True,
        index=True,
        domain=AGENCY_DOMAIN,
    )
    request_id = fields.Many2one(
        "safeguarding.agency.request",
        string="Request",
        domain="[('review_id', '=', review_id), ('agency_id', '=', agency_id)]",
        index="btree_not_null",
    )
    kind = fields.Selection(SOURCE_KINDS, required=True, default="case_record")
    period_start = fields.Date(string="Period from")
    period_end = fields.Date(string="Period to")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "safeguarding_source_attachment_rel",
        "source_id",
        "attachment_id",
        string="Files",
    )
    is_read = fields.Boolean(string="Read by the team", tracking=True)
    notes = fields.Text()

    @api.constrains("period_start", "period_end")
    def _check_period(self):
        for source in self:
            if (
                source.period_start
                and source.period_end
                and source.period_end < source.period_start
            ):
                raise ValidationError(_("Period to: the period ends before it starts."))

    @api.constrains("request_id", "agency_id")
    def _check_request_of_agency(self):
        # That it belongs to the same review is checked for every link (the confidential mixin).
        for source in self:
            if source.request_id and source.request_id.agency_id != source.agency_id:
                raise ValidationError(_("Request: it was made to another agency."))
