"""wkhtmltopdf alone, on the findings report Odoo prints: for tools/benchmark.py.

Odoo's PDF is its HTML render, the header and footer pages, wkhtmltopdf, and the PDF's
post-processing. To tell what is wkhtmltopdf's own, one print is watched: the wkhtmltopdf
command it runs is kept with its HTML files (Odoo deletes them), the stylesheets those
files link are downloaded beside them, and the same command is timed on the saved files
alone (no server, no Odoo). Anything else the pages would fetch over HTTP (a logo) is not.
"""

import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from unittest import mock

import requests

LINK = re.compile(r'(<link[^>]+href=")(/web/assets/[^"]+)(")')
BASE = re.compile(r"<base [^>]*>")


def capture(render, url):
    """Run ``render`` (one Odoo print); return the wkhtmltopdf command it ran, on copies of
    its HTML files saved with their stylesheets, and the folder that holds them."""
    saved = pathlib.Path(tempfile.mkdtemp(prefix="sgr_pdf_alone."))
    seen = {}
    real_popen = subprocess.Popen

    def spy(args, *pargs, **kwargs):
        if args and "wkhtmltopdf" in str(args[0]) and "argv" not in seen:
            seen["argv"] = [_save(arg, saved, url) for arg in args]
        return real_popen(args, *pargs, **kwargs)

    with mock.patch.object(subprocess, "Popen", spy):
        render()
    argv = seen["argv"]
    if "--cookie-jar" in argv:  # a session for the server: not needed alone
        index = argv.index("--cookie-jar")
        del argv[index : index + 2]
    argv[-1] = str(saved / "alone.pdf")
    return argv, saved


def _save(arg, saved, url):
    path = pathlib.Path(str(arg))
    if path.suffix != ".html" or not path.exists():
        return arg
    html = BASE.sub("", path.read_text(encoding="utf-8"))

    def local(match):
        name = saved / match.group(2).strip("/").replace("/", "_")
        if not name.exists():
            name.write_bytes(requests.get(url + match.group(2), timeout=60).content)
        return f"{match.group(1)}file://{name}{match.group(3)}"

    target = saved / path.name
    target.write_text(LINK.sub(local, html), encoding="utf-8")
    return str(target)


def time_alone(argv, runs):
    """Median milliseconds of ``runs`` runs of the saved command, and the PDF's size."""
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, pathlib.Path(argv[-1]).stat().st_size


def measure_alone(render, url, runs):
    argv, saved = capture(render, url)
    try:
        return time_alone(argv, runs)
    finally:
        shutil.rmtree(saved, ignore_errors=True)
