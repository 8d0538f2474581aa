from odoo import api, models

from .safeguarding_confidential_tools import MANAGER_GROUP, confidential_models


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

    @api.model
    def _upgrade_followers(self):
        """18.0.1.1.0: only those who may write a record follow it. Before, a board member
        could follow a review (and so post on it), and members who left the team stayed."""
        Followers = self.env["mail.followers"].sudo()  # sudo: an upgrade step, as the system
        for name in confidential_models(self.env, threads=True):
            followers = Followers.search([("res_model", "=", name)])
            for partner, of_partner in followers.grouped("partner_id").items():
                records = self.env[name].browse(of_partner.mapped("res_id"))
                allowed = set()
                for user in partner.user_ids.filtered(lambda u: not u.share):
                    allowed |= set(records.with_user(user)._filtered_access("write").ids)
                of_partner.filtered(lambda f, a=allowed: f.res_id not in a).unlink()

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
            name for name in confidential_models(self.env, threads=True) if name != self._name
        ]
        # sudo: removing followers is what a manager or lead does here; the team change that
        # calls for it has passed the access checks of the write above.
        self.sudo().message_unsubscribe(partner_ids=partners)
        for name in threads:
            # sudo: as above, for the records of the review.
            records = self.env[name].sudo().with_context(active_test=False)
            records.search([("review_id", "in", self.ids)]).message_unsubscribe(
                partner_ids=partners
            )
