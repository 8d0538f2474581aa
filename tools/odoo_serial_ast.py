"""Odoo's command line, with AST parsing serialised first (CPython gh-106905).

    python3 tools/odoo_serial_ast.py [odoo's arguments]

A server on a Python before 3.11.8 may answer a request with a 500 (``SystemError: AST
constructor recursion depth mismatch``) when two of its threads parse at once, as they do
when wkhtmltopdf fetches a report's styles in parallel from a fresh server. The demo
(tools/run-demo) and the benchmark's report server start Odoo through this, so the lock of
tools/pytest_serial_ast.py is installed before any thread starts. On a fixed Python it is
Odoo's command line and nothing more.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest_serial_ast  # tools/, beside this script (tools is not a package)

if __name__ == "__main__":
    pytest_serial_ast.install()
    from odoo.cli.command import main

    main()
