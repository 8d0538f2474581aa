#!/usr/bin/env python3
"""Fill an installed database with realistic, fictional safeguarding reviews, fast.

    python3 tools/generate_data.py DB --reviews 10000 [--companies 3] [--seed 1]
    python3 tools/generate_data.py DB --peer --reviews 10000     # OCA mgmtsystem_nonconformity

Everything goes through the ORM (``Registry(db)`` and a cursor), in batched ``create`` calls
of lists, chunk by chunk (one commit per chunk). Per review, on average: 10 key practice
episodes, 30 contributory factors, 6 findings with 2 questions each, 15 actions, plus the
participants, conversations, requests for records, records and narrative entries of the
stages reached. Reviews are spread over the companies (boards), their agencies (companies in
Contacts), five years of referrals and every stage of the board: a review's stage follows
from its age, and its children follow from its stage (no findings before Analysis, no
actions before the board's response, every action done or dropped once closed).

The stage gates are respected, never bypassed: a review bound for a stage after Data
collection is created in Data collection (whose entry gates its own values meet), its
children are created, then ``stage_id`` is written in one batch per target stage, which runs
every gate of the stages passed on the way (the addon has no context key that skips them,
and none is needed).

One shortcut, for speed only: creating an action schedules its owner's reminder one action
at a time (about six queries per action). Actions are created with Odoo's own
``mail_activity_automation_skip`` and the same reminders are then created in one batch, for
the open actions only (the addon marks a finished action's reminder done).

``--peer`` fills OCA's ``mgmtsystem_nonconformity`` instead (one nonconformity per review,
the same number of actions), for tools/benchmark.py's side-by-side comparison.

The addons path comes from tools/odoo-env.sh (which also links this folder in as
``safeguarding_review``); set EXTRA_ADDONS_PATH for the peer's addons, or ODOO_ADDONS_PATH
to give the whole path yourself.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta


def say(text=""):
    """Write a line of the report to standard output, at once (a long run reports progress)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))

# Speed: no tracking values, no "created" log message, no notification of assignees (the
# generated users have no mailbox to notify), no invitation mail to the generated users.
FAST_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "mail_activity_quick_update": True,
    "no_reset_password": True,
}


