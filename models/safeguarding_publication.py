import re
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools import format_date, html2plaintext, is_html_empty

from .safeguarding_participant import PERSONAL_PARTS
from .safeguarding_printed import EPISODE_TEXTS, FINDING_TEXTS, REVIEW_TEXTS

CASE_GROUP_PARTS = ("practitioner", "first_line_manager")

# The report's parts after the cover and the contents, in the order printed.
REPORT_PARTS = (
    "summary",
    "introduction",
    "methodology",
    "appraisal",
    "findings",
    "conclusion",
    "appendices",
)


class SafeguardingPublication(models.AbstractModel):
    """The publication view of a review: what the printed reports are given, and all of it.

    Publication safety by construction: templates receive plain values built here, never
    records. People appear only by their published label (pseudonym, or role and agency):
    nothing is ever read from a person's contact (name, address, birth date, phone,
    email), so no template can print it, whatever was typed into the participants.
    """

    _name = "safeguarding.publication"
    _description = "Publication view of a safeguarding review"

    @api.model
    def _review_values(self, reviews):
        """One dict per review, for the findings report, the briefing and the action plan."""
        # Whoever prints must be able to read the reviews. A board member prints the report
        # but has no right on episodes or participants, hence sudo below; it is safe because
        # only the published labels and texts built here leave this method.
        reviews.check_access("read")
        stage_dates = self._stage_dates(reviews)
        glossary = self._glossary(reviews)
        values = []
        for review in reviews.sudo():  # sudo: see above, only published values leave
            parts = defaultdict(list)
            for participant in review.participant_ids.sorted(lambda p: (p.part, p.id)):
                parts[participant.part].append(participant.published_as)
            findings = [self._finding_values(f) for f in review.finding_ids]
            episodes = [self._episode_values(e) for e in review.episode_ids]
            review_values = {
                "id": review.id,
                "company": review.company_id,
                "reference": review.name,
                "title": review.title,
                "kind": self._label(review, "review_kind"),
                "method": review.method_id.name or "",
                "shape": review.method_id.report_shape or "full",
                "pseudonym": review.adult_pseudonym,
                "period_start": review.review_period_start,
                "period_end": review.review_period_end,
                "referral_date": review.referral_date,
                "decision_date": review.decision_date,
                "adopted_date": review.board_adopted_on,
                "published_on": review.published_on,
                "published_where": review.published_where or "",
                "publication_decision": self._label(review, "publication_decision"),
                "is_published": bool(review.published_on),
                "is_approved": bool(review.publication_approved_on),
                "review_team": parts["review_team"],
                "case_group": parts["practitioner"] + parts["first_line_manager"],
                "family": parts["family"] + parts["friend_carer"],
                "agencies": review.agency_ids.mapped("name"),
                "introduction": review.report_introduction or Markup(),
                "case_summary": review.case_summary or Markup(),
                "early_learning": review.report_early_learning or Markup(),
                # Early learning as actions: what was done, by which agency, how far it got.
                "early_actions": [
                    {
                        "name": a.name,
                        "agency": a.agency_id.name or "",
                        "status": self._label(a, "status"),
                    }
                    for a in review.action_ids.filtered("is_early")
                ],
                "family_involvement": self._family_involvement(review),
                "involvement": self._involvement(review),
                "sources": self._sources(review),
                "limitations": review.report_limitations or Markup(),
                "appraisal_summary": review.report_appraisal_summary or Markup(),
                "conclusion": review.report_conclusion or Markup(),
                "practice_points": review.briefing_practice_points or Markup(),
                "findings": findings,
                "episodes": episodes,
                "timeline": self._timeline(
                    review.narrative_entry_ids.filtered("in_timeline"), review.agency_ids
                ),
                "process": stage_dates.get(review.id, []),
                "chart": self._factor_chart(review.factor_ids),
            }
            review_values["glossary"] = self._glossary_used(glossary[review.company_id.id], review)
            review_values["chart_alt"] = self._chart_alt(review.factor_ids)
            review_values["parts"] = self._parts(review_values)
            values.append(review_values)
        return values

    @api.model
    def _parts(self, doc):
        """The parts of the report that have something to print, in the order printed."""

        def some(*texts):
            return any(not is_html_empty(t) if isinstance(t, Markup) else t for t in texts)

        present = {
            "summary": doc["findings"],
            "introduction": some(
                doc["introduction"], doc["case_summary"], doc["early_learning"], doc["family"]
            )
            or doc["early_actions"]
            or doc["period_start"],
            "methodology": some(doc["limitations"])
            or doc["review_team"]
            or doc["case_group"]
            or doc["involvement"]
            or doc["family_involvement"]
            or doc["sources"],
            "appraisal": some(doc["appraisal_summary"]) or doc["episodes"],
            "findings": doc["findings"],
            "conclusion": some(doc["conclusion"]),
            "appendices": doc["episodes"]
            or doc["timeline"]["rows"]
            or doc["glossary"]
            or doc["process"]
            or doc["chart"],
        }
        return [part for part in REPORT_PARTS if present[part]]

    @api.model
    def _printed_texts(self, review):
        """(record, field name, text) of every text the findings report prints that the
        team types in, in print order: what the publication check scans. The records are
        read in a fixed number of queries, whatever their number (prefetching)."""
        review = review.sudo()  # sudo: the check runs for the team, over what it printed
        texts = [(review, name, review[name]) for name in REVIEW_TEXTS]
        for participant in review.participant_ids.with_context(active_test=False):
            texts += [(participant, "pseudonym", participant.pseudonym)]
            texts += [(participant, "published_role", participant.published_role)]
        for episode in review.episode_ids:
            texts += [(episode, name, episode[name]) for name in EPISODE_TEXTS]
        for finding in review.finding_ids:
            texts += [(finding, name, finding[name]) for name in FINDING_TEXTS]
            texts += [(line, "name", line.name) for line in finding.question_ids]
            texts += [(line, "name", line.name) for line in finding.recommendation_ids]
        for entry in review.narrative_entry_ids.filtered("in_timeline"):
            texts += [(entry, "what_happened", entry.what_happened)]
        for action in review.action_ids.filtered("is_early"):
            texts += [(action, "name", action.name)]
        return [(record, name, text) for record, name, text in texts if text]

    @api.model
    def _label(self, record, field):
        """The translated label of a selection field's value ('' when unset)."""
        return record._fields[field].convert_to_export(record[field], record)

    @api.model
    def _finding_values(self, finding):
        return {
            "number": finding.number,
            "statement": finding.name,
            "pattern": finding.pattern_type_id.name or "",
            "evidence_case": finding.evidence_case or Markup(),
            "evidence_wider": finding.evidence_wider or Markup(),
            "evidence_why": finding.evidence_why or Markup(),
            "questions": finding.question_ids.sorted(lambda q: (q.sequence, q.id)).mapped("name"),
            "recommendations": finding.recommendation_ids.sorted(
                lambda r: (r.sequence, r.id)
            ).mapped("name"),
            "board_decision": self._label(finding, "board_decision"),
            "board_decision_code": finding.board_decision or "",
            "board_response": finding.board_response or "",
            "board_decision_reasons": finding.board_decision_reasons or "",
            "board_response_date": finding.board_response_date,
            "priority": finding.priority,
            "actions": [self._action_values(a) for a in finding.action_ids],
        }

    @api.model
    def _episode_values(self, episode):
        return {
            "number": episode.number,
            "title": episode.name,
            "date_from": episode.date_from,
            "date_to": episode.date_to,
            "appraisal": self._label(episode, "appraisal") or _("Not appraised"),
            "appraisal_notes": episode.appraisal_notes or "",
            "what_happened": episode.what_happened or Markup(),
            "at_the_time": episode.at_the_time or Markup(),
        }

    @api.model
    def _involvement(self, review):
        """How the case group and the family took part, in numbers drawn from the
        participants and the conversations held: [(who, invited, took part, conversations)]."""
        held = review.conversation_ids.filtered(lambda c: c.state == "held")
        rows = []
        for label, parts in (
            (_("Practitioners and managers (the case group)"), CASE_GROUP_PARTS),
            (_("The adult, family, friends and carers"), PERSONAL_PARTS),
        ):
            people = review.participant_ids.filtered(lambda p, parts=parts: p.part in parts)
            if not people:
                continue
            met = held.filtered(lambda c, people=people: c.participant_ids & people)
            rows.append(
                {
                    "who": label,
                    "count": len(people),
                    "agreed": len(people.filtered(lambda p: p.answer == "agreed")),
                    "declined": len(people.filtered(lambda p: p.answer == "declined")),
                    "met": len(met.participant_ids & people),
                    "one_to_one": len(met.filtered(lambda c: c.kind in ("one_to_one", "family"))),
                    "meetings": len(met.filtered(lambda c: c.kind == "case_group")),
                }
            )
        return rows

    @api.model
    def _family_involvement(self, review):
        """How each of the adult's family and network took part, from the team's log, in
        kinds and dates only (the log's notes are never printed): [sentence]."""
        kinds = dict(
            self.env["safeguarding.involvement"]._fields["kind"]._description_selection(self.env)
        )
        channels = dict(
            self.env["safeguarding.involvement"]._fields["channel"]._description_selection(self.env)
        )
        lines = []
        entries = review.involvement_ids.sorted(lambda e: (e.date, e.id))
        for participant in entries.participant_id:
            said = []
            for entry in entries.filtered(lambda e, p=participant: e.participant_id == p):
                if entry.kind in ("wishes", "questions", "other"):
                    continue  # what they said stays in the log
                what = kinds[entry.kind]
                if entry.channel:
                    what += f" ({channels[entry.channel].lower()})"
                said.append(
                    _(
                        "%(what)s, %(date)s",
                        what=what,
                        date=format_date(self.env, entry.date, date_format="d MMMM y"),
                    )
                )
            if said:
                lines.append(f"{participant.published_as}: {'; '.join(said)}.")
        return lines

    @api.model
    def _sources(self, review):
        """The sources of data: [(agency, number of records)], agencies by name."""
        counts = defaultdict(int)
        for source in review.source_ids:
            counts[source.agency_id.name or _("Other sources")] += 1
        return sorted(counts.items())

    @api.model
    def _timeline(self, entries, agencies):
        """{agencies: [names], rows: [{date, cells: [[entry values] per agency]}]}: a row per
        date, a column per agency (every one given, with or without entries), entries of the
        same date and agency in one cell, in the order they were recorded."""
        entries = entries.sorted(lambda e: (e.date_from, e.id))
        agencies = (agencies | entries.agency_id).sorted(lambda a: (a.name or "", a.id))
        column = {agency.id: index for index, agency in enumerate(agencies)}
        rows = {}
        for entry in entries:
            row = rows.setdefault(
                entry.date_from, {"date": entry.date_from, "cells": [[] for _a in agencies]}
            )
            row["cells"][column[entry.agency_id.id]].append(
                {
                    "date_to": entry.date_to,
                    "what_happened": entry.what_happened,
                    "agency_view": entry.agency_view,
                }
            )
        return {"agencies": agencies.mapped("name"), "rows": list(rows.values())}

    @api.model
    def _stage_dates(self, reviews):
        """{review id: [(stage name, date entered)]}: the review process, from the stages'
        tracking, in one query for all the reviews."""
        field = self.env["ir.model.fields"]._get("safeguarding.review", "stage_id")
        # sudo: the tracking of the stage only, of reviews the user may read (checked above).
        Tracking = self.env["mail.tracking.value"].sudo()
        trackings = Tracking.search(
            [
                ("field_id", "=", field.id),
                ("mail_message_id.model", "=", "safeguarding.review"),
                ("mail_message_id.res_id", "in", reviews.ids),
            ],
            order="id",
        )
        stage_ids = trackings.mapped("new_value_integer") + trackings.mapped("old_value_integer")
        # sudo: the stages' names (shared configuration), for the review's process.
        stages = self.env["safeguarding.review.stage"].sudo().browse(set(stage_ids))
        names = {stage.id: stage.name for stage in stages}
        moves = defaultdict(list)
        for tracking in trackings:
            moves[tracking.mail_message_id.res_id].append(tracking)
        dates = {}
        # sudo: the reviews' stage and creation date only (the caller checked read).
        for review in reviews.sudo():
            # A review starts in the stage its first move left, or is still in it.
            own = moves[review.id]
            first = names.get(own[0].old_value_integer) if own else review.stage_id.name
            dates[review.id] = [(first, review.create_date.date())] + [
                (names.get(t.new_value_integer, ""), t.mail_message_id.date.date()) for t in own
            ]
        return dates

    @api.model
    def _glossary(self, reviews):
        """{company id: terms} of the companies of the reviews, in one query."""
        # sudo: the glossary is shared configuration that names nobody.
        Term = self.env["safeguarding.glossary.term"].sudo()
        terms = Term.search([("company_id", "in", [False, *reviews.company_id.ids])])
        by_company = defaultdict(list)
        for company in reviews.company_id:
            by_company[company.id] = [
                t for t in terms if t.company_id in (company, company.browse())
            ]
        return by_company

    @api.model
    def _glossary_used(self, terms, review):
        """The terms the review's printed texts use, as (acronym, meaning), by acronym."""
        texts = " ".join(
            html2plaintext(text) if record._fields[name].type == "html" else text
            for record, name, text in self._printed_texts(review)
        )
        return sorted(
            {(t.name, t.meaning) for t in terms if re.search(rf"\b{re.escape(t.name)}\b", texts)}
        )

    @api.model
    def _action_values(self, action):
        # The latest progress update: the newest comment in the action's chatter.
        update = action.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        return {
            "id": action.id,
            "name": action.name,
            "agency": action.agency_id.name or "",
            # Owners are staff of the agencies; the action plan is for the board's meeting,
            # not for publication, and names who is accountable, as boards expect.
            "owner": action.owner_id.name,
            "due_date": action.due_date,
            "status": self._label(action, "status"),
            "rag": action.rag,
            "rag_label": self._label(action, "rag"),
            "latest_update": update.body or Markup(),
            "latest_update_date": update.date,
            "evidence": action.evidence or Markup(),
            "observed_impact": action.observed_impact or "",
        }
