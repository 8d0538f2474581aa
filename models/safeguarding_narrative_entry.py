from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .res_partner import AGENCY_DOMAIN


class SafeguardingNarrativeEntry(models.Model):
    """One agency's account of one moment or period of the case.

    The narrative of multi-agency perspectives keeps each agency's account beside the
    others (grouped by agency, in date order), never merged into one flat chronology.
    """

    _name = "safeguarding.narrative.entry"
    _description = "Narrative Entry (multi-agency perspectives)"
    _inherit = ["safeguarding.review.child.mixin"]
    _order = "date_from, agency_id, id"
    _rec_name = "summary"

    date_from = fields.Date(string="Date", required=True, index=True)
    date_to = fields.Date(string="Until", help="For a period rather than a single day.")
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency",
        required=True,
        index=True,
        domain=AGENCY_DOMAIN,
        group_expand="_expand_agencies",
    )
    # The picker offers the agencies involved in the review first (every agency until the
    # review names any): the narrative is theirs, side by side.
    review_agency_ids = fields.Many2many(related="review_id.agency_ids", string="Agencies involved")
    participant_id = fields.Many2one(
        "safeguarding.participant",
        string="From participant",
        domain="[('review_id', '=', review_id), ('agency_id', '=', agency_id)]",
        ondelete="restrict",
        index="btree_not_null",
    )
    source_id = fields.Many2one(
        "safeguarding.source",
        string="From record",
        domain="[('review_id', '=', review_id)]",
        ondelete="restrict",
        index="btree_not_null",
    )
    what_happened = fields.Text(string="What happened", required=True)
    agency_view = fields.Text(
        string="How it looked to the agency then",
        help="The agency's understanding at the time, without hindsight.",
    )
    in_timeline = fields.Boolean(
        string="In the report's timeline",
        help="A significant event: printed in the published report's timeline (its date, "
        "agency and what happened), so written for publication.",
    )
    summary = fields.Char(compute="_compute_summary")

    @api.depends("date_from", "agency_id.name", "what_happened")
    def _compute_summary(self):
        for entry in self:
            text = (entry.what_happened or "").split("\n")[0][:60]
            # The date as the user's language writes it, as the form and the lists do.
            day = format_date(self.env, entry.date_from) if entry.date_from else ""
            head = " ".join(part for part in (day, entry.agency_id.name or "") if part)
            # A new entry has nothing to show yet: no lone ":" in the breadcrumb.
            entry.summary = (
                f"{head}: {text}" if head and text else head or text or _("New narrative entry")
            )

    @api.model
    def _expand_agencies(self, agencies, domain):
        # Scoped to one review (the narrative's search panel), every agency involved in it is
        # a column, with or without entries: the gaps show.
        # The review chosen in the panel, even before its first entry (then nothing groups):
        # a review opened from its Narrative button shows its agencies, ready to fill.
        # (the action's domain and the panel's may both name it: a set)
        chosen = {
            leaf[2]
            for leaf in domain
            if isinstance(leaf, (list, tuple))
            and tuple(leaf[:2]) == ("review_id", "=")
            and isinstance(leaf[2], int)
        }
        if len(chosen) == 1:
            review = self.env["safeguarding.review"].browse(list(chosen))
        else:
            groups = self._read_group(domain, ["review_id"])
            if len(groups) != 1:
                return agencies
            review = groups[0][0]
        # As the user: a review they may not read gives no columns (and no error).
        review = review.exists()._filtered_access("read")
        return agencies | review.agency_ids

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for entry in self:
            if entry.date_to and entry.date_to < entry.date_from:
                raise ValidationError(_("Until: the period ends before it starts."))
