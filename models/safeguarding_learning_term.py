from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TERM_KINDS = [
    ("age_band", "Age band"),
    ("gender", "Gender"),
    ("ethnicity", "Ethnicity"),
    ("living_situation", "Living situation"),
    ("abuse_type", "Type of abuse or neglect"),
    ("agency_type", "Type of agency"),
    ("theme", "Theme of an action"),
]


class SafeguardingLearningTerm(models.Model):
    """The lists a review's shared learning is coded in (the bands and types national
    analyses of reviews use): data a board extends with its own terms. Each term's code is
    what the exchange format carries, so two boards' files line up."""

    _name = "safeguarding.learning.term"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Term of the learning exchange"
    _order = "kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Lower case letters, digits, dots, dashes and underscores."
    )
    kind = fields.Selection(TERM_KINDS, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_kind_uniq", "unique (kind, code)", "Another term of this list has this code."),
    ]

    @api.constrains("code")
    def _check_code(self):
        allowed = set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        for term in self:
            if not term.code or len(term.code) > 64 or set(term.code) - allowed:
                raise ValidationError(
                    _(
                        "Code: %(code)s must be 1 to 64 lower case letters, digits, dots, "
                        "dashes or underscores.",
                        code=term.code,
                    )
                )
