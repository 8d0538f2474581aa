from odoo import models

# The cursor's cache (one request's, never the client's context) says a web read is running.
_READING = "safeguarding_web_read"


class SafeguardingConfidentialMixin(models.AbstractModel):
    """Who looked: a review and what belongs to one, opened or exported, is logged in
    safeguarding.access.log (README, "Access log")."""

    _inherit = "safeguarding.confidential.mixin"

    # Who looked (safeguarding.access.log) ----------------------------------------------
    def _is_access_logged(self):
        # A review and what belongs to one: the records a person opens to read a case.
        return self._name == "safeguarding.review" or "review_id" in self._fields

    def web_read(self, specification):
        # The form opens one record: that is an "open". Reads within a read are not (a form's
        # list of one milestone, a board's page of one card): the client asked for neither.
        nested = self.env.cr.cache.get(_READING)
        self.env.cr.cache[_READING] = True
        try:
            result = super().web_read(specification)
        finally:
            self.env.cr.cache[_READING] = nested
        if (
            not nested
            and len(self) == 1
            and self._is_access_logged()
            and self._name != "safeguarding.access.log"
        ):
            self.env["safeguarding.access.log"]._log("open", self)
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if self._is_access_logged():
            self.env["safeguarding.access.log"]._log(
                "export", self, detail=", ".join(fields_to_export)
            )
        return result
