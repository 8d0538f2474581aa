from odoo import api, fields, models


class SafeguardingNumberedMixin(models.AbstractModel):
    """Records numbered 1, 2, 3... within their review (key practice episodes, findings)."""

    _name = "safeguarding.numbered.mixin"
    _description = "Numbered within a review"

    number = fields.Integer(readonly=True, copy=False, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        missing = [vals for vals in vals_list if not vals.get("number")]
        if missing:
            review_ids = {vals.get("review_id") for vals in missing}
            # One grouped read for the highest number of every review concerned.
            highest = dict(
                self._read_group(
                    [("review_id", "in", list(review_ids))], ["review_id"], ["number:max"]
                )
            )
            following = {review.id: top or 0 for review, top in highest.items()}
            for vals in missing:
                review_id = vals.get("review_id")
                following[review_id] = following.get(review_id, 0) + 1
                vals["number"] = following[review_id]
        return super().create(vals_list)
