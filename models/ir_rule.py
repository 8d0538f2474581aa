from odoo import api, models
from odoo.osv import expression
from odoo.tools.query import _SQL_JOINS, Query

from .safeguarding_registry_cache import registry_cached

# Odoo's join kinds by their SQL, to add a compiled join back as Odoo adds it.
JOIN_KINDS = {sql.code: kind for kind, sql in _SQL_JOINS.items()}
# Operators whose condition Odoo compiles from the records' data (the ids of a tree).
TREE_OPERATORS = ("child_of", "parent_of")


class _Compiled(Exception):
    """A compile not to keep: it read the database."""


class IrRule(models.Model):
    """The SQL of record rules compiled once per user, domain and context, not on each
    query: Odoo caches a rule's domain but compiles it again each time (a few tenths of a
    millisecond a model; a form reads a dozen models; README, Performance). The SQL of a
    domain is a function of the domain, its model and the context alone when compiling it
    reads nothing from the database, or reads only the companies' tree, which Odoo never
    changes (res.company refuses a new parent) and clears this cache for when it grows. A
    rule compiled from other data (another tree's ids, a module's search) is compiled each
    time. The cache is Odoo's registry cache, cleared when a rule, a group or a company
    changes."""

    _inherit = "ir.rule"

    @api.model
    def _apply_compiled(self, model, query, mode="read"):
        """What Odoo's ``model._apply_ir_rules(query, mode)`` does (the only definition of
        it in Odoo 18), from the compiled SQL."""
        if model.env.su:
            return None
        if query.table != model._table:
            domain = self._compute_domain(model._name, mode)
            if domain:
                # sudo: as Odoo compiles a rule (the domain is the restriction itself).
                expression.expression(domain, model.sudo(), model._table, query)
            return None
        # Odoo's rule domain is a function of the user, the model, the mode and the context
        # (its own cache's key, _compute_domain), and so is its SQL, when compiling it
        # reads nothing: both kept in one entry of the same cache.
        context = repr(sorted(model.env.context.items()))
        key = ("ir.rule", "_apply_compiled", model._name, mode, model.env.uid, context)
        kind, value = registry_cached(
            self.pool, "default", key, lambda: self._compile_entry(model, mode)
        )
        if kind == "each":  # compiled from data: compiled each time
            # sudo: as Odoo compiles a rule (the domain is the restriction itself).
            expression.expression(value, model.sudo(), model._table, query)
        elif kind == "sql":
            joins, conditions = value
            for alias, (join, table, condition) in joins:
                query.add_join(JOIN_KINDS[join.code], alias, table, condition)
            for condition in conditions:
                query.add_where(condition)
        return None

    def _compile_entry(self, model, mode):
        """("none", None) for no rule, ("sql", (joins, conditions)) for a rule compiled once,
        ("each", domain) for a rule compiled each time."""
        domain = self._compute_domain(model._name, mode)
        if not domain:
            return ("none", None)
        if not _compilable(model, domain):
            return ("each", domain)
        try:
            return ("sql", self._compile_rules(model, domain))
        except _Compiled:
            return ("each", domain)

    def _compile_rules(self, model, domain):
        """(joins, conditions) of ``domain`` compiled on ``model``'s table; raises _Compiled
        when compiling read the database."""
        # The companies' tree (parent_of, child_of) read first, so that the compile reads
        # nothing when the rest of the domain does not; their tree alone (what else a
        # request reads of them, it reads under their rules). sudo: their tree alone, into
        # the cache, as Odoo reads it to compile parent_of (sudo, expression.py).
        self.env["res.company"].sudo().with_context(active_test=False).search([]).fetch(
            ["parent_path"]
        )
        cr = self.env.cr
        queries = cr.sql_log_count
        compiled = Query(model.env, model._table, model._table_sql)
        # sudo: as Odoo compiles a rule (the domain is the restriction itself).
        expression.expression(domain, model.sudo(), model._table, compiled)
        if cr.sql_log_count != queries:
            raise _Compiled()
        return tuple(compiled._joins.items()), tuple(compiled._where_clauses)


def _compilable(model, domain):
    """Whether ``domain`` (of ``model``) compiles to the same SQL whatever the data and the
    day: every leaf on stored fields along its path (a field searched by a method, a
    one2many by a computed inverse, a properties field are compiled from what they read:
    the day, the cache), a tree's operator only on companies (whose tree never changes),
    and the same of the domain of an "any"."""
    for leaf in domain:
        if not (isinstance(leaf, list | tuple) and len(leaf) == 3):
            continue  # "&", "|", "!"
        path, operator, value = leaf
        if not isinstance(path, str):
            continue  # (1, "=", 1) and the like
        target = _path_target(model, path)
        if target is None:
            return False
        field, comodel = target
        if operator in TREE_OPERATORS:
            on_companies = model._name == "res.company" and path == "id"
            if not (on_companies or field.comodel_name == "res.company"):
                return False
        elif operator in ("any", "not any"):
            if comodel is None or not _compilable(comodel, value):
                return False
    return True


def _path_target(model, path):
    """(the last field, its comodel or None) of ``path`` from ``model``, or None when a field
    on the way is not compiled from its column alone."""
    field = comodel = None
    for name in path.split("."):
        if comodel is not None:
            model = comodel
        field = model._fields.get(name)
        if field is None or not field.store or field.type == "properties":
            return None
        comodel = model.env[field.comodel_name] if field.relational else None
        if field.type == "one2many":
            inverse = comodel._fields.get(field.inverse_name)
            if inverse is None or not inverse.store:
                return None
    return field, comodel
