import bisect
import hashlib
import json
import re

from jsonschema import Draft202012Validator

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_open, html2plaintext

FORMAT = "safeguarding-learning"
VERSION = "1.0"
SCHEMA = "safeguarding_review/schema/safeguarding-learning-1.0.schema.json"
# A file's errors listed at most this many at once: enough to fix it, not a wall.
MAX_ERRORS = 20
# The document's own identifiers, not texts of the review: a review's id is a hash, whose
# hexadecimal digits hold a run of ten now and then (an NHS number's or a phone's shape to
# the check: one review in thirty refused for its own id).
IDENTIFIERS = ("id",)


class SafeguardingLearningExchange(models.AbstractModel):
    """The open exchange format of a review's learning (schema/, README "Learning beyond
    one board"): built from published reviews only, after the publication check, with
    nothing that identifies anyone; and read back, validated against its JSON Schema,
    into the library of other boards' learning (safeguarding.learning.review)."""

    _name = "safeguarding.learning.exchange"
    _description = "Exchange of reviews' learning"

    @api.model
    def _schema(self):
        with file_open(SCHEMA) as schema:
            return json.load(schema)

    # Export -------------------------------------------------------------------------
    @api.model
    def _export(self, reviews):
        """One exchange document (a dict) of ``reviews``' learning, for whoever may read
        them; refused for a review not published or with a name the check finds."""
        reviews = reviews.with_env(self.env)  # as the user exporting, whoever passed them
        reviews.check_access("read")
        self._check_published(reviews)
        documents = self._documents(reviews)
        flagged = self._flagged(reviews, documents)
        if flagged:
            raise UserError(
                _(
                    "The publication check finds texts that may identify someone in "
                    "%(reviews)s: change them (Publication tab) before the learning is "
                    "shared.",
                    reviews=", ".join(flagged.mapped("name")),
                )
            )
        return self._assemble(documents)

    @api.model
    def _documents(self, reviews):
        # sudo: only the learning built by _review_document leaves (no person, no note).
        return [self._review_document(review) for review in reviews.sudo()]

    @api.model
    def _assemble(self, documents):
        """The exchange file of review ``documents``, checked against the schema."""
        document = {
            "format": FORMAT,
            "version": VERSION,
            "exported_on": fields.Date.to_string(fields.Date.context_today(self)),
            "reviews": documents,
        }
        # What leaves meets the published schema, so that another board's import takes it.
        errors = list(Draft202012Validator(self._schema()).iter_errors(document))
        if errors:
            raise UserError(
                _(
                    "The learning does not meet its schema (%(field)s: %(why)s).",
                    field=_dotted(tuple(errors[0].absolute_path)),
                    why=errors[0].message[:300],
                )
            )
        return document

    @api.model
    def _flagged(self, reviews, documents):
        """The reviews whose learning the publication check would stop: a hit still open
        from its last run, or a name of its people in any text the learning carries (read
        only: an export or a call of the API writes nothing)."""
        Hit = self.env["safeguarding.publication.hit"]
        flagged = self.env["safeguarding.review"]
        for review, document in zip(reviews, documents, strict=True):
            # sudo: whether a hit is open, and the patterns of the review's people, for the
            # refusal alone; nothing of them leaves.
            if review.sudo().publication_hit_ids.filtered(lambda h: not h.safe_reason):
                flagged |= review
                continue
            patterns = Hit.sudo()._patterns(review.sudo())  # sudo: see the comment above
            texts = list(_strings(document, skip=IDENTIFIERS))
            if any(regex.search(text) for _kind, regex in patterns for text in texts):
                flagged |= review
        return flagged

    @api.model
    def _check_published(self, reviews):
        unpublished = reviews.filtered(lambda r: not r.published_on)
        if unpublished:
            raise UserError(
                _(
                    "Published on: only a published review's learning is shared; not yet "
                    "published: %(reviews)s.",
                    reviews=", ".join(unpublished.mapped("name")),
                )
            )

    @api.model
    def _export_published(self):
        """The published learning the user may read, leaving out any review the publication
        check flags (the API serves what is safe, and says nothing of the rest)."""
        reviews = self.env["safeguarding.review"].search([("published_on", "!=", False)])
        documents = self._documents(reviews)  # built once, checked, then sent
        flagged = self._flagged(reviews, documents)
        return self._assemble(
            [doc for review, doc in zip(reviews, documents, strict=True) if review not in flagged]
        )

    @api.model
    def _term(self, term):
        return {"code": term.code, "name": term.name} if term else None

    @api.model
    def _code(self, record):
        """A stable code for a shipped record (its XML id), else one made from its name."""
        xmlid = record.get_external_id().get(record.id) or ""
        code = xmlid.split(".", 1)[-1] or record.name
        return re.sub(r"[^a-z0-9_.-]+", "_", code.lower()).strip("_")[:64] or "x"

    @api.model
    def _plain(self, html):
        return html2plaintext(html or "").strip()[:20000]

    @api.model
    def _uid(self, review):
        """A review's identifier in the exchange: the same at every export (duplicates are
        recognised by it), and saying nothing but which board's which reference."""
        return hashlib.sha256(f"{review.company_id.name}|{review.name}".encode()).hexdigest()[:32]

    @api.model
    def _review_document(self, review):
        other = self.env.ref("safeguarding_review.learning_agency_type_other")
        agencies = {}
        for agency in review.agency_ids:
            kind = agency.safeguarding_agency_type_id or other
            agencies[kind] = agencies.get(kind, 0) + 1
        adult = {
            key: self._term(review[name])
            for key, name in (
                ("age_band", "learning_age_band_id"),
                ("gender", "learning_gender_id"),
                ("ethnicity", "learning_ethnicity_id"),
                ("living_situation", "learning_living_id"),
            )
            if review[name]
        }
        if review.learning_abuse_type_ids:
            adult["abuse_types"] = [self._term(t) for t in review.learning_abuse_type_ids]
        # sudo: the counts of the factors by category, level and influence, nothing they say.
        Factor = self.env["safeguarding.factor"].sudo()
        factors = Factor._read_group(
            [("review_id", "=", review.id)], ["category_id", "level", "influence"], ["__count"]
        )
        kinds = dict(review._fields["review_kind"]._description_selection(self.env))
        return {
            "id": self._uid(review),
            "board": review.company_id.name,
            "kind": {"code": review.review_kind, "name": kinds[review.review_kind]},
            "method": review.method_id.name,
            "year": review.published_on.year,
            "adult": adult,
            "agencies": [
                {"type": self._term(kind), "count": count}
                for kind, count in sorted(agencies.items(), key=lambda item: item[0].sequence)
            ],
            "episodes": [name[:500] for name in review.episode_ids.mapped("name")],
            "findings": [self._finding_document(finding) for finding in review.finding_ids],
            "factors": [
                {
                    "category": {"code": self._code(category), "name": category.complete_name},
                    "level": level or "",
                    "influence": influence,
                    "count": count,
                }
                for category, level, influence, count in factors
                if category
            ],
        }

    @api.model
    def _finding_document(self, finding):
        decisions = dict(finding._fields["board_decision"]._description_selection(self.env))
        statuses = dict(
            self.env["safeguarding.action"]._fields["status"]._description_selection(self.env)
        )
        document = {
            "number": finding.number,
            "statement": finding.name[:2000],
            "evidence_summary": "\n\n".join(
                text
                for text in (
                    self._plain(finding.evidence_case),
                    self._plain(finding.evidence_wider),
                    self._plain(finding.evidence_why),
                )
                if text
            )[:20000],
            "questions": [
                question[:2000]
                for question in finding.question_ids.sorted(lambda q: (q.sequence, q.id)).mapped(
                    "name"
                )
            ],
            "actions": [
                {
                    key: value
                    for key, value in (
                        ("theme", self._term(action.theme_id)),
                        ("status", {"code": action.status, "name": statuses[action.status]}),
                        ("outcome", (action.observed_impact or "")[:20000] or None),
                    )
                    if value
                }
                for action in finding.action_ids
            ],
        }
        if finding.pattern_type_id:
            pattern = finding.pattern_type_id
            document["pattern_type"] = {"code": self._code(pattern), "name": pattern.name}
        if finding.board_decision:
            document["board_response"] = {
                "decision": {
                    "code": finding.board_decision,
                    "name": decisions[finding.board_decision],
                },
                "response": self._plain(finding.board_response),
            }
        return document

    @api.model
    def _csv_rows(self, document):
        """The same learning as rows for a spreadsheet: one per finding."""
        header = [
            "board",
            "year",
            "kind",
            "method",
            "finding",
            "statement",
            "pattern_type",
            "evidence_summary",
            "questions",
            "board_decision",
            "action_themes",
        ]
        rows = [header]
        for review in document["reviews"]:
            for finding in review["findings"]:
                rows.append(
                    [
                        review["board"],
                        review["year"],
                        review["kind"]["name"],
                        review["method"],
                        finding["number"],
                        finding["statement"],
                        (finding.get("pattern_type") or {}).get("name", ""),
                        finding.get("evidence_summary", ""),
                        " | ".join(finding.get("questions", [])),
                        ((finding.get("board_response") or {}).get("decision") or {}).get(
                            "name", ""
                        ),
                        " | ".join(
                            a["theme"]["name"] for a in finding.get("actions", []) if "theme" in a
                        ),
                    ]
                )
        return rows

    # Import -------------------------------------------------------------------------
    @api.model
    def _import_files(self, files):
        """Read ``files`` ([(name, bytes)]) into the library: all or nothing. A bad file is
        refused with its line and the field that is wrong; duplicates are recognised."""
        validator = Draft202012Validator(self._schema())
        documents, errors = [], []
        for name, content in files:
            try:
                text = content.decode("utf-8-sig")
                data = json.loads(text)
            except UnicodeDecodeError:
                errors.append(_("%(file)s: not a UTF-8 text file.", file=name))
                continue
            except json.JSONDecodeError as error:
                errors.append(
                    _(
                        "%(file)s, line %(line)s, column %(column)s: not JSON (%(why)s).",
                        file=name,
                        line=error.lineno,
                        column=error.colno,
                        why=error.msg,
                    )
                )
                continue
            found = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
            lines = _json_lines(text) if found else {}
            for error in found:
                path = tuple(error.absolute_path)
                errors.append(
                    _(
                        "%(file)s, line %(line)s, field %(field)s: %(why)s",
                        file=name,
                        line=_line_of(lines, path),
                        field=_dotted(path) or _("(the file)"),
                        why=error.message[:300],
                    )
                )
            if not found:
                documents += [(name, review) for review in data["reviews"]]
        if errors:
            more = len(errors) - MAX_ERRORS
            listed = "\n".join(errors[:MAX_ERRORS])
            if more > 0:
                listed += "\n" + _("... and %s more.", more)
            raise UserError(_("Nothing was imported:\n%s", listed))
        return self.env["safeguarding.learning.review"]._create_from_documents(documents)


def _strings(value, skip=()):
    """Every string of an exchange document, keys aside, and the values of the keys
    ``skip``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def _dotted(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(lines, path):
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _json_lines(text):
    """{path: line} for every value of a JSON text (the error messages' lines)."""
    decoder = json.JSONDecoder()
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    lines = {}

    def skip(i):
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def parse(i, path):
        i = skip(i)
        lines[path] = bisect.bisect_right(breaks, i - 1) + 1
        opening = text[i]
        if opening not in "[{":
            return decoder.raw_decode(text, i)[1]
        closing, index = ("}" if opening == "{" else "]"), 0
        i = skip(i + 1)
        while text[i] != closing:
            if opening == "{":
                key, i = decoder.raw_decode(text, i)
                i = skip(skip(i) + 1)  # the colon
                i = parse(i, (*path, key))
            else:
                i = parse(i, (*path, index))
                index += 1
            i = skip(i)
            if text[i] == ",":
                i = skip(i + 1)
        return i + 1

    parse(0, ())
    return lines
