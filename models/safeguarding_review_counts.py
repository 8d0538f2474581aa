from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, unique

from .safeguarding_confidential_tools import MANAGER_GROUP
from .safeguarding_plain_values import cached_values, put_computed
from .safeguarding_prefetch import all_cached

# The counts of the form's smart buttons; those the board reads too.
COUNT_FIELDS = (
    "finding_count",
    "action_count",
    "episode_count",
    "factor_count",
    "participant_count",
    "conversation_held_count",
    "conversation_count",
    "request_received_count",
    "request_count",
    "source_count",
    "narrative_count",
)
BOARD_COUNTS = ("finding_count", "action_count")


class SafeguardingReview(models.Model):
    """The review's children and their counts: the smart buttons and the board cards
    read them, each count one grouped read per model for the whole batch."""

    _inherit = "safeguarding.review"

    # Data collection (the review team's; the board never reads these) ---------------
    participant_ids = fields.One2many(
        "safeguarding.participant", "review_id", groups="safeguarding_review.group_reviewer"
    )
    conversation_ids = fields.One2many(
        "safeguarding.conversation", "review_id", groups="safeguarding_review.group_reviewer"
    )
    agency_request_ids = fields.One2many(
        "safeguarding.agency.request",
        "review_id",
        string="Requests for records",
        groups="safeguarding_review.group_reviewer",
    )
    source_ids = fields.One2many(
        "safeguarding.source", "review_id", groups="safeguarding_review.group_reviewer"
    )
    narrative_entry_ids = fields.One2many(
        "safeguarding.narrative.entry",
        "review_id",
        string="Narrative",
        groups="safeguarding_review.group_reviewer",
    )
    participant_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    conversation_held_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    request_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    request_received_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    request_overdue_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    source_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    narrative_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )

    episode_ids = fields.One2many(
        "safeguarding.episode", "review_id", groups="safeguarding_review.group_reviewer"
    )
    factor_ids = fields.One2many(
        "safeguarding.factor", "review_id", groups="safeguarding_review.group_reviewer"
    )
    episode_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    factor_count = fields.Integer(
        compute="_compute_counts", groups="safeguarding_review.group_reviewer"
    )
    finding_count = fields.Integer(compute="_compute_counts")
    action_count = fields.Integer(compute="_compute_counts")
    # What every count counts, stored (below); read by the form's counts only, not with
    # every review a page names (the actions board's cards, say).
    children_counts = fields.Json(
        string="Counts of its records",
        compute="_compute_children_counts",
        store=True,
        groups=MANAGER_GROUP,
        prefetch=False,
    )

    # Every count of the form's smart buttons, stored: the form reads them with the review
    # (counted at each read, they cost the form a query and nine searches). Counted as
    # superuser, in one query for the batch (a UNION of one grouped count per model).
    @api.depends(
        "finding_ids.board_decision",
        "finding_ids.number",
        "action_ids.status",
        "episode_ids",
        "factor_ids",
        "participant_ids.active",
        "conversation_ids.state",
        "agency_request_ids.state",
        "agency_request_ids.due_on",
        "source_ids",
        "narrative_entry_ids",
    )
    def _compute_children_counts(self):
        counts = self._children_counts(
            {
                "findings": ("safeguarding.finding", [], None),
                # The findings the board has not answered, by number (the gates name them).
                "unanswered": (
                    "safeguarding.finding",
                    [("board_decision", "=", False)],
                    "number",
                ),
                "actions": ("safeguarding.action", [], "status"),
                "episodes": ("safeguarding.episode", [], None),
                "factors": ("safeguarding.factor", [], None),
                "participants": ("safeguarding.participant", [], None),
                "conversations": ("safeguarding.conversation", [], "state"),
                "requests": ("safeguarding.agency.request", [], "state"),
                # The requests awaiting records by due date: late is a matter of the day.
                "due": ("safeguarding.agency.request", [("state", "=", "requested")], "due_on"),
                "sources": ("safeguarding.source", [], None),
                "narrative": ("safeguarding.narrative.entry", [], None),
            }
        )
        due_by_review = defaultdict(dict)
        for (rid, day), number in counts["due"].items():
            if day:
                due_by_review[rid][day] = number
        unanswered = defaultdict(list)
        for rid, number in counts["unanswered"]:
            unanswered[rid].append(int(number or 0))
        statuses = defaultdict(dict)
        for (rid, status), number in counts["actions"].items():
            statuses[rid][status] = number
        for review in self:
            rid = review.id

            def count(kind, *values, rid=rid):
                found = counts[kind]
                return sum(found.get((rid, v), 0) for v in values) if values else found.get(rid, 0)

            review.children_counts = {
                "finding_count": count("findings"),
                "action_count": sum(statuses[rid].values()),
                "episode_count": count("episodes"),
                "factor_count": count("factors"),
                "participant_count": count("participants"),
                "conversation_held_count": count("conversations", "held"),
                "conversation_count": count("conversations", "planned", "held"),
                "request_received_count": count("requests", "received", "closed"),
                "request_count": count("requests", "requested", "received", "closed"),
                "source_count": count("sources"),
                "narrative_count": count("narrative"),
                "requests_due": due_by_review[rid],  # {ISO date: requests due that day}
                # What the closing gates ask (safeguarding_review_gates.py).
                "unanswered_findings": sorted(unanswered[rid]),
                "action_statuses": statuses[rid],  # {status: actions}
            }

    @api.depends("children_counts")
    @api.depends_context("tz", "uid")
    def _compute_counts(self):
        # The stored counts, each shown to those who read what it counts (the children's
        # rules: README, "Who sees what"): the findings and actions to every reader of the
        # review; the team's records to managers and to the review's team, none to the
        # reviewer of another team who reads the review at the board's stages.
        # tests/test_card_reads.py holds every role's count to its own search.
        # And the requests overdue (awaiting records past their due date), from the requests
        # due by date, shown as the team's other counts: all in one compute, which reads
        # the user's place on the teams once.
        today = fields.Date.context_today(self).isoformat()  # ISO dates sort as dates
        team = set(self._reads_team_records()._ids)
        values = {name: [] for name in (*COUNT_FIELDS, "request_overdue_count")}
        # sudo: the stored counts are the managers' field; shown here as said above.
        counts = cached_values(self.sudo(), "children_counts")
        for review_id, stored in zip(self._ids, counts, strict=True):
            stored = stored or {}
            shown_all = review_id in team
            for name in COUNT_FIELDS:
                shown = shown_all or name in BOARD_COUNTS
                values[name].append(stored.get(name, 0) if shown else 0)
            due = stored.get("requests_due", {}) if shown_all else {}
            values["request_overdue_count"].append(sum(n for day, n in due.items() if day < today))
        put_computed(self, values)

    def _reads_team_records(self):
        """Of ``self``, the reviews whose team's records (participants, conversations,
        requests...) the user reads: all for a manager, those of their team for a reviewer
        (the rules of those records), none for anyone else."""
        user = self.env.user
        if user.has_group(MANAGER_GROUP):
            return self
        if not user.has_group("safeguarding_review.group_reviewer"):
            return self.browse()
        uid = self.env.uid
        members = self._fields["member_ids"]
        if all_cached(self, members):
            return self.filtered(lambda review: uid in review.member_ids._ids)
        leads, team = self._fields["lead_reviewer_ids"], self._fields["team_member_ids"]
        if all_cached(self, leads) and all_cached(self, team):
            # Read by the form: its members are its leads and its team (_compute_member_ids),
            # the reader among them as they see them (they see themselves).
            return self.filtered(
                lambda review: (
                    uid in review.lead_reviewer_ids._ids or uid in review.team_member_ids._ids
                )
            )
        if not all(isinstance(i, int) for i in self._ids):
            return self.filtered(lambda review: uid in review.member_ids.ids)
        # The user's own places on these teams, not every member of each team with their
        # users' rules (a page of cards: two queries, the users' and their companies').
        # Only whether the reader is on the teams of reviews they read.
        rows = self.env.execute_query(
            SQL(
                "SELECT review_id FROM safeguarding_review_member_rel"
                " WHERE user_id = %s AND review_id = ANY(%s)",
                uid,
                list(self._ids),
                to_flush=members,  # a team changed in this transaction, saved first
            )
        )
        return self.browse(unique(row[0] for row in rows))

    def _children_counts(self, parts):
        """{kind: {review id: count}, or {(review id, value): count} for a part counted
        ``by`` a field} for ``parts`` {kind: (model, domain, by)}, in one query."""
        counts = defaultdict(dict)  # a kind not counted (not the user's to read) counts 0
        ids = [i for i in self.ids if isinstance(i, int)]
        if not ids:
            return counts
        selects = []
        for number, (model, domain, by) in enumerate(parts.values()):
            Model = self.env[model]
            # _search applies the user's record rules and builds the query without running it.
            query = Model._search([("review_id", "in", ids), *domain])
            review = Model._field_to_sql(Model._table, "review_id", query)
            value = Model._field_to_sql(Model._table, by, query) if by else SQL("NULL")
            query.order = None
            query.groupby = SQL("%s, %s", review, value) if by else review
            selects.append(
                SQL(
                    "(%s)",
                    query.select(
                        SQL("%s", number), review, SQL("%s::text", value), SQL("COUNT(*)")
                    ),
                )
            )
        kinds = list(parts)
        for number, review_id, value, count in self.env.execute_query(
            SQL(" UNION ALL ").join(selects)
        ):
            key = (review_id, value) if parts[kinds[number]][2] else review_id
            counts[kinds[number]][key] = count
        return counts

    @api.constrains("taxonomy_id")
    def _check_taxonomy_of_factors(self):
        for review in self:
            astray = review.factor_ids.filtered(
                lambda f, r=review: f.category_id.taxonomy_id != r.taxonomy_id
            )
            if astray:
                raise ValidationError(
                    _(
                        "Contributory factor taxonomy: %(count)s factor(s) of %(review)s use "
                        "categories of another taxonomy. Recategorise them first.",
                        count=len(astray),
                        review=review.name,
                    )
                )

    # Actions ------------------------------------------------------------------
    def _action_open_children(self, model, name, view_mode="list,form", context=None):
        self.ensure_one()
        # The empty list says what to do, as the menu's does: the help of the model's action.
        Window = self.env["ir.actions.act_window"]
        domain = [("res_model", "=", model), ("help", "!=", False)]
        # sudo: window actions are read by administrators only; only the app's help is read.
        menu_action = Window.sudo().search(domain, order="id", limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s: %(review)s", what=name, review=self.name),
            "res_model": model,
            "view_mode": view_mode,
            "domain": [("review_id", "=", self.id)],
            "context": {"default_review_id": self.id, **(context or {})},
            "help": menu_action.help or False,
        }

    def action_open_participants(self):
        return self._action_open_children("safeguarding.participant", _("Participants"))

    def action_open_conversations(self):
        return self._action_open_children(
            "safeguarding.conversation", _("Conversations"), "list,calendar,form"
        )

    def action_open_agency_requests(self):
        return self._action_open_children("safeguarding.agency.request", _("Requests for records"))

    def action_open_sources(self):
        return self._action_open_children("safeguarding.source", _("Records"))

    def action_open_episodes(self):
        return self._action_open_children(
            "safeguarding.episode", _("Key practice episodes"), "list,kanban,form"
        )

    def action_open_factors(self):
        return self._action_open_children(
            "safeguarding.factor", _("Contributory factors"), "list,pivot,graph,form"
        )

    def action_open_findings(self):
        return self._action_open_children("safeguarding.finding", _("Findings"), "list,kanban,form")

    def action_open_actions(self):
        return self._action_open_children(
            "safeguarding.action", _("Action plan"), "list,kanban,calendar,pivot,form"
        )

    def action_open_narrative(self):
        return self._action_open_children(
            "safeguarding.narrative.entry",
            _("Narrative"),
            "kanban,list,form",
            {"group_by": "agency_id", "searchpanel_default_review_id": self.id},
        )

    @api.model
    def _action_narrative_menu(self):
        """The Narrative menu opens on one review (the search panel switches, and lists the
        reviews with entries): the one whose narrative was written last, of the open reviews
        the user reads, so its agencies are the columns."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_review.safeguarding_narrative_entry_action"
        )
        review = (
            self.env["safeguarding.narrative.entry"]
            .search(
                [("review_id.stage_id.is_closed", "=", False)], order="write_date desc", limit=1
            )
            .review_id
        )
        if review:
            action["context"] = {
                "search_default_group_agency": 1,
                "searchpanel_default_review_id": review.id,
            }
        return action

    def action_launch_stage_plan(self):
        """Open Odoo's plan launcher on the review with its stage's plan chosen, the
        steps assigned by default to the first lead reviewer."""
        self.ensure_one()
        plan = self.stage_id.activity_plan_id
        if not plan:
            raise UserError(
                _("The stage %(stage)s has no plan to launch.", stage=self.stage_id.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Launch %(plan)s plan", plan=plan.name),
            "res_model": "mail.activity.schedule",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_id": self.id,
                "active_ids": self.ids,
                "plan_mode": True,
                "default_plan_id": plan.id,
                "default_plan_on_demand_user_id": self.lead_reviewer_ids[:1].id,
            },
        }
