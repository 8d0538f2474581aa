import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from .safeguarding_confidential_tools import MANAGER_GROUP

HIT_KINDS = [
    ("name", "Name"),
    ("address", "Address"),
    ("postcode", "Postcode"),
    ("phone", "Phone number"),
    ("email", "Email"),
    ("birth_date", "Date of birth"),
    ("nhs_number", "NHS number"),
]
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
# What identifies anyone, known to the review or not: a postcode, an email, a phone number.
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")
# Words of two letters or fewer, and these, are not taken as names on their own.
NOT_NAMES = {"the", "and", "van", "von", "der", "de", "la", "le", "du", "mac", "jr", "sr"}
AROUND = 40
# What makes a hit the same hit from one run of the check to the next.
HIT_KEY = ("res_model", "res_id", "field_name", "term", "excerpt")


class SafeguardingPublicationHit(models.Model):
    """One place where a text the report prints may identify one of the review's people.

    Found by the publication check (one pass over the review, a fixed number of queries
    whatever the number of texts); kept between runs while the words are still there, with
    the reason a manager gave for keeping them (a place name that is also a surname)."""

    _name = "safeguarding.publication.hit"
    _inherit = ["safeguarding.review.child.mixin"]
    _description = "Safeguarding publication check: a possible identifier in a printed text"
    _order = "review_id, sequence, id"

    sequence = fields.Integer(readonly=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Integer(string="Record ID", required=True, readonly=True)
    record_label = fields.Char(string="Where", required=True, readonly=True)
    field_name = fields.Char(required=True, readonly=True)
    field_label = fields.Char(string="Text", required=True, readonly=True)
    kind = fields.Selection(HIT_KINDS, required=True, readonly=True)
    term = fields.Char(string="Words found", required=True, readonly=True)
    excerpt = fields.Char(string="In context", readonly=True)
    safe_reason = fields.Text(
        string="Why it is safe",
        help="Recorded by a manager: why these words identify nobody and may be published.",
    )
    cleared_by_id = fields.Many2one("res.users", string="Cleared by", readonly=True)

    @api.depends("record_label", "field_label", "term")
    def _compute_display_name(self):
        for hit in self:
            hit.display_name = f"{hit.record_label} > {hit.field_label}: {hit.term!r}"

    def write(self, vals):
        if "safe_reason" in vals and not self.env.su:
            if not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(
                    _("Why it is safe: only a safeguarding manager clears a publication hit.")
                )
        result = super().write(vals)
        if "safe_reason" in vals and not self.env.su:
            # sudo: who cleared it is the app's to record, not the user's to set.
            self.sudo().cleared_by_id = self.env.uid if vals["safe_reason"] else False
        return result

    # The check ---------------------------------------------------------------------
    @api.model
    def _check_reviews(self, reviews):
        """Run the check on ``reviews``, which the caller may write (checked there)."""
        reviews.check_access("write")
        closed = reviews.filtered("stage_id.is_closed")
        if closed and not self.env.su:
            raise UserError(
                _(
                    "%s is closed, and read-only: a manager reopens it before the check runs.",
                    ", ".join(closed.mapped("name")),
                )
            )
        # sudo: the check's own records and columns (read-only to users), written for
        # reviews the user may write; what a user may change (the reason) is not touched.
        Hit = self.sudo()
        for review in reviews:
            found = self._scan(review)
            hits = Hit.search([("review_id", "=", review.id)])
            old = {hit._key(): hit for hit in hits}
            keep = Hit.browse()
            creates = []
            for sequence, values in enumerate(found):
                key = self._key_of(values)
                if key in old:
                    # The same words in the same context: the reason given stays.
                    keep |= old[key]
                    old[key].write({"sequence": sequence})
                else:
                    creates.append({**values, "sequence": sequence, "review_id": review.id})
            (hits - keep).unlink()
            Hit.create(creates)
            # sudo: when it last ran is the app's to record (read-only to users).
            review.sudo().publication_checked_on = fields.Datetime.now()

    def _key(self):
        return self._key_of(self)

    @api.model
    def _key_of(self, values):
        # Each context a term is found in is its own hit: a reason given for one sentence
        # does not cover the same word in another.
        return tuple(
            values[name] for name in ("res_model", "res_id", "field_name", "term", "excerpt")
        )

    @api.model
    def _scan(self, review):
        """Every hit in the texts the report prints, as create values, in print order."""
        patterns = self._patterns(review)
        hits, seen = [], set()
        for record, field_name, text in self.env["safeguarding.publication"]._printed_texts(review):
            plain = html2plaintext(text) if record._fields[field_name].type == "html" else text
            if not plain:
                continue
            for kind, regex in patterns:
                for match in regex.finditer(plain):
                    term = match.group(0).strip()
                    start, end = max(0, match.start() - AROUND), match.end() + AROUND
                    excerpt = " ".join(plain[start:end].split())
                    key = (record._name, record.id, field_name, term, excerpt)
                    if key in seen:
                        continue
                    seen.add(key)
                    hits.append(
                        {
                            "res_model": record._name,
                            "res_id": record.id,
                            "record_label": self._record_label(record),
                            "field_name": field_name,
                            "field_label": record._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            "kind": kind,
                            "term": term,
                            "excerpt": excerpt,
                        }
                    )
        return hits

    @api.model
    def _record_label(self, record):
        if record._name == "safeguarding.review":
            return _("The review")
        if record._name == "safeguarding.participant":
            return _("Participant, as published")
        number = record["number"] if "number" in record._fields else False
        label = record._description.replace("Safeguarding ", "")
        return f"{label[:1].upper()}{label[1:]} {number}" if number else record.display_name

    @api.model
    def _patterns(self, review):
        """(kind, compiled regex) of what identifies the review's people, from their
        contacts and their participant records, then what identifies anyone."""
        patterns = []
        # sudo: the check runs for the team; partners' addresses and phones are read only
        # to build the patterns, and nothing of them is stored but the words a text holds.
        participants = review.sudo().with_context(active_test=False).participant_ids
        for participant in participants:
            partner = participant.partner_id
            for words in self._name_forms(partner.name or ""):
                patterns.append(("name", words))
            for value in (partner.street, partner.street2):
                if value and len(value.strip()) > 4:
                    patterns.append(("address", self._literal(value.strip(), flags=re.I)))
            if partner.zip:
                patterns.append(("postcode", self._loose(partner.zip, flags=re.I)))
            for value in (partner.phone, partner.mobile):
                digits = re.sub(r"\D", "", value or "")
                if len(digits) >= 6:
                    patterns.append(("phone", self._digits(digits)))
            if partner.email:
                patterns.append(("email", self._literal(partner.email.strip(), flags=re.I)))
            if participant.birth_date:
                patterns.append(("birth_date", self._date_forms(participant.birth_date)))
            if participant.nhs_number:
                patterns.append(
                    ("nhs_number", self._digits(re.sub(r"\D", "", participant.nhs_number)))
                )
        patterns += [
            ("postcode", POSTCODE),
            ("email", EMAIL),
            ("phone", PHONE),
            ("nhs_number", NHS_NUMBER),
        ]
        return patterns

    @api.model
    def _name_forms(self, name):
        """The full name (any case), each first and last name as written, and the forms
        "Mrs Smith", "Mr. Smith" that a text uses."""
        words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
        if not words:
            return []
        forms = [self._literal(" ".join(words), flags=re.I)]
        single = [w for w in {words[0], words[-1]} if len(w) > 2 and w.lower() not in NOT_NAMES]
        forms += [self._literal(word) for word in single]
        if len(words) > 1:
            forms.append(re.compile(rf"\b{TITLES}\s+{re.escape(words[-1])}\b", re.I))
        return forms

    @staticmethod
    def _literal(text, flags=0):
        parts = [re.escape(part) for part in text.split()]
        return re.compile(r"\b" + r"\s+".join(parts) + r"\b", flags)

    @staticmethod
    def _loose(text, flags=0):
        # A postcode written with or without its space.
        chars = [re.escape(c) for c in re.sub(r"\s", "", text)]
        return re.compile(r"\b" + r"\s*".join(chars) + r"\b", flags)

    @staticmethod
    def _digits(digits):
        # A number written with spaces or dashes between its digits, or none.
        return re.compile(r"(?<!\d)" + r"[\s-]?".join(digits) + r"(?!\d)")

    @api.model
    def _date_forms(self, day):
        """2 March 1950, 02/03/1950, 2/3/1950, 1950-03-02, 2.3.1950, 2 Mar 1950."""
        month_names = (day.strftime("%B"), day.strftime("%b"))
        forms = [
            rf"\b0?{day.day}(?:st|nd|rd|th)?\s+(?:{'|'.join(month_names)})\.?,?\s+{day.year}\b",
            rf"\b0?{day.day}[/.-]0?{day.month}[/.-]{day.year}\b",
            rf"\b{day.year}-{day.month:02d}-{day.day:02d}\b",
        ]
        return re.compile("|".join(forms), re.I)
