from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"


class SafeguardingReportController(http.Controller):
    @http.route(
        "/safeguarding_review/findings_docx/<int:review_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def findings_docx(self, review_id):
        """The findings report as an editable Word document, for whoever may print it."""
        review = request.env["safeguarding.review"].browse(review_id)
        try:
            # As the user: the publication values check that they may read the review.
            content = request.env["safeguarding.publication"]._findings_docx(review.exists())
        except (AccessError, MissingError, IndexError):
            raise request.not_found() from None
        request.env["safeguarding.access.log"]._log("download", review, detail="Word document")
        name = f"Findings report - {review.name}.docx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", DOCX),
                ("Content-Disposition", http.content_disposition(name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @http.route(
        "/safeguarding_review/subject_access/<int:partner_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def subject_access(self, partner_id):
        """Everything the reviews hold about one contact, as a ZIP, for a manager (the
        request is logged in the access log)."""
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        try:
            name, content = request.env["safeguarding.subject.access"]._export(partner)
        except AccessError:
            raise request.not_found() from None
        return request.make_response(
            content,
            headers=[
                ("Content-Type", ZIP),
                ("Content-Disposition", http.content_disposition(name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
