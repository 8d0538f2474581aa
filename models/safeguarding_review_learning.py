from odoo import fields, models

TERM = "safeguarding.learning.term"


def _term_field(string, kind):
    """A characteristic of the adult, from one of the learning lists; team-only."""
    return fields.Many2one(
        TERM,
        string=string,
        domain=[("kind", "=", kind)],
        groups="safeguarding_review.group_reviewer",
    )


class SafeguardingReview(models.Model):
    """What a review's shared learning says of the adult, in the bands national analyses
    use (safeguarding.learning.term), and its export in the open exchange format. Team-only:
    an adult's characteristics are special-category data until published as learning."""

    _inherit = "safeguarding.review"

    learning_age_band_id = _term_field("Age band", "age_band")
    learning_gender_id = _term_field("Gender", "gender")
    learning_ethnicity_id = _term_field("Ethnicity", "ethnicity")
    learning_living_id = _term_field("Living situation", "living_situation")
    learning_abuse_type_ids = fields.Many2many(
        TERM,
        "safeguarding_review_abuse_type_rel",
        "review_id",
        "term_id",
        string="Types of abuse or neglect",
        domain=[("kind", "=", "abuse_type")],
        groups="safeguarding_review.group_reviewer",
    )

    def _fields_free_when_closed(self):
        # The learning is shared once the review is published, closed or not: its coding may
        # be completed then, while the rest stays read-only.
        return super()._fields_free_when_closed() | {
            "learning_age_band_id",
            "learning_gender_id",
            "learning_ethnicity_id",
            "learning_living_id",
            "learning_abuse_type_ids",
        }

    def action_export_learning(self):
        """The learning of the selected published reviews, as an exchange file (JSON)."""
        self.env["safeguarding.learning.exchange"]._check_published(self)
        ids = ",".join(map(str, self.ids))
        return {
            "type": "ir.actions.act_url",
            "url": f"/safeguarding_review/learning/export.json?ids={ids}",
            "target": "self",
        }
