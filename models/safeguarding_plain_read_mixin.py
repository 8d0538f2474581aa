from odoo import models

from .safeguarding_plain_values import read_plain


class SafeguardingPlainReadMixin(models.AbstractModel):
    """A read's plain values (texts, numbers, dates, choices) for all its records at once
    from the cache, not record by record: Odoo's _read_format takes each value through the
    field's descriptor and two conversions, most of the time of a page of cards or of a
    form's lists (README, Performance). The links are read Odoo's way."""

    _name = "safeguarding.plain.read.mixin"
    _description = "Plain values read at once"

    def _read_format(self, fnames, load="_classic_read"):
        plain, rest = read_plain(self, fnames, use_display_name=load == "_classic_read")
        result = super()._read_format(rest, load=load)
        if plain:
            at = {record_id: index for index, record_id in enumerate(self._ids)}
            for values in result:
                index = at[values["id"]]
                for name, column in plain.items():
                    values[name] = column[index]
        return result
