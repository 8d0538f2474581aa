from odoo import _, api, fields, models
from odoo.tools import format_date

from .safeguarding_participant import PERSONAL_PARTS

CASE_GROUP = ("practitioner", "first_line_manager")


class SafeguardingQualityProposal(models.AbstractModel):
    """The state each quality marker's proposal reads off what a batch of reviews records:
    {review id: {proposal key: (state, evidence)}}. Each source is one grouped read for the
    whole batch, so proposing for many reviews costs what proposing for one does."""

    _name = "safeguarding.quality.proposal"
    _description = "Quality marker proposals"

    @api.model
    def _propose(self, reviews):
        # sudo: counts of the review's own records, for its team; only counts leave here.
        reviews = reviews.sudo()
        data = self._gather(reviews)
        today = fields.Date.context_today(self)
        result = {}
        for review in reviews:
            counts = data[review.id]
            result[review.id] = {
                key: getattr(self, f"_propose_{key}")(review, counts, today)
                for key in (
                    "referral",
                    "decision",
                    "informing",
                    "purpose",
                    "commissioning",
                    "governance",
                    "process",
                    "parallel",
                    "information",
                    "practitioners",
                    "family",
                    "analysis",
                    "report",
                    "publication",
                    "action",
                )
            }
        return result

    @api.model
    def _gather(self, reviews):
        env = self.env
        ids = reviews.ids

        def grouped(model, groupby, domain=()):
            # sudo: counts only, of the reviews the caller proposes for (see _propose).
            Model = env[model].sudo()
            rows = Model._read_group(
                [("review_id", "in", ids), *domain], ["review_id", *groupby], ["__count"]
            )
            out = {}
            for row in rows:
                review, *keys, count = row
                out[(review.id, *keys)] = count
            return out

        def by_review(counts):
            out = {}
            for (rid, key), count in counts.items():
                out.setdefault(rid, {})[key] = count
            return out

        involvement = grouped("safeguarding.involvement", ["kind"])
        # sudo: the first date the family was told, of the reviews proposed for.
        informed = env["safeguarding.involvement"].sudo()
        first_informed = {
            review.id: day
            for review, day in informed._read_group(
                [("review_id", "in", ids), ("kind", "=", "informed")],
                ["review_id"],
                ["date:min"],
            )
        }
        participants = grouped(
            "safeguarding.participant",
            ["part"],
            [("part", "in", CASE_GROUP)],
        )
        briefed = grouped(
            "safeguarding.participant",
            ["part"],
            [("part", "in", CASE_GROUP), ("briefing_sent_on", "!=", False)],
        )
        conversations = by_review(
            grouped("safeguarding.conversation", ["kind"], [("state", "=", "held")])
        )
        family_conversations = grouped(
            "safeguarding.conversation",
            [],
            [("state", "=", "held"), ("participant_ids.part", "in", PERSONAL_PARTS)],
        )
        asked = by_review(grouped("safeguarding.agency.request", ["state"]))
        processes = grouped("safeguarding.parallel.process", [])
        findings = grouped("safeguarding.finding", [])
        patterned = grouped("safeguarding.finding", [], [("pattern_type_id", "!=", False)])
        episodes = grouped("safeguarding.episode", [])
        factors = grouped("safeguarding.factor", [])
        drafts = grouped("safeguarding.report.draft", [])
        open_comments = grouped("safeguarding.report.comment", [], [("state", "=", "open")])
        open_hits = grouped("safeguarding.publication.hit", [], [("safe_reason", "=", False)])
        actions = by_review(grouped("safeguarding.action", ["status"]))
        impact = grouped(
            "safeguarding.action", [], [("status", "=", "done"), ("observed_impact", "!=", False)]
        )
        data = {}
        for rid in ids:
            case_group = sum(participants.get((rid, p), 0) for p in CASE_GROUP)
            data[rid] = {
                "involvement": {k: involvement.get((rid, k), 0) for k, _l in self._kinds()},
                "first_informed": first_informed.get(rid),
                "case_group": case_group,
                "briefed": sum(briefed.get((rid, p), 0) for p in CASE_GROUP),
                "held": conversations.get(rid, {}),
                "family_conversations": family_conversations.get((rid,), 0),
                "requests": asked.get(rid, {}),
                "processes": processes.get((rid,), 0),
                "findings": findings.get((rid,), 0),
                "patterned": patterned.get((rid,), 0),
                "episodes": episodes.get((rid,), 0),
                "factors": factors.get((rid,), 0),
                "drafts": drafts.get((rid,), 0),
                "open_comments": open_comments.get((rid,), 0),
                "open_hits": open_hits.get((rid,), 0),
                "actions": actions.get(rid, {}),
                "impact": impact.get((rid,), 0),
            }
        return data

    def _kinds(self):
        return self.env["safeguarding.involvement"]._fields["kind"].selection

    # One method per proposal key: (state, evidence); state False when nothing can be
    # proposed yet. -------------------------------------------------------------------
    def _propose_referral(self, review, counts, today):
        limit = review.company_id.safeguarding_decision_days or 28
        if not review.referral_date:
            return "not_met", _("No referral date recorded.")
        if review.decision_date:
            days = (review.decision_date - review.referral_date).days
            state = "met" if days <= limit else "not_met"
            return state, _(
                "Decided %(days)s days after the referral (the board's limit: %(limit)s).",
                days=days,
                limit=limit,
            )
        waited = (today - review.referral_date).days
        if waited > limit:
            return "not_met", _(
                "Referred %(days)s days ago and not yet decided (the board's limit: %(limit)s).",
                days=waited,
                limit=limit,
            )
        return False, _("Referred %(days)s days ago; the decision is not yet due.", days=waited)

    def _propose_decision(self, review, counts, today):
        if not review.decision:
            return "not_met", _("No decision recorded.")
        if not (review.decision_reasons or "").strip():
            return "partly", _("A decision, without its reasons.")
        return "met", _("The decision and its reasons are recorded.")

    def _propose_informing(self, review, counts, today):
        first = counts["first_informed"]
        if first:
            return "met", _(
                "The family was first told of the review on %(date)s.", date=self._date(first)
            )
        return "not_met", _("No one of the adult's family or network is recorded as told.")

    def _propose_purpose(self, review, counts, today):
        recorded = [
            bool(review.review_questions and review.review_questions.striptags().strip()),
            bool(review.review_scope and review.review_scope.striptags().strip()),
            bool(review.review_period_start and review.review_period_end),
        ]
        return self._share(
            recorded, _("%(done)s of 3 recorded: questions, scope, period reviewed.")
        )

    def _propose_commissioning(self, review, counts, today):
        recorded = [
            bool((review.commissioning_reasons or "").strip()),
            bool((review.reviewer_independence or "").strip()),
            bool(review.lead_reviewer_ids),
        ]
        return self._share(
            recorded,
            _("%(done)s of 3 recorded: why this method, the reviewers' independence, the leads."),
        )

    def _propose_governance(self, review, counts, today):
        held = counts["held"].get("governance", 0)
        if held:
            return "met", _("Governance meetings held: %(count)s.", count=held)
        return "not_met", _("No governance meeting (SAR sub-group) held on the review.")

    def _propose_process(self, review, counts, today):
        if not review.target_date:
            return "not_met", _("No target date.")
        if review.is_overdue:
            return "not_met", _(
                "Past its target date of %(date)s.", date=self._date(review.target_date)
            )
        return "met", _("Within its target date of %(date)s.", date=self._date(review.target_date))

    def _propose_parallel(self, review, counts, today):
        if counts["processes"]:
            return "met", _("Parallel processes recorded: %(count)s.", count=counts["processes"])
        if review.parallel_none_known:
            return "met", _("Checked: no other process runs on this case.")
        return "not_met", _("Neither a parallel process nor the check that none runs.")

    def _propose_information(self, review, counts, today):
        asked = counts["requests"]
        total = sum(asked.values())
        answered = asked.get("received", 0) + asked.get("closed", 0)
        if not total:
            return "not_met", _("No records requested from the agencies.")
        state = "met" if answered == total else "partly"
        return state, _("%(done)s of %(total)s requests answered.", done=answered, total=total)

    def _propose_practitioners(self, review, counts, today):
        heard = counts["held"].get("one_to_one", 0) + counts["held"].get("case_group", 0)
        if not counts["case_group"]:
            return "not_met", _("No case group recorded.")
        everyone = counts["briefed"] == counts["case_group"]
        evidence = _(
            "%(briefed)s of %(total)s of the case group briefed; %(heard)s conversations or "
            "case group meetings held.",
            briefed=counts["briefed"],
            total=counts["case_group"],
            heard=heard,
        )
        if everyone and heard:
            return "met", evidence
        return ("partly" if counts["briefed"] or heard else "not_met"), evidence

    def _propose_family(self, review, counts, today):
        kinds = counts["involvement"]
        if kinds["meeting"] or kinds["declined"] or counts["family_conversations"]:
            return "met", _("The family met the review, or chose not to take part.")
        if any(kinds.values()):
            return "partly", _("Contact recorded, but no meeting and no decision not to meet.")
        return "not_met", _("No involvement of the adult, family or network recorded.")

    def _propose_analysis(self, review, counts, today):
        recorded = [
            bool(counts["episodes"]),
            bool(counts["factors"]),
            bool(counts["findings"]) and counts["patterned"] == counts["findings"],
        ]
        return self._share(
            recorded,
            _("%(done)s of 3: key practice episodes, factors, findings each with a pattern type."),
        )

    def _propose_report(self, review, counts, today):
        recorded = [
            bool(counts["drafts"]) and not counts["open_comments"],
            bool(review.publication_checked_on) and not counts["open_hits"],
        ]
        return self._share(
            recorded, _("%(done)s of 2: draft round answered, names checked and cleared.")
        )

    def _propose_publication(self, review, counts, today):
        if not review.publication_decision:
            return "not_met", _("The board has not decided on publication.")
        if review.publication_decision != "not_publish" and not review.published_on:
            return "partly", _("Decided to publish; not yet published.")
        return "met", _("Publication decided and carried out.")

    def _propose_action(self, review, counts, today):
        actions = counts["actions"]
        total = sum(actions.values())
        done = actions.get("done", 0)
        if not total:
            return "not_met", _("No actions agreed.")
        evidence = _(
            "%(done)s of %(total)s actions done, %(impact)s with their impact observed.",
            done=done,
            total=total,
            impact=counts["impact"],
        )
        if done and counts["impact"] == done and done + actions.get("dropped", 0) == total:
            return "met", evidence
        return "partly", evidence

    def _date(self, value):
        return format_date(self.env, value, date_format="d MMMM y")

    def _share(self, recorded, evidence):
        done = sum(recorded)
        state = "met" if done == len(recorded) else "partly" if done else "not_met"
        return state, evidence % {"done": done}