# Bootstrap ------------------------------------------------------------------------------------
def addons_path():
    """The addons path tools/odoo-env.sh computes (it also links the addon folder in)."""
    if os.environ.get("ODOO_ADDONS_PATH"):
        return os.environ["ODOO_ADDONS_PATH"]
    env = dict(os.environ)
    env.setdefault("LINK_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "sgr_bench_link"))
    os.makedirs(env["LINK_DIR"], exist_ok=True)
    script = f'source "{TOOLS_DIR}/odoo-env.sh" >&2 && printf %s "$ADDONS_PATH"'
    out = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(out.stderr.strip() or "tools/odoo-env.sh failed")
    return out.stdout.strip()


_CONFIGURED = []


def open_registry(db):
    """Odoo's registry of ``db``, configured as the server would be (quiet logs)."""
    import odoo  # imported here, once the addons path is known
    from odoo.modules.registry import Registry

    if not _CONFIGURED:  # Odoo's configuration can be parsed only once per process
        odoo.tools.config.parse_config(
            ["--addons-path", addons_path(), "-d", db, "--log-level", "warn"], setup_logging=True
        )
        _CONFIGURED.append(db)
    return Registry(db)


class Timer:
    """Elapsed seconds and rows per model, printed at the end."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.rows = defaultdict(int)

    def create(self, env, model, vals_list):
        if not vals_list:
            return env[model]
        start = time.perf_counter()
        records = env[model].create(vals_list)
        self.seconds[model] += time.perf_counter() - start
        self.rows[model] += len(records)
        return records

    def timed(self, label, func, *args, rows=0):
        start = time.perf_counter()
        result = func(*args)
        self.seconds[label] += time.perf_counter() - start
        self.rows[label] += rows
        return result

    def report(self, total):
        say(f"\n{'model / step':44} {'rows':>9} {'seconds':>9} {'rows/s':>8}")
        for label, seconds in sorted(self.seconds.items(), key=lambda kv: -kv[1]):
            rows = self.rows[label]
            rate = f"{rows / seconds:8.0f}" if rows and seconds else " " * 8
            say(f"{label:44} {rows:9d} {seconds:9.1f} {rate}")
        say(f"{'total':44} {'':9} {total:9.1f}")


# Fictional words ------------------------------------------------------------------------------
PLACES = [
    "Northshire",
    "Eastvale",
    "Westmoor",
    "Southbridge",
    "Highcombe",
    "Lowmarsh",
    "Ashford Vale",
    "Kingsmere",
    "Redhaven",
    "Oakridge",
    "Stonebury",
    "Fairlea",
    "Millbrook",
    "Thornwick",
]
AGENCY_KINDS = [
    "Adult Social Care",
    "Community Health NHS Trust",
    "Police",
    "Housing Services",
    "Ambulance Service",
    "Primary Care Network",
    "Mental Health NHS Trust",
    "Drug and Alcohol Service",
    "Probation Service",
    "Fire and Rescue Service",
    "Acute Hospitals NHS Trust",
    "Advocacy Service",
]
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellen",
    "Farid",
    "Grace",
    "Harry",
    "Imogen",
    "Jon",
    "Kiran",
    "Leah",
    "Marcus",
    "Nia",
    "Owen",
    "Priya",
    "Rhys",
    "Sana",
    "Tom",
    "Uma",
    "Vik",
    "Wendy",
]
LAST = [
    "Adeyemi",
    "Brook",
    "Clarke",
    "Dhillon",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Reid",
    "Shah",
    "Taylor",
    "Walsh",
    "Young",
]
PSEUDONYMS = [
    "Adult A",
    "Joan",
    "Mr B",
    "Ms C",
    "Peter",
    "Rose",
    "Mr D",
    "Sam",
    "Kate",
    "Child E",
    "Mrs F",
    "Alfie",
    "Ruby",
    "Mr G",
    "Iris",
]
THEMES = [
    "Self-neglect in supported housing",
    "Hospital discharge to a care home",
    "Financial abuse by a relative",
    "Pressure ulcers in a nursing home",
    "Exploitation in a council flat",
    "Domestic abuse of an older carer",
    "Missed insulin and GP appointments",
    "Transition from children's services",
    "Rough sleeping and alcohol use",
    "Fire death at home",
    "Neglect in a home care package",
    "Suicide after a mental health crisis",
    "Organisational abuse in a learning disability unit",
]
STATEMENTS = [
    "Agencies rely on the adult to pass on what each has been told.",
    "Hospital discharge planning does not ask who else is visiting the person at home.",
    "Self-neglect procedures are rarely used when the person is said to have capacity.",
    "Practitioners lack a shared way to escalate when an adult repeatedly declines help.",
    "Housing and social care assess risk separately and seldom compare notes.",
    "Safeguarding concerns from the ambulance service are closed without feedback.",
    "Carers' own needs are not assessed when the cared-for person refuses services.",
    "Case records are not shared in time for multi-agency meetings to use them.",
]
QUESTIONS = [
    "How does the board know that agencies share what they know before a discharge?",
    "What would help practitioners escalate concerns across agencies?",
    "How will the board test whether the self-neglect procedure is used?",
    "What assurance does the board need from commissioners on this?",
    "How are carers' assessments offered when the adult declines support?",
]
ACTIONS = [
    "Add a 'who else is visiting' prompt to the hospital discharge checklist.",
    "Run multi-agency training on self-neglect and mental capacity.",
    "Audit twenty closed safeguarding concerns for feedback to the referrer.",
    "Agree an escalation protocol between housing and adult social care.",
    "Publish a seven-minute briefing on the review's findings.",
    "Review the ambulance service's safeguarding referral pathway.",
]
EPISODES = [
    "First safeguarding concern raised by the ambulance crew",
    "Discharge from hospital without a care package",
    "Home visit by the district nurse",
    "Multi-agency risk meeting",
    "Tenancy enforcement visit",
    "Missed outpatient appointments",
    "Carer's assessment offered and declined",
    "Police welfare check",
]
HTML = "<p>{}</p>"


def rdate(rng, start, end):
    """A random date between ``start`` and ``end`` (inclusive)."""
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def spread(rng, total, slots):
    """``total`` items over ``slots`` (a list), as evenly as randomised rounding allows."""
    if not slots:
        return {}
    base, extra = divmod(total, len(slots))
    lucky = set(rng.sample(range(len(slots)), extra))
    return {slot: base + (1 if i in lucky else 0) for i, slot in enumerate(slots)}


# Shared set-up: companies, agencies, people, users ---------------------------------------------
def ensure_companies(env, timer, count):
    companies = env.ref("base.main_company")
    existing = env["res.company"].search([("name", "like", "Safeguarding Adults Board")])
    companies |= existing
    missing = count - len(companies)
    if missing > 0:
        names = [f"{PLACES[i % len(PLACES)]} Safeguarding Adults Board" for i in range(count)]
        names = [n for n in names if n not in companies.mapped("name")][:missing]
        companies |= timer.create(env, "res.company", [{"name": n} for n in names])
    if companies[0].name == "My Company" or "Safeguarding" not in companies[0].name:
        companies[0].name = f"{PLACES[-1]} Safeguarding Adults Board"
    return companies[:count]


def ensure_users(env, timer, companies, reviewers_per_company):
    """The benchmark's manager and reviewer, the reviewers and the action owners."""
    Users = env["res.users"]
    group = "safeguarding_review.group_"
    has_addon = bool(
        env["ir.module.module"].search_count(
            [("name", "=", "safeguarding_review"), ("state", "=", "installed")]
        )
    )
    groups = {
        "manager": env.ref(group + "manager") if has_addon else env.ref("base.group_system"),
        "reviewer": env.ref(group + "reviewer") if has_addon else env.ref("base.group_user"),
        "user": env.ref("base.group_user"),
    }
    if not has_addon and env.ref("mgmtsystem.group_mgmtsystem_manager", False):
        groups["manager"] = env.ref("mgmtsystem.group_mgmtsystem_manager")
        groups["reviewer"] = env.ref("mgmtsystem.group_mgmtsystem_user")
    wanted = [
        ("bench.manager", "Morgan Manager", "manager", companies),
        ("bench.reviewer", "Riley Reviewer", "reviewer", companies),
    ]
    for company in companies:
        for i in range(reviewers_per_company):
            who = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7 + company.id) % len(LAST)]}"
            wanted.append((f"bench.rev.{company.id}.{i}", who, "reviewer", company))
        for i in range(reviewers_per_company * 2):
            who = f"{FIRST[(i * 5) % len(FIRST)]} {LAST[(i + company.id) % len(LAST)]}"
            wanted.append((f"bench.owner.{company.id}.{i}", who, "user", company))
    existing = {
        u.login: u
        for u in Users.with_context(active_test=False).search(
            [("login", "in", [w[0] for w in wanted])]
        )
    }
    vals_list = [
        {
            "login": login,
            "name": name,
            "email": f"{login}@example.org",
            "company_id": comps[0].id,
            "company_ids": [(6, 0, comps.ids)],
            "groups_id": [(6, 0, [groups[role].id, groups["user"].id])],
        }
        for login, name, role, comps in wanted
        if login not in existing
    ]
    created = timer.create(env, "res.users", vals_list)
    existing.update({u.login: u for u in created})
    users = {"manager": existing["bench.manager"], "reviewer": existing["bench.reviewer"]}
    users["reviewers"] = {
        c.id: [existing[f"bench.rev.{c.id}.{i}"] for i in range(reviewers_per_company)]
        for c in companies
    }
    users["owners"] = {
        c.id: [existing[f"bench.owner.{c.id}.{i}"] for i in range(reviewers_per_company * 2)]
        for c in companies
    }
    return users


