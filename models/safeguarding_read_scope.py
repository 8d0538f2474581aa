"""The records one read of the web client (web_read, web_search_read) has just read under
their record rules, in SQL: Odoo checks the same rules again on them in Python before it
reads what they link to, and before a read of fields without a column (filtered_domain,
which reads each record's team to test a reviewer's rule: a fifth of a page of cards).
Kept for the time of the read only, per user and per the context the rules depend on
(Odoo's own key for their domain), and dropped by any write, creation or deletion through
the ORM meanwhile, of any model (base_read_scope.py). A read writes nothing (both are
read-only calls); what this cannot see is a write in SQL, or a savepoint rolled back, in
the middle of a read: no read does either."""

import contextlib

# On the cursor: the Transaction has slots; a read runs in one cursor.
SCOPE = "_safeguarding_read_scope"


@contextlib.contextmanager
def read_scope(env):
    """For the time of the block, records read under their rules in SQL are known as
    readable (note_readable); a scope within a scope is the outer one."""
    cr = env.cr
    if getattr(cr, SCOPE, None) is not None:
        yield
        return
    setattr(cr, SCOPE, {})
    try:
        yield
    finally:
        setattr(cr, SCOPE, None)


def _key(records):
    env = records.env
    return (records._name, env.uid, tuple(env["ir.rule"]._compute_domain_context_values()))


def note_readable(records):
    """``records`` were just read by a query their read rules restricted (not as
    superuser, under which no rule applies)."""
    scope = getattr(records.env.cr, SCOPE, None)
    if scope is None or records.env.su or not records._ids:
        return
    scope.setdefault(_key(records), set()).update(records._ids)


def known_readable(records):
    """Whether ``records`` (a non-empty set) were all read under their read rules in this
    scope, by this user in this context."""
    scope = getattr(records.env.cr, SCOPE, None)
    if not scope or records.env.su:
        return False
    known = scope.get(_key(records))
    return known is not None and known.issuperset(records._ids)


def forget_readable(env):
    """A write: what was read under the rules may not hold any more."""
    scope = getattr(env.cr, SCOPE, None)
    if scope:
        scope.clear()
