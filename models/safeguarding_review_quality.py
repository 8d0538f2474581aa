from odoo import api, fields, models


class SafeguardingReview(models.Model):
    """What the quality markers ask of a review beyond the method's steps: the terms the
    board sets (purpose, scope, commissioning, independence, budget), the involvement of
    the person, family and network, the early learning, and the self-assessment against
    the markers (proposed from the record, confirmed by the team)."""

    _inherit = "safeguarding.review"

    # The board's terms of reference (quality markers 4-5) -------------------------------
    review_scope = fields.Html(
        string="Scope",
        help="What the review covers and what it leaves out: agencies, events, the period.",
    )
    commissioning_reasons = fields.Text(
        string="Why this method and these reviewers",
        tracking=True,
        help="The commissioning choice and its reasons.",
    )
    reviewer_independence = fields.Text(
        string="Independence of the lead reviewers",
        tracking=True,
        help="How the lead reviewers stand apart from the agencies whose practice is reviewed.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget = fields.Monetary(string="Budget", tracking=True, help="If the board tracks one.")
    parallel_none_known = fields.Boolean(
        string="No other process runs on this case",
        tracking=True,
        help="Checked with the police, the coroner and the agencies (quality marker 8).",
    )

    # The person, family and network (quality markers 3, 11): the team's log -----------
    involvement_ids = fields.One2many(
        "safeguarding.involvement",
        "review_id",
        string="Involvement of the person, family and network",
        groups="safeguarding_review.group_reviewer",
    )

    # Early learning: actions agreed before the findings --------------------------------
    early_action_ids = fields.One2many(
        "safeguarding.action",
        "review_id",
        string="Early learning",
        domain=[("is_early", "=", True)],
        help="Learning acted on at once, during the review, owned and monitored like any "
        "action; linked to its finding if one follows.",
    )

    # The self-assessment against the quality markers ------------------------------------
    quality_assessment_ids = fields.One2many(
        "safeguarding.quality.assessment",
        "review_id",
        string="Quality markers",
        groups="safeguarding_review.group_reviewer",
    )

    def action_assess_quality(self):
        """Give each review a line per quality marker of its board, and propose each state
        from what the review records now (the confirmed states stay)."""
        self.check_access("write")  # the review's team and managers only
        Marker = self.env["safeguarding.quality.marker"]
        Assessment = self.env["safeguarding.quality.assessment"]
        markers = Marker.search([])
        existing = {
            (line.review_id.id, line.marker_id.id)
            for line in Assessment.search([("review_id", "in", self.ids)])
        }
        Assessment.create(
            [
                {"review_id": review.id, "marker_id": marker.id}
                for review in self
                for marker in markers
                if marker.company_id in (review.company_id, Marker.company_id)
                and (review.id, marker.id) not in existing
            ]
        )
        self._refresh_quality_proposals()
        return True

    def _refresh_quality_proposals(self):
        proposals = self.env["safeguarding.quality.proposal"]._propose(self)
        lines = self.env["safeguarding.quality.assessment"].search(
            [("review_id", "in", self.ids), ("marker_id.proposal", "!=", False)]
        )
        for line in lines:
            state, evidence = proposals[line.review_id.id][line.marker_id.proposal]
            if (line.proposed_state, line.proposal_evidence) != (state, evidence):
                # sudo: the proposal is the app's to write (read-only to every client).
                line.sudo().write({"proposed_state": state, "proposal_evidence": evidence})

    @api.model
    def _cron_refresh_quality_proposals(self):
        reviews = self.search(
            [("stage_id.is_closed", "=", False), ("quality_assessment_ids", "!=", False)]
        )
        reviews._refresh_quality_proposals()
