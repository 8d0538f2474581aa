from markupsafe import Markup

from odoo import _, fields, models

# The models whose records are a review's working papers, or carry them (chatter,
# activities, attachments): every one of them has a review_id.
CHILD_MODELS = (
    "safeguarding.participant",
    "safeguarding.conversation",
    "safeguarding.agency.request",
    "safeguarding.source",
    "safeguarding.narrative.entry",
    "safeguarding.involvement",
    "safeguarding.parallel.process",
    "safeguarding.episode",
    "safeguarding.factor",
    "safeguarding.finding",
    "safeguarding.action",
    "safeguarding.report.draft",
    "safeguarding.report.comment",
    "safeguarding.review.milestone",
)
PARTICIPANT_PERSONAL = (
    "partner_id",
    "birth_date",
    "nhs_number",
    "wishes",
    "support_offered",
    "consent_notes",
    "best_interests",
    "sharing_authorised_by",
    "sharing_authorised_on",
    "sharing_reasons",
)


class SafeguardingReview(models.Model):
    """Anonymisation of a review due under the retention schedule
    (safeguarding_review_retention.py): what goes, said before it goes, then removed."""

    _inherit = "safeguarding.review"

    # What goes --------------------------------------------------------------------
    def _working_papers(self):
        """The records of the review that anonymisation changes or removes."""
        self.ensure_one()
        review = self.sudo()  # sudo: counted for a manager, who reads them all
        Draft = self.env["safeguarding.report.draft"].sudo()  # sudo: the same, for the drafts
        events = review.conversation_ids.calendar_event_id
        return {
            "conversations": review.conversation_ids,
            "transcripts": review.conversation_ids.transcript_ids,
            "events": events,
            "participants": review.with_context(active_test=False).participant_ids,
            "sources": review.source_ids,
            "narrative": review.narrative_entry_ids,
            "involvement": review.involvement_ids,
            "processes": review.parallel_process_ids,
            "requests": review.agency_request_ids,
            "drafts": Draft.search([("review_id", "=", self.id)]),
            "hits": review.publication_hit_ids,
        }

    def _documents(self):
        """(model, ids) of the review and of each of its records: their chatter, activities
        and attachments go with the working papers."""
        self.ensure_one()
        documents = [("safeguarding.review", [self.id])]
        for model in CHILD_MODELS:
            # sudo: ids alone, of this review's records, for the manager's anonymisation.
            Model = self.env[model].sudo().with_context(active_test=False)
            documents.append((model, Model.search([("review_id", "=", self.id)]).ids))
        return documents

    def _people(self):
        """The contacts the review links to, besides agencies and users: the participants
        (the adult's real identity among them), the referrer, the agencies' contacts."""
        self.ensure_one()
        papers = self._working_papers()
        partners = (
            papers["participants"].partner_id
            | self.sudo().referrer_id  # sudo: the referrer, a manager's field, for the manager
            | papers["requests"].contact_id
        )
        return partners.filtered(lambda p: not p.user_ids and not p.is_company)

    def _compute_retention_preview(self):
        # Only for the reviews due or held: the preview reads every table that could name one
        # of the review's contacts, too dear for every form.
        for review in self:
            if review.retention_state not in ("due", "held"):
                review.retention_preview = False
                continue
            review.retention_preview = "\n".join(review._retention_lines())

    def _retention_lines(self):
        self.ensure_one()
        papers = self._working_papers()
        people = self._people()
        shared = people.filtered(lambda p: p._safeguarding_is_shared(self))
        documents = self._documents()
        Message = self.env["mail.message"].sudo()  # sudo: counts only, for the preview
        messages = sum(
            Message.search_count([("model", "=", model), ("res_id", "in", ids)])
            for model, ids in documents
        )
        Attachment = self.env["ir.attachment"].sudo()  # sudo: counts only, for the preview
        attachments = sum(
            Attachment.search_count([("res_model", "=", model), ("res_id", "in", ids)])
            for model, ids in documents
        )
        kept_narrative = papers["narrative"].filtered("in_timeline")
        return [
            _(
                "• %(n)s conversation(s): their notes, what people said, their place and "
                "decisions; %(t)s transcript(s) and %(e)s calendar event(s) deleted",
                n=len(papers["conversations"]),
                t=len(papers["transcripts"]),
                e=len(papers["events"]),
            ),
            _(
                "• %(n)s participant(s): the link to Contacts (the real identity too), date of "
                "birth, NHS number, wishes, support, consent and sharing notes",
                n=len(papers["participants"]),
            ),
            _(
                "• %(n)s contact(s) used by this review only, anonymised and archived; "
                "%(s)s shared with another review or another app, unlinked and kept",
                n=len(people - shared),
                s=len(shared),
            ),
            _(
                "• the agencies' records: %(n)s record(s)' notes and their documents; "
                "%(r)s request(s)' wording and contact",
                n=len(papers["sources"]),
                r=len(papers["requests"]),
            ),
            _(
                "• the narrative: %(n)s entr(ies) deleted; the %(k)s in the report's timeline "
                "kept as printed",
                n=len(papers["narrative"] - kept_narrative),
                k=len(kept_narrative),
            ),
            _(
                "• the family's involvement log notes, the parallel processes' details, the "
                "referral's summary and referrer, %(d)s report draft(s) with their comments, "
                "%(h)s publication check hit(s)",
                d=len(papers["drafts"]),
                h=len(papers["hits"]),
            ),
            _(
                "• every chatter message (%(m)s, with the old values tracking kept), every "
                "activity and every attachment (%(a)s) of the review and its records",
                m=messages,
                a=attachments,
            ),
            _(
                "Kept for good: the report's texts, the findings with the board's response, "
                "the key practice episodes, the contributory factors, the actions and their "
                "outcomes, the milestones: the learning, counted by the analysis as before."
            ),
        ]

    def _anonymise(self):
        """Remove the review's personal data everywhere it lives: the records, their files,
        their chatter and the values tracking kept of them (as OCA's
        privacy_partner_to_be_forgotten: write without tracking, then remove what tracking
        kept). Contacts shared elsewhere are unlinked, the others anonymised."""
        self.ensure_one()
        lines = self._retention_lines()
        people = self._people()
        papers = self._working_papers()
        documents = self._documents()
        removed = _("Removed under the retention schedule.")
        # sudo: a manager confirmed it for a due review; the closed review and its records
        # are read-only to everyone, and the app alone removes what the schedule says.
        env = (
            self.sudo()  # sudo: see above (action_anonymise checked the manager and the state)
            .with_context(tracking_disable=True, mail_notrack=True, safeguarding_anonymising=True)
            .env
        )
        papers = {key: records.with_env(env) for key, records in papers.items()}
        review = self.with_env(env)
        # First: the participants' link to Contacts may go only once the review is anonymised.
        review.write(
            {"anonymised_on": fields.Date.context_today(self), "anonymised_by_id": self.env.uid}
        )
        papers["transcripts"].unlink()
        # Written first: the write keeps each conversation's event in step, and the events go
        # after it (else it would make them anew).
        papers["conversations"].write(
            {
                "notes_at_the_time": False,
                "own_perspective": False,
                "location": False,
                "decisions": False,
            }
        )
        papers["conversations"].calendar_event_id.unlink()
        papers["participants"].write(dict.fromkeys(PARTICIPANT_PERSONAL, False))
        papers["sources"].attachment_ids.unlink()
        papers["sources"].write({"notes": False, "name": removed})
        timeline = papers["narrative"].filtered("in_timeline")
        (papers["narrative"] - timeline).unlink()
        timeline.write({"agency_view": False, "participant_id": False, "source_id": False})
        papers["involvement"].write({"notes": False, "through": False})
        papers["processes"].write(
            {
                "sharing": False,
                "effect": False,
                "contact_role": False,
                "next_date_what": False,
                "pause_reason": False,
                "name": removed,
            }
        )
        papers["requests"].write(
            {"contact_id": False, "description": removed, "closed_reason": False}
        )
        papers["drafts"].comment_ids.unlink()
        draft_files = papers["drafts"].attachment_id
        papers["drafts"].unlink()  # before their files, which they keep (ondelete restrict)
        draft_files.unlink()
        papers["hits"].unlink()
        review.write(
            {
                "concerns_summary": Markup("<p>%s</p>") % removed,
                "referrer_id": False,
                "reopen_reason": False,
            }
        )
        for model, ids in documents:
            domain = [("res_model", "=", model), ("res_id", "in", ids)]
            env["mail.activity"].search(domain).unlink()
            env["ir.attachment"].search(domain).unlink()
            # Meetings planned from the chatter or an activity, and followers without a login
            # (the team's stay: they are users).
            env["calendar.event"].with_context(active_test=False).search(domain).unlink()
            env["mail.followers"].search(domain).filtered(
                lambda f: not f.partner_id.user_ids.filtered(lambda u: not u.share)
            ).unlink()
            # The tracking values, notifications and e-mails of each message go with it.
            env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()
        for partner in people.with_env(env):
            if not partner._safeguarding_is_shared(self):
                partner._safeguarding_anonymise()
        review.with_context(tracking_disable=False).message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                _(
                    "Working papers anonymised under the retention schedule, on %(date)s, by "
                    "%(user)s:",
                    date=fields.Date.context_today(self),
                    user=self.env.user.name,
                ),
                Markup().join(Markup("<li>%s</li>") % line.lstrip("• ") for line in lines),
            ),
            subtype_xmlid="mail.mt_note",
        )
