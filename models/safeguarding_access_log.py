from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

EVENTS = [
    ("open", "Opened"),
    ("print", "Printed"),
    ("download", "Downloaded"),
    ("export", "Exported"),
    ("subject_access", "Subject access export"),
]


class SafeguardingAccessLog(models.Model):
    """Who opened a review or one of its records, printed a report, downloaded the report's
    Word document or exported from the addon's models, and when (UK GDPR accountability).

    Readable by managers only and writable by nobody: entries are added by the app itself
    (``_log``, as superuser), and removed only by the daily job once older than the period
    set in Settings. Odoo's mail tracking already records who changed what; this records
    who looked."""

    _name = "safeguarding.access.log"
    _inherit = ["safeguarding.confidential.mixin"]
    _description = "Safeguarding access log"
    _order = "logged_at desc, id desc"

    logged_at = fields.Datetime(string="When", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Who", required=True, readonly=True)
    event = fields.Selection(EVENTS, string="What", required=True, readonly=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_id = fields.Integer(string="Record", readonly=True)
    review_id = fields.Many2one(
        "safeguarding.review", string="Review", readonly=True, index=True, ondelete="set null"
    )
    review_reference = fields.Char(string="Reference", readonly=True)
    detail = fields.Char(readonly=True, help="The report printed, the fields exported.")
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    @api.model
    def _log(self, event, records, detail=""):
        """One entry per record of ``records`` for the current user (nothing as superuser:
        the app's own reads are not a person's)."""
        records = records.filtered(lambda r: isinstance(r.id, int))  # saved records only
        if self.env.su or not records:
            return
        now = fields.Datetime.now()
        rows = []
        # sudo: which review each record belongs to, for the entry alone.
        for record in records.sudo():
            review = record if record._name == "safeguarding.review" else record["review_id"]
            rows.append(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    now,
                    self.env.uid,
                    event,
                    record._name,
                    record.id,
                    review.id or None,
                    review.name or None,
                    (detail or "")[:250],
                    review.company_id.id or self.env.company.id,
                    self.env.uid,
                    now,
                    self.env.uid,
                    now,
                )
            )
        # One insert, as the app: nobody may create entries (the log is nobody's to write),
        # and the form's query budget holds (an ORM create costs seven queries here).
        self.env.cr.execute(
            SQL(
                """INSERT INTO %s (logged_at, user_id, event, res_model, res_id, review_id,
                                   review_reference, detail, company_id,
                                   create_uid, create_date, write_uid, write_date)
                   VALUES %s""",
                SQL.identifier(self._table),
                SQL(", ").join(rows),
            )
        )

    @api.model
    def _cron_purge(self):
        """Daily: entries older than each company's period go (Settings, Access log)."""
        for company in self.env["res.company"].search([]):
            days = company.safeguarding_access_log_days or 730
            limit = fields.Datetime.now() - relativedelta(days=days)
            self.search([("company_id", "=", company.id), ("logged_at", "<", limit)]).unlink()
