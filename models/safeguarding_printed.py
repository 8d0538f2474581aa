"""What the published reports print: the texts the publication check scans, and the fields
whose change withdraws the approval for publication. Plain constants (no model), so that any
model module can import them."""

# The texts the team types that the findings report prints (see _printed_texts).
REVIEW_TEXTS = (
    "title",
    "adult_pseudonym",
    "report_introduction",
    "case_summary",
    "report_early_learning",
    "report_limitations",
    "report_appraisal_summary",
    "report_conclusion",
    "briefing_practice_points",
)
EPISODE_TEXTS = ("name", "what_happened", "at_the_time", "appraisal_notes")
FINDING_TEXTS = ("name", "evidence_case", "evidence_wider", "evidence_why")
# What a change of withdraws the approval for publication: every field the report prints
# from these models (the approval was of the report as it was).
PRINTED_FIELDS = {
    "safeguarding.review": frozenset(
        (*REVIEW_TEXTS, "review_period_start", "review_period_end", "agency_ids")
    ),
    "safeguarding.participant": frozenset(
        {"pseudonym", "published_role", "part", "agency_id", "active", "partner_id"}
    ),
    "safeguarding.episode": frozenset((*EPISODE_TEXTS, "appraisal", "date_from", "date_to")),
    "safeguarding.finding": frozenset((*FINDING_TEXTS, "pattern_type_id")),
    "safeguarding.finding.question": frozenset({"name"}),
    "safeguarding.finding.recommendation": frozenset({"name"}),
    "safeguarding.narrative.entry": frozenset(
        {"what_happened", "in_timeline", "date_from", "agency_id"}
    ),
}
