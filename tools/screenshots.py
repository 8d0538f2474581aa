"""Screenshots of the app as users see it, from a running demo server (tools/run-demo).

    python3 tools/screenshots.py [--url http://localhost:8069] [--out docs/screenshots]

Drives Debian's Chromium through Playwright (never Playwright's own browser download).
"""

import argparse
import pathlib
import subprocess
import sys

from playwright.sync_api import sync_playwright

# JSON-RPC from the logged-in page: the demo review at the board (Mr C), whose findings
# are agreed and complete.
SEARCH_REVIEW_WITH_FINDINGS = """() => fetch('/web/dataset/call_kw', {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
        model: 'safeguarding.review', method: 'search',
        args: [[['adult_pseudonym', '=', 'Mr C']]], kwargs: {limit: 1}}})})
    .then(r => r.json()).then(r => r.result[0])"""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def login(page, url, user):
    page.goto(f"{url}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user if user != "admin" else "admin")
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar")


def open_card(page, url, text):
    page.goto(f"{url}/odoo/safeguarding-reviews")
    page.wait_for_selector(".o_kanban_record")
    page.click(f".o_kanban_record:has-text('{text}')")
    page.wait_for_selector(".o_form_view .o_statusbar_status")


def shoot(url, out, executable):
    """The pictures the README shows, in ``out``: the board, the dashboard, a review and
    its chronology, the analysis chain, the action plan, a refused move, and the findings
    report's first pages."""
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        login(page, url, "admin")
        page.goto(f"{url}/odoo/safeguarding-reviews")
        page.wait_for_selector(".o_kanban_record")
        page.screenshot(path=out / "board.png")
        page.click(".o_main_navbar .o_menu_sections >> text=Dashboard")
        page.wait_for_selector(".o_sg_dashboard .o_sg_tile")
        page.screenshot(path=out / "dashboard.png")
        open_card(page, url, "Adult A")
        page.screenshot(path=out / "review_form.png")
        page.click(".o_statusbar_buttons button:has-text('Chronology')")
        page.frame_locator("iframe").locator(".o_sg_chronology").wait_for()
        page.screenshot(path=out / "chronology.png")
        page.go_back()
        page.wait_for_selector(".o_form_view .o_statusbar_status")
        page.click(".o_notebook a.nav-link[name=analysis]")
        page.wait_for_selector(".o_notebook .tab-pane.active .o_list_renderer")
        page.locator(".o_notebook").scroll_into_view_if_needed()
        page.screenshot(path=out / "analysis_chain.png")
        page.goto(f"{url}/odoo/safeguarding-actions")
        page.wait_for_selector(".o_kanban_record")
        page.screenshot(path=out / "action_plan.png")
        open_card(page, url, "Mr H")
        page.click(".o_statusbar_status button:has-text('Preparation')")
        page.wait_for_selector(".modal .o_error_dialog")
        page.screenshot(path=out / "refused_move.png")
        # The findings report of the review at the board: a PDF, then its first pages as PNG.
        review_id = page.evaluate(SEARCH_REVIEW_WITH_FINDINGS)
        pdf = page.request.get(
            f"{url}/report/pdf/safeguarding_review.report_findings/{review_id}", timeout=120000
        )
        pdf_path = out / "findings_report.pdf"
        pdf_path.write_bytes(pdf.body())
        page_one = str(out / "findings_report")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf_path), page_one],
            check=True,
        )
        pdf_path.unlink()  # generated PDFs are never committed; the PNG pages are enough
        browser.close()
    return sorted(out.glob("*.png"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="docs/screenshots", type=pathlib.Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    for path in shoot(args.url, args.out, args.chromium):
        sys.stdout.write(f"{path}\n")
