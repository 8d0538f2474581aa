from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

FINDING_STATES = [
    ("draft", "Draft"),
    ("agreed", "Agreed by the review team"),
    ("presented", "Presented to the board"),
]


class SafeguardingFinding(models.Model):
    """A finding about the system, in the SCIE format: a statement, the evidence in three
    parts, then questions for the board (and recommendations, where the board asks)."""

    _name = "safeguarding.finding"
    _description = "Finding"
    _inherit = ["safeguarding.review.child.mixin", "safeguarding.numbered.mixin", "mail.thread"]
    _order = "review_id, number, id"
    # The board's response and priority are the board's: managers record them.
    _manager_fields = frozenset(
        {"board_decision", "board_response", "board_decision_reasons", "board_response_date"}
        | {"priority"}
    )

    name = fields.Text(
        string="Finding", required=True, tracking=True, help="The statement about the system."
    )
    pattern_type_id = fields.Many2one(
        "safeguarding.pattern.type", string="Pattern type", tracking=True, ondelete="restrict"
    )
    evidence_case = fields.Html(string="How it showed in this case")
    evidence_wider = fields.Html(
        string="Not peculiar to this case: how widespread",
        help="How we know the issue is not a one-off, and how widespread it is.",
    )
    evidence_why = fields.Html(string="Why it matters for the reliability of the system")
    # The board reads findings, not the analysis behind them (episodes and factors).
    episode_ids = fields.Many2many(
        "safeguarding.episode",
        "safeguarding_finding_episode_rel",
        "finding_id",
        "episode_id",
        string="Key practice episodes",
        domain="[('review_id', '=', review_id)]",
        groups="safeguarding_review.group_reviewer",
    )
    factor_ids = fields.Many2many(
        "safeguarding.factor",
        "safeguarding_finding_factor_rel",
        "finding_id",
        "factor_id",
        string="Contributory factors",
        domain="[('review_id', '=', review_id)]",
        groups="safeguarding_review.group_reviewer",
    )
    question_ids = fields.One2many(
        "safeguarding.finding.question", "finding_id", string="Questions for the board", copy=True
    )
    recommendation_ids = fields.One2many(
        "safeguarding.finding.recommendation", "finding_id", string="Recommendations", copy=True
    )
    state = fields.Selection(
        FINDING_STATES, default="draft", required=True, tracking=True, index=True
    )
    priority = fields.Selection(
        [("0", "Not prioritised"), ("1", "Low"), ("2", "Medium"), ("3", "High")],
        string="Board priority",
        default="0",
        tracking=True,
    )
    question_count = fields.Integer(compute="_compute_question_count")
    lead_id = fields.Many2one(
        "res.users",
        string="Finding lead",
        compute="_compute_lead_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        tracking=True,
        help="The member of the review team who follows this finding's actions and accepts "
        "their evidence (a manager may too). The first lead reviewer by default.",
    )

    # The board's response (docs/method.md step 6; Care Act Sch. 2 para 4) ---------------
    board_decision = fields.Selection(
        [
            ("accepted", "Accepted"),
            ("accepted_changes", "Accepted with changes"),
            ("not_taken_forward", "Not taken forward"),
        ],
        string="Board decision",
        tracking=True,
        index=True,
    )
    board_response = fields.Text(string="Board response", tracking=True)
    board_decision_reasons = fields.Text(
        string="Why not taken forward",
        tracking=True,
        help="The board's annual report must give the reasons for not acting on a finding.",
    )
    board_response_date = fields.Date(string="Response date", tracking=True)
    action_ids = fields.One2many("safeguarding.action", "finding_id", string="Actions")

    _sql_constraints = [
        (
            "number_uniq",
            "unique (review_id, number)",
            "Another finding of this review has this number.",
        ),
    ]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for finding in self:
            statement = (finding.name or "").strip().split("\n")[0]
            if len(statement) > 80:
                statement = statement[:79] + "…"
            if not finding.number:  # not saved yet: numbered when it is
                finding.display_name = statement or _("New finding")
                continue
            finding.display_name = _(
                "Finding %(number)s: %(statement)s", number=finding.number, statement=statement
            )

    @api.depends("review_id")
    def _compute_lead_id(self):
        for finding in self.filtered(lambda f: not f.lead_id):
            finding.lead_id = finding.review_id.lead_reviewer_ids[:1]

    def _compute_question_count(self):
        counts = self.env["safeguarding.finding.question"]._read_group(
            [("finding_id", "in", self.ids)], ["finding_id"], ["__count"]
        )
        by_finding = {finding.id: count for finding, count in counts}
        for finding in self:
            finding.question_count = by_finding.get(finding.id, 0)

    def _missing_for_board(self):
        """What this finding still lacks before the review may leave Findings."""
        self.ensure_one()
        missing = []
        parts = [
            ("name", _("the statement")),
            ("evidence_case", _("how it showed in this case")),
            ("evidence_wider", _("how we know it is not a one-off, and how widespread")),
            ("evidence_why", _("why it matters")),
        ]
        for field, words in parts:
            value = self[field] or ""
            if not (html2plaintext(value) if self._fields[field].type == "html" else value).strip():
                missing.append(words)
        if not self.question_ids:
            missing.append(_("at least one question for the board"))
        if self.state == "draft":
            missing.append(_("the review team's agreement"))
        return missing

    @api.constrains("board_decision", "board_decision_reasons", "board_response_date")
    def _check_board_response(self):
        for finding in self.filtered("board_decision"):
            if not finding.board_response_date:
                raise ValidationError(
                    _(
                        "Response date: give the date of the board's decision on finding "
                        "%(number)s.",
                        number=finding.number,
                    )
                )
            if (
                finding.board_decision == "not_taken_forward"
                and not (finding.board_decision_reasons or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Why not taken forward: the board must give its reasons for not acting "
                        "on finding %(number)s (the annual report states them).",
                        number=finding.number,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_acted_on(self):
        for finding in self.filtered("action_ids"):
            raise UserError(
                _(
                    "Finding %(number)s cannot be deleted: %(count)s action(s) of the board's "
                    "action plan answer it.",
                    number=finding.number,
                    count=len(finding.action_ids),
                )
            )

    @api.onchange("board_decision")
    def _onchange_board_decision_date(self):
        # The response is usually recorded on the day of the board meeting.
        if self.board_decision and not self.board_response_date:
            self.board_response_date = fields.Date.context_today(self)

    def _advance_state(self, state):
        """Bring the findings behind ``state`` (in the order of FINDING_STATES) up to it:
        the review reached the stage where its findings are, say, presented to the board."""
        order = [key for key, _label in FINDING_STATES]
        behind = self.filtered(lambda f: order.index(f.state) < order.index(state))
        if behind:
            behind.write({"state": state})

    def action_record_response(self):
        """The finding's form, open on the board's response (the review's board tab)."""
        self.ensure_one()
        action = self.get_formview_action()
        action["context"] = {**action.get("context", {}), "sg_page": "board_response"}
        return action

    def action_agree(self):
        self.write({"state": "agreed"})

    def action_back_to_draft(self):
        self.write({"state": "draft"})

    def action_open_similar_learning(self):
        """The library's findings like this one: the same pattern type, or its words."""
        self.ensure_one()
        return self.env["safeguarding.learning.finding"]._open_similar(self)
