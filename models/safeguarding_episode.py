from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .res_partner import AGENCY_DOMAIN

APPRAISALS = [
    ("good", "Good"),
    ("adequate", "Adequate"),
    ("problematic", "Problematic"),
    ("mixed", "Mixed"),
]


class SafeguardingEpisode(models.Model):
    """A key practice episode: a significant stretch of the case, good or problematic,
    explained as it looked to those involved at the time."""

    _name = "safeguarding.episode"
    _description = "Key Practice Episode"
    _inherit = ["safeguarding.review.child.mixin", "safeguarding.numbered.mixin", "mail.thread"]
    _order = "review_id, number, id"

    name = fields.Char(string="Title", required=True, tracking=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="Until")
    what_happened = fields.Html(string="What happened")
    at_the_time = fields.Html(
        string="How it looked at the time",
        help="Why what was done made sense to those involved then (local rationality).",
    )
    appraisal = fields.Selection(APPRAISALS, string="Appraisal of practice", tracking=True)
    appraisal_notes = fields.Text(string="Why this appraisal")
    agency_ids = fields.Many2many(
        "res.partner",
        "safeguarding_episode_agency_rel",
        "episode_id",
        "partner_id",
        string="Agencies",
        domain=AGENCY_DOMAIN,
    )
    participant_ids = fields.Many2many(
        "safeguarding.participant",
        "safeguarding_episode_participant_rel",
        "episode_id",
        "participant_id",
        string="Participants",
        domain="[('review_id', '=', review_id)]",
    )
    narrative_entry_ids = fields.Many2many(
        "safeguarding.narrative.entry",
        "safeguarding_episode_narrative_rel",
        "episode_id",
        "entry_id",
        string="Narrative entries",
        domain="[('review_id', '=', review_id)]",
    )
    source_ids = fields.Many2many(
        "safeguarding.source",
        "safeguarding_episode_source_rel",
        "episode_id",
        "source_id",
        string="Records",
        domain="[('review_id', '=', review_id)]",
    )
    factor_ids = fields.One2many("safeguarding.factor", "episode_id", string="Contributory factors")
    finding_ids = fields.Many2many(
        "safeguarding.finding",
        "safeguarding_finding_episode_rel",
        "episode_id",
        "finding_id",
        string="Findings drawing on it",
    )

    _sql_constraints = [
        (
            "number_uniq",
            "unique (review_id, number)",
            "Another episode of this review has this number.",
        ),
    ]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for episode in self:
            if not episode.number:  # not saved yet: numbered when it is
                episode.display_name = episode.name or _("New key practice episode")
                continue
            episode.display_name = _(
                "KPE %(number)s: %(title)s", number=episode.number, title=episode.name or ""
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_used(self):
        for episode in self:
            used = []
            if episode.factor_ids:
                used.append(_("%(count)s contributory factor(s)", count=len(episode.factor_ids)))
            if episode.finding_ids:
                used.append(
                    _(
                        "finding(s) %(numbers)s",
                        numbers=", ".join(map(str, episode.finding_ids.mapped("number"))),
                    )
                )
            if used:
                raise UserError(
                    _(
                        "%(episode)s cannot be deleted: %(used)s rest on it. Remove them from it "
                        "first.",
                        episode=episode.display_name,
                        used=" and ".join(used),
                    )
                )
