from collections import Counter

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from .safeguarding_prefetch import fetch_links


class Missing(str):
    """What a gate finds missing (its words), and where it is done: a tab of the review's
    form (``page``), or a method of the review that opens the records (``method``). The
    form's stage panel makes each a link (static/src/js/next_steps.js)."""

    def __new__(cls, text, page=None, method=None):
        item = super().__new__(cls, text)
        item.page, item.method = page, method
        return item


class SafeguardingReview(models.Model):
    """The stage gates: what each stage of the method needs before a review moves on,
    checked on every move (form, board drag, import, API) and shown in the form."""

    _inherit = "safeguarding.review"

    stage_missing = fields.Text(
        string="Before moving on",
        groups="safeguarding_review.group_reviewer",
        compute="_compute_stage_missing",
        help="What the current stage still requires before the review can leave it.",
    )
    stage_form_page = fields.Char(related="stage_id.form_page")
    stage_board_guidance = fields.Html(related="stage_id.board_guidance", string="For the board")
    stage_next_steps = fields.Json(
        string="Next steps",
        groups="safeguarding_review.group_reviewer",
        compute="_compute_stage_missing",
        help="The same, each with where it is done, for the form's links.",
    )

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
        "publication_decision",
        "published_on",
    )
    def _compute_stage_missing(self):
        # What the next working stage on the review's path asks for: what a click on it
        # in the statusbar would be refused for.
        for review in self:
            stages = review._path_stages()
            index = list(stages).index(review.stage_id) if review.stage_id in stages else -1
            path = review._path()
            next_stage = next(
                (s for s in stages[index + 1 :] if s.decision_required in (False, path)),
                stages.browse(),
            )
            missing = review._stage_move_missing(review.stage_id, next_stage, stages)
            review.stage_missing = "\n".join(f"• {item}" for item in missing)
            review.stage_next_steps = [
                {
                    "text": str(item),
                    "page": getattr(item, "page", None),
                    "method": getattr(item, "method", None),
                }
                for item in missing
            ]

    # Gates --------------------------------------------------------------------
    # Each returns what is missing, in words a reviewer understands; [] means pass.
    def _gate_decision(self):
        self.ensure_one()
        missing = []
        if not self.decision:
            missing.append(
                Missing(
                    _("the decision (review, no review or other process), Decision tab"),
                    page="decision",
                )
            )
        if not self.decision_date:
            missing.append(Missing(_("the decision date, Decision tab"), page="decision"))
        if not (self.decision_reasons or "").strip():
            missing.append(
                Missing(_("the reasons for the decision, Decision tab"), page="decision")
            )
        return missing

    def _gate_preparation(self):
        self.ensure_one()
        missing = []
        team = "team"
        if not self.lead_reviewer_ids:
            missing.append(Missing(_("a lead reviewer, Review team and agencies tab"), page=team))
        if not html2plaintext(self.review_questions or "").strip():
            missing.append(
                Missing(
                    _("the questions the review should answer, Review team and agencies tab"),
                    page=team,
                )
            )
        if not self.agency_ids:
            missing.append(
                Missing(_("at least one agency involved, Review team and agencies tab"), page=team)
            )
        return missing

    def _path(self):
        """The branch of the board the decision puts the review on."""
        return "not_review" if self.decision in ("no_review", "other_process") else "review"

    def _gate_data_collection(self):
        self.ensure_one()
        missing = []
        if not self.conversation_ids.filtered(lambda c: c.state == "held"):
            missing.append(
                Missing(
                    _("at least one conversation held, Conversations"),
                    method="action_open_conversations",
                )
            )
        open_requests = self.agency_request_ids.filtered(lambda r: r.state == "requested")
        if open_requests:
            missing.append(
                Missing(
                    _(
                        "an answer to every request for records (received, or closed with the "
                        "reason): still open for %(agencies)s",
                        agencies=", ".join(open_requests.agency_id.mapped("name")),
                    ),
                    method="action_open_agency_requests",
                )
            )
        return missing

    def _gate_findings(self):
        self.ensure_one()
        if not self.finding_ids:
            return [Missing(_("at least one finding, Analysis tab"), page="analysis")]
        missing = []
        for finding in self.finding_ids:
            for item in finding._missing_for_board():
                missing.append(
                    Missing(
                        _("finding %(number)s: %(item)s", number=finding.number, item=item),
                        method="action_open_findings",
                    )
                )
        return missing

    def _gate_board_response(self):
        """Leaving the Board response: the board answered every finding (its managers
        record the answers, so the team cannot move on without them)."""
        self.ensure_one()
        return self._missing_board_responses()

    def _stored_children(self):
        """The review's stored counts (safeguarding_review_counts.py), counted as superuser:
        a gate judges every finding and action of the review, whoever moves it; None for a
        record being edited (a form's onchange), whose children may be edited with it."""
        if not isinstance(self.id, int):
            return None
        # sudo: the counts are the managers' field; what a gate says of them (the numbers
        # of the findings unanswered, how many actions are open) every reader of the review
        # reads already (the findings, the action count).
        stored = self.sudo().children_counts or {}
        # Counts stored before the gates read them (migrations/18.0.1.6.0 counts again).
        return stored if "action_statuses" in stored else None

    def _missing_board_responses(self):
        stored = self._stored_children()
        if stored is not None:
            numbers = stored.get("unanswered_findings", [])
        else:
            numbers = self.finding_ids.filtered(lambda f: not f.board_decision).mapped("number")
        if not numbers:
            return []
        return [
            Missing(
                _(
                    "the board's response to finding(s) %(numbers)s",
                    numbers=", ".join(map(str, numbers)),
                ),
                page="board",
            )
        ]

    def _gate_closing(self):
        self.ensure_one()
        missing = self._missing_board_responses()
        if not self.publication_decision:
            missing.append(
                Missing(
                    _("the board's decision on publication (Publication tab)"),
                    page="publication",
                )
            )
        elif self.publication_decision in ("publish", "summary") and not self.published_on:
            missing.append(
                Missing(
                    _("the date the report was published, and where (Publication tab)"),
                    page="publication",
                )
            )
        stored = self._stored_children()
        if stored is not None:
            statuses = stored.get("action_statuses", {})
        else:
            statuses = Counter(self.action_ids.mapped("status"))
        waiting = statuses.get("submitted", 0)
        if waiting:
            missing.append(
                Missing(
                    _(
                        "the evidence of %(count)s action(s) accepted (Accept the evidence)",
                        count=waiting,
                    ),
                    method="action_open_actions",
                )
            )
        still_open = sum(
            n for status, n in statuses.items() if status not in ("submitted", "done", "dropped")
        )
        if still_open:
            missing.append(
                Missing(
                    _(
                        "every action done, or dropped with its reason: %(count)s still open",
                        count=still_open,
                    ),
                    method="action_open_actions",
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
        passed = self._stages_passed(old_stage, new_stage, stages)
        fetch_links(passed, "gate_ids")  # with the gates, in one query
        missing = self._gate_missing(passed.gate_ids)
        # The stage's entry condition, unless a gate already asked for the decision.
        decision_asked = not self.decision and "decision" in passed.gate_ids.mapped("code")
        if not decision_asked and new_stage.decision_required not in (False, self._path()):
            if new_stage.decision_required == "review":
                missing.append(Missing(_("a decision to hold a review"), page="decision"))
            else:
                missing.append(
                    Missing(
                        _("a decision not to review (no review or other process)"),
                        page="decision",
                    )
                )
        # Keep the order, drop repeats (two gates may ask for the same thing).
        return list(dict.fromkeys(missing))

    def _stages_passed(self, old_stage, new_stage, stages):
        """On a move forward, the stage left and the working stages skipped on the way to
        ``new_stage`` (``stages``: every stage in board order), those of ``new_stage``'s
        path only (a review moved to No review from Monitoring is asked for the decision,
        not for its actions); nothing on a move back."""
        passed = self.env["safeguarding.review.stage"]
        if old_stage in stages and new_stage in stages:
            start, end = list(stages).index(old_stage), list(stages).index(new_stage)
            if end > start:
                passed = (old_stage | stages[start + 1 : end]).filtered(
                    lambda s: (s == old_stage or not s.fold) and s._is_on_path_to(new_stage)
                )
        return passed

    @api.onchange("stage_id")
    def _onchange_stage_id_gates(self):
        """In the form, a refused move snaps back at once and says why; the same check in
        write() is the real guard (board drags, imports, the API)."""
        old_stage = self._origin.stage_id
        if not old_stage or old_stage == self.stage_id:
            return None
        stages = self._path_stages()
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

    def _check_stage_moves(self, old_stages):
        problems = []
        for review in self:
            old_stage = old_stages[review.id]
            if old_stage == review.stage_id:
                continue
            missing = review._stage_move_missing(old_stage, review.stage_id, review._path_stages())
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
