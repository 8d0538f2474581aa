from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, unique

from .safeguarding_plain_values import cached_values, put_computed

DATE_LONG = "d MMMM y"


class SafeguardingReview(models.Model):
    """The review's clock: its target completion date (months after the decision, per
    company, moved by the days the review was paused for a parallel process), the days
    left, and whether it is overdue. While paused, the clock stands still."""

    _inherit = "safeguarding.review"

    parallel_process_ids = fields.One2many(
        "safeguarding.parallel.process",
        "review_id",
        string="Parallel processes",
        groups="safeguarding_review.group_reviewer",
    )
    # What the board sees of a pause (the processes themselves are the team's): stored, so
    # the board's cards read them without a query.
    is_paused = fields.Boolean(
        string="Paused",
        compute="_compute_pause",
        store=True,
        help="The review's clock stands still.",
    )
    paused_since = fields.Date(string="Paused since", compute="_compute_pause", store=True)
    paused_days = fields.Integer(
        string="Days paused",
        compute="_compute_pause",
        store=True,
        help="The days of the pauses now ended: the target date has moved by them.",
    )
    pause_summary = fields.Char(string="Pauses", compute="_compute_pause", store=True)

    @api.depends(
        "parallel_process_ids.pause_from",
        "parallel_process_ids.pause_to",
        "parallel_process_ids.pause_reason",
    )
    def _compute_pause(self):
        for review in self:
            # sudo: only the pauses' dates and reasons (the board reads them) are copied.
            pauses = review.sudo().parallel_process_ids.filtered("pause_from")
            running = pauses.filtered(lambda p: not p.pause_to)
            review.is_paused = bool(running)
            review.paused_since = min(running.mapped("pause_from"), default=False)
            review.paused_days = sum(pauses.mapped("pause_days"))
            parts = []
            for pause in pauses.sorted("pause_from"):
                since = format_date(self.env, pause.pause_from, date_format=DATE_LONG)
                if pause.pause_to:
                    parts.append(
                        _(
                            "Paused %(days)s days from %(since)s (%(reason)s)",
                            reason=pause.pause_reason,
                            days=pause.pause_days,
                            since=since,
                        )
                    )
                else:
                    parts.append(
                        _(
                            "Paused since %(since)s (%(reason)s)",
                            reason=pause.pause_reason,
                            since=since,
                        )
                    )
            review.pause_summary = "; ".join(parts)

    @api.depends(
        "decision",
        "decision_date",
        "method_id.target_months",
        "company_id.safeguarding_target_months",
        "paused_days",
    )
    def _compute_target_date(self):
        for review in self:
            if review.decision == "review" and review.decision_date:
                months = (
                    review.method_id.target_months
                    or review.company_id.safeguarding_target_months
                    or 6
                )
                review.target_date = review.decision_date + relativedelta(
                    months=months, days=review.paused_days
                )
            elif not review.target_date:
                review.target_date = False

    @api.depends("stage_id.target_reached")
    def _compute_stage_target_reached(self):
        # The stage's flag for a page of cards at once (a related field assigns it record
        # by record).
        stage_ids = cached_values(self, "stage_id")
        stages = self.env["safeguarding.review.stage"].browse(unique(i for i in stage_ids if i))
        reached = {stage.id for stage in stages if stage.target_reached}
        put_computed(self, {"stage_target_reached": [i in reached for i in stage_ids]})

    @api.depends("target_date", "stage_id.target_reached", "paused_since", "is_paused")
    @api.depends_context("tz")
    def _compute_days_to_target(self):
        today = fields.Date.context_today(self)
        days, overdue = [], []
        for review in self:
            if review.target_date and not review.stage_id.target_reached:
                # Paused: the days left are those left when the pause began.
                counted_to = min(today, review.paused_since or today)
                days.append((review.target_date - counted_to).days)
                overdue.append(days[-1] < 0 and not review.is_paused)
            else:
                days.append(0)
                overdue.append(False)
        put_computed(self, {"days_to_target": days, "is_overdue": overdue})

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Overdue: only 'is set' and 'is not set' searches work."))
        # A paused review is not overdue: its clock stands still.
        overdue = [
            ("target_date", "<", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", False),
            ("is_paused", "=", False),
        ]
        if (operator == "=") == value:
            return overdue
        return [
            "|",
            "|",
            "|",
            ("target_date", "=", False),
            ("target_date", ">=", fields.Date.context_today(self)),
            ("stage_id.target_reached", "=", True),
            ("is_paused", "=", True),
        ]