def ensure_partners(env, timer, rng, companies, people_per_company):
    """Agencies (companies in Contacts) and their practitioners, per board."""
    Partner = env["res.partner"]
    agencies, people = {}, {}
    for company in companies:
        place = company.name.replace(" Safeguarding Adults Board", "")
        names = [f"{place} {kind}" for kind in AGENCY_KINDS]
        found = Partner.search([("name", "in", names), ("company_id", "=", company.id)])
        todo = [n for n in names if n not in found.mapped("name")]
        found |= timer.create(
            env,
            "res.partner",
            [{"name": n, "is_company": True, "company_id": company.id} for n in todo],
        )
        agencies[company.id] = found
        staff = Partner.search(
            [("parent_id", "in", found.ids), ("is_company", "=", False)], order="id"
        )
        missing = people_per_company - len(staff)
        if missing > 0:
            staff |= timer.create(
                env,
                "res.partner",
                [
                    {
                        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "parent_id": rng.choice(found).id,
                        "company_id": company.id,
                        "function": rng.choice(
                            [
                                "Social worker",
                                "District nurse",
                                "GP",
                                "Police officer",
                                "Housing officer",
                                "Team manager",
                                "Paramedic",
                                "Care coordinator",
                            ]
                        ),
                    }
                    for _i in range(missing)
                ],
            )
        people[company.id] = staff
    return agencies, people


# Safeguarding reviews -----------------------------------------------------------------------
STAGE_KEYS = [
    "referral",
    "decision",
    "preparation",
    "data_collection",
    "analysis",
    "findings",
    "board_response",
    "monitoring",
    "closed",
    "no_review",
]
# Age of the referral (days) below which a review is still in each stage of the review path.
STAGE_AGES = [
    (25, "referral"),
    (50, "decision"),
    (110, "preparation"),
    (230, "data_collection"),
    (320, "analysis"),
    (400, "findings"),
    (470, "board_response"),
    (820, "monitoring"),
]
RATIOS = {"episode": 10, "factor_per_episode": 3, "finding": 6, "question": 2, "action": 15}


def stage_for_age(rng, age):
    if age >= 50 and rng.random() < 0.15:
        return "no_review"
    for limit, key in STAGE_AGES:
        if age < limit:
            return key
    return "closed"


