import math
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command

from .safeguarding_confidential_tools import confidential_models

# PostgreSQL's integer column.
INT4 = (-(2**31), 2**31 - 1)


class SafeguardingValuesMixin(models.AbstractModel):
    """Values of the wrong kind refused, naming the field, before anything is written, on
    every model of the app (Odoo would fail later and deeper, without naming the field, or
    store them: a text for a boolean, a date with a NUL in it).

    Its create and write run the checks of the models built on it, in order: the values
    (here), then ``_check_before_write``; after the write, ``_check_after_write``.
    """

    _name = "safeguarding.values.mixin"
    _description = "Values checked before they are written"
    # And their record rules compiled once (safeguarding_compiled_rules_mixin).
    _inherit = ["safeguarding.compiled.rules.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_values(vals)
            self._check_before_write(vals, creating=True)
        records = super().create(vals_list)
        records._check_after_write(set().union(*vals_list), creating=True)
        return records

    def write(self, vals):
        self._check_values(vals)
        self._check_before_write(vals)
        res = super().write(vals)
        self._check_after_write(set(vals))
        return res

    def _check_before_write(self, vals, creating=False):
        """Checks of a write or creation before it is made (the values are checked)."""

    def _check_after_write(self, names, creating=False):
        """Checks of a write or creation of the fields ``names``, once it is made."""

    def _field_label(self, name):
        return self._fields[name]._description_string(self.env)

    def _check_values(self, vals):
        """Refuse a value of the wrong kind for a field of this addon, naming the field, before
        anything is written (Odoo would fail later, deeper, or store it)."""
        missing = {}
        for name, value in list(vals.items()):
            field = self._fields.get(name)
            if field is None or field._module != "safeguarding_review":
                continue
            if value == "" and field.type in ("date", "datetime", "many2one"):
                vals[name] = value = False  # an empty form field, as the web client means it
            problem = self._value_problem(field, value)
            if problem:
                raise ValidationError(
                    _("%(field)s: %(problem)s", field=self._field_label(name), problem=problem)
                )
            for comodel, ids in self._linked_ids(field, value):
                missing.setdefault((comodel, name), set()).update(ids)
        self._check_linked(missing)

    def _check_linked(self, linked_ids):
        """``linked_ids``: {(comodel, field name): ids} that a value links. Each must exist, and
        a record of a review must be one the user may read."""
        confidential = confidential_models(self.env)
        for (comodel, name), ids in linked_ids.items():
            linked = self.env[comodel].browse(ids)
            present = linked.exists()
            if comodel in confidential and not self.env.su:
                # A record of a review links only what its writer may read (Odoo would refuse
                # later without naming the field, or not at all). Missing and hidden records
                # get the same answer: the answer must not tell which ids exist.
                if len(present._filtered_access("read")) != len(linked):
                    raise AccessError(
                        _(
                            "%(field)s: you may not link a %(kind)s you cannot open.",
                            field=self._field_label(name),
                            kind=self.env[comodel]._description,
                        )
                    )
            elif len(present) != len(linked):
                raise ValidationError(
                    _(
                        "%(field)s: no %(kind)s has the id %(ids)s.",
                        field=self._field_label(name),
                        kind=self.env[comodel]._description,
                        ids=", ".join(map(str, sorted(set(ids) - set(present.ids)))),
                    )
                )

    @api.model
    def _value_problem(self, field, value):
        """Why ``value`` cannot go in ``field`` (a sentence), or None."""
        kind = field.type
        empty = value is None or value is False
        if empty and kind == "one2many":
            # Odoo reads an empty value as "clear", which deletes every line of the list.
            return _("a list of commands is expected.")
        if empty or (value == "" and kind in ("date", "datetime", "many2one")):
            return _("a value is required.") if field.required else None
        if isinstance(value, str) and "\x00" in value:
            return _("the value contains a NUL character.")
        if kind == "boolean":
            if not (isinstance(value, bool) or value in (0, 1)):
                return _("true or false is expected.")
        elif kind in ("char", "text", "html", "selection"):
            if not isinstance(value, str):
                return _("text is expected.")
            if kind == "selection" and field.selection and not callable(field.selection):
                keys = [key for key, _label in field._description_selection(self.env)]
                if value not in keys:
                    return _("%(value)r is not one of the choices.", value=value[:40])
            if field.required and not value:
                return _("a value is required.")
        elif kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                return _("a whole number is expected.")
            if not INT4[0] <= value <= INT4[1]:
                return _("the number is too large.")
        elif kind in ("float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return _("a number is expected.")
            if not math.isfinite(value) or abs(value) > 1e15:
                return _("a finite number is expected.")
        elif kind in ("date", "datetime"):
            if not isinstance(value, str | date):
                return _("a date is expected.")
            convert = fields.Date.to_date if kind == "date" else fields.Datetime.to_datetime
            try:
                converted = convert(value)
            except (ValueError, TypeError, OverflowError):
                return _("%(value)r is not a valid date.", value=str(value)[:40])
            # Odoo writes a year below 1000 without its leading zero, and cannot read it back.
            if not 1900 <= converted.year <= 2999:
                return _("a date between the years 1900 and 2999 is expected.")
        elif kind == "many2one":
            if isinstance(value, models.BaseModel):
                return None if value._name == field.comodel_name else _("wrong kind of record.")
            if not self._is_id(value):
                return _("the id of a record is expected.")
        elif kind in ("one2many", "many2many"):
            return self._commands_problem(field, value)
        return None

    @api.model
    def _is_id(self, value):
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= INT4[1]

    @api.model
    def _commands_problem(self, field, value):
        if not isinstance(value, list | tuple):
            return _("a list of commands is expected.")
        for command in value:
            if self._is_id(command):
                continue  # a plain id, as Odoo accepts for a many2many
            if not isinstance(command, list | tuple) or not command:
                return _("a list of commands is expected.")
            code = command[0]
            if code not in tuple(Command) or (code != Command.CLEAR and len(command) < 2):
                return _("%(command)r is not a valid command.", command=command)
            if code == Command.CLEAR and any(arg not in (0, False, None) for arg in command[1:]):
                return _("%(command)r is not a valid command.", command=command)
            if code in (Command.CREATE, Command.UPDATE):
                if len(command) < 3 or not isinstance(command[2], dict):
                    return _("%(command)r is not a valid command.", command=command)
                unknown = set(command[2]) - set(self.env[field.comodel_name]._fields)
                if unknown:
                    return _(
                        "%(model)s has no field %(names)s.",
                        model=self.env[field.comodel_name]._description,
                        names=", ".join(map(str, sorted(unknown, key=str))),
                    )
            if code in (Command.UPDATE, Command.DELETE, Command.UNLINK, Command.LINK):
                if not self._is_id(command[1]):
                    return _("%(command)r does not name a record by its id.", command=command)
            if code == Command.SET:
                ids = command[2] if len(command) > 2 else None
                if not isinstance(ids, list | tuple) or not all(self._is_id(i) for i in ids):
                    return _("%(command)r does not list records by their ids.", command=command)
        return None

    @api.model
    def _linked_ids(self, field, value):
        """(comodel, ids) that ``value`` points ``field`` at, for the existence check."""
        if field.type == "many2one" and isinstance(value, int) and value:
            return [(field.comodel_name, [value])]
        if field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
            ids = []
            for command in value:
                if isinstance(command, int):
                    ids.append(command)
                elif not isinstance(command, list | tuple) or len(command) < 2:
                    continue
                elif command[0] in (Command.LINK, Command.UPDATE, Command.UNLINK, Command.DELETE):
                    ids.append(command[1])
                elif command[0] == Command.SET and len(command) > 2:
                    ids.extend(command[2] if isinstance(command[2], list | tuple) else ())
            return [(field.comodel_name, ids)] if ids else []
        return []
