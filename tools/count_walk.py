"""Count the interactions of the README's walk, as the method tours perform it.

    python3 tools/count_walk.py

The tours of static/tests/tours/safeguarding_method_tours.js walk the README's walk (each
role, referral to closed and printed). This loads them in Node.js with stand-ins for Odoo's
modules, expands every tour's steps, and counts those that act: a click (a button, a tab, a
row, a stage, a menu) or an entry (typing in a field, choosing in a list). Log-ins are not
counted. Node.js must be on PATH.
"""

import pathlib
import re
import subprocess
import sys
import tempfile

TOURS = pathlib.Path(__file__).resolve().parent.parent / "static/tests/tours"
STANDINS = """
const TOURS = [];
const registry = { category: () => ({ add: (name, tour) => TOURS.push([name, tour]) }) };
const stepUtils = { showAppsMenuItem: () => ({ trigger: "apps", run: "click" }) };
const formatDate = () => "01/01/2026";
const formatDateTime = () => "01/01/2026 10:00";
const download = {};
const queryFirst = () => null;
const waitFor = async () => null;
const D = () => ({ plus: D, minus: D, startOf: D, set: D, toFormat: () => "" });
const luxon = { DateTime: { local: D, now: D } };
"""
COUNT = """
const total = { clicks: 0, entries: 0 };
for (const [name, tour] of TOURS) {
    let clicks = 0, entries = 0;
    for (const step of tour.steps()) {
        if (!step.run) continue;
        // A scripted run clicks once: a stage, a smart button, the menu of a list.
        const click = typeof step.run !== "string" || step.run.startsWith("click");
        click ? clicks++ : entries++;
    }
    total.clicks += clicks;
    total.entries += entries;
    console.log(`${name}: ${clicks} clicks, ${entries} entries`);
}
const all = total.clicks + total.entries;
console.log(`total: ${all} (${total.clicks} clicks, ${total.entries} entries)`);
"""


def main():
    source = (TOURS / "safeguarding_method_tours.js").read_text()
    source = re.sub(r"^import .*?;\s*$", "", source, flags=re.M)
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as script:
        script.write(STANDINS + source + COUNT)
    return subprocess.run(["node", script.name], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