class ReviewGenerator:
    def __init__(self, env, rng, timer, companies, users, agencies, people):
        self.env, self.rng, self.timer = env, rng, timer
        self.companies, self.users = companies, users
        self.agencies, self.people = agencies, people
        self.today = date.today()
        ref = env.ref
        self.stages = {k: ref(f"safeguarding_review.stage_{k}") for k in STAGE_KEYS}
        # The stages generated are Learning Together's: every review follows its path.
        self.method = ref("safeguarding_review.method_learning_together")
        self.rank = {k: i for i, k in enumerate(STAGE_KEYS)}
        Category = env["safeguarding.factor.category"]
        self.taxonomies = [
            ref("safeguarding_review.factor_taxonomy_scie"),
            ref("safeguarding_review.factor_taxonomy_seips"),
        ]
        self.categories = {
            t.id: Category.search([("taxonomy_id", "=", t.id), ("parent_id", "!=", False)])
            for t in self.taxonomies
        }
        self.patterns = env["safeguarding.pattern.type"].search([])
        tags = env["safeguarding.review.tag"].search([])
        if not tags:
            names = [
                "Self-neglect",
                "Hospital discharge",
                "Exploitation",
                "Domestic abuse",
                "Mental capacity",
                "Homelessness",
                "Care homes",
                "Transitions",
            ]
            tags = timer.create(env, "safeguarding.review.tag", [{"name": n} for n in names])
        self.tags = tags
        self.todo_type = ref("mail.mail_activity_data_todo")
        self.review_model_id = env["ir.model"]._get_id("safeguarding.review")
        self.action_model_id = env["ir.model"]._get_id("safeguarding.action")
        self.comment_subtype = ref("mail.mt_comment")
        # The benchmark's reviewer is on five reviews, however many runs filled the database.
        on_team = env["safeguarding.review"].search_count(
            [("team_member_ids", "in", users["reviewer"].id)]
        )
        self.bench_reviewer_left = max(0, 5 - on_team)

    def at_least(self, key, stage):
        return self.rank[stage] >= self.rank[key] and stage != "no_review"

    # One chunk of reviews, with everything they hold -------------------------------------------
    def chunk(self, count):
        env, rng = self.env, self.rng
        plans = []
        for _i in range(count):
            company = rng.choice(self.companies)
            age = rng.randint(0, 5 * 365)
            stage = stage_for_age(rng, age)
            plans.append(
                {"company": company, "referral": self.today - timedelta(days=age), "stage": stage}
            )
        vals_list = [self._review_vals(p) for p in plans]
        reviews = self.timer.create(env, "safeguarding.review", vals_list)
        for plan, review in zip(plans, reviews, strict=True):
            plan["review"] = review
        self._children(plans)
        self._move_stages(plans)
        self._review_activities(plans)

    def _review_vals(self, plan):
        rng, stage, company = self.rng, plan["stage"], plan["company"]
        agencies = self.agencies[company.id]
        referral = plan["referral"]
        vals = {
            "title": rng.choice(THEMES),
            "adult_pseudonym": rng.choice(PSEUDONYMS),
            "review_kind": rng.choices(
                ["sar", "sar_discretionary", "cspr", "other"], [70, 15, 10, 5]
            )[0],
            "method_id": self.method.id,
            "company_id": company.id,
            "referral_date": referral,
            "referring_agency_id": rng.choice(agencies).id,
            "concerns_summary": HTML.format(
                "The adult was known to several agencies; each saw part of the risk."
            ),
            "criterion_care_needs": True,
            "criterion_harm": True,
            "criterion_abuse_neglect": rng.random() < 0.9,
            "criterion_joint_working": rng.random() < 0.85,
            "priority": rng.choices(["0", "1", "2"], [85, 12, 3])[0],
            "tag_ids": [(6, 0, rng.sample(self.tags.ids, rng.randint(0, 2)))],
            "taxonomy_id": self.taxonomies[0 if rng.random() < 0.8 else 1].id,
        }
        if self.rank[stage] >= self.rank["preparation"]:
            decision = "review"
            if stage == "no_review":
                decision = rng.choice(["no_review", "other_process"])
            vals.update(
                decision=decision,
                decision_date=referral + timedelta(days=rng.randint(20, 45)),
                decision_maker_id=self.users["manager"].id,
                decision_reasons="The SAR group considered the s44 criteria and the "
                "learning the case offers.",
            )
        if self.at_least("preparation", stage):
            reviewers = self.users["reviewers"][company.id]
            leads = rng.sample(reviewers, min(len(reviewers), rng.randint(1, 2)))
            team = rng.sample(reviewers, min(len(reviewers), rng.randint(1, 3)))
            team_ids = [u.id for u in team]
            if self.bench_reviewer_left and stage in ("analysis", "findings", "monitoring"):
                # The benchmark's reviewer sits on a few reviews of every company.
                self.bench_reviewer_left -= 1
                team_ids.append(self.users["reviewer"].id)
            others = [a for a in agencies.ids if a != vals["referring_agency_id"]]
            k = rng.randint(2, 5)
            vals.update(
                lead_reviewer_ids=[(6, 0, [u.id for u in leads])],
                team_member_ids=[(6, 0, team_ids)],
                review_questions=HTML.format(
                    "How did agencies share what they knew about the risks to the adult?"
                ),
                # The referring agency is one of the agencies involved, and a few others.
                agency_ids=[(6, 0, [vals["referring_agency_id"], *rng.sample(others, k)])],
                review_period_start=referral - timedelta(days=rng.randint(365, 730)),
                review_period_end=referral,
            )
        if self.at_least("findings", stage):
            vals.update(
                report_introduction=HTML.format(
                    "The board commissioned a Learning Together review; the case group "
                    "took part in conversations and two case group meetings."
                ),
                case_summary=HTML.format(
                    "The adult lived alone and was visited by several agencies."
                ),
            )
        # Later stages are reached by a write once their children exist (see _move_stages).
        create_in = stage if self.rank[stage] <= self.rank["data_collection"] else None
        vals["stage_id"] = self.stages[create_in or "data_collection"].id
        if stage == "no_review":
            vals["stage_id"] = self.stages["no_review"].id
        return vals

    def _children(self, plans):
        env, rng, timer = self.env, self.rng, self.timer
        collecting = [p for p in plans if self.at_least("data_collection", p["stage"])]
        preparing = [p for p in plans if self.at_least("preparation", p["stage"])]

        # Data collection ---------------------------------------------------------------------
        participants = []
        for p in preparing:
            review, company = p["review"], p["company"]
            for i, person in enumerate(rng.sample(list(self.people[company.id]), 4)):
                part = ["review_team", "practitioner", "practitioner", "first_line_manager"][i]
                participants.append(
                    {
                        "review_id": review.id,
                        "partner_id": person.id,
                        "part": part,
                        "agency_id": person.parent_id.id,
                        "published_role": person.function,
                        "answer": "agreed",
                    }
                )
        timer.create(env, "safeguarding.participant", participants)

        conversations, requests, sources, entries = [], [], [], []
        for p in collecting:
            review, past = p["review"], p["stage"] != "data_collection"
            start = datetime.combine(p["referral"], datetime.min.time()) + timedelta(days=130)
            for i in range(2):
                conversations.append(
                    {
                        "review_id": review.id,
                        "kind": "case_group" if i else "one_to_one",
                        "start": start + timedelta(days=14 * i, hours=10),
                        "state": "held" if past or i == 0 else "planned",
                        "recorded": True,
                    }
                )
            agencies = review.agency_ids
            for i, agency in enumerate(agencies[:3]):
                asked = p["referral"] + timedelta(days=115)
                state = "received" if past or i else "requested"
                requests.append(
                    {
                        "review_id": review.id,
                        "agency_id": agency.id,
                        "requester_id": self.users["reviewers"][p["company"].id][0].id,
                        "description": "Case records for the period reviewed.",
                        "asked_on": asked,
                        "due_on": asked + timedelta(days=21),
                        "state": state,
                        "received_on": asked + timedelta(days=18) if state == "received" else False,
                    }
                )
                sources.append(
                    {
                        "review_id": review.id,
                        "agency_id": agency.id,
                        "name": f"Case record, {agency.name}",
                        "kind": "case_record",
                        "period_start": review.review_period_start,
                        "period_end": review.review_period_end,
                        "is_read": past,
                    }
                )
            for i in range(8):
                entries.append(
                    {
                        "review_id": review.id,
                        "agency_id": rng.choice(agencies).id,
                        "date_from": rdate(rng, review.review_period_start, p["referral"]),
                        "what_happened": f"{rng.choice(EPISODES)} ({i + 1}).",
                        "agency_view": "Seen at the time as a routine contact.",
                    }
                )
        timer.create(env, "safeguarding.conversation", conversations)
        timer.create(env, "safeguarding.agency.request", requests)
        timer.create(env, "safeguarding.source", sources)
        timer.create(env, "safeguarding.narrative.entry", entries)

        # Analysis: episodes and factors, scaled so the whole chunk meets the ratios -----------
        analysing = [p for p in plans if self.at_least("analysis", p["stage"])]
        episode_counts = spread(rng, RATIOS["episode"] * len(plans), range(len(analysing)))
        episodes = []
        for i, p in enumerate(analysing):
            review = p["review"]
            for _n in range(episode_counts[i]):
                start = rdate(rng, review.review_period_start, review.review_period_end)
                episodes.append(
                    {
                        "review_id": review.id,
                        "name": rng.choice(EPISODES),
                        "date_from": start,
                        "date_to": start + timedelta(days=rng.randint(0, 20)),
                        "what_happened": HTML.format("What happened, in the agencies' words."),
                        "at_the_time": HTML.format("It looked like a routine contact then."),
                        "appraisal": rng.choice(["good", "adequate", "problematic", "mixed"]),
                        "agency_ids": [(6, 0, rng.sample(review.agency_ids.ids, 2))],
                    }
                )
        episodes = timer.create(env, "safeguarding.episode", episodes)
        factors = []
        for episode in episodes:
            review = episode.review_id
            categories = self.categories[review.taxonomy_id.id]
            for _n in range(rng.randint(1, 2 * RATIOS["factor_per_episode"] - 1)):
                category = rng.choice(categories)
                factors.append(
                    {
                        "episode_id": episode.id,
                        "category_id": category.id,  # the level follows the category
                        "influence": rng.choices(["hindered", "supported"], [70, 30])[0],
                        "description": "Workload left no time to read the other agencies' notes.",
                        "agency_id": rng.choice(review.agency_ids).id,
                    }
                )
        factors = timer.create(env, "safeguarding.factor", factors)
        factors_by_review = defaultdict(list)
        for factor in factors:
            factors_by_review[factor.review_id.id].append(factor.id)

        # Findings with their questions --------------------------------------------------------
        finding_counts = spread(rng, RATIOS["finding"] * len(plans), range(len(analysing)))
        findings, finding_plans = [], []
        for i, p in enumerate(analysing):
            review, stage = p["review"], p["stage"]
            decided = self.at_least("monitoring", stage)
            for _n in range(max(finding_counts[i], 1 if self.at_least("findings", stage) else 0)):
                state = "draft"
                if self.at_least("board_response", stage):
                    state = "presented"
                elif stage == "findings" or (stage == "analysis" and rng.random() < 0.3):
                    state = "agreed"
                answer = decided or (stage == "board_response" and rng.random() < 0.5)
                vals = {
                    "review_id": review.id,
                    "name": rng.choice(STATEMENTS),
                    "pattern_type_id": rng.choice(self.patterns).id if self.patterns else False,
                    "evidence_case": HTML.format("Each agency thought another was visiting."),
                    "evidence_wider": HTML.format("The case group knew of three other cases."),
                    "evidence_why": HTML.format("No one holds the whole picture."),
                    "state": state,
                    "priority": rng.choice(["1", "2", "3"]) if answer else "0",
                    "factor_ids": [
                        (
                            6,
                            0,
                            rng.sample(
                                factors_by_review[review.id],
                                min(3, len(factors_by_review[review.id])),
                            ),
                        )
                    ],
                }
                if answer:
                    decision = rng.choices(
                        ["accepted", "accepted_changes", "not_taken_forward"], [70, 20, 10]
                    )[0]
                    vals.update(
                        board_decision=decision,
                        board_response="The board accepts the finding and asks for actions.",
                        board_decision_reasons="Already covered by the board's strategic plan."
                        if decision == "not_taken_forward"
                        else False,
                        board_response_date=p["referral"] + timedelta(days=450),
                    )
                findings.append(vals)
                finding_plans.append(p)
        findings = timer.create(env, "safeguarding.finding", findings)
        questions = [
            {"finding_id": f.id, "name": q, "sequence": 10 * (n + 1)}
            for f in findings
            for n, q in enumerate(rng.sample(QUESTIONS, RATIOS["question"]))
        ]
        timer.create(env, "safeguarding.finding.question", questions)

        # Actions on the findings the board took forward ---------------------------------------
        acted = [
            (f, p)
            for f, p in zip(findings, finding_plans, strict=True)
            if f.board_decision in ("accepted", "accepted_changes")
        ]
        action_counts = spread(rng, RATIOS["action"] * len(plans), range(len(acted)))
        actions = []
        for i, (finding, p) in enumerate(acted):
            company, stage = p["company"], p["stage"]
            responded = finding.board_response_date
            for _n in range(action_counts[i]):
                due = responded + timedelta(days=rng.randint(60, 300))
                if stage == "closed":
                    status = rng.choices(["done", "dropped"], [92, 8])[0]
                else:
                    status = rng.choices(["planned", "in_progress", "done"], [30, 50, 20])[0]
                actions.append(
                    {
                        "finding_id": finding.id,
                        "name": rng.choice(ACTIONS),
                        "agency_id": rng.choice(finding.review_id.agency_ids).id,
                        "owner_id": rng.choice(self.users["owners"][company.id]).id,
                        "due_date": due,
                        "status": status,
                        "dropped_reason": "Superseded by the new discharge policy."
                        if status == "dropped"
                        else False,
                        "done_date": min(due, self.today) if status == "done" else False,
                        "last_update": min(self.today, due - timedelta(days=rng.randint(0, 60))),
                        "intended_outcome": "Practitioners check who else visits before discharge.",
                        "impact_measure": "Audit of discharge records in six months.",
                        "evidence": HTML.format("Checklist updated and circulated.")
                        if status == "done"
                        else False,
                    }
                )
        # Creating an action schedules its owner's reminder one action at a time (see the
        # report of tools/benchmark.py); here the same reminders are made in one batch, and
        # only for the actions still open (a finished action's reminder is marked done).
        actions = timer.create(
            env(context=dict(env.context, mail_activity_automation_skip=True)),
            "safeguarding.action",
            actions,
        )
        reminders = [
            {
                "res_model_id": self.action_model_id,
                "res_id": a.id,
                "activity_type_id": self.todo_type.id,
                "user_id": a.owner_id.id,
                "date_deadline": a.due_date,
                "summary": "Safeguarding review action assigned to you",
                "note": a.name,
                "automated": True,
            }
            for a in actions
            if a.status in ("planned", "in_progress")
        ]
        timer.create(env, "mail.activity", reminders)
        # Progress updates in the chatter of a third of the actions under way or done.
        messages = [
            {
                "model": "safeguarding.action",
                "res_id": a.id,
                "message_type": "comment",
                "subtype_id": self.comment_subtype.id,
                "author_id": a.owner_id.partner_id.id,
                "body": HTML.format("Draft checklist shared with the discharge team."),
                "date": datetime.combine(a.last_update, datetime.min.time()),
            }
            for a in actions
            if a.status in ("in_progress", "done") and rng.random() < 0.33
        ]
        timer.create(env, "mail.message", messages)

    def _move_stages(self, plans):
        """Write stage_id in one batch per target stage (and closing month): the gates of
        every stage passed on the way run on each review, as a drag on the board would."""
        groups = defaultdict(list)
        for p in plans:
            stage = p["stage"]
            if self.rank[stage] <= self.rank["data_collection"] or stage == "no_review":
                continue
            closed = None
            if stage == "closed":
                closed = min(self.today, p["referral"] + timedelta(days=self.rng.randint(700, 820)))
                closed = closed.replace(day=1)
            groups[(stage, closed)].append(p["review"].id)
        Review = self.env["safeguarding.review"]
        for (stage, closed), ids in sorted(groups.items(), key=lambda kv: self.rank[kv[0][0]]):
            vals = {"stage_id": self.stages[stage].id}
            if closed:
                vals["closed_date"] = closed
                # Closing needs the board's decision on publication.
                vals["publication_decision"] = "not_publish"
                vals["publication_decision_reasons"] = "Generated: the board kept it internal."
            self.timer.timed(
                "safeguarding.review (write stage_id)",
                Review.browse(ids).write,
                vals,
                rows=len(ids),
            )

    def _review_activities(self, plans):
        """A to-do on most open reviews, for their lead reviewer (the board's cards show it)."""
        vals_list = []
        for p in plans:
            review = p["review"]
            if self.rank[p["stage"]] > self.rank["monitoring"] or self.rng.random() < 0.3:
                continue
            user = review.lead_reviewer_ids[:1] or self.users["manager"]
            vals_list.append(
                {
                    "res_model_id": self.review_model_id,
                    "res_id": review.id,
                    "activity_type_id": self.todo_type.id,
                    "user_id": user.id,
                    "summary": "Chase the agencies' records",
                    "date_deadline": self.today + timedelta(days=self.rng.randint(-10, 20)),
                }
            )
        self.timer.create(self.env, "mail.activity", vals_list)


