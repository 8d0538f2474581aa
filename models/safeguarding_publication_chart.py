import base64
from collections import defaultdict

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
    """The contributory factors chart of the printed reports, and the same in words."""

    _inherit = "safeguarding.publication"

    @api.model
    def _factor_counts(self, factors):
        """{category: {influence: count}}, the categories in the taxonomy's order."""
        counts = defaultdict(lambda: {"hindered": 0, "supported": 0})
        for factor in factors:
            counts[factor.category_id][factor.influence] += 1
        ordered = sorted(counts, key=lambda c: (c.parent_path or "", c.sequence, c.id))
        return {category: counts[category] for category in ordered}

    @api.model
    def _chart_alt(self, factors):
        """The chart said in words, for a reader who cannot see it."""
        counts = self._factor_counts(factors)
        if not counts:
            return ""
        said = "; ".join(
            self.env._(
                "%(category)s: %(hindered)s made good practice harder, %(supported)s supported it",
                category=category.name,
                hindered=count["hindered"],
                supported=count["supported"],
            )
            for category, count in counts.items()
        )
        return _("Contributory factors by category and influence. %s.", said)

    @api.model
    def _factor_chart(self, factors):
        """A PNG (data URI) of the factors by category and influence, drawn with reportlab."""
        if not factors:
            return False
        counts = self._factor_counts(factors)
        categories = list(counts)
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
