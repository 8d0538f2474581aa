from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools.query import _SQL_JOINS, Query

# Odoo's join kinds by their SQL, to add a compiled join back as Odoo adds it.
JOIN_KINDS = {sql.code: kind for kind, sql in _SQL_JOINS.items()}
# Operators whose condition Odoo compiles from the records' data (the ids of a tree): a
# rule with one is compiled each time, as Odoo does.
TREE_OPERATORS = ("child_of", "parent_of")


class SafeguardingCompiledRulesMixin(models.AbstractModel):
    """The SQL of the record rules compiled once per user, domain and context, not on each
    query: Odoo caches a rule's domain but compiles it again each time (a few tenths of a
    millisecond a model, a dozen models on a form; README, Performance). The SQL of a
    domain is a function of the domain, its model and the context alone when compiling it
    read nothing from the database; a rule compiled from data (a tree's ids, a name looked
    up) is compiled each time. The cache is Odoo's registry cache, cleared when a rule, a
    group or a company changes."""

    _name = "safeguarding.compiled.rules.mixin"
    _description = "Record rules compiled once"

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        if self.env.su or query.table != self._table:
            return super()._apply_ir_rules(query, mode)
        domain = self.env["ir.rule"]._compute_domain(self._name, mode)
        if not domain:
            return None
        key = (self.env.uid, repr(domain), repr(sorted(self.env.context.items())))
        compiled = self._compiled_rules(mode, key, domain)
        if compiled is None:
            return super()._apply_ir_rules(query, mode)
        joins, conditions = compiled
        for alias, (kind, table, condition) in joins:
            query.add_join(JOIN_KINDS[kind.code], alias, table, condition)
        for condition in conditions:
            query.add_where(condition)
        return None

    @tools.ormcache("mode", "key")
    def _compiled_rules(self, mode, key, domain):
        """(joins, conditions) of ``domain`` compiled on this model's table, or None when
        compiling it read the database (then it is compiled each time)."""
        if _has_tree_operator(domain):
            return None
        cr = self.env.cr
        queries = cr.sql_log_count
        compiled = Query(self.env, self._table, self._table_sql)
        expression.expression(domain, self.sudo(), self._table, compiled)
        if cr.sql_log_count != queries:
            return None
        return tuple(compiled._joins.items()), tuple(compiled._where_clauses)


def _has_tree_operator(domain):
    """Whether ``domain`` has a tree's operator, on its records or on linked ones."""
    for leaf in domain:
        if isinstance(leaf, list | tuple) and len(leaf) == 3:
            if leaf[1] in TREE_OPERATORS:
                return True
            if isinstance(leaf[2], list | tuple) and _has_tree_operator(leaf[2]):
                return True  # "any", "not any": a domain of the linked records
    return False
