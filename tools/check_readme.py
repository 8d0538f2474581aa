"""The README and the OCA readme fragments say the same: every paragraph of readme/*.md is in
README.md, and the description's paragraphs are on the app's page (static/description/
index.html). Whitespace and Markdown marks are ignored. Exit 1, naming what differs.

    python3 tools/check_readme.py [--write-description]

--write-description writes static/description/index.html from readme/DESCRIPTION.md.
"""

import html
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FRAGMENTS = ("DESCRIPTION", "USAGE", "CONFIGURE", "CONTRIBUTORS", "ROADMAP")


def plain(text):
    """Text without Markdown marks and HTML tags, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", "", html.unescape(text))
    text = re.sub(r"[*`]", "", text)
    return " ".join(text.split())


def paragraphs(text):
    return [p for p in (plain(chunk) for chunk in text.split("\n\n")) if p]


def description_html(markdown):
    items = []
    for chunk in markdown.strip().split("\n\n"):
        text = html.escape(" ".join(chunk.split()))
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
        items.append(f"    <p>{text}</p>")
    body = "\n".join(items)
    return (
        "<!-- Written by tools/check_readme.py --write-description"
        " from readme/DESCRIPTION.md. -->\n"
        '<section class="oe_container">\n'
        '  <div class="oe_row oe_spaced">\n'
        '    <h2 class="oe_slogan">Safeguarding Reviews</h2>\n'
        '    <h3 class="oe_slogan">'
        "Case reviews with the SCIE Learning Together systems method</h3>\n"
        f"{body}\n"
        "  </div>\n"
        "</section>\n"
    )


def main(argv):
    readme = plain((ROOT / "README.md").read_text())
    page_path = ROOT / "static" / "description" / "index.html"
    description = (ROOT / "readme" / "DESCRIPTION.md").read_text()
    if "--write-description" in argv:
        page_path.write_text(description_html(description))
    problems = []
    for name in FRAGMENTS:
        path = ROOT / "readme" / f"{name}.md"
        if not path.exists():
            problems.append(f"readme/{name}.md is missing")
            continue
        for paragraph in paragraphs(path.read_text()):
            if paragraph not in readme:
                problems.append(f"readme/{name}.md says what README.md does not: {paragraph[:80]}")
    page = plain(page_path.read_text()) if page_path.exists() else ""
    for paragraph in paragraphs(description):
        if paragraph not in page:
            problems.append(
                f"static/description/index.html lacks: {paragraph[:80]} "
                "(python3 tools/check_readme.py --write-description)"
            )
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
