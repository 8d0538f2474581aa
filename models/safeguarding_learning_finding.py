import re
from itertools import pairwise

from odoo import _, api, fields, models

# Words too common to say two findings are alike.
COMMON = frozenset(
    "about after again agencies agency among because before being between board could does "
    "each every from have their there these they this those through when where which while "
    "with within would whose what were will shall should other others".split()
)


class SafeguardingLearningFinding(models.Model):
    """A finding of a review in the library: what the analysis across boards counts, groups
    and searches (by pattern type, theme, words), and what a board compares its own
    findings with."""

    _name = "safeguarding.learning.finding"
    _inherit = ["safeguarding.values.mixin", "safeguarding.learning.line.mixin"]
    _description = "Finding of a review, in the library"
    _order = "year desc, library_review_id, number"
    _rec_name = "statement"

    number = fields.Integer()
    statement = fields.Text(required=True)
    pattern_type_id = fields.Many2one("safeguarding.pattern.type", string="Pattern type")
    pattern_name = fields.Char(string="Pattern type (as the file said)")
    evidence_summary = fields.Text()
    questions = fields.Text(string="Questions for the board")
    board_decision = fields.Char(string="Board's decision")
    board_response = fields.Text(string="Board's response")
    theme_ids = fields.Many2many(
        "safeguarding.learning.term",
        "safeguarding_learning_finding_theme_rel",
        "finding_id",
        "term_id",
        string="Action themes",
    )

    @api.model
    def _values(self, finding):
        pattern = finding.get("pattern_type") or {}
        Pattern = self.env["safeguarding.pattern.type"]
        matched = Pattern.browse()
        if pattern:
            # The shipped pattern types travel by their XML id, a board's own by its name.
            matched = self.env.ref(
                f"safeguarding_review.{pattern['code']}", raise_if_not_found=False
            )
            if not matched or matched._name != Pattern._name:
                matched = Pattern.search([("name", "=", pattern["name"])], limit=1)
        themes = [a["theme"] for a in finding.get("actions", []) if a.get("theme")]
        response = finding.get("board_response") or {}
        return {
            "number": finding["number"],
            "statement": finding["statement"],
            "pattern_type_id": matched.id or False,
            "pattern_name": pattern.get("name"),
            "evidence_summary": finding.get("evidence_summary"),
            "questions": "\n".join(finding.get("questions", [])),
            "board_decision": (response.get("decision") or {}).get("name"),
            "board_response": response.get("response"),
            "theme_ids": [
                (6, 0, self.env["safeguarding.learning.review"]._terms("theme", themes).ids)
            ],
        }

    @api.model
    def _words(self, text):
        """The words that say what a finding is about (five letters or more, not common)."""
        words = re.findall(r"[a-z]{5,}", (text or "").lower())
        return list(dict.fromkeys(w for w in words if w not in COMMON))

    @api.model
    def _similar_domain(self, finding):
        """Library findings like one of the board's own: the same pattern type, or sharing
        two of its words."""
        words = self._words(finding.name)[:8]
        pairs = [[("statement", "ilike", a), ("statement", "ilike", b)] for a, b in pairwise(words)]
        domain = (
            [("pattern_type_id", "=", finding.pattern_type_id.id)]
            if finding.pattern_type_id
            else []
        )
        for pair in pairs:
            domain = ["|", *domain, "&", *pair] if domain else ["&", *pair]
        return domain or [("id", "=", 0)]

    def _open_similar(self, finding):
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Findings like %(number)s of %(review)s",
                number=finding.number,
                review=finding.review_id.name,
            ),
            "res_model": self._name,
            "view_mode": "list,form,pivot",
            "domain": self._similar_domain(finding),
            "context": {"search_default_group_board": 1},
        }
