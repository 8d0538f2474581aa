import csv
import io
import json

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"


def _download(content, mimetype, name):
    return request.make_response(
        content,
        headers=[
            ("Content-Type", mimetype),
            ("Content-Disposition", http.content_disposition(name)),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )


def _refuse_cross_site():
    """These downloads are GETs (the web client opens them as links) that write the access
    log: a page on another site could make a signed-in browser fetch one (Odoo's session
    cookie is SameSite=Lax, sent on a top-level navigation), adding entries in the user's
    name. Browsers say where a request comes from (Sec-Fetch-Site): only this site, or the
    user's own address bar or bookmark, may ask."""
    if request.httprequest.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
        raise Forbidden()


class SafeguardingReportController(http.Controller):
    @http.route(
        "/safeguarding_review/findings_docx/<int:review_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def findings_docx(self, review_id):
        """The findings report as an editable Word document, for whoever may print it."""
        _refuse_cross_site()
        review = request.env["safeguarding.review"].browse(review_id)
        try:
            # As the user: the publication values check that they may read the review.
            content = request.env["safeguarding.publication"]._findings_docx(review.exists())
        except (AccessError, MissingError, IndexError):
            raise request.not_found() from None
        request.env["safeguarding.access.log"]._log("download", review, detail="Word document")
        return _download(content, DOCX, f"Findings report - {review.name}.docx")

    @http.route(
        "/safeguarding_review/subject_access/<int:partner_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def subject_access(self, partner_id):
        """Everything the reviews hold about one contact, as a ZIP, for a manager (the
        request is logged in the access log)."""
        _refuse_cross_site()
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        try:
            name, content = request.env["safeguarding.subject.access"]._export(partner)
        except AccessError:
            raise request.not_found() from None
        return _download(content, ZIP, name)

    @http.route(
        "/safeguarding_review/learning/export.<string:kind>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def learning_export(self, kind, ids=""):
        """The learning of published reviews as an exchange file (JSON, or CSV for a
        spreadsheet), for whoever may read them; refused while the publication check has
        hits."""
        _refuse_cross_site()
        if kind not in ("json", "csv"):
            raise request.not_found()
        try:
            review_ids = [int(i) for i in ids.split(",") if i]
        except ValueError:
            raise request.not_found() from None
        reviews = request.env["safeguarding.review"].browse(review_ids).exists()
        Exchange = request.env["safeguarding.learning.exchange"]
        try:
            document = Exchange._export(reviews)
        except AccessError:
            raise request.not_found() from None
        except UserError as error:
            return request.make_response(
                str(error), status=409, headers=[("Content-Type", "text/plain; charset=utf-8")]
            )
        request.env["safeguarding.access.log"]._log("export", reviews, detail=f"learning {kind}")
        if kind == "json":
            content = json.dumps(document, ensure_ascii=False, indent=2)
            mimetype = "application/json"
        else:
            stream = io.StringIO()
            csv.writer(stream).writerows(Exchange._csv_rows(document))
            content, mimetype = stream.getvalue(), "text/csv"
        return _download(content.encode(), f"{mimetype}; charset=utf-8", f"learning.{kind}")

    @http.route(
        "/safeguarding_review/api/learning",
        type="http",
        auth="bearer",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def learning_api(self):
        """The board's published learning, in the exchange format, for a national library to
        collect: authenticated by an Odoo API key (Authorization: Bearer <key>); what the
        key's user may read, published, with no open publication check hit."""
        document = request.env["safeguarding.learning.exchange"]._export_published()
        return request.make_response(
            json.dumps(document, ensure_ascii=False).encode(),
            headers=[("Content-Type", "application/json; charset=utf-8")],
        )
