from odoo import api, models

from .safeguarding_read_scope import known_readable, note_readable, read_scope


class SafeguardingCompiledRulesMixin(models.AbstractModel):
    """Record rules compiled once per user, domain and context (ir.rule._apply_compiled),
    not on each query; and, within one read of the web client, not checked again in Python
    on the records that read just read under them in SQL (safeguarding_read_scope)."""

    _name = "safeguarding.compiled.rules.mixin"
    _description = "Record rules compiled once"

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        return self.env["ir.rule"]._apply_compiled(self, query, mode)

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):  # fmt: skip # noqa: E501
        with read_scope(self.env):
            return super().web_search_read(
                domain, specification, offset=offset, limit=limit, order=order,
                count_limit=count_limit,
            )  # fmt: skip

    @api.readonly
    def web_read(self, specification):
        with read_scope(self.env):
            return super().web_read(specification)

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        records = super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)
        note_readable(records)  # its query had the read rules (Odoo's _search)
        return records

    def fetch(self, field_names):
        if self._ids and field_names and known_readable(self):
            # Read under their rules a moment ago in this read (a form's list rows, found
            # by the list's search): their columns read without the rules' SQL again; the
            # fields to read, and the user's right to each, as Odoo's fetch finds them for
            # the user; a link's records (read under their own rules) Odoo's way.
            fields_ = self._determine_fields_to_fetch(field_names, ignore_when_in_cache=True)
            if all(field.column_type for field in fields_):
                names = [field.name for field in fields_]
                # sudo: the rules only (above), for the stored columns found for the user.
                return super(SafeguardingCompiledRulesMixin, self.sudo()).fetch(names)
        return super().fetch(field_names)

    def _check_access(self, operation):
        if operation == "read" and self._ids and known_readable(self):
            # Read under these very rules a moment ago in this read: the access rights
            # are checked, the rules not again. Straight to Odoo's check of the rights:
            # no model of the app defines a check of its own below this mixin
            # (tests/test_read_scope.py holds them to it).
            result = super(SafeguardingCompiledRulesMixin, self.browse())._check_access(operation)
            return result and (self, result[1])
        return super()._check_access(operation)
