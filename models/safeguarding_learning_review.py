from odoo import _, api, fields, models

TERM = "safeguarding.learning.term"


class SafeguardingLearningReview(models.Model):
    """A review's learning in the library: another board's (or this board's) published
    learning, imported from an exchange file, kept as the file said it (``document``) and
    spread into findings and factor counts for the analysis across boards. It names nobody:
    the format carries no person."""

    _name = "safeguarding.learning.review"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Learning of a review, in the library"
    _order = "year desc, board, id desc"
    _rec_name = "title"

    uid = fields.Char(string="Identifier", required=True, index=True, readonly=True)
    title = fields.Char(compute="_compute_title", store=True)
    company_id = fields.Many2one(
        "res.company", string="Library of", required=True, default=lambda s: s.env.company
    )
    board = fields.Char(required=True, readonly=True)
    year = fields.Integer(required=True, readonly=True)
    kind_code = fields.Char(string="Kind (code)", readonly=True)
    kind_name = fields.Char(string="Kind of review", readonly=True)
    method = fields.Char(readonly=True)
    age_band_id = fields.Many2one(TERM, string="Age band", readonly=True)
    gender_id = fields.Many2one(TERM, string="Gender", readonly=True)
    ethnicity_id = fields.Many2one(TERM, string="Ethnicity", readonly=True)
    living_id = fields.Many2one(TERM, string="Living situation", readonly=True)
    abuse_type_ids = fields.Many2many(
        TERM,
        "safeguarding_learning_review_abuse_rel",
        "library_review_id",
        "term_id",
        string="Types of abuse or neglect",
        readonly=True,
    )
    agencies = fields.Char(string="Agencies involved", readonly=True)
    episodes = fields.Text(string="Key practice episodes", readonly=True)
    finding_ids = fields.One2many(
        "safeguarding.learning.finding", "library_review_id", string="Findings", readonly=True
    )
    factor_ids = fields.One2many(
        "safeguarding.learning.factor", "library_review_id", string="Factors", readonly=True
    )
    document = fields.Json(readonly=True, help="The review as its file said it.")
    source_name = fields.Char(string="From the file", readonly=True)

    _sql_constraints = [
        ("uid_company_uniq", "unique (uid, company_id)", "This review is in the library already.")
    ]

    @api.depends("board", "year", "kind_name")
    def _compute_title(self):
        for review in self:
            review.title = f"{review.board}, {review.kind_name or ''} {review.year}".strip()

    @api.model
    def _terms(self, kind, values):
        """The library's terms for ``values`` (exchange terms), matched by code; a code the
        board's lists lack is added to them, with the file's name."""
        Term = self.env[TERM].sudo()  # sudo: the lists are the board's data; names nobody
        terms = Term.with_context(active_test=False).search(
            [("kind", "=", kind), ("code", "in", [v["code"] for v in values])]
        )
        known = {term.code: term for term in terms}
        for value in values:
            if value["code"] not in known:
                known[value["code"]] = Term.create({"kind": kind, **value})
        return Term.browse([known[v["code"]].id for v in values])

    @api.model
    def _create_from_documents(self, documents):
        """Create a library review per (file name, review document) not in the library yet
        (by its identifier). Returns (created, duplicates)."""
        uids = [review["id"] for _name, review in documents]
        have = set(
            self.search([("uid", "in", uids), ("company_id", "=", self.env.company.id)]).mapped(
                "uid"
            )
        )
        vals_list, seen = [], set()
        for name, review in documents:
            if review["id"] in have or review["id"] in seen:
                continue
            seen.add(review["id"])
            vals_list.append(self._values(name, review))
        created = self.create(vals_list)
        return created, len(documents) - len(created)

    @api.model
    def _values(self, name, review):
        adult = review.get("adult") or {}

        def term(kind, key):
            return adult.get(key) and self._terms(kind, [adult[key]]).id

        return {
            "uid": review["id"],
            "board": review["board"],
            "year": review["year"],
            "kind_code": review["kind"]["code"],
            "kind_name": review["kind"]["name"],
            "method": review["method"],
            "age_band_id": term("age_band", "age_band"),
            "gender_id": term("gender", "gender"),
            "ethnicity_id": term("ethnicity", "ethnicity"),
            "living_id": term("living_situation", "living_situation"),
            "abuse_type_ids": [(6, 0, self._terms("abuse_type", adult.get("abuse_types", [])).ids)],
            "agencies": ", ".join(
                f"{a['type']['name']} ({a['count']})" for a in review.get("agencies", [])
            ),
            "episodes": "\n".join(review.get("episodes", [])),
            "document": review,
            "source_name": name,
            "finding_ids": [
                (0, 0, self.env["safeguarding.learning.finding"]._values(finding))
                for finding in review["findings"]
            ],
            "factor_ids": [
                (0, 0, self.env["safeguarding.learning.factor"]._values(factor))
                for factor in review.get("factors", [])
            ],
        }

    def action_open_findings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Findings of %s", self.title),
            "res_model": "safeguarding.learning.finding",
            "view_mode": "list,form",
            "domain": [("library_review_id", "=", self.id)],
        }
