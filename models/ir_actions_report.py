import logging
import threading

import requests

from odoo import _, models
from odoo.exceptions import UserError
from odoo.service import server
from odoo.tools import config

from .running_marks import stamp

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"
# What wkhtmltopdf says when it could not fetch the report's styles and fonts.
LOAD_FAILURES = ("network error", "ConnectionRefused", "HostNotFound", "Failed to load")


class _WarningsOfThisThread(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages = []

    def emit(self, record):
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


class IrActionsReport(models.Model):
    """PDFs with their styles, or a clear error.

    wkhtmltopdf fetches a report's styles and fonts over HTTP from the report's address,
    ``report.url`` or else ``web.base.url``: the address users reach, often a proxy or a
    public name this machine does not answer on. wkhtmltopdf then prints without styles and
    Odoo only logs a warning.
    """

    _inherit = "ir.actions.report"

    def _get_report_url(self, layout=None):
        # wkhtmltopdf runs on this machine: this server's own port always answers it, unless
        # report.url says otherwise, or the database is chosen by the host name (a db-filter
        # with %h or %d, which 127.0.0.1 would not match).
        if self.env["ir.config_parameter"].sudo().get_param("report.url"):
            return super()._get_report_url(layout=layout)
        dbfilter = config.get("dbfilter") or ""
        port = config.get("http_port")
        serving = server.server is not None and config.get("http_enable", True)
        if serving and port and "%h" not in dbfilter and "%d" not in dbfilter:
            return f"http://127.0.0.1:{port}"
        return super()._get_report_url(layout=layout)

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        ours = self._is_safeguarding_report(report_ref)
        if ours:
            self._check_report_url_answers()
            # The running header and footer are drawn onto the pages afterwards (see
            # _render_qweb_pdf_prepare_streams): a patched wkhtmltopdf would print them twice.
            kwargs.update(header=None, footer=None)
        watcher = _WarningsOfThisThread()
        logger = logging.getLogger(REPORT_LOGGER)
        logger.addHandler(watcher)
        try:
            pdf = super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        finally:
            logger.removeHandler(watcher)
        if ours and any(f in m for m in watcher.messages for f in LOAD_FAILURES):
            self._refuse_unstyled()
        return pdf

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # Who printed what: each record printed, in the access log.
        report = self._get_report(report_ref)
        if self._is_safeguarding_report(report_ref) and res_ids:
            ids = [res_ids] if isinstance(res_ids, int) else res_ids
            records = self.env[report.model].browse(ids)
            if "review_id" in records._fields or records._name == "safeguarding.review":
                self.env["safeguarding.access.log"]._log("print", records, detail=report.name)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        if not self._is_safeguarding_report(report_ref) or report.report_type != "qweb-pdf":
            return streams
        paper = report.get_paperformat()
        for res_id, stream_data in streams.items():
            if stream_data.get("attachment") or not stream_data.get("stream"):
                continue
            left, right, marked = self._running_marks(report, res_id)
            stream_data["stream"] = stamp(
                stream_data["stream"],
                left,
                right,
                marked,
                title=f"{report.name}: {left}",
                margin_left=paper.margin_left,
                margin_right=paper.margin_right,
            )
        return streams

    def _running_marks(self, report, res_id):
        # One review's reports carry its reference and pseudonym (the published name) and are
        # marked until it is published; any other print is an internal paper, always marked.
        if report.model == "safeguarding.review" and res_id:
            review = self.env["safeguarding.review"].browse(res_id)
            return (
                f"{review.name}: {review.adult_pseudonym or ''}",
                review.company_id.name or "",
                not review.published_on,
            )
        return report.name, self.env.company.name or "", True

    def _check_report_url_answers(self):
        # Debian's wkhtmltopdf (unpatched Qt) skips styles it cannot fetch without a word:
        # ask the address first whether this server answers there.
        url = self._get_report_url().rstrip("/")
        try:
            answered = requests.get(f"{url}/web/health", timeout=3).ok
        except requests.RequestException:
            answered = False
        if not answered:
            self._refuse_unstyled()

    def _refuse_unstyled(self):
        raise UserError(
            _(
                "The report's styles could not be loaded from %(url)s, so it would print "
                "without them. Set the system parameter report.url to an address this server "
                "answers on from its own machine (e.g. http://127.0.0.1:8069; README, "
                "Printing).",
                url=self._get_report_url(),
            )
        )

    def _is_safeguarding_report(self, report_ref):
        if not report_ref:
            return False
        report = self._get_report(report_ref)
        return report.report_name.startswith("safeguarding_review.")
