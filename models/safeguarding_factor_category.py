from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .safeguarding_shipped_data import shipped_values

TAXONOMY_DATA = "data/safeguarding_factor_taxonomy_data.xml"

LEVELS = [
    ("frontline", "Frontline"),
    ("local_strategic", "Local strategic"),
    ("national", "National"),
]


class SafeguardingFactorCategory(models.Model):
    """A category of contributory factor, in a taxonomy kept as data.

    A taxonomy is a root category (SCIE's framework, SEIPS 3.0, or one a manager adds);
    its descendants are the categories a factor may take. Each review uses one taxonomy.
    """

    _name = "safeguarding.factor.category"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Contributory Factor Category"
    _parent_store = True
    _order = "parent_path, sequence, id"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        string="Full name", compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "safeguarding.factor.category", string="Parent", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("safeguarding.factor.category", "parent_id", string="Subcategories")
    taxonomy_id = fields.Many2one(
        "safeguarding.factor.category",
        string="Taxonomy",
        compute="_compute_taxonomy_id",
        store=True,
        index=True,
        recursive=True,
    )
    # The level of the system a category sits at (SCIE's framework is built on the three
    # levels). A factor takes its category's level, so the analysis cannot count a factor at
    # one level under a category of another. Subcategories inherit it; a taxonomy whose
    # categories cut across levels leaves it empty, and its factors say their own level.
    level = fields.Selection(
        LEVELS,
        compute="_compute_level",
        store=True,
        readonly=False,
        recursive=True,
        help="Factors in this category are at this level. Set on a category, it applies "
        "to its subcategories. Empty: each factor says its own level.",
    )
    parent_level = fields.Selection(related="parent_id.level", string="Parent's level")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("complete_name", "taxonomy_id.name")
    def _compute_display_name(self):
        # A category is picked within its review's taxonomy: its name says where in it,
        # without the taxonomy's own name before every one ("Frontline / The team").
        for category in self:
            root = f"{category.taxonomy_id.name} / "
            name = category.complete_name or category.name or ""
            category.display_name = name[len(root) :] if name.startswith(root) else name

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    @api.depends("parent_id.taxonomy_id")
    def _compute_taxonomy_id(self):
        for category in self:
            category.taxonomy_id = (
                category.parent_id.taxonomy_id if category.parent_id else category
            )

    @api.depends("parent_id.level")
    def _compute_level(self):
        for category in self:
            if category.parent_id.level:
                category.level = category.parent_id.level

    @api.constrains("level", "parent_id")
    def _check_level_follows_parent(self):
        for category in self:
            parent = category.parent_id
            if parent.level and category.level != parent.level:
                raise ValidationError(
                    _(
                        "Level: %(category)s sits under %(parent)s, whose level is %(level)s.",
                        category=category.name,
                        parent=parent.complete_name,
                        level=dict(LEVELS)[parent.level],
                    )
                )

    @api.constrains("parent_id")
    def _check_no_cycle(self):
        if self._has_cycle():
            raise ValidationError(_("Parent: a category cannot sit inside itself."))

    @api.model
    def _upgrade_levels(self):
        """From 18.0.1.2.0 a category has a level (the taxonomies are noupdate data, so an
        upgrade does not write it): set it on the shipped categories. Their factors follow
        (the level is computed from the category); each review whose factors contradicted
        their category gets a note of what changed."""
        shipped = shipped_values(self.env, TAXONOMY_DATA, {"level"})
        Factor = self.env["safeguarding.factor"].with_context(active_test=False)
        changed = []  # (factor, old level, new level), read before the levels move them
        for category, vals in shipped.items():
            level = vals["level"]
            factors = Factor.search(
                [("category_id", "child_of", category.id), ("level", "!=", level)]
            )
            changed += [(factor, factor.level, level) for factor in factors]
            category.level = level
        labels = dict(LEVELS)
        by_review = {}
        for factor, old, new in changed:
            by_review.setdefault(factor.review_id, []).append(
                f"{(factor.description or '')[:60]} ({labels[old]} to {labels[new]})"
            )
        for review, lines in by_review.items():
            review.message_post(
                body=self.env._(
                    "Upgrade: the level of %(count)s contributory factor(s) now follows their "
                    "category: %(factors)s.",
                    count=len(lines),
                    factors="; ".join(lines),
                ),
                subtype_xmlid="mail.mt_note",
            )