# The peer: OCA mgmtsystem_nonconformity ---------------------------------------------------------
PEER_STATES = [(30, "draft"), (90, "analysis"), (150, "pending"), (500, "open")]


class PeerGenerator:
    def __init__(self, env, rng, timer, companies, users, agencies):
        self.env, self.rng, self.timer = env, rng, timer
        self.companies, self.users, self.agencies = companies, users, agencies
        ref = env.ref
        self.stages = {
            s: ref(f"mgmtsystem_nonconformity.stage_{s}")
            for s in ("draft", "analysis", "pending", "open", "done", "cancel")
        }
        self.action_stages = {
            s: ref(f"mgmtsystem_action.stage_{s}") for s in ("draft", "open", "close", "cancel")
        }
        self.origins = env["mgmtsystem.nonconformity.origin"].search([])
        self.causes = env["mgmtsystem.nonconformity.cause"].search([])
        self.severities = env["mgmtsystem.nonconformity.severity"].search([])
        self.today = date.today()
        # Creating an action mails its owner at once (force_send); this machine has no mail
        # server and the benchmark needs none: switched off in this process only.
        type(env["mgmtsystem.action"]).send_mail_for_action = lambda self, force_send=True: True

    def chunk(self, count):
        env, rng = self.env, self.rng
        plans, ncs = [], []
        for _i in range(count):
            company = rng.choice(self.companies)
            age = rng.randint(0, 5 * 365)
            state = next((s for limit, s in PEER_STATES if age < limit), "done")
            if state == "done" and rng.random() < 0.1:
                state = "cancel"
            reviewers = self.users["reviewers"][company.id]
            plans.append({"state": state, "company": company})
            ncs.append(
                {
                    "name": rng.choice(THEMES),
                    "company_id": company.id,
                    "partner_id": rng.choice(self.agencies[company.id]).id,
                    "responsible_user_id": rng.choice(reviewers).id,
                    "manager_user_id": self.users["manager"].id,
                    "user_id": rng.choice(reviewers).id,
                    "origin_ids": [(6, 0, rng.sample(self.origins.ids, 1))],
                    "cause_ids": [(6, 0, rng.sample(self.causes.ids, 2))],
                    "severity_id": rng.choice(self.severities).id,
                    "description": "The adult was known to several agencies; each saw part of it.",
                    "analysis": "Agencies rely on the adult to pass on what each has been told.",
                    "stage_id": self.stages["draft"].id,
                }
            )
        records = self.timer.create(env, "mgmtsystem.nonconformity", ncs)
        planning = [i for i, p in enumerate(plans) if p["state"] in ("pending", "open", "done")]
        counts = spread(rng, RATIOS["action"] * count, planning)
        actions = []
        for i, (plan, nc) in enumerate(zip(plans, records, strict=True)):
            state = plan["state"]
            for _n in range(counts.get(i, 0)):
                stage = "draft" if state == "pending" else "open"
                if state == "done":
                    stage = rng.choices(["close", "cancel"], [92, 8])[0]
                actions.append(
                    {
                        "name": rng.choice(ACTIONS),
                        "company_id": plan["company"].id,
                        "type_action": rng.choice(["correction", "prevention", "improvement"]),
                        "user_id": rng.choice(self.users["owners"][plan["company"].id]).id,
                        "date_deadline": self.today + timedelta(days=rng.randint(-200, 200)),
                        "stage_id": self.action_stages[stage].id,
                        "nonconformity_ids": [(6, 0, [nc.id])],
                    }
                )
        self.timer.create(env, "mgmtsystem.action", actions)
        # The action plan, then the stage, in one write per target state.
        groups = defaultdict(list)
        for plan, nc in zip(plans, records, strict=True):
            groups[plan["state"]].append(nc.id)
        NC = env["mgmtsystem.nonconformity"]
        for state, ids in groups.items():
            if state == "draft":
                continue
            vals = {"stage_id": self.stages[state].id}
            if state in ("open", "done"):
                vals["action_comments"] = "Plan agreed with the agencies."
            if state == "done":
                vals["evaluation_comments"] = "Audit shows the checklist is used."
            self.timer.timed(
                "mgmtsystem.nonconformity (write stage)", NC.browse(ids).write, vals, rows=len(ids)
            )


