from odoo import _, api, models


class SafeguardingReview(models.Model):
    """The review's reference (SAR-2026-001), from a per-company sequence."""

    _inherit = "safeguarding.review"

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
