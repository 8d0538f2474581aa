from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .safeguarding_prefetch import fetch_links

REPORT_SHAPES = [
    ("full", "Findings report (Learning Together)"),
    ("rapid_time", "Systems findings report (SAR in Rapid Time, short)"),
]


class SafeguardingReviewMethod(models.Model):
    """A method of review and its path: the stages a review of this method goes through, in
    board order (a stage may serve several methods), with their gates and guidance.
    Configuration that names nobody: every user of the app reads it, managers change it."""

    _name = "safeguarding.review.method"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Method of Review"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the method is, and where it is from.")
    stage_ids = fields.Many2many(
        "safeguarding.review.stage",
        "safeguarding_review_method_stage_rel",
        "method_id",
        "stage_id",
        string="Stages",
        help="The stages a review of this method goes through, in the board's order.",
    )
    target_months = fields.Integer(
        string="Target (months)",
        help="Months from the decision to the report for a review of this method; empty: "
        "the board's own target (Settings).",
    )
    report_shape = fields.Selection(
        REPORT_SHAPES,
        required=True,
        default="full",
        help="The shape of the findings report this method publishes.",
    )
    record_check_template = fields.Text(
        string="Record check request",
        translate=True,
        help="What each agency is asked for when the team requests its records (Request "
        "records from every agency on the review).",
    )
    record_check_days = fields.Integer(
        string="Records due within (days)",
        default=15,
        help="Calendar days each agency has to answer the record check.",
    )
    # The reviews of the method, as their readers may see them (the board's columns).
    review_ids = fields.One2many("safeguarding.review", "method_id", string="Reviews")
    active = fields.Boolean(default=True)

    @api.constrains("target_months", "record_check_days")
    def _check_numbers(self):
        for method in self:
            if method.target_months < 0 or method.target_months > 60:
                raise ValidationError(_("Target (months): between 0 and 60 months."))
            if method.record_check_days < 1 or method.record_check_days > 365:
                raise ValidationError(_("Records due within (days): between 1 and 365 days."))

    @api.constrains("stage_ids", "active")
    def _check_stages(self):
        for method in self.filtered("active"):
            working = method.stage_ids.filtered(lambda s: not s.fold)
            if not working:
                raise ValidationError(
                    _(
                        "Stages: the method %(method)s needs at least one working (not folded) "
                        "stage.",
                        method=method.name,
                    )
                )
            if not method.stage_ids.filtered("is_closed"):
                raise ValidationError(
                    _(
                        "Stages: the method %(method)s needs a stage that ends the review.",
                        method=method.name,
                    )
                )

    def _path(self):
        """The method's active stages, in board order."""
        self.ensure_one()
        fetch_links(self, "stage_ids")  # with the stages, in one query
        return self.stage_ids.filtered("active").sorted(lambda s: (s.sequence, s.id))
