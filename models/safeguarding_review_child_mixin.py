from odoo import api, fields, models


class SafeguardingReviewChildMixin(models.AbstractModel):
    """What every record that belongs to a review shares.

    A stored, indexed, required ``review_id`` and the review's company: one record rule
    shape serves every model (through ``review_id``), counts on the review are one
    grouped read by ``review_id``, and multi-company rules need no join.
    """

    _name = "safeguarding.review.child.mixin"
    _description = "Part of a safeguarding review"
    _check_company_auto = True

    review_id = fields.Many2one(
        "safeguarding.review",
        string="Review",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.context.get("default_review_id"),
    )
    company_id = fields.Many2one(
        "res.company",
        related="review_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.model
    def _counts_by_review(self, reviews, domain=None):
        """{review id: number of records} for ``reviews``, in one grouped query."""
        groups = self._read_group(
            [("review_id", "in", reviews.ids), *(domain or [])], ["review_id"], ["__count"]
        )
        return {review.id: count for review, count in groups}
