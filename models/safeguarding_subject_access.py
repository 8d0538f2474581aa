import io
import re
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date, format_datetime, html2plaintext

from .safeguarding_confidential_tools import MANAGER_GROUP

PARTICIPATION_FIELDS = (
    "part",
    "agency_id",
    "published_role",
    "pseudonym",
    "birth_date",
    "nhs_number",
    "invited_on",
    "briefing_sent_on",
    "answer",
    "wishes",
    "support_offered",
    "feedback_session_on",
    "advocacy",
    "consent",
    "consent_notes",
    "capacity",
    "best_interests",
    "sharing_authorised_by",
    "sharing_authorised_on",
    "sharing_reasons",
)


class SafeguardingSubjectAccess(models.AbstractModel):
    """A subject access request (UK GDPR Art. 15): for one contact, everything the addon
    holds about them across the reviews the manager may read, as one ZIP for a disclosure
    officer to review: a readable summary and the documents of their conversations. It
    holds what the reviews say of that person and nothing of another participant."""

    _name = "safeguarding.subject.access"
    _description = "Subject access export"

    @api.model
    def _export(self, partner):
        """(file name, ZIP bytes) for ``partner``; the request logged for each review."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only a manager of the board answers a subject access request."))
        partner.ensure_one()
        partner.check_access("read")
        sections, documents, logged = self._sections(partner)
        html = self.env["ir.qweb"]._render(
            "safeguarding_review.subject_access_document",
            {
                "person": partner.name,
                "made_on": format_datetime(
                    self.env, fields.Datetime.now(), dt_format="d MMMM y HH:mm"
                ),
                "made_by": self.env.user.name,
                "sections": sections,
            },
        )
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("subject-access.html", str(html))
            for path, content in documents:
                archive.writestr(path, content)
        for records in logged:
            self.env["safeguarding.access.log"]._log(
                "subject_access", records, detail=_("Subject access: contact %s", partner.id)
            )
        slug = re.sub(r"[^A-Za-z0-9]+", "-", partner.name or "contact").strip("-")
        return f"Subject access - {slug}.zip", stream.getvalue()

    @api.model
    def _label(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "html":
            return html2plaintext(value or "")
        if field.type == "date":
            return format_date(self.env, value, date_format="d MMMM y")
        if field.type == "datetime":
            return format_datetime(self.env, value, dt_format="d MMMM y HH:mm")
        return value or ""

    @api.model
    def _rows(self, record, names):
        """[(label, value)] of the fields ``names`` that hold something."""
        return [
            (record._fields[name]._description_string(self.env), self._label(record, name))
            for name in names
            if record[name]
        ]

    @api.model
    def _sections(self, partner):
        """One section per review: what it holds about the person, as the manager reads it
        (the record rules apply: a review of another company is not read)."""
        Participant = self.env["safeguarding.participant"].with_context(active_test=False)
        participants = Participant.search([("partner_id", "=", partner.id)])
        requests = self.env["safeguarding.agency.request"].search([("contact_id", "=", partner.id)])
        referred = self.env["safeguarding.review"].search([("referrer_id", "=", partner.id)])
        reviews = participants.review_id | requests.review_id | referred
        sections, documents, logged = [], [], [participants, requests, referred]
        for review in reviews.sorted("name"):
            items = []
            if review in referred:
                items.append(
                    (
                        _("Referred the case"),
                        self._rows(review, ("referral_date",)),
                    )
                )
            for participant in participants.filtered(lambda p, r=review: p.review_id == r):
                items += self._participant_items(participant, documents)
            for request in requests.filtered(lambda q, r=review: q.review_id == r):
                items.append(
                    (
                        _("Asked for the records of %(agency)s", agency=request.agency_id.name),
                        self._rows(request, ("asked_on", "description", "state", "received_on")),
                    )
                )
            sections.append({"review": f"{review.name}: {review.title}", "items": items})
        return sections, documents, [records for records in logged if records]

    @api.model
    def _participant_items(self, participant, documents):
        review = participant.review_id
        items = [(_("Took part in the review"), self._rows(participant, PARTICIPATION_FIELDS))]
        conversations = review.conversation_ids.filtered(lambda c: participant in c.participant_ids)
        for conversation in conversations.sorted("start"):
            others = len(conversation.participant_ids - participant)
            rows = self._rows(
                conversation,
                ("start", "kind", "state", "location", "notes_at_the_time", "own_perspective"),
            )
            if others:
                rows.append((_("Others present"), _("%s (not named here)", others)))
            # A transcript of the person alone is theirs; one with others present holds
            # other people's words: named for the disclosure officer to redact, not copied.
            for attachment in conversation.transcript_ids:
                if others:
                    rows.append(
                        (_("Transcript, with others present"), _("%s (to redact)", attachment.name))
                    )
                else:
                    path = f"documents/{review.name}/{conversation.id}-{attachment.name}"
                    documents.append((path, attachment.raw or b""))
            items.append((_("Conversation: %s", conversation.name), rows))
        involvement = self.env["safeguarding.involvement"].search(
            [("participant_id", "=", participant.id)], order="date, id"
        )
        for entry in involvement:
            items.append(
                (
                    _("Involvement log"),
                    self._rows(entry, ("date", "kind", "channel", "through", "notes")),
                )
            )
        narrative = self.env["safeguarding.narrative.entry"].search(
            [("participant_id", "=", participant.id)], order="date_from, id"
        )
        for entry in narrative:
            items.append(
                (
                    _("Narrative entry"),
                    self._rows(entry, ("date_from", "agency_id", "what_happened", "agency_view")),
                )
            )
        comments = self.env["safeguarding.report.comment"].search(
            [("participant_id", "=", participant.id)]
        )
        for comment in comments:
            items.append(
                (
                    _("Comment on a draft report"),
                    self._rows(comment, ("received_on", "comment", "response")),
                )
            )
        return items
