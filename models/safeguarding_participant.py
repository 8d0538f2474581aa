from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .res_partner import AGENCY_DOMAIN, PERSON_DOMAIN

# The adult and their network are published by pseudonym; everyone else by role and agency.
PERSONAL_PARTS = ("adult", "family", "friend_carer")
PARTS = [
    ("review_team", "Review team member"),
    ("practitioner", "Practitioner (case group)"),
    ("first_line_manager", "First-line manager (case group)"),
    ("adult", "The adult"),
    ("family", "Family member"),
    ("friend_carer", "Friend or carer"),
    ("advocate", "Advocate"),
    ("other", "Other"),
]


class SafeguardingParticipant(models.Model):
    _name = "safeguarding.participant"
    _description = "Safeguarding Review Participant"
    _inherit = ["safeguarding.review.child.mixin", "mail.thread"]
    _order = "review_id, part, id"
    _rec_name = "published_as"
    # Found by the published label or by the person's name (only the team reads participants).
    _rec_names_search = ["published_as", "pseudonym", "partner_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        domain=PERSON_DOMAIN,
        index=True,
        tracking=True,
        help="The person in Contacts. Their name and details are never published.",
    )
    part = fields.Selection(
        PARTS, string="Part in the review", required=True, default="practitioner", tracking=True
    )
    is_personal = fields.Boolean(
        string="Adult or family",
        compute="_compute_is_personal",
        store=True,
        help="The adult, family members, friends and carers are published by pseudonym.",
    )
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency",
        domain=AGENCY_DOMAIN,
        compute="_compute_agency_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The agency the person works for: their contact's company, unless changed.",
    )
    published_role = fields.Char(
        string="Role as published",
        tracking=True,
        help='How the report names this person, e.g. "Social worker, adult social care".',
    )
    pseudonym = fields.Char(
        tracking=True,
        help='How the report names a family member, friend or carer, e.g. "Adult A\'s son".',
    )
    published_as = fields.Char(
        string="Published as",
        compute="_compute_published_as",
        store=True,
        help="The only name this participant has in anything the review publishes.",
    )

    # What identifies the person beyond their contact: the publication check looks for it
    # in every text the report prints.
    birth_date = fields.Date(string="Date of birth", tracking=True)
    nhs_number = fields.Char(string="NHS number", tracking=True)

    # Involvement ---------------------------------------------------------------
    invited_on = fields.Date(string="Invited on")
    briefing_sent_on = fields.Date(
        string="Briefing sent on",
        help="The briefing says that conversations are recorded, that staff are named by "
        "role only and that the family is given pseudonyms.",
    )
    answer = fields.Selection(
        [("pending", "No answer yet"), ("agreed", "Agreed"), ("declined", "Declined")],
        default="pending",
        required=True,
        tracking=True,
    )
    wishes = fields.Text(string="Wishes about involvement")
    # The case group (quality marker 10): support and feedback besides the briefing.
    support_offered = fields.Text(
        string="Support offered", help="e.g. supervision, the agency's staff support service."
    )
    feedback_session_on = fields.Date(
        string="Feedback session on", help="When the findings were shared back with them."
    )
    # Advocacy (quality marker 11), as for the adult or a family member.
    advocacy = fields.Selection(
        [
            ("not_needed", "Not needed"),
            ("offered", "Offered, declined"),
            ("independent", "Independent advocate (Care Act s68)"),
            ("imca", "IMCA (Mental Capacity Act)"),
            ("informal", "A family member or friend"),
        ],
        string="Advocacy",
        tracking=True,
    )

    # Consent and capacity (the adult and family) ----------------------------------
    consent = fields.Selection(
        [("not_sought", "Not sought"), ("given", "Given"), ("refused", "Refused")],
        default="not_sought",
        tracking=True,
    )
    consent_notes = fields.Text(string="Reasons about consent")
    capacity = fields.Selection(
        [
            ("not_assessed", "Not assessed"),
            ("has_capacity", "Has capacity to consent"),
            ("lacks_capacity", "Lacks capacity to consent"),
        ],
        string="Capacity to consent",
        default="not_assessed",
        tracking=True,
    )
    best_interests = fields.Text(
        string="Best-interests decision or advocate",
        help="Where the person lacks capacity to consent: the best-interests decision, "
        "or the advocate who represents them.",
    )
    sharing_authorised_by = fields.Char(
        string="Sharing without consent authorised by",
        help="e.g. the Caldicott Guardian of the NHS trust.",
    )
    sharing_authorised_on = fields.Date(string="Authorised on")
    sharing_reasons = fields.Text(string="Why information is shared without consent")

    conversation_ids = fields.Many2many(
        "safeguarding.conversation",
        "safeguarding_conversation_participant_rel",
        "participant_id",
        "conversation_id",
        string="Conversations",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "partner_review_uniq",
            "unique (review_id, partner_id)",
            "This person already takes part in this review: one person once per review.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_agency_id(self):
        for participant in self:
            company = participant.partner_id.parent_id
            if company.is_company:
                participant.agency_id = company

    @api.depends("part")
    def _compute_is_personal(self):
        for participant in self:
            participant.is_personal = participant.part in PERSONAL_PARTS

    @api.depends(
        "part",
        "published_role",
        "pseudonym",
        "agency_id.name",
        "review_id.adult_pseudonym",
    )
    def _compute_published_as(self):
        parts = dict(self._fields["part"]._description_selection(self.env))
        for participant in self:
            if participant.part == "adult":
                label = participant.review_id.adult_pseudonym
            elif participant.part in PERSONAL_PARTS:
                label = participant.pseudonym
            else:
                role = participant.published_role or parts.get(participant.part)
                agency = participant.agency_id.name
                label = f"{role}, {agency}" if agency else role
            participant.published_as = label or _("(no published name yet)")

    @api.constrains("partner_id")
    def _check_partner_id(self):
        # Required, until the retention schedule unlinks the review's people from Contacts.
        for participant in self:
            if not participant.partner_id and not participant.review_id.anonymised_on:
                raise ValidationError(_("Person: a value is required."))

    @api.constrains("part", "pseudonym")
    def _check_pseudonym(self):
        for participant in self:
            if participant.part in ("family", "friend_carer") and not participant.pseudonym:
                raise ValidationError(
                    _(
                        "Pseudonym: %(part)s needs a pseudonym, the only name the report "
                        "will use for them.",
                        part=dict(PARTS)[participant.part],
                    )
                )

    @api.constrains("sharing_authorised_by", "sharing_reasons", "sharing_authorised_on")
    def _check_sharing(self):
        for participant in self:
            said = (
                participant.sharing_authorised_by,
                participant.sharing_authorised_on,
                participant.sharing_reasons,
            )
            if any(said) and not all(said):
                raise ValidationError(
                    _(
                        "Sharing without consent authorised by: record who authorised sharing "
                        "without consent, when and why (all three), for %(who)s.",
                        who=participant.published_as,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_referred(self):
        # One grouped read for the narrative entries of all the participants deleted.
        entries = dict(
            self.env["safeguarding.narrative.entry"]._read_group(
                [("participant_id", "in", self.ids)], ["participant_id"], ["__count"]
            )
        )
        for participant in self:
            users = []
            if participant.conversation_ids:
                users.append(
                    _("%(count)s conversation(s)", count=len(participant.conversation_ids))
                )
            if entries.get(participant):
                users.append(_("%(count)s narrative entry(ies)", count=entries[participant]))
            if users:
                raise UserError(
                    _(
                        "%(who)s cannot be deleted: %(users)s refer to them. Archive the "
                        "participant instead.",
                        who=participant.published_as,
                        users=", ".join(users),
                    )
                )
