from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_partner import AGENCY_DOMAIN
from .safeguarding_factor_category import LEVELS

INFLUENCES = [
    ("supported", "Supported good practice"),
    ("hindered", "Made good practice harder"),
]


class SafeguardingFactor(models.Model):
    """A contributory factor behind a key practice episode, in the review's taxonomy."""

    _name = "safeguarding.factor"
    _description = "Contributory Factor"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "review_id, episode_id, id"
    _rec_name = "description"
    _fixed_fields = frozenset({"review_id", "episode_id"})

    episode_id = fields.Many2one(
        "safeguarding.episode",
        string="Key practice episode",
        required=True,
        index=True,
        ondelete="restrict",
    )
    review_id = fields.Many2one(
        related="episode_id.review_id", store=True, precompute=True, readonly=True, default=None
    )
    description = fields.Text(required=True)
    influence = fields.Selection(INFLUENCES, required=True, default="hindered")
    # Follows the category wherever the category has a level (_check_level_follows_category
    # refuses a contradiction, whatever the path: form, import, API).
    level = fields.Selection(
        LEVELS,
        required=True,
        compute="_compute_level",
        store=True,
        readonly=False,
        precompute=True,
    )
    category_level = fields.Selection(related="category_id.level", string="Category's level")
    category_id = fields.Many2one(
        "safeguarding.factor.category",
        string="Category",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('taxonomy_id', '=', taxonomy_id), ('parent_id', '!=', False)]",
    )
    taxonomy_id = fields.Many2one(related="review_id.taxonomy_id")
    agency_id = fields.Many2one(
        "res.partner", string="Agency", domain=AGENCY_DOMAIN, index="btree_not_null"
    )
    year = fields.Integer(
        compute="_compute_year",
        store=True,
        help="The year the review was referred: for analysis across reviews.",
    )
    conversation_ids = fields.Many2many(
        "safeguarding.conversation",
        "safeguarding_factor_conversation_rel",
        "factor_id",
        "conversation_id",
        string="Evidence: conversations",
        domain="[('review_id', '=', review_id)]",
    )
    source_ids = fields.Many2many(
        "safeguarding.source",
        "safeguarding_factor_source_rel",
        "factor_id",
        "source_id",
        string="Evidence: records",
        domain="[('review_id', '=', review_id)]",
    )
    narrative_entry_ids = fields.Many2many(
        "safeguarding.narrative.entry",
        "safeguarding_factor_narrative_rel",
        "factor_id",
        "entry_id",
        string="Evidence: narrative",
        domain="[('review_id', '=', review_id)]",
    )
    finding_ids = fields.Many2many(
        "safeguarding.finding",
        "safeguarding_finding_factor_rel",
        "factor_id",
        "finding_id",
        string="Findings drawing on it",
    )

    @api.depends("review_id.referral_date")
    def _compute_year(self):
        for factor in self:
            factor.year = (
                factor.review_id.referral_date.year if factor.review_id.referral_date else 0
            )

    @api.depends("category_id.level")
    def _compute_level(self):
        for factor in self:
            factor.level = factor.category_id.level or factor.level or "frontline"

    @api.constrains("category_id", "level")
    def _check_level_follows_category(self):
        for factor in self:
            category = factor.category_id
            if category.level and factor.level != category.level:
                raise ValidationError(
                    _(
                        "Level: a factor in %(category)s is at the %(level)s level; it cannot "
                        "be %(chosen)s.",
                        category=category.complete_name,
                        level=dict(LEVELS)[category.level],
                        chosen=dict(LEVELS)[factor.level],
                    )
                )

    @api.constrains("category_id", "review_id")
    def _check_category_in_taxonomy(self):
        for factor in self:
            taxonomy = factor.review_id.taxonomy_id
            if taxonomy and factor.category_id.taxonomy_id != taxonomy:
                raise ValidationError(
                    _(
                        "Category: %(category)s is not in %(taxonomy)s, the taxonomy this "
                        "review uses.",
                        category=factor.category_id.complete_name,
                        taxonomy=taxonomy.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_used(self):
        for factor in self.filtered("finding_ids"):
            raise UserError(
                _(
                    "This contributory factor cannot be deleted: finding(s) %(numbers)s draw on "
                    "it. Remove it from them first.",
                    numbers=", ".join(map(str, factor.finding_ids.mapped("number"))),
                )
            )
