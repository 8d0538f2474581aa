from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingAction(models.Model):
    """Early learning (quality markers 15, and the seed's "immediate" actions): an action
    agreed during the review, before its findings, created in the review itself, owned and
    monitored like any action, and linked to its finding once one follows."""

    _inherit = "safeguarding.action"

    review_id = fields.Many2one(
        compute="_compute_review_id", store=True, precompute=True, readonly=False, default=None
    )
    is_early = fields.Boolean(
        string="Early learning",
        tracking=True,
        help="Agreed during the review, before the findings: learning acted on at once.",
    )

    @api.depends("finding_id")
    def _compute_review_id(self):
        # An action on a finding is in the finding's review; early learning is created in
        # its review directly (default_review_id).
        for action in self:
            if action.finding_id and not action.review_id:
                action.review_id = action.finding_id.review_id

    @api.constrains("finding_id", "is_early", "review_id")
    def _check_finding(self):
        for action in self:
            if not action.finding_id and not action.is_early:
                raise ValidationError(
                    _("Finding: an action answers a finding, unless it is early learning.")
                )
            if action.finding_id and action.finding_id.review_id != action.review_id:
                raise ValidationError(_("Finding: it must be a finding of the action's review."))

    def _check_fixed_links(self, vals):
        # Early learning is linked to its finding once one follows: from none to a finding
        # of the same review (checked by _check_finding), never moved after.
        # The review stays checked: a link never carries the action into another review.
        if vals.get("finding_id") and not any(self.mapped("finding_id")):
            vals = {k: v for k, v in vals.items() if k != "finding_id"}
        return super()._check_fixed_links(vals)