# Main --------------------------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--reviews", type=int, required=True, help="how many reviews to add")
    parser.add_argument("--companies", type=int, default=3, help="boards (companies)")
    parser.add_argument("--chunk", type=int, default=200, help="reviews per commit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--peer", action="store_true", help="fill OCA mgmtsystem_nonconformity instead"
    )
    args = parser.parse_args(argv)

    from odoo import SUPERUSER_ID, api

    started = time.perf_counter()
    registry = open_registry(args.db)
    rng = random.Random(args.seed)
    timer = Timer()
    reviewers_per_company = max(4, min(40, args.reviews // (25 * args.companies) or 4))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, FAST_CONTEXT)
        companies = ensure_companies(env, timer, args.companies)
        users = ensure_users(env, timer, companies, reviewers_per_company)
        agencies, people = ensure_partners(env, timer, rng, companies, 60 * len(AGENCY_KINDS))
        if args.peer:
            generator = PeerGenerator(env, rng, timer, companies, users, agencies)
        else:
            generator = ReviewGenerator(env, rng, timer, companies, users, agencies, people)
        cr.commit()
        done = 0
        while done < args.reviews:
            count = min(args.chunk, args.reviews - done)
            generator.chunk(count)
            env.flush_all()
            cr.commit()
            env.invalidate_all()
            done += count
            elapsed = time.perf_counter() - started
            say(
                f"{done}/{args.reviews} {'nonconformities' if args.peer else 'reviews'} "
                f"in {elapsed:.0f} s"
            )
        # A server's autovacuum analyses and vacuums the tables in time; a bulk load outruns
        # it: plans made on empty-table statistics, and index-only scans that still visit
        # every row (their pages not yet marked all-visible), would make the benchmark
        # measure the wrong thing. VACUUM runs outside a transaction.
        cr.commit()
        cr._cnx.autocommit = True
        timer.timed("VACUUM ANALYZE", cr.execute, "VACUUM ANALYZE")
        cr._cnx.autocommit = False
    timer.report(time.perf_counter() - started)


if __name__ == "__main__":
    main()
