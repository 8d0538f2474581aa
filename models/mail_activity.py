from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import ValidationError

from .safeguarding_confidential_tools import confidential_models, for_readers_on_no_team


class MailActivity(models.Model):
    """Activities on the records of a safeguarding review.

    Odoo checks the record an activity is attached to when the activity is created, not
    when it is moved: a user could point one of their own activities at a record they may
    not read, and read its name (computed as superuser). Moving an activity onto one of
    these records needs what creating it there needs. And an activity is assigned only to
    someone who may open the record: its summary and note are about the case."""

    _inherit = "mail.activity"

    @api.model
    def _safeguarding_documents(self):
        """{model: records} of the documents of ``self`` that belong to this addon."""
        confidential = confidential_models(self.env)
        documents = defaultdict(list)
        # sudo: only the target of each activity is read, to check it as the user below.
        for activity in self.sudo():
            if activity.res_model in confidential and activity.res_id:
                documents[activity.res_model].append(activity)
        return documents

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        domain = self._safeguarding_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _safeguarding_domain(self, domain):
        """``domain``, narrowed for this addon: the team's to-dos on a review are the team's,
        a reader on no team (a board member) sees only those assigned to them."""
        return for_readers_on_no_team(
            self.env,
            domain,
            ["|", ("res_model", "!=", "safeguarding.review"), ("user_id", "=", self.env.uid)],
        )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._check_safeguarding_assignees()
        return activities

    def write(self, vals):
        res = super().write(vals)
        if {"res_model_id", "res_model", "res_id"} & set(vals) and not self.env.su:
            for model, activities in self._safeguarding_documents().items():
                documents = self.env[model].browse({a.res_id for a in activities})
                documents.check_access(getattr(documents, "_mail_post_access", "write"))
        if {"user_id", "res_model_id", "res_model", "res_id"} & set(vals):
            self._check_safeguarding_assignees()
        return res

    def _check_safeguarding_assignees(self):
        for model, activities in self._safeguarding_documents().items():
            by_user = defaultdict(list)
            for activity in activities:
                if activity.user_id:
                    by_user[activity.user_id].append(activity.res_id)
            for user, res_ids in by_user.items():
                documents = self.env[model].browse(res_ids)
                readable = documents.with_user(user)._filtered_access("read")
                if set(readable.ids) != set(documents.ids):
                    raise ValidationError(
                        _(
                            "Assigned to: %(user)s may not open this %(kind)s, so cannot be "
                            "given an activity on it.",
                            user=user.name,
                            kind=self.env[model]._description,
                        )
                    )
