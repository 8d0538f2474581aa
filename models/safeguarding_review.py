from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext
from odoo.tools.sql import create_index

REVIEW_KINDS = [
    ("sar", "SAR (Care Act s44(1)-(3))"),
    ("sar_discretionary", "Discretionary SAR (s44(4))"),
    ("cspr", "Child safeguarding practice review"),
    ("other", "Other learning review"),
]
REVIEW_METHODS = [
    ("learning_together", "Learning Together (full systems review)"),
    ("rapid_time", "SAR in Rapid Time"),
    ("other", "Other method"),
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
        "mail.thread",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
    ]
    _order = "priority desc, referral_date desc, id desc"
    _rec_names_search = ["name", "title", "adult_pseudonym"]
    _track_duration_field = "stage_id"
    _check_company_auto = True

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
    method = fields.Selection(
        REVIEW_METHODS, required=True, default="learning_together", tracking=True
    )
    adult_pseudonym = fields.Char(
        string="Pseudonym",
        required=True,
        tracking=True,
        help="The name the adult at the centre of the review is known by in everything "
        "the review writes and publishes.",
    )
    # The real identity stays with the review team: board members never read it.
    adult_partner_id = fields.Many2one(
        "res.partner",
        string="Real identity",
        groups="safeguarding_review.group_reviewer",
        tracking=True,
        help="Optional link to the person in Contacts. Visible only to the review "
        "team and managers; never printed.",
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
        domain="[('is_company', '=', True)]",
        check_company=True,
        tracking=True,
    )
    referrer_id = fields.Many2one(
        "res.partner",
        string="Referred by",
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

    # The report (written for publication: pseudonyms and roles only) ------------------
    review_period_start = fields.Date(
        string="Period reviewed from", help="The part of the adult's history the review looks at."
    )
    review_period_end = fields.Date(string="Period reviewed to")
    report_introduction = fields.Html(
        string="Introduction and method",
        help="Why the review was held, how (the systems method), and who took part, by role.",
    )
    case_summary = fields.Html(
        string="The case in brief",
        help="A short account of the case for publication: pseudonyms and roles only.",
    )

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
        domain="[('is_company', '=', True)]",
    )

    # Data collection (the review team's; the board never reads these) ---------------
    participant_ids = fields.One2many(
        "safeguarding.participant", "review_id", groups="safeguarding_review.group_reviewer"
    )
    conversation_ids = fields.One2many(
        "safeguarding.conversation", "review_id", groups="safeguarding_review.group_reviewer"
    )
    agency_request_ids = fields.One2many(
        "safeguarding.agency.request", "review_id", groups="safeguarding_review.group_reviewer"
    )
    source_ids = fields.One2many(
        "safeguarding.source", "review_id", groups="safeguarding_review.group_reviewer"
    )
    narrative_entry_ids = fields.One2many(
        "safeguarding.narrative.entry", "review_id", groups="safeguarding_review.group_reviewer"
    )
    participant_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_held_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_received_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    request_overdue_count = fields.Integer(
        compute="_compute_request_overdue_count", groups="safeguarding_review.group_reviewer"
    )
    source_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
    )
    narrative_count = fields.Integer(
        compute="_compute_data_counts", groups="safeguarding_review.group_reviewer"
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
    episode_ids = fields.One2many(
        "safeguarding.episode", "review_id", groups="safeguarding_review.group_reviewer"
    )
    factor_ids = fields.One2many(
        "safeguarding.factor", "review_id", groups="safeguarding_review.group_reviewer"
    )
    finding_ids = fields.One2many("safeguarding.finding", "review_id", string="Findings")
    episode_count = fields.Integer(
        compute="_compute_analysis_counts", groups="safeguarding_review.group_reviewer"
    )
    factor_count = fields.Integer(
        compute="_compute_analysis_counts", groups="safeguarding_review.group_reviewer"
    )
    finding_count = fields.Integer(compute="_compute_analysis_counts")
    action_ids = fields.One2many("safeguarding.action", "review_id", string="Actions")
    action_count = fields.Integer(compute="_compute_analysis_counts")

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
    stage_target_reached = fields.Boolean(related="stage_id.target_reached")
    stage_activity_plan_id = fields.Many2one(related="stage_id.activity_plan_id")
    stage_missing = fields.Text(
        string="Before moving on",
        groups="safeguarding_review.group_reviewer",
        compute="_compute_stage_missing",
        help="What the current stage still requires before the review can leave it.",
    )
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
    closed_date = fields.Date(readonly=True, copy=False)

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

    # Defaults -----------------------------------------------------------------
    @api.model
    def _default_stage_id(self):
        return self.env["safeguarding.review.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every active stage is a column, empty or not: the board shows the whole method.
        # A board member only ever reads the stages the board sees: show just those.
        if not self.env.user.has_group("safeguarding_review.group_reviewer"):
            return stages.search([("board_visible", "=", True)])
        return stages.search([])

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

    @api.depends("lead_reviewer_ids", "team_member_ids")
    def _compute_member_ids(self):
        for review in self:
            review.member_ids = review.lead_reviewer_ids | review.team_member_ids

    @api.depends("decision", "decision_date", "company_id.safeguarding_target_months")
    def _compute_target_date(self):
        for review in self:
            if review.decision == "review" and review.decision_date:
                months = review.company_id.safeguarding_target_months or 6
                review.target_date = review.decision_date + relativedelta(months=months)
            elif not review.target_date:
                review.target_date = False

    @api.depends("target_date", "stage_id.target_reached")
    @api.depends_context("tz")
    def _compute_days_to_target(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.target_date and not review.stage_id.target_reached:
                review.days_to_target = (review.target_date - today).days
                review.is_overdue = review.days_to_target < 0
            else:
                review.days_to_target = 0
                review.is_overdue = False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Overdue: only 'is set' and 'is not set' searches work."))
        overdue = [
            ("target_date", "<", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", False),
        ]
        if (operator == "=") == value:
            return overdue
        return [
            "|",
            "|",
            ("target_date", "=", False),
            ("target_date", ">=", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", True),
        ]

    def _compute_data_counts(self):
        # One grouped query per model for the whole batch, never one per review.
        env = self.env
        participants = env["safeguarding.participant"]._counts_by_review(self)
        conversations = env["safeguarding.conversation"]._counts_by_review(self, by="state")
        request_counts = env["safeguarding.agency.request"]._counts_by_review(self, by="state")
        sources = env["safeguarding.source"]._counts_by_review(self)
        narrative = env["safeguarding.narrative.entry"]._counts_by_review(self)
        for review in self:
            rid = review.id
            review.participant_count = participants.get(rid, 0)
            review.conversation_held_count = conversations.get((rid, "held"), 0)
            review.conversation_count = sum(
                conversations.get((rid, state), 0) for state in ("planned", "held")
            )
            review.request_received_count = sum(
                request_counts.get((rid, state), 0) for state in ("received", "closed")
            )
            review.request_count = sum(
                request_counts.get((rid, state), 0) for state in ("requested", "received", "closed")
            )
            review.source_count = sources.get(rid, 0)
            review.narrative_count = narrative.get(rid, 0)

    def _compute_analysis_counts(self):
        env = self.env
        findings = env["safeguarding.finding"]._counts_by_review(self)
        actions = env["safeguarding.action"]._counts_by_review(self)
        is_team = env.user.has_group("safeguarding_review.group_reviewer")
        episodes = env["safeguarding.episode"]._counts_by_review(self) if is_team else {}
        factors = env["safeguarding.factor"]._counts_by_review(self) if is_team else {}
        for review in self:
            review.finding_count = findings.get(review.id, 0)
            review.action_count = actions.get(review.id, 0)
            review.episode_count = episodes.get(review.id, 0)
            review.factor_count = factors.get(review.id, 0)

    @api.constrains("taxonomy_id")
    def _check_taxonomy_of_factors(self):
        for review in self:
            astray = review.factor_ids.filtered(
                lambda f, r=review: f.category_id.taxonomy_id != r.taxonomy_id
            )
            if astray:
                raise ValidationError(
                    _(
                        "Contributory factor taxonomy: %(count)s factor(s) of %(review)s use "
                        "categories of another taxonomy. Recategorise them first.",
                        count=len(astray),
                        review=review.name,
                    )
                )

    @api.depends_context("tz")
    def _compute_request_overdue_count(self):
        # Apart from the other counts: the board card needs this one alone.
        overdue = self.env["safeguarding.agency.request"]._counts_by_review(
            self, [("is_overdue", "=", True)]
        )
        for review in self:
            review.request_overdue_count = overdue.get(review.id, 0)

    @api.depends(
        "stage_id",
        "stage_id.sequence",
        "decision",
        "decision_date",
        "decision_reasons",
        "lead_reviewer_ids",
        "review_questions",
        "agency_ids",
        "conversation_ids.state",
        "agency_request_ids.state",
        "finding_ids.state",
        "finding_ids.board_decision",
        "action_ids.status",
    )
    def _compute_stage_missing(self):
        # What the next working stage on the review's path asks for: what a click on it
        # in the statusbar would be refused for.
        stages = self.env["safeguarding.review.stage"].search([])
        for review in self:
            index = list(stages).index(review.stage_id) if review.stage_id in stages else -1
            path = review._path()
            next_stage = next(
                (s for s in stages[index + 1 :] if s.decision_required in (False, path)),
                stages.browse(),
            )
            missing = review._stage_move_missing(review.stage_id, next_stage, stages)
            review.stage_missing = "\n".join(f"• {item}" for item in missing)

    # Gates --------------------------------------------------------------------
    # Each returns what is missing, in words a reviewer understands; [] means pass.
    def _gate_decision(self):
        self.ensure_one()
        missing = []
        if not self.decision:
            missing.append(_("the decision (review, no review or other process), Decision tab"))
        if not self.decision_date:
            missing.append(_("the decision date, Decision tab"))
        if not (self.decision_reasons or "").strip():
            missing.append(_("the reasons for the decision, Decision tab"))
        return missing

    def _gate_preparation(self):
        self.ensure_one()
        missing = []
        if not self.lead_reviewer_ids:
            missing.append(_("a lead reviewer, Review team tab"))
        if not html2plaintext(self.review_questions or "").strip():
            missing.append(_("the questions the review should answer, Review team tab"))
        if not self.agency_ids:
            missing.append(_("at least one agency involved, Review team tab"))
        return missing

    def _path(self):
        """The branch of the board the decision puts the review on."""
        return "not_review" if self.decision in ("no_review", "other_process") else "review"

    def _gate_data_collection(self):
        self.ensure_one()
        missing = []
        if not self.conversation_ids.filtered(lambda c: c.state == "held"):
            missing.append(_("at least one conversation held, Conversations"))
        open_requests = self.agency_request_ids.filtered(lambda r: r.state == "requested")
        if open_requests:
            missing.append(
                _(
                    "an answer to every request for records (received, or closed with the "
                    "reason): still open for %(agencies)s",
                    agencies=", ".join(open_requests.agency_id.mapped("name")),
                )
            )
        return missing

    def _gate_findings(self):
        self.ensure_one()
        if not self.finding_ids:
            return [_("at least one finding, Analysis tab")]
        missing = []
        for finding in self.finding_ids:
            for item in finding._missing_for_board():
                missing.append(_("finding %(number)s: %(item)s", number=finding.number, item=item))
        return missing

    def _gate_closing(self):
        self.ensure_one()
        missing = []
        unanswered = self.finding_ids.filtered(lambda f: not f.board_decision)
        if unanswered:
            missing.append(
                _(
                    "the board's response to finding(s) %(numbers)s",
                    numbers=", ".join(map(str, unanswered.mapped("number"))),
                )
            )
        open_actions = self.action_ids.filtered(lambda a: a.status not in ("done", "dropped"))
        if open_actions:
            missing.append(
                _(
                    "every action done, or dropped with its reason: %(count)s still open",
                    count=len(open_actions),
                )
            )
        return missing

    def _gate_missing(self, gates):
        self.ensure_one()
        missing = []
        for gate in gates:
            missing += getattr(self, f"_gate_{gate.code}")()
        return missing

    def _stage_move_missing(self, old_stage, new_stage, stages):
        """What blocks moving this review from ``old_stage`` to ``new_stage``.

        Moving back is free (a team may reopen a step). Moving forward runs the gates
        of the stage left and of every working stage skipped on the way (``stages``
        is every stage in board order), so no step's
        requirements can be jumped over; folded end stages and stages of the other
        decision path are not "passed through".
        """
        self.ensure_one()
        passed = self.env["safeguarding.review.stage"]
        if old_stage in stages and new_stage in stages:
            start, end = list(stages).index(old_stage), list(stages).index(new_stage)
            if end > start:
                passed = old_stage | stages[start + 1 : end].filtered(
                    lambda s: not s.fold and s._is_on_path_to(new_stage)
                )
        missing = self._gate_missing(passed.gate_ids)
        # The stage's entry condition, unless a gate already asked for the decision.
        decision_asked = not self.decision and "decision" in passed.gate_ids.mapped("code")
        if not decision_asked and new_stage.decision_required not in (False, self._path()):
            if new_stage.decision_required == "review":
                missing.append(_("a decision to hold a review"))
            else:
                missing.append(_("a decision not to review (no review or other process)"))
        # Keep the order, drop repeats (two gates may ask for the same thing).
        return list(dict.fromkeys(missing))

    @api.constrains("review_period_start", "review_period_end")
    def _check_review_period(self):
        for review in self:
            start, end = review.review_period_start, review.review_period_end
            if start and end and end < start:
                raise ValidationError(_("Period reviewed to: the period ends before it starts."))

    @api.onchange("stage_id")
    def _onchange_stage_id_gates(self):
        """In the form, a refused move snaps back at once and says why; the same check in
        write() is the real guard (board drags, imports, the API)."""
        old_stage = self._origin.stage_id
        if not old_stage or old_stage == self.stage_id:
            return None
        stages = self.env["safeguarding.review.stage"].search([])
        missing = self._stage_move_missing(old_stage, self.stage_id, stages)
        if not missing:
            return None
        target = self.stage_id
        self.stage_id = old_stage
        return {
            "warning": {
                "type": "dialog",
                "title": _("Not ready for %(stage)s", stage=target.name),
                "message": _(
                    "The review stays in %(old)s. Before it can move to %(new)s it still "
                    "needs:\n%(missing)s",
                    old=old_stage.name,
                    new=target.name,
                    missing="\n".join(f"• {item}" for item in missing),
                ),
            }
        }

    # ORM ----------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self._next_reference(company, vals.get("referral_date"))
            stage = self.env["safeguarding.review.stage"].browse(vals.get("stage_id"))
            if stage.is_closed:
                vals.setdefault("closed_date", fields.Date.context_today(self))
        reviews = super().create(vals_list)
        # A review created straight into a later stage (import, demo data, a copy) must meet
        # every requirement it would have met had it walked there from the first stage.
        first_stage = self._default_stage_id()
        reviews.filtered(lambda r: r.stage_id != first_stage)._check_stage_moves(
            dict.fromkeys(reviews.ids, first_stage)
        )
        return reviews

    def write(self, vals):
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {review.id: review.stage_id for review in self}
            new_stage = self.env["safeguarding.review.stage"].browse(vals["stage_id"])
            if new_stage.is_closed:
                vals.setdefault("closed_date", fields.Date.context_today(self))
            elif "closed_date" not in vals:
                vals["closed_date"] = False
        res = super().write(vals)
        if old_stages:
            # Checked after the write so the gates see the values saved with the move;
            # raising rolls the whole write back, so a refused move changes nothing.
            self._check_stage_moves(old_stages)
        return res

    def _check_stage_moves(self, old_stages):
        problems = []
        stages = self.env["safeguarding.review.stage"].search([])
        for review in self:
            old_stage = old_stages[review.id]
            if old_stage == review.stage_id:
                continue
            missing = review._stage_move_missing(old_stage, review.stage_id, stages)
            if missing:
                problems.append(
                    _(
                        "%(review)s cannot move from %(old)s to %(new)s. Still needed:\n"
                        "%(missing)s",
                        review=review.name,
                        old=old_stage.name,
                        new=review.stage_id.name,
                        missing="\n".join(f"• {item}" for item in missing),
                    )
                )
        if problems:
            raise ValidationError("\n\n".join(problems))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_referrals(self):
        first_stage = self._default_stage_id()
        for review in self:
            if review.stage_id != first_stage:
                raise UserError(
                    _(
                        "%(review)s has left %(stage)s and cannot be deleted: archive it "
                        "instead, so its record and history are kept.",
                        review=review.name,
                        stage=first_stage.name,
                    )
                )

    @api.model
    def _next_reference(self, company, referral_date=None):
        """Next reference from the company's own sequence (SAR-2026-001).

        Each company numbers its reviews separately, restarting every year. The
        sequence is created on first use so a company added later needs no setup.
        """
        Sequence = self.env["ir.sequence"].sudo()  # a reviewer has no right on
        # ir.sequence; we only read or create this addon's own sequence, never return it.
        sequence = Sequence.search(
            [("code", "=", "safeguarding.review"), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": _("Safeguarding reviews (%(company)s)", company=company.name),
                    "code": "safeguarding.review",
                    "company_id": company.id,
                    "prefix": "SAR-%(range_year)s-",
                    "padding": 3,
                    "use_date_range": True,
                }
            )
        return sequence.next_by_id(sequence_date=referral_date)

    # Actions ------------------------------------------------------------------
    def _action_open_children(self, model, name, view_mode="list,form", context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s: %(review)s", what=name, review=self.name),
            "res_model": model,
            "view_mode": view_mode,
            "domain": [("review_id", "=", self.id)],
            "context": {"default_review_id": self.id, **(context or {})},
        }

    def action_open_participants(self):
        return self._action_open_children("safeguarding.participant", _("Participants"))

    def action_open_conversations(self):
        return self._action_open_children(
            "safeguarding.conversation", _("Conversations"), "list,calendar,form"
        )

    def action_open_agency_requests(self):
        return self._action_open_children("safeguarding.agency.request", _("Requests for records"))

    def action_open_sources(self):
        return self._action_open_children("safeguarding.source", _("Records"))

    def action_open_episodes(self):
        return self._action_open_children(
            "safeguarding.episode", _("Key practice episodes"), "list,kanban,form"
        )

    def action_open_factors(self):
        return self._action_open_children(
            "safeguarding.factor", _("Contributory factors"), "list,pivot,graph,form"
        )

    def action_open_findings(self):
        return self._action_open_children("safeguarding.finding", _("Findings"), "list,kanban,form")

    def action_open_actions(self):
        return self._action_open_children(
            "safeguarding.action", _("Action plan"), "list,kanban,calendar,pivot,form"
        )

    def action_open_narrative(self):
        return self._action_open_children(
            "safeguarding.narrative.entry",
            _("Narrative"),
            "kanban,list,form",
            {"group_by": "agency_id"},
        )

    def action_launch_stage_plan(self):
        """Open Odoo's plan launcher on the review with its stage's plan chosen, the
        steps assigned by default to the first lead reviewer."""
        self.ensure_one()
        plan = self.stage_id.activity_plan_id
        if not plan:
            raise UserError(
                _("The stage %(stage)s has no plan to launch.", stage=self.stage_id.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Launch %(plan)s plan", plan=plan.name),
            "res_model": "mail.activity.schedule",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_id": self.id,
                "active_ids": self.ids,
                "plan_mode": True,
                "default_plan_id": plan.id,
                "default_plan_on_demand_user_id": self.lead_reviewer_ids[:1].id,
            },
        }
