# Shared by tools/run-tests and tools/run-demo: find Odoo and PostgreSQL, or say what is missing.
# Sourced, not run. Sets ADDON_DIR, ADDONS_PATH, ODOO_BIN (an array), and the PG* defaults.

die() {
    printf '\n%s: %s\n(bash tools/setup installs what this command needs, on Debian.)\n\n' \
        "${0##*/}" "$*" >&2
    exit 1
}

ADDON_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}

command -v "$PYTHON" >/dev/null || die "Python 3 is missing: '$PYTHON' is not on PATH."
ODOO_PKG=$("$PYTHON" -c 'import os, odoo; print(os.path.dirname(odoo.__file__))' 2>/dev/null) ||
    die "Odoo 18 is missing: '$PYTHON -c \"import odoo\"' fails. Install Odoo 18.0 Community
(its requirements, then the tree itself, e.g. 'pip install --no-deps -e /path/to/odoo'), see README.md."
ODOO_MAJOR=$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])')
[ "$ODOO_MAJOR" = 18 ] || die "Odoo 18 is needed; the Odoo found at $ODOO_PKG is version $ODOO_MAJOR."

# PostgreSQL: local socket by default; PGHOST/PGPORT/PGUSER are honoured as libpq does.
if ! pg_isready -q 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start \
            >/dev/null 2>&1 || true
        sleep 2
    fi
fi
command -v pg_isready >/dev/null || die "PostgreSQL client tools are missing (pg_isready, psql)."
pg_isready -q || die "PostgreSQL is not running or not reachable (pg_isready failed for \
host=${PGHOST:-local socket} port=${PGPORT:-5432}). Start it, or set PGHOST/PGPORT/PGUSER."
psql -d postgres -Atc 'select 1' >/dev/null 2>&1 ||
    die "PostgreSQL answers but refuses role '${PGUSER:-$(id -un)}': create it with CREATEDB."

# Odoo finds addons by folder name, and a clone may live in a folder of any name: link the
# repository in as 'safeguarding_review' beside Odoo's own addons.
LINK_DIR=${LINK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/safeguarding_review.XXXXXX")}
ln -sfn "$ADDON_DIR" "$LINK_DIR/safeguarding_review"
ADDONS_PATH="$ODOO_PKG/addons"
[ -d "$(dirname "$ODOO_PKG")/addons/mail" ] && ADDONS_PATH="$(dirname "$ODOO_PKG")/addons,$ADDONS_PATH"
[ -n "${EXTRA_ADDONS_PATH:-}" ] && ADDONS_PATH="$ADDONS_PATH,$EXTRA_ADDONS_PATH"
ADDONS_PATH="$ADDONS_PATH,$LINK_DIR"
"$PYTHON" -c 'import odoo.addons.mail' 2>/dev/null ||
    [ -d "$(dirname "$ODOO_PKG")/addons/mail" ] ||
    die "Odoo's 'mail' addon is not found next to $ODOO_PKG: the Odoo install is incomplete."
# What the addon itself needs at run time (its manifest's external_dependencies).
"$PYTHON" -c 'import docx' 2>/dev/null ||
    die "python-docx is missing (the findings report's Word document is built with it):
pip install -r $ADDON_DIR/requirements.txt, or bash tools/setup."
"$PYTHON" -c 'import jsonschema' 2>/dev/null ||
    die "jsonschema is missing (the learning exchange's files are validated with it):
pip install -r $ADDON_DIR/requirements.txt, or bash tools/setup."

# Odoo's command line with AST parsing serialised (gh-106905; tools/odoo_serial_ast.py).
ODOO_BIN=("$PYTHON" "$ADDON_DIR/tools/odoo_serial_ast.py")
