from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .safeguarding_confidential_tools import MANAGER_GROUP
from .safeguarding_printed import PRINTED_FIELDS

# The board's decisions, recorded by its managers; the team reads them.
BOARD_PUBLICATION_FIELDS = frozenset(
    {
        "board_adopted_on",
        "publication_decision",
        "publication_decision_on",
        "publication_decision_reasons",
        "published_on",
        "published_where",
    }
)

PUBLICATION_DECISIONS = [
    ("publish", "Publish the report"),
    ("summary", "Publish a summary"),
    ("not_publish", "Do not publish"),
]


class SafeguardingReview(models.Model):
    """The report a board publishes: its own texts, its dates, the check for names, the
    factual accuracy round and the board's decision on publication (quality markers 13-14).

    The texts are written for publication (pseudonyms and roles only); the publication
    check (safeguarding.publication.hit) scans every text the report prints for what
    identifies the review's people, and approval waits until each hit is gone or a manager
    said why it is safe."""

    _inherit = "safeguarding.review"

    # The report's texts, in the order the report prints them -------------------------
    review_period_start = fields.Date(
        string="Period reviewed from", help="The part of the adult's history the review looks at."
    )
    review_period_end = fields.Date(string="Period reviewed to")
    report_introduction = fields.Html(
        string="Why this case was reviewed",
        help="Why the review was held and what it set out to understand.",
    )
    case_summary = fields.Html(
        string="The case in brief",
        help="A short account of the case for publication: pseudonyms and roles only.",
    )
    report_early_learning = fields.Html(
        string="Learning already acted on",
        help="What agencies changed during the review, without waiting for the report.",
    )
    report_limitations = fields.Html(
        string="Limits of the review",
        help="What the review could not look at, or whom it could not hear, and why.",
    )
    report_appraisal_summary = fields.Html(
        string="Appraisal of practice: summary",
        help="An overview of practice in the case, before the key practice episodes.",
    )
    report_conclusion = fields.Html(string="Conclusion")
    briefing_practice_points = fields.Html(
        string="What to do differently",
        help="For the learning briefing: what practitioners and managers should do "
        "differently, in a few points.",
    )

    # The review's dates, and its publication ----------------------------------------
    board_adopted_on = fields.Date(
        string="Findings adopted by the board", tracking=True, copy=False
    )
    publication_decision = fields.Selection(
        PUBLICATION_DECISIONS, string="Board's decision on publication", tracking=True, copy=False
    )
    publication_decision_on = fields.Date(string="Decided on", tracking=True, copy=False)
    publication_decision_reasons = fields.Text(
        string="Reasons for publishing or not", tracking=True, copy=False
    )
    published_on = fields.Date(string="Published on", tracking=True, copy=False)
    published_where = fields.Char(
        string="Published where",
        tracking=True,
        copy=False,
        help="Where the board published it, e.g. the address of the page on its website.",
    )
    publication_approved_on = fields.Date(
        string="Approved for publication on", readonly=True, tracking=True, copy=False
    )
    publication_approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, tracking=True, copy=False
    )
    publication_hit_ids = fields.One2many(
        "safeguarding.publication.hit", "review_id", string="Publication check"
    )
    report_draft_ids = fields.One2many(
        "safeguarding.report.draft", "review_id", string="Drafts for factual accuracy"
    )
    report_comment_ids = fields.One2many(
        "safeguarding.report.comment", "review_id", string="Comments on the drafts"
    )
    open_comment_count = fields.Integer(
        string="Comments to answer", compute="_compute_open_comment_count"
    )
    publication_checked_on = fields.Datetime(string="Last checked", readonly=True, copy=False)
    publication_open_hit_count = fields.Integer(
        string="Hits to clear", compute="_compute_publication_open_hit_count"
    )
    is_published = fields.Boolean(compute="_compute_is_published")

    def _fields_the_user_may_not_write(self, names):
        refused = super()._fields_the_user_may_not_write(names)
        if not self.env.user.has_group(MANAGER_GROUP):
            refused |= names & BOARD_PUBLICATION_FIELDS
        return refused

    def _check_after_write(self, names, creating=False):
        result = super()._check_after_write(names, creating=creating)
        if not creating and PRINTED_FIELDS["safeguarding.review"] & set(names):
            self._withdraw_publication_approval()
        return result

    def _withdraw_publication_approval(self):
        """The approval was of the report as it was: a change to what it prints (a text, an
        episode, a participant's published label...) withdraws it, with a note saying so."""
        if self.env.context.get("safeguarding_anonymising"):
            return  # the retention schedule keeps the report as it was approved
        # sudo: only the app writes the approval; the reviews are those just written.
        approved = self.sudo().filtered("publication_approved_on")
        if not approved:
            return
        approved.write({"publication_approved_on": False, "publication_approved_by_id": False})
        for review in approved:
            review.message_post(
                body=_(
                    "Approval for publication withdrawn: something the report prints changed. "
                    "Check for names again, and approve again."
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.depends("publication_hit_ids.safe_reason")
    def _compute_publication_open_hit_count(self):
        counts = self.env["safeguarding.publication.hit"]._counts_by_review(
            self, [("safe_reason", "=", False)]
        )
        for review in self:
            review.publication_open_hit_count = counts.get(review._origin.id, 0)

    @api.depends("report_comment_ids.state")
    def _compute_open_comment_count(self):
        counts = self.env["safeguarding.report.comment"]._counts_by_review(
            self, [("state", "=", "open")]
        )
        for review in self:
            review.open_comment_count = counts.get(review._origin.id, 0)

    @api.depends("published_on")
    def _compute_is_published(self):
        for review in self:
            review.is_published = bool(review.published_on)

    @api.constrains(
        "publication_decision", "publication_decision_reasons", "published_on", "published_where"
    )
    def _check_publication(self):
        for review in self:
            if review.publication_decision and not review.publication_decision_reasons:
                raise UserError(
                    _(
                        "Reasons for publishing or not: the board's decision on publishing %s "
                        "needs its reasons.",
                        review.name,
                    )
                )
            if review.published_on and review.publication_decision not in ("publish", "summary"):
                raise UserError(
                    _(
                        "Published on: %s can be published only once the board decided to "
                        "publish the report or a summary.",
                        review.name,
                    )
                )

    @api.constrains("published_on")
    def _check_published_approved(self):
        for review in self:
            if review.published_on and not review.publication_approved_on:
                raise UserError(
                    _(
                        "Published on: approve %s for publication first (Publication tab, "
                        "Approve for publication).",
                        review.name,
                    )
                )

    @api.onchange("publication_decision")
    def _onchange_publication_decision(self):
        if self.publication_decision and not self.publication_decision_on:
            self.publication_decision_on = fields.Date.context_today(self)

    def action_check_publication(self):
        """Scan every text the report prints for what identifies the review's people."""
        self.env["safeguarding.publication.hit"]._check_reviews(self)
        return self._open_publication_page()

    def action_make_draft(self):
        """Keep the findings report as it is now as a new draft, to send for comment."""
        self.ensure_one()
        self.env["safeguarding.report.draft"]._make(self)
        return self._open_publication_page()

    def action_approve_publication(self):
        """A manager approves the report for publication: the check runs again first, and
        every hit it finds must be gone or have the reason why it is safe."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(_("Only a safeguarding manager approves a report for publication."))
        self.env["safeguarding.publication.hit"]._check_reviews(self)
        for review in self:
            if review.open_comment_count:
                raise UserError(
                    _(
                        "%(review)s cannot be approved for publication: %(count)s comment(s) on "
                        "the draft are not answered yet (Comments on the drafts).",
                        review=review.name,
                        count=review.open_comment_count,
                    )
                )
            open_hits = review.publication_hit_ids.filtered(lambda h: not h.safe_reason)
            if open_hits:
                listed = "\n".join(f"- {hit.display_name}" for hit in open_hits[:10])
                raise UserError(
                    _(
                        "%(review)s cannot be approved for publication: the publication check "
                        "found %(count)s text(s) that may identify someone. Change the text, or "
                        "record in Why it is safe why it may stay:\n%(hits)s",
                        review=review.name,
                        count=len(open_hits),
                        hits=listed,
                    )
                )
        # sudo: who approved, and when, is the app's to record (read-only to users).
        self.sudo().write(
            {
                "publication_approved_on": fields.Date.context_today(self),
                "publication_approved_by_id": self.env.uid,
            }
        )
        return True

    def action_download_docx(self):
        """The findings report as an editable, accessible Word document."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/safeguarding_review/findings_docx/{self.id}",
            "target": "self",
        }

    def _open_publication_page(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "context": {"sg_page": "publication"},
        }
