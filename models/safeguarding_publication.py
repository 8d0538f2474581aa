import base64
from collections import defaultdict

from markupsafe import Markup
from reportlab.graphics import renderPM
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from odoo import _, api, models

# The chart's two series: factors that made good practice harder, and those that supported it.
INFLUENCE_COLOURS = {
    "hindered": colors.HexColor("#c0392b"),
    "supported": colors.HexColor("#2e86c1"),
}


class SafeguardingPublication(models.AbstractModel):
    """The publication view of a review: what the printed reports are given, and all of it.

    Publication safety by construction: templates receive plain values built here, never
    records. People appear only by their published label (pseudonym, or role and agency):
    nothing is ever read from a person's contact (name, address, birth date, phone,
    email), so no template can print it, whatever was typed into the participants.
    """

    _name = "safeguarding.publication"
    _description = "Publication view of a safeguarding review"

    @api.model
    def _review_values(self, reviews):
        """One dict per review, for the findings report and the action plan."""
        # Whoever prints must be able to read the reviews. A board member prints the report
        # but has no right on episodes or participants, hence sudo below; it is safe because
        # only the published labels and texts built here leave this method.
        reviews.check_access("read")
        values = []
        for review in reviews.sudo():  # sudo: see above, only published values leave
            parts = defaultdict(list)
            for participant in review.participant_ids.sorted(lambda p: (p.part, p.id)):
                parts[participant.part].append(participant.published_as)
            values.append(
                {
                    "id": review.id,
                    "company": review.company_id,
                    "reference": review.name,
                    "title": review.title,
                    "kind": self._label(review, "review_kind"),
                    "method": self._label(review, "method"),
                    "pseudonym": review.adult_pseudonym,
                    "period_start": review.review_period_start,
                    "period_end": review.review_period_end,
                    "decision_date": review.decision_date,
                    "review_team": parts["review_team"],
                    "case_group": parts["practitioner"] + parts["first_line_manager"],
                    "agencies": review.agency_ids.mapped("name"),
                    "introduction": review.report_introduction or Markup(),
                    "case_summary": review.case_summary or Markup(),
                    "findings": [self._finding_values(f) for f in review.finding_ids],
                    "episodes": [self._episode_values(e) for e in review.episode_ids],
                    "chart": self._factor_chart(review.factor_ids),
                }
            )
        return values

    @api.model
    def _label(self, record, field):
        """The translated label of a selection field's value ('' when unset)."""
        return record._fields[field].convert_to_export(record[field], record)

    @api.model
    def _finding_values(self, finding):
        return {
            "number": finding.number,
            "statement": finding.name,
            "pattern": finding.pattern_type_id.name or "",
            "evidence_case": finding.evidence_case or Markup(),
            "evidence_wider": finding.evidence_wider or Markup(),
            "evidence_why": finding.evidence_why or Markup(),
            "questions": finding.question_ids.sorted(lambda q: (q.sequence, q.id)).mapped("name"),
            "recommendations": finding.recommendation_ids.sorted(
                lambda r: (r.sequence, r.id)
            ).mapped("name"),
            "board_decision": self._label(finding, "board_decision"),
            "board_decision_code": finding.board_decision or "",
            "board_response": finding.board_response or "",
            "board_decision_reasons": finding.board_decision_reasons or "",
            "board_response_date": finding.board_response_date,
            "priority": finding.priority,
            "actions": [self._action_values(a) for a in finding.action_ids],
        }

    @api.model
    def _episode_values(self, episode):
        return {
            "number": episode.number,
            "title": episode.name,
            "date_from": episode.date_from,
            "date_to": episode.date_to,
            "appraisal": self._label(episode, "appraisal") or _("Not appraised"),
            "appraisal_notes": episode.appraisal_notes or "",
        }

    @api.model
    def _action_values(self, action):
        # The latest progress update: the newest comment in the action's chatter.
        update = action.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        return {
            "id": action.id,
            "name": action.name,
            "agency": action.agency_id.name or "",
            # Owners are staff of the agencies; the action plan is for the board's meeting,
            # not for publication, and names who is accountable, as boards expect.
            "owner": action.owner_id.name,
            "due_date": action.due_date,
            "status": self._label(action, "status"),
            "rag": action.rag,
            "rag_label": self._label(action, "rag"),
            "latest_update": update.body or Markup(),
            "latest_update_date": update.date,
            "evidence": action.evidence or Markup(),
            "observed_impact": action.observed_impact or "",
        }

    @api.model
    def _factor_chart(self, factors):
        """A PNG (data URI) of the factors by category and influence, drawn with reportlab."""
        if not factors:
            return False
        counts = defaultdict(lambda: {"hindered": 0, "supported": 0})
        for factor in factors:
            counts[factor.category_id][factor.influence] += 1
        categories = sorted(counts, key=lambda c: (c.parent_path or "", c.sequence, c.id))
        height = 60 + 28 * len(categories)
        drawing = Drawing(520, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 190, 40
        chart.width, chart.height = 300, height - 60
        # reportlab draws the first category at the bottom: reverse, so the list reads down.
        ordered = list(reversed(categories))
        chart.data = [
            [counts[c]["hindered"] for c in ordered],
            [counts[c]["supported"] for c in ordered],
        ]
        chart.categoryAxis.categoryNames = [c.name for c in ordered]
        chart.categoryAxis.labels.fontName = "Helvetica"
        chart.categoryAxis.labels.fontSize = 9
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueStep = 1 if max(max(d) for d in chart.data) < 10 else None
        chart.valueAxis.labels.fontSize = 8
        chart.bars[0].fillColor = INFLUENCE_COLOURS["hindered"]
        chart.bars[1].fillColor = INFLUENCE_COLOURS["supported"]
        chart.barSpacing = 1
        chart.groupSpacing = 6
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y = 190, 18
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontSize = 9
        legend.colorNamePairs = [
            (INFLUENCE_COLOURS["hindered"], _("Made good practice harder")),
            (INFLUENCE_COLOURS["supported"], _("Supported good practice")),
        ]
        drawing.add(legend)
        drawing.add(String(0, height - 12, _("Contributory factors"), fontSize=11))
        png = renderPM.drawToString(drawing, fmt="PNG", dpi=144)
        return "data:image/png;base64," + base64.b64encode(png).decode()
