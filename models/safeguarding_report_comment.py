from odoo import api, fields, models

from .res_partner import AGENCY_DOMAIN


class SafeguardingReportComment(models.Model):
    """A comment received on a draft report, and the team's answer to it.

    Every comment is answered before the report is approved for publication: the factual
    accuracy round is done when nothing is left open."""

    _name = "safeguarding.report.comment"
    _inherit = ["safeguarding.review.child.mixin"]
    _description = "Safeguarding comment on a draft report"
    _order = "received_on, id"
    _fixed_fields = frozenset({"review_id", "draft_id"})

    draft_id = fields.Many2one(
        "safeguarding.report.draft",
        string="Draft",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('review_id', '=', review_id)]",
    )
    review_id = fields.Many2one(
        related="draft_id.review_id", store=True, precompute=True, readonly=True, default=None
    )
    participant_id = fields.Many2one(
        "safeguarding.participant",
        string="From",
        domain="[('review_id', '=', review_id)]",
        help="Who sent the comment: they are named in the report only as published.",
    )
    agency_id = fields.Many2one("res.partner", string="Agency", domain=AGENCY_DOMAIN)
    received_on = fields.Date(
        string="Received on", required=True, default=fields.Date.context_today
    )
    comment = fields.Text(required=True)
    response = fields.Text(string="Answer", help="What the team changed, or why not.")
    answered_on = fields.Date(string="Answered on")
    state = fields.Selection(
        [("open", "To answer"), ("answered", "Answered")],
        compute="_compute_state",
        store=True,
    )

    @api.depends("response")
    def _compute_state(self):
        for comment in self:
            comment.state = "answered" if comment.response else "open"

    @api.onchange("participant_id")
    def _onchange_participant_id(self):
        if self.participant_id.agency_id and not self.agency_id:
            self.agency_id = self.participant_id.agency_id

    @api.onchange("response")
    def _onchange_response(self):
        if self.response and not self.answered_on:
            self.answered_on = fields.Date.context_today(self)
