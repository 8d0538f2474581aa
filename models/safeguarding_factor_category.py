from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
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
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

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

    @api.constrains("parent_id")
    def _check_no_cycle(self):
        if self._has_cycle():
            raise ValidationError(_("Parent: a category cannot sit inside itself."))
