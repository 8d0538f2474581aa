from odoo import api, models

# The stored fields the record rules and the card's computes read (README, Performance):
# a page fetched without them is fetched again whole (every column of a wide row) the first
# time Odoo checks a rule in Python (the page's to-dos, the web_read after the search).
CARD_COMPANIONS = ("company_id", "active", "stage_id", "target_date", "closed_date")
# What names a user (their contact) and what their record rule reads (share, companies).
USER_FIELDS = ["name", "share", "company_id", "company_ids", "active"]


class SafeguardingReviewBoard(models.Model):
    """The reviews board's reads: a page of cards costs the same few queries at any size."""

    _inherit = "safeguarding.review"

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        names = list(field_names)
        if names:
            names += [name for name in CARD_COMPANIONS if name not in names]
        records = super().search_fetch(domain, names, offset=offset, limit=limit, order=order)
        if "activity_ids" in names:
            records._fetch_todos()
        return records

    def _read_format(self, fnames, load="_classic_read"):
        # The users and contacts a form or a page names (leads, team, decision maker,
        # agencies, referrer) in one batch each: read field by field, Odoo fetched each set
        # of users, their contacts and their companies (for the users' rule, checked in
        # Python) apart, three or four queries a set.
        # sudo, without the active test: the links as stored, read for their values only;
        # what the user may see of them is still checked on each read, as before.
        records = self.sudo().with_context(active_test=False)
        users = records.env["res.users"].union(
            *(records[n] for n in fnames if _to(self, n, "res.users"))
        )
        partners = records.env["res.partner"].union(
            users.partner_id, *(records[n] for n in fnames if _to(self, n, "res.partner"))
        )
        if users:
            users.fetch(USER_FIELDS)
        if partners:
            # Every column Odoo would fetch on its first miss, once for them all.
            partners.fetch(
                [
                    f.name
                    for f in partners._fields.values()
                    if f.prefetch is True and f.store and f.column_type
                ]
            )
        return super()._read_format(fnames, load=load)


def _to(records, name, comodel):
    # Stored links only: a computed one (the mixin's activity_user_id) read as superuser
    # would be computed from what the user may not see, and cached for them.
    field = records._fields[name]
    return field.relational and field.store and field.comodel_name == comodel
