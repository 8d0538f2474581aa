from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists


class SafeguardingReview(models.Model):
    """The real identity of the adult: the contact of the review's participant in the part
    "the adult".

    A field guarded by a group would show it to every reviewer who may read the review, a
    reviewer of another team included once the review reaches the board. Participants are
    read only by the review's own team and managers (record rules), so the identity is read
    only by them too, by every path (read, nested reads, exports, domains, group-by: the field
    is not stored, so it cannot be searched or grouped), and its changes are tracked on the
    participant's chatter, which only they read.
    """

    _inherit = "safeguarding.review"

    def _participants_as_user(self):
        # With the rights of the user asking, even inside sudo(): the identity is not for
        # a superuser computation made on behalf of someone who may not read it.
        Participant = self.env["safeguarding.participant"]
        if self.env.su and self.env.uid != SUPERUSER_ID:
            Participant = Participant.with_env(self.env(su=False))
        return Participant

    @api.depends("participant_ids.partner_id", "participant_ids.part")
    @api.depends_context("uid")
    def _compute_adult_partner_id(self):
        Participant = self._participants_as_user()
        review_ids = [rid for rid in self._origin.ids if rid]
        adults = {}
        if review_ids and Participant.has_access("read"):
            for adult in Participant.search(
                [("review_id", "in", review_ids), ("part", "=", "adult")]
            ):
                adults[adult.review_id.id] = adult.partner_id.id
        for review in self:
            review.adult_partner_id = adults.get(review._origin.id, False)

    def _search_adult_partner_id(self, operator, value):
        # Through the participants, as the user: their rules keep the search to the reviews
        # the user is on (a reviewer of another team finds nothing by it).
        return [
            ("participant_ids", "any", [("part", "=", "adult"), ("partner_id", operator, value)])
        ]

    def _inverse_adult_partner_id(self):
        Participant = self.env["safeguarding.participant"]
        people = {
            (p.review_id.id, p.partner_id.id): p
            for p in Participant.with_context(active_test=False).search(
                [("review_id", "in", self.ids)]
            )
        }
        for review in self:
            adult = next(
                (p for (rid, _pid), p in people.items() if rid == review.id and p.part == "adult"),
                Participant,
            )
            partner = review.adult_partner_id
            if partner == adult.partner_id:
                continue
            other = people.get((review.id, partner.id))
            if partner and other:
                raise ValidationError(
                    _(
                        "Real identity: %(who)s already takes part in %(review)s as %(part)s. "
                        "Make that participant the adult instead.",
                        who=partner.name,
                        review=review.name,
                        part=other._fields["part"].convert_to_export(other.part, other),
                    )
                )
            if adult and partner:
                adult.partner_id = partner
            elif partner:
                Participant.create(
                    {"review_id": review.id, "partner_id": partner.id, "part": "adult"}
                )
            else:
                try:
                    adult.unlink()
                except UserError as error:  # refused before anything is deleted
                    raise UserError(_("Real identity: %(why)s", why=error.args[0])) from error

    @api.model
    def _upgrade_identity_to_participants(self):
        """18.0.1.1.0: the identity was a column of the review, tracked in its chatter, which
        every reader of the review reads. It becomes the adult's participant; the column and
        the tracked values go."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "adult_partner_id"):
            return
        rows = self.env.execute_query(
            SQL(
                "SELECT id, adult_partner_id FROM %s WHERE adult_partner_id IS NOT NULL",
                SQL.identifier(self._table),
            )
        )
        # sudo: an upgrade step, run as the system for every review.
        reviews = self.sudo().with_context(active_test=False, tracking_disable=True)
        for review_id, partner_id in rows:
            review = reviews.browse(review_id)
            try:
                with cr.savepoint():
                    review.adult_partner_id = partner_id
            except ValidationError:
                # The person already takes part in another part: the team decides.
                review.message_post(
                    body=_(
                        "The real identity recorded on this review could not become the "
                        "adult's participant: that person already takes part in the review. "
                        "Make that participant the adult."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        field = self.env["ir.model.fields"]._get(self._name, "adult_partner_id")
        Tracking = self.env["mail.tracking.value"].sudo()  # sudo: only the system reads them
        Tracking.search([("field_id", "=", field.id)]).unlink()
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN adult_partner_id", SQL.identifier(self._table)))
