from odoo import api, models

MANAGER_GROUP = "safeguarding_review.group_manager"


class SafeguardingReview(models.Model):
    """The review's members: its lead reviewers and team, in one stored set the record rules
    read. It changes only with the leads and the team (it is read-only, a direct write is
    refused), and whoever leaves stops following the review and what is under it."""

    _inherit = "safeguarding.review"

    @api.depends("lead_reviewer_ids", "team_member_ids")
    def _compute_member_ids(self):
        for review in self:
            review.member_ids = review.lead_reviewer_ids | review.team_member_ids

    def write(self, vals):
        team_change = {"lead_reviewer_ids", "team_member_ids"} & set(vals)
        before = {review.id: review.member_ids for review in self} if team_change else {}
        res = super().write(vals)
        if team_change:
            self._unfollow_former_members(before)
        return res

    def _unfollow_former_members(self, before):
        """Followers are told of every change (by email too): a member who leaves the team,
        and is no manager, stops following the review and every record of it."""
        Users = self.env["res.users"]
        left = Users.union(*(before[r.id] - r.member_ids for r in self)) if self else Users
        left = left.filtered(lambda u: not u.has_group(MANAGER_GROUP))
        if not left:
            return
        partners = left.partner_id.ids
        threads = [
            name
            for name in self.env.registry.descendants(
                ["safeguarding.review.child.mixin"], "_inherit"
            )
            if not self.env[name]._abstract and hasattr(self.env[name], "message_unsubscribe")
        ]
        # sudo: removing followers is what a manager or lead does here; the team change that
        # calls for it has passed the access checks of the write above.
        self.sudo().message_unsubscribe(partner_ids=partners)
        for name in threads:
            records = self.env[name].sudo().with_context(active_test=False)
            records.search([("review_id", "in", self.ids)]).message_unsubscribe(
                partner_ids=partners
            )
