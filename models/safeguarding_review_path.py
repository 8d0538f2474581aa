from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_review_gates import Missing


class SafeguardingReview(models.Model):
    """The review's path: its method decides the stages it goes through (and so the gates and
    the guidance it meets), the board's columns, and what a change of method moves it to."""

    _inherit = "safeguarding.review"

    method_id = fields.Many2one(
        "safeguarding.review.method",
        string="Method",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_method_id(),
        help="The method decides the review's stages, their gates and guidance, and the "
        "shape of its report. Changing it keeps everything recorded and moves the review to "
        "the new method's nearest stage not past the one it is in.",
    )
    method_report_shape = fields.Selection(related="method_id.report_shape")
    # A child safeguarding practice review's first steps (Working Together 2023, ch. 5): the
    # safeguarding partners' dates, which the statutory clocks count from and to.
    notified_on = fields.Date(
        string="Notified to the national panel on",
        tracking=True,
        help="The date the serious incident was notified to the Child Safeguarding Practice "
        "Review Panel (within 5 working days of learning of it).",
    )
    rapid_review_sent_on = fields.Date(
        string="Rapid review sent on",
        tracking=True,
        help="The date the rapid review, with the decision on a local review, went to the "
        "national panel (within 15 working days of learning of the incident).",
    )

    # Defaults -----------------------------------------------------------------
    @api.model
    def _default_method_id(self):
        default = self.env.company.safeguarding_default_method_id.filtered("active")
        return default or self.env["safeguarding.review.method"].search([], limit=1)

    @api.model
    def _action_board(self):
        """The reviews board, open on the path of the company's default method."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_review.safeguarding_review_action"
        )
        action["context"] = {"searchpanel_default_method_id": self._default_method_id().id}
        return action

    @api.model
    def _default_stage_id(self):
        return self._default_method_id()._path()[:1]

    @api.model
    def _fill_method_and_stage(self, vals):
        """A new review's method and stage agree: a stage given alone (a board column's quick
        create, an import) takes the first method whose path has it; no stage given takes
        the first stage of the method."""
        Method = self.env["safeguarding.review.method"]
        Stage = self.env["safeguarding.review.stage"]
        stage = Stage.browse(vals.get("stage_id") or self.env.context.get("default_stage_id"))
        method = Method.browse(vals.get("method_id") or self.env.context.get("default_method_id"))
        if not method:
            method = self._default_method_id()
            if stage and stage not in method.stage_ids:
                method = stage.method_ids.filtered("active")[:1] or method
            vals["method_id"] = method.id
        if not stage:
            vals["stage_id"] = method._path()[:1].id

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # The columns are the paths of the methods of the reviews on the board, empty stages
        # included: the board shows each method whole (and Learning Together's unless the board
        # is filtered by method, so an empty board has its columns). One query: the reviews
        # are a subquery of the stages' search, under the user's record rules. A board member
        # only ever reads the stages the board sees.
        # The id alone, from the cached xmlid lookup: env.ref() would query its existence.
        default = self.env["ir.model.data"]._xmlid_to_res_id(
            "safeguarding_review.method_learning_together", raise_if_not_found=False
        )
        stage_domain = [("method_ids.review_ids", "any", domain)]
        by_method = any(
            isinstance(leaf, (list, tuple)) and str(leaf[0]).startswith("method_id")
            for leaf in domain
        )
        if default and not by_method:
            stage_domain = ["|", ("method_ids", "any", [("id", "=", default)]), *stage_domain]
        if not self.env.user.has_group("safeguarding_review.group_reviewer"):
            stage_domain = ["&", ("board_visible", "=", True), *stage_domain]
        # With the columns' names and folds (what the grouped read shows of them) in the
        # same query: a search, then its fetch, would be two.
        return stages.search_fetch(
            stage_domain,
            ["name", "fold", "sequence", "is_closed", "target_reached", "board_visible"],
        )

    # Path ---------------------------------------------------------------------
    def _path_stages(self):
        """The stages of the review's method, in board order: the moves its gates judge."""
        self.ensure_one()
        return self.method_id._path()

    @api.constrains("stage_id", "method_id")
    def _check_stage_on_path(self):
        for review in self:
            if review.stage_id not in review.method_id.stage_ids:
                raise ValidationError(
                    _(
                        "Stage: %(stage)s is not a stage of the method %(method)s (its stages: "
                        "%(stages)s).",
                        stage=review.stage_id.name,
                        method=review.method_id.name,
                        stages=", ".join(review.method_id._path().mapped("name")),
                    )
                )

    def _stage_on_method(self, method):
        """Where the review goes on ``method``'s path: the stage it is in when the new path has
        it; else as far along the new path as its gates let it walk from the first stage,
        never past the stage it is in (of the review's decision branch), so that a change of
        method jumps no gate."""
        self.ensure_one()
        path = method._path()
        if self.stage_id in path:
            return self.stage_id
        branch = self._path()
        working = path.filtered(lambda s: not s.fold and s.decision_required in (False, branch))
        reached = working[:1] or path[:1]
        for stage in working[1:]:
            if stage.sequence > self.stage_id.sequence or self._gate_missing(reached.gate_ids):
                break
            reached = stage
        return reached

    def write(self, vals):
        value = vals.get("method_id")
        if isinstance(value, models.BaseModel) and len(value) == 1:
            value = value.id  # a record given by code, as its id
            vals = {**vals, "method_id": value}
        if "stage_id" in vals or not isinstance(value, int) or isinstance(value, bool):
            return super().write(vals)  # a value of the wrong kind refused there, named
        method = self.env["safeguarding.review.method"].browse(value)
        if len(method) != 1:
            return super().write(vals)  # refused there, naming the field
        moves = {review: (review.method_id, review.stage_id) for review in self}
        by_stage = {}
        for review in self:
            by_stage.setdefault(review._stage_on_method(method), self.browse())
            by_stage[review._stage_on_method(method)] |= review
        for stage, reviews in by_stage.items():
            super(SafeguardingReview, reviews).write({**vals, "stage_id": stage.id})
        for review, (old_method, old_stage) in moves.items():
            if old_method != review.method_id:
                review._post_method_change(old_method, old_stage)
        return True

    def _post_method_change(self, old_method, old_stage):
        if old_stage == self.stage_id:
            moved = _("It stays in %(stage)s.", stage=self.stage_id.name)
        else:
            moved = _(
                "It moves from %(old)s to %(new)s.", old=old_stage.name, new=self.stage_id.name
            )
        self.message_post(
            body=_(
                "Method changed from %(old)s to %(new)s; everything recorded is kept. %(moved)s "
                "Its stages are now: %(stages)s.",
                old=old_method.name,
                new=self.method_id.name,
                moved=moved,
                stages=", ".join(self._path_stages().mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.onchange("method_id")
    def _onchange_method_id(self):
        """A new review starts at the method's first stage; a review under way is told, before
        it is saved, which stage the change of method moves it to."""
        if not self.method_id:
            return None
        if not self._origin.id:
            if self.stage_id not in self.method_id.stage_ids:
                self.stage_id = self.method_id._path()[:1]
            return None
        if self.method_id == self._origin.method_id:
            return None
        target = self._origin._stage_on_method(self.method_id)
        return {
            "warning": {
                "title": _("Changing the method"),
                "message": _(
                    "Everything recorded is kept. When saved, the review follows the stages of "
                    "%(method)s (%(stages)s) and %(where)s.",
                    method=self.method_id.name,
                    stages=", ".join(self.method_id._path().mapped("name")),
                    where=_("stays in %(stage)s", stage=target.name)
                    if target == self._origin.stage_id
                    else _("moves to %(stage)s", stage=target.name),
                ),
            }
        }

    @api.onchange("review_kind")
    def _onchange_review_kind_method(self):
        """A new child review starts on the child path (notification, rapid review); a new
        review of another kind leaves it, back to the default method."""
        if self._origin.id:
            return
        cspr = self.env.ref("safeguarding_review.method_cspr", raise_if_not_found=False)
        if not cspr:
            return
        if self.review_kind == "cspr" and self.method_id != cspr:
            self.method_id = cspr
        elif self.review_kind != "cspr" and self.method_id == cspr:
            self.method_id = self._default_method_id()
        if self.stage_id not in self.method_id.stage_ids:
            self.stage_id = self.method_id._path()[:1]

    # Record checks ------------------------------------------------------------
    def action_request_record_checks(self):
        """One request for records to each agency on the review that has none yet, asking
        what the method's record check asks (SAR in Rapid Time: its record check template)."""
        self.ensure_one()
        asked = self.agency_request_ids.agency_id
        agencies = self.agency_ids - asked
        if not agencies:
            raise UserError(
                _(
                    "Agencies involved: every agency on %(review)s already has a request for "
                    "its records; add the agency first (Review team and agencies tab).",
                    review=self.name,
                )
                if self.agency_ids
                else _(
                    "Agencies involved: %(review)s has no agency yet (Review team and agencies "
                    "tab).",
                    review=self.name,
                )
            )
        today = fields.Date.context_today(self)
        description = self.method_id.record_check_template or _(
            "Your agency's records of contact with %(pseudonym)s in the period reviewed.",
            pseudonym=self.adult_pseudonym,
        )
        self.env["safeguarding.agency.request"].create(
            [
                {
                    "review_id": self.id,
                    "agency_id": agency.id,
                    "description": description,
                    "asked_on": today,
                    "due_on": today + timedelta(days=self.method_id.record_check_days or 15),
                }
                for agency in agencies
            ]
        )
        return self.action_open_agency_requests()

    def _gate_rapid_setup(self):
        """SAR in Rapid Time's set-up meeting: the review prepared, and a record check asked
        of every agency on it."""
        self.ensure_one()
        missing = self._gate_preparation()
        unasked = self.agency_ids - self.agency_request_ids.agency_id
        if unasked:
            missing.append(
                Missing(
                    _(
                        "a record check requested of every agency: none yet for %(agencies)s "
                        "(Request records from every agency)",
                        agencies=", ".join(unasked.mapped("name")),
                    ),
                    method="action_request_record_checks",
                )
            )
        return missing

    def _gate_analysis_meeting(self):
        """SAR in Rapid Time's one analysis meeting with the practitioners: a case group
        meeting held."""
        self.ensure_one()
        held = self.conversation_ids.filtered(
            lambda c: c.kind == "case_group" and c.state == "held"
        )
        if held:
            return []
        return [
            Missing(
                _("the analysis meeting with the practitioners held (a case group meeting)"),
                method="action_open_conversations",
            )
        ]

    def _gate_notification(self):
        self.ensure_one()
        if self.notified_on:
            return []
        return [
            Missing(
                _("the date the incident was notified to the national panel, Decision tab"),
                page="decision",
            )
        ]

    def _gate_rapid_review(self):
        """The rapid review sent, with the decision on a local review."""
        self.ensure_one()
        missing = []
        if not self.rapid_review_sent_on:
            missing.append(
                Missing(
                    _("the date the rapid review was sent to the national panel, Decision tab"),
                    page="decision",
                )
            )
        return missing + self._gate_decision()
