from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from .res_partner import AGENCY_DOMAIN, PERSON_DOMAIN

REVIEW_KINDS = [
    ("sar", "SAR (Care Act s44(1)-(3))"),
    ("sar_discretionary", "Discretionary SAR (s44(4))"),
    ("cspr", "Child safeguarding practice review"),
    ("dhr", "Domestic homicide review (DARDR)"),
    ("apr", "Adult practice review (Wales)"),
    ("learning_review", "Learning review (Scotland)"),
    ("other", "Other learning review"),
]
DECISIONS = [
    ("review", "Review"),
    ("no_review", "No review"),
    ("other_process", "Other process"),
]


class SafeguardingReview(models.Model):
    _name = "safeguarding.review"
    _description = "Safeguarding Case Review"
    _inherit = [
        "safeguarding.confidential.mixin",
        "mail.thread",
        "safeguarding.todo.mixin",
        "mail.tracking.duration.mixin",
    ]
    _order = "priority desc, referral_date desc, id desc"
    _rec_names_search = ["name", "title", "adult_pseudonym"]
    _track_duration_field = "stage_id"
    _check_company_auto = True
    # The referral and the decision are the board's (its SAR group's): managers record them,
    # the review team reads them (safeguarding.confidential.mixin checks every write).
    _manager_fields = frozenset(
        {
            "company_id",
            "active",
            "referral_date",
            "referring_agency_id",
            "referrer_id",
            "concerns_summary",
            "criterion_care_needs",
            "criterion_harm",
            "criterion_abuse_neglect",
            "criterion_joint_working",
            "decision",
            "decision_date",
            "decision_maker_id",
            "decision_reasons",
            # The terms of reference the board sets at the decision (quality markers 4-5).
            "review_scope",
            "commissioning_reasons",
            "reviewer_independence",
            "budget",
            # The method is the board's choice at the decision; a child review's notification
            # and rapid review are the safeguarding partners' (safeguarding_review_path.py).
            "method_id",
            "notified_on",
            "rapid_review_sent_on",
            # A legal hold stops the retention schedule (safeguarding_review_retention.py).
            "legal_hold",
            "legal_hold_reason",
            "legal_hold_notes",
        }
    )
    _create_only_fields = frozenset({"name"})

    # Identity -----------------------------------------------------------------
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        index="trigram",
    )
    title = fields.Char(required=True, tracking=True)
    review_kind = fields.Selection(
        REVIEW_KINDS,
        string="Kind of review",
        required=True,
        default="sar",
        tracking=True,
    )
    adult_pseudonym = fields.Char(
        string="Pseudonym",
        required=True,
        tracking=True,
        help="The name the adult at the centre of the review is known by in everything "
        "the review writes and publishes.",
    )
    # The real identity lives on the adult's participant record, which only the review's team
    # and managers read (safeguarding_review_identity.py).
    adult_partner_id = fields.Many2one(
        "res.partner",
        string="Real identity",
        domain=PERSON_DOMAIN,
        groups="safeguarding_review.group_reviewer",
        compute="_compute_adult_partner_id",
        inverse="_inverse_adult_partner_id",
        search="_search_adult_partner_id",
        help="Optional link to the person in Contacts. Kept on the adult's participant "
        "record: read only by the review's own team and managers; never printed.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True, tracking=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")],
        default="0",
        tracking=True,
    )
    tag_ids = fields.Many2many("safeguarding.review.tag", string="Tags")
    color = fields.Integer()

    # Referral -----------------------------------------------------------------
    referral_date = fields.Date(
        string="Referral date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    referring_agency_id = fields.Many2one(
        "res.partner",
        string="Referring agency",
        domain=AGENCY_DOMAIN,
        check_company=True,
        tracking=True,
    )
    referrer_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        domain=PERSON_DOMAIN,
        check_company=True,
        tracking=True,
    )
    concerns_summary = fields.Html(
        string="Summary of concerns",
        help="Why the case was referred: what happened to the adult and the concern "
        "about how agencies worked together.",
    )
    criterion_care_needs = fields.Boolean(
        string="Care and support needs",
        tracking=True,
        help="The adult has needs for care and support (whether or not the local "
        "authority was meeting them).",
    )
    criterion_harm = fields.Boolean(
        string="Died or suffered serious harm",
        tracking=True,
    )
    criterion_abuse_neglect = fields.Boolean(
        string="Abuse or neglect known or suspected",
        tracking=True,
    )
    criterion_joint_working = fields.Boolean(
        string="Concern about how agencies worked together",
        tracking=True,
    )
    criteria_met = fields.Boolean(
        string="s44(1)-(3) criteria met",
        compute="_compute_criteria_met",
        store=True,
        help="All four statutory criteria are ticked: the board must arrange a review.",
    )

    # Decision -----------------------------------------------------------------
    decision = fields.Selection(DECISIONS, tracking=True)
    decision_date = fields.Date(string="Decision date", tracking=True)
    decision_maker_id = fields.Many2one(
        "res.users",
        string="Decision maker",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    decision_reasons = fields.Text(
        string="Reasons for the decision",
        tracking=True,
    )
    review_questions = fields.Html(
        string="Questions the review should answer",
    )

    # The report's texts, its dates and its publication: safeguarding_review_publication.py.

    # People -------------------------------------------------------------------
    lead_reviewer_ids = fields.Many2many(
        "res.users",
        "safeguarding_review_lead_reviewer_rel",
        "review_id",
        "user_id",
        string="Lead reviewers",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    team_member_ids = fields.Many2many(
        "res.users",
        "safeguarding_review_team_member_rel",
        "review_id",
        "user_id",
        string="Review team",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    # Leads and team in one stored set: the record rules test one membership, which
    # PostgreSQL answers from an index (two alternatives made it scan every child record).
    # active_test off: when Odoo checks a rule in Python (filtered_domain), membership is
    # read as SQL reads it, without loading every member user to test "active" (queries
    # that came and went with who happened to be on a page). An archived user cannot log in.
    member_ids = fields.Many2many(
        "res.users",
        "safeguarding_review_member_rel",
        "review_id",
        "user_id",
        string="Members",
        compute="_compute_member_ids",
        store=True,
        context={"active_test": False},
    )
    agency_ids = fields.Many2many(
        "res.partner",
        "safeguarding_review_agency_rel",
        "review_id",
        "partner_id",
        string="Agencies involved",
        domain=AGENCY_DOMAIN,
    )

    # Analysis -------------------------------------------------------------------
    taxonomy_id = fields.Many2one(
        "safeguarding.factor.category",
        string="Contributory factor taxonomy",
        domain="[('parent_id', '=', False)]",
        default=lambda self: self.env.ref(
            "safeguarding_review.factor_taxonomy_scie", raise_if_not_found=False
        ),
        tracking=True,
        help="The framework the review names its contributory factors in.",
    )
    finding_ids = fields.One2many("safeguarding.finding", "review_id", string="Findings")
    action_ids = fields.One2many("safeguarding.action", "review_id", string="Actions")

    # Progress -----------------------------------------------------------------
    stage_id = fields.Many2one(
        "safeguarding.review.stage",
        string="Stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
    )
    stage_guidance = fields.Html(related="stage_id.guidance", string="Guidance")
    stage_is_closed = fields.Boolean(related="stage_id.is_closed")
    stage_target_reached = fields.Boolean(
        string="Report delivered",
        compute="_compute_stage_target_reached",
        compute_sudo=True,
        help="The stage's: the review has delivered its report, its target date no longer applies.",
    )  # the stage's, as a related field was: safeguarding_review_target.py
    stage_activity_plan_id = fields.Many2one(related="stage_id.activity_plan_id")
    target_date = fields.Date(
        string="Target completion",
        compute="_compute_target_date",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Six months after the decision by default (set per company in Settings).",
    )
    days_to_target = fields.Integer(
        string="Days to target",
        compute="_compute_days_to_target",
        help="Days left before the target date; negative once it has passed.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_days_to_target",
        search="_search_is_overdue",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique (name, company_id)",
            "Another review of this company already has this reference.",
        ),
    ]

    def init(self):
        # The board loads each unfolded column as its own page: the active reviews of one
        # stage, in the board's order. A review is a wide row (its questions, reasons,
        # identity): this index reads a column's first cards in order instead of scanning
        # and sorting the stage's reviews (tools/benchmark.py, README "Performance").
        create_index(
            self.env.cr,
            "safeguarding_review_board_column_index",
            self._table,
            ["stage_id", "priority DESC", "referral_date DESC", "id DESC"],
            where="active",
        )
        # The board's counts (its columns', a column's for the pager) and its columns (the
        # methods of the reviews on it) read the company, stage and method of every active
        # review, and a reviewer's rule its id (its members): from this index alone, not
        # the wide rows (an index-only scan, once the table is vacuumed, as autovacuum does).
        create_index(
            self.env.cr,
            "safeguarding_review_board_count_index",
            self._table,
            ["stage_id", "company_id", "method_id", "id"],
            where="active",
        )

    # Computes -----------------------------------------------------------------
    @api.depends(
        "criterion_care_needs",
        "criterion_harm",
        "criterion_abuse_neglect",
        "criterion_joint_working",
    )
    def _compute_criteria_met(self):
        for review in self:
            review.criteria_met = all(
                (
                    review.criterion_care_needs,
                    review.criterion_harm,
                    review.criterion_abuse_neglect,
                    review.criterion_joint_working,
                )
            )

    @api.constrains("review_period_start", "review_period_end")
    def _check_review_period(self):
        for review in self:
            start, end = review.review_period_start, review.review_period_end
            if start and end and end < start:
                raise ValidationError(_("Period reviewed to: the period ends before it starts."))

    # ORM ----------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Read here before the mixin checks every value: check those first.
            self._check_values(
                {k: v for k, v in vals.items() if k in ("company_id", "referral_date")}
            )
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self._next_reference(company, vals.get("referral_date"))
            self._fill_method_and_stage(vals)
        reviews = super().create(vals_list)
        # A review created straight into a later stage (import, demo data, a copy) must meet
        # every requirement it would have met had it walked there from its first stage.
        first_stages = {review.id: review._path_stages()[:1] for review in reviews}
        reviews.filtered(lambda r: r.stage_id != first_stages[r.id])._check_stage_moves(
            first_stages
        )
        return reviews

    def write(self, vals):
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {review.id: review.stage_id for review in self}
        res = super().write(vals)
        if old_stages:
            # Checked after the write so the gates see the values saved with the move;
            # raising rolls the whole write back, so a refused move changes nothing.
            self._check_stage_moves(old_stages)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_referrals(self):
        for review in self:
            first_stage = review._path_stages()[:1]
            if review.stage_id != first_stage:
                raise UserError(
                    _(
                        "%(review)s has left %(stage)s and cannot be deleted: archive it "
                        "instead, so its record and history are kept.",
                        review=review.name,
                        stage=first_stage.name,
                    )
                )
