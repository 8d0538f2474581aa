"""pytest plugin: one thread at a time builds Python AST objects (CPython gh-106905).

CPython before 3.11.8 (and 3.12.0) keeps the AST converter's recursion depth in shared
state: two threads turning source into AST objects at once can fail with
``SystemError: AST constructor recursion depth mismatch``. In a test run the HTTP server's
threads (a tour's parallel requests reading manifests with ``ast.literal_eval``, views
validated with ``ast.parse``) and the test thread do exactly that, and a tour then times
out one run in many. This plugin, loaded with ``-p pytest_serial_ast`` by tools/run-tests
before pytest-odoo starts the server, serialises ``ast.parse`` (``ast.literal_eval``
calls it) and ``compile`` of AST objects behind one lock. On a Python with the fix it does
nothing.
"""

import ast
import builtins
import functools
import sys
import threading

FIXED = sys.version_info >= (3, 12, 1) or (3, 11, 8) <= sys.version_info < (3, 12)
_LOCK = threading.RLock()


def _serialised(func, needs_lock):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not needs_lock(*args, **kwargs):
            return func(*args, **kwargs)
        with _LOCK:
            return func(*args, **kwargs)

    wrapper.serialised_by = __name__
    return wrapper


def _compile_needs_lock(source, *args, **kwargs):
    flags = args[2] if len(args) > 2 else kwargs.get("flags", 0)
    return isinstance(source, ast.AST) or bool(flags & ast.PyCF_ONLY_AST)


def install():
    """Wrap the AST entry points once; return whether the wrapping was needed."""
    if FIXED:
        return False
    if getattr(ast.parse, "serialised_by", None) != __name__:
        ast.parse = _serialised(ast.parse, lambda *a, **k: True)
    if getattr(builtins.compile, "serialised_by", None) != __name__:
        builtins.compile = _serialised(builtins.compile, _compile_needs_lock)
    return True


# At import: -p loads this plugin before pytest-odoo imports Odoo or starts any thread.
install()


def pytest_report_header(config):
    if FIXED:
        return f"AST parsing: Python {sys.version.split()[0]} has the fix for gh-106905"
    return (
        f"AST parsing: Python {sys.version.split()[0]} lacks the fix for gh-106905; "
        "ast.parse and compile of AST objects are serialised for this run"
    )
