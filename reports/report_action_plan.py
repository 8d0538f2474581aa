from odoo import api, fields, models

from ..models.safeguarding_action import RAG


class ReportActionPlan(models.AbstractModel):
    """The action plan of reviews, for a board meeting: per finding, the board's response
    and each action with its owner, due date, RAG status, latest progress and evidence."""

    _name = "report.safeguarding_review.report_action_plan"
    _description = "Safeguarding review action plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["safeguarding.review"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.review",
            "docs": self._plans(reviews),
        }

    @api.model
    def _plans(self, reviews, actions=None):
        """The publication values of ``reviews``; with ``actions``, only those actions,
        under their findings."""
        Publication = self.env["safeguarding.publication"]
        plans = Publication._review_values(reviews)
        for plan, review in zip(plans, reviews, strict=True):
            # Early learning not yet linked to a finding: listed first, under its own head.
            early = review.action_ids.filtered(lambda a: a.is_early and not a.finding_id)
            if early:
                plan["findings"].insert(
                    0, {"early": True, "actions": [Publication._action_values(a) for a in early]}
                )
        if actions is not None:
            chosen = set(actions.ids)
            for plan in plans:
                for finding in plan["findings"]:
                    finding["actions"] = [a for a in finding["actions"] if a["id"] in chosen]
                plan["findings"] = [f for f in plan["findings"] if f["actions"]]
        today = fields.Date.context_today(self)
        for plan in plans:
            # The board reads the plan's state at a glance: the actions by RAG, as at today.
            rags = [a["rag"] for f in plan["findings"] for a in f["actions"]]
            plan["as_at"] = today
            plan["rag_summary"] = [
                {"rag": key, "label": label, "count": rags.count(key)}
                for key, label in RAG
                if rags.count(key)
            ]
        return plans


class ReportActionPlanSelection(models.AbstractModel):
    """The same action plan, printed from a selection of actions."""

    _name = "report.safeguarding_review.report_action_plan_selection"
    _description = "Safeguarding review action plan (selected actions)"

    @api.model
    def _get_report_values(self, docids, data=None):
        actions = self.env["safeguarding.action"].browse(docids)
        actions.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.action",
            "docs": self.env["report.safeguarding_review.report_action_plan"]._plans(
                actions.review_id, actions
            ),
        }
