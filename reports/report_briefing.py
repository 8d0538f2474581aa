from odoo import models


class ReportBriefing(models.AbstractModel):
    """The one-page learning briefing for practitioners (the "seven-minute briefing" many
    boards use): the findings report's values (only the publication view), another page."""

    _name = "report.safeguarding_review.report_briefing"
    _inherit = "report.safeguarding_review.report_findings"
    _description = "Safeguarding review learning briefing"
