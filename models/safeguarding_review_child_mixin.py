from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .safeguarding_confidential_tools import chatter_fields
from .safeguarding_printed import PRINTED_FIELDS


class SafeguardingReviewChildMixin(models.AbstractModel):
    """What every record that belongs to a review shares.

    A stored, indexed, required ``review_id`` and the review's company: one record rule
    shape serves every model (through ``review_id``), counts on the review are one
    grouped read by ``review_id``, and multi-company rules need no join.
    """

    _name = "safeguarding.review.child.mixin"
    _description = "Part of a safeguarding review"
    _inherit = ["safeguarding.confidential.mixin"]
    _check_company_auto = True
    # A record stays in the review it was created in (a move would carry it where the
    # record rules never looked, into a review its writer may not be on).
    _fixed_fields = frozenset({"review_id"})

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

    # A closed review is read-only with everything in it, until a manager reopens it
    # (safeguarding_review_closing.py). Checked after the write, when the review is known
    # (an action's comes from its finding): raising rolls the write back.
    def _check_after_write(self, names, creating=False):
        result = super()._check_after_write(names, creating=creating)
        if not self.env.su and set(names) - chatter_fields(self.env):
            self._check_review_open()
        printed = PRINTED_FIELDS.get(self._name)
        if printed and (creating or printed & set(names)):
            self.review_id._withdraw_publication_approval()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_review_closed(self):
        if not self.env.su:
            self._check_review_open()
        if self._name in PRINTED_FIELDS:
            self.review_id._withdraw_publication_approval()

    def _check_review_open(self):
        # sudo: an action's owner may not read the review; only whether it is closed is read.
        closed = self.sudo().review_id.filtered("stage_id.is_closed")
        if closed:
            raise UserError(
                _(
                    "%(reviews)s is closed, and read-only with everything in it: a manager "
                    "reopens it before anything changes.",
                    reviews=", ".join(closed.mapped("name")),
                )
            )

    @api.model
    def _counts_by_review(self, reviews, domain=None, by=None):
        """Numbers of records of ``reviews``, in one grouped query: {review id: count},
        or with ``by`` (a field name) {(review id, value): count}."""
        groupby = ["review_id", by] if by else ["review_id"]
        groups = self._read_group(
            [("review_id", "in", reviews.ids), *(domain or [])], groupby, ["__count"]
        )
        if by:
            return {(review.id, value): count for review, value, count in groups}
        return {review.id: count for review, count in groups}

    def _remind_once(self, activity_type, user_field, summary, note, deadline=None):
        """Give each record of ``self`` one open reminder of ``activity_type`` for the user
        in ``user_field`` (a field name, or a callable of the record): records that already
        have one get nothing, so a daily job can run twice. ``summary``, ``note`` and
        ``deadline`` (the to-do's date; the type's delay if none) are callables of the
        record."""
        reminded = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id"],
        )
        already = {res_id for (res_id,) in reminded}
        for record in self.filtered(lambda r: r.id not in already):
            user = user_field(record) if callable(user_field) else record[user_field]
            record.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=summary(record),
                note=note(record),
                **({"date_deadline": deadline(record)} if deadline else {}),
            )
