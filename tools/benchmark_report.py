"""Render time of the findings report for a large review (40 episodes, 200 factors,
25 findings, 100 actions), in an installed database. Nothing is kept: the review is made in
a transaction that is rolled back.

    python3 tools/benchmark_report.py DB [--runs 5] [--pdf] [--out .benchmark/report.md]

HTML is rendered in-process. With --pdf, the PDF too: wkhtmltopdf fetches the report's styles
over HTTP, so the PDF is rendered while a server of DB runs on a free local port (started and
stopped here, as tools/benchmark.py does).
"""

import argparse
import os
import pathlib
import statistics
import sys
import time

SIZES = {"episodes": 40, "factors": 200, "findings": 25, "actions": 100}


def build(env):
    """A large review at Board response, built in bulk (one create per model)."""
    Command = __import__("odoo").Command
    ref = env.ref
    agencies = env["res.partner"].create(
        [{"name": f"Benchmark agency {i}", "is_company": True} for i in range(6)]
    )
    reviewer = env.ref("base.user_admin")
    review = env["safeguarding.review"].create(
        {
            "title": "Benchmark: a large review",
            "adult_pseudonym": "Adult Z",
            "referral_date": "2026-01-05",
            "decision": "review",
            "decision_date": "2026-01-20",
            "decision_reasons": "Benchmark",
            "lead_reviewer_ids": [Command.set(reviewer.ids)],
            "review_questions": "<p>How did agencies work together?</p>",
            "agency_ids": [Command.set(agencies.ids)],
            "stage_id": ref("safeguarding_review.stage_data_collection").id,
            "report_introduction": "<p>" + "Introduction. " * 80 + "</p>",
            "case_summary": "<p>" + "The case in brief. " * 80 + "</p>",
        }
    )
    env["safeguarding.conversation"].create(
        {"review_id": review.id, "start": "2026-02-02 10:00:00", "state": "held"}
    )
    episodes = env["safeguarding.episode"].create(
        [
            {
                "review_id": review.id,
                "name": f"Key practice episode {i}",
                "appraisal": ["good", "adequate", "problematic", "mixed"][i % 4],
                "appraisal_notes": "Why it is appraised so. " * 5,
                "date_from": "2025-06-01",
            }
            for i in range(SIZES["episodes"])
        ]
    )
    categories = env["safeguarding.factor.category"].search(
        [
            ("taxonomy_id", "=", ref("safeguarding_review.factor_taxonomy_scie").id),
            ("child_ids", "=", False),
        ]
    )
    factors = env["safeguarding.factor"].create(
        [
            {
                "episode_id": episodes[i % len(episodes)].id,
                "description": f"Contributory factor {i}",
                "category_id": categories[i % len(categories)].id,
                "influence": "hindered" if i % 3 else "supported",
            }
            for i in range(SIZES["factors"])
        ]
    )
    evidence = "<p>" + "Evidence. " * 60 + "</p>"
    findings = env["safeguarding.finding"].create(
        [
            {
                "review_id": review.id,
                "name": f"Finding {i}: a statement about the system. " * 2,
                "pattern_type_id": ref("safeguarding_review.pattern_human_tool").id,
                "evidence_case": evidence,
                "evidence_wider": evidence,
                "evidence_why": evidence,
                "state": "agreed",
                "episode_ids": [Command.set(episodes[i : i + 2].ids)],
                "factor_ids": [Command.set(factors[i * 8 : i * 8 + 8].ids)],
                "question_ids": [Command.create({"name": f"Question {q}?"}) for q in range(3)],
            }
            for i in range(SIZES["findings"])
        ]
    )
    review.stage_id = ref("safeguarding_review.stage_board_response")
    env["safeguarding.action"].create(
        [
            {
                "finding_id": findings[i % len(findings)].id,
                "name": f"Action {i}",
                "owner_id": reviewer.id,
                "agency_id": agencies[i % len(agencies)].id,
                "due_date": "2027-01-31",
            }
            for i in range(SIZES["actions"])
        ]
    )
    env.flush_all()
    return review


def timed(runs, render):
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        size = len(render())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(".benchmark/report.md"))
    args = parser.parse_args(argv)

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from benchmark import report_server
    from generate_data import open_registry

    import odoo

    registry = open_registry(args.db)
    rows = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        review = build(env)
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        report = "safeguarding_review.action_report_findings"

        def html():
            return Report._render_qweb_html(report, review.ids)[0]

        median, size = timed(args.runs, html)
        rows.append(("findings report, HTML", median, size))
        if args.pdf:
            with report_server(args.db) as url:
                # Rolled back with the review: the database keeps its own report.url.
                env["ir.config_parameter"].set_param("report.url", url)
                median, size = timed(
                    max(1, args.runs // 2),
                    lambda: Report._render_qweb_pdf(report, review.ids)[0],
                )
            rows.append(("findings report, PDF", median, size))
        cr.rollback()  # nothing of the benchmark is kept

    sizes = ", ".join(f"{n} {k}" for k, n in SIZES.items())
    lines = [
        f"Findings report of a large review ({sizes}), median of {args.runs} runs:",
        "",
        "| render | median (s) | size (bytes) |",
        "|---|---|---|",
        *(f"| {name} | {median:.2f} | {size} |" for name, median, size in rows),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
