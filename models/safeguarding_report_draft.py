from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

FINDINGS_REPORT = "safeguarding_review.action_report_findings"


class SafeguardingReportDraft(models.Model):
    """One version of the draft report, sent for factual accuracy (quality marker 13).

    The draft is the findings report as it stood when made, kept as a PDF: what the case
    group and the agencies were sent is what they comment on, whatever changes after."""

    _name = "safeguarding.report.draft"
    _inherit = ["safeguarding.review.child.mixin"]
    _description = "Safeguarding report draft, sent for factual accuracy"
    _order = "review_id, version desc, id desc"
    # Numbered by the app, whatever a create says (see create).
    _create_only_fields = frozenset({"version"})

    version = fields.Integer(readonly=True, required=True, default=1)
    name = fields.Char(compute="_compute_name", store=True)
    made_on = fields.Date(
        string="Made on", required=True, default=fields.Date.context_today, readonly=True
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Draft report", readonly=True, ondelete="restrict"
    )
    sent_on = fields.Date(string="Sent on")
    recipient_ids = fields.Many2many(
        "safeguarding.participant",
        "safeguarding_report_draft_recipient_rel",
        "draft_id",
        "participant_id",
        string="Sent to",
        domain="[('review_id', '=', review_id)]",
        help="The case group and the family members the draft went to (for factual accuracy).",
    )
    agency_ids = fields.Many2many(
        "res.partner",
        "safeguarding_report_draft_agency_rel",
        "draft_id",
        "partner_id",
        string="Agencies sent to",
        domain="[('id', 'in', review_agency_ids)]",
    )
    review_agency_ids = fields.Many2many(related="review_id.agency_ids", string="Agencies")
    comment_ids = fields.One2many("safeguarding.report.comment", "draft_id", string="Comments")
    comment_count = fields.Integer(compute="_compute_comment_counts")
    open_comment_count = fields.Integer(string="Unanswered", compute="_compute_comment_counts")

    _sql_constraints = [
        (
            "version_unique",
            "unique(review_id, version)",
            "Version: each draft of a review has its own number.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # Each new draft of a review takes the next number: one read of the last numbers.
        review_ids = {vals.get("review_id") for vals in vals_list}
        groups = self.sudo()._read_group(  # sudo: numbers only, of the reviews written to
            [("review_id", "in", list(review_ids))], ["review_id"], ["version:max"]
        )
        last = {review.id: version for review, version in groups}
        for vals in vals_list:
            last[vals.get("review_id")] = last.get(vals.get("review_id"), 0) + 1
            vals["version"] = last[vals.get("review_id")]
        return super().create(vals_list)

    @api.depends("version", "made_on")
    def _compute_name(self):
        for draft in self:
            draft.name = _("Draft %(version)s", version=draft.version)

    @api.depends("comment_ids.state")
    def _compute_comment_counts(self):
        Comment = self.env["safeguarding.report.comment"]
        ids = [draft_id for draft_id in self._origin.ids if draft_id]
        groups = Comment._read_group([("draft_id", "in", ids)], ["draft_id", "state"], ["__count"])
        counts = {}
        for draft, state, count in groups:
            counts.setdefault(draft.id, {})[state] = count
        for draft in self:
            mine = counts.get(draft._origin.id, {})
            draft.comment_count = sum(mine.values())
            draft.open_comment_count = mine.get("open", 0)

    @api.model
    def _make(self, review):
        """A new version of the draft for ``review``: the findings report as it is now,
        kept as a PDF attached to the draft (read only by those who read the draft)."""
        review.check_access("write")
        last = self.search([("review_id", "=", review.id)], order="version desc", limit=1)
        draft = self.create(
            {
                "review_id": review.id,
                "recipient_ids": [Command.set(last.recipient_ids.ids)],
                "agency_ids": [Command.set((last.agency_ids or review.agency_ids).ids)],
            }
        )
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(FINDINGS_REPORT, review.ids)
        # sudo: the draft's own attachment, on a draft the user just created; its access
        # follows the draft's (res_model, res_id).
        Attachment = self.env["ir.attachment"].sudo()
        attachment = Attachment.create(
            {
                "name": f"{review.name} - {draft.name}.pdf",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": draft.id,
            }
        )
        # sudo: the attachment is the app's to link (read-only to users).
        draft.sudo().attachment_id = attachment
        return draft

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(_("Draft report: this draft has no PDF."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
