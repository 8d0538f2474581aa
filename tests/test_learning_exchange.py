import copy
import hashlib
import json

from jsonschema import Draft202012Validator

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.safeguarding_publication_hit import NHS_NUMBER
from .common import SafeguardingReviewCase
from .test_reports import SECRETS


@tagged("post_install", "-at_install")
class TestLearningExchange(SafeguardingReviewCase, HttpCase):
    """A review's learning travels: exported in an open, versioned format with nothing that
    identifies anyone, imported into another board's library (validated, all or nothing,
    duplicates recognised), analysed across boards, and served over an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.agency.safeguarding_agency_type_id = ref(
            "safeguarding_review.learning_agency_type_adult_social_care"
        )
        review = cls._ready_review(
            cls.stage_monitoring,
            lead_reviewer_ids=[Command.set([cls.reviewer.id])],
            learning_age_band_id=ref("safeguarding_review.learning_age_band_76_85").id,
            learning_gender_id=ref("safeguarding_review.learning_gender_female").id,
            learning_living_id=ref("safeguarding_review.learning_living_situation_alone").id,
            learning_abuse_type_ids=[
                Command.set([ref("safeguarding_review.learning_abuse_type_self_neglect").id])
            ],
        )
        person = cls.env["res.partner"].create(dict(SECRETS))
        cls.env["safeguarding.participant"].create(
            {
                "review_id": review.id,
                "partner_id": person.id,
                "part": "practitioner",
                "published_role": "District nurse",
                "agency_id": cls.agency_health.id,
                "nhs_number": "943 476 5919",
            }
        )
        finding = review.finding_ids
        finding.pattern_type_id = ref("safeguarding_review.pattern_multi_agency_crisis")
        cls.env["safeguarding.action"].create(
            {
                "finding_id": finding.id,
                "name": "Audit Friday discharges",
                "owner_id": cls.reviewer.id,
                "due_date": "2099-01-10",
                "theme_id": ref("safeguarding_review.learning_theme_hospital_discharge").id,
            }
        )
        episode = cls.env["safeguarding.episode"].create(
            {"review_id": review.id, "name": "The discharge home", "appraisal": "problematic"}
        )
        cls.env["safeguarding.factor"].create(
            [
                {
                    "episode_id": episode.id,
                    "description": f"Factor {i}",
                    "category_id": ref("safeguarding_review.factor_scie_conditions").id,
                    "influence": "hindered",
                }
                for i in range(3)
            ]
        )
        review.write({"publication_decision": "publish", "publication_decision_reasons": "x"})
        review.with_user(cls.manager).action_approve_publication()
        review.published_on = "2026-11-02"
        cls.review = review
        # Another board, running the addon too.
        cls.other_board = cls.env["res.company"].create({"name": "Southshire SAB"})
        cls.other_manager = new_test_user(
            cls.env,
            "sg_south",
            groups="base.group_user,safeguarding_review.group_manager",
            company_id=cls.other_board.id,
            company_ids=[Command.set(cls.other_board.ids)],
        )
        cls.Exchange = cls.env["safeguarding.learning.exchange"]

    def _file(self, document):
        return json.dumps(document, indent=2).encode()

    def _import(self, files, user=None):
        user = user or self.other_manager
        Exchange = self.Exchange.with_user(user).with_company(user.company_id)
        return Exchange._import_files(files)

    def test_round_trip_to_another_board_and_back(self):
        document = self.Exchange.with_user(self.manager)._export(self.review)
        errors = list(Draft202012Validator(self.Exchange._schema()).iter_errors(document))
        self.assertEqual(errors, [], "the export meets its published schema")
        shared = document["reviews"][0]
        self.assertEqual(shared["board"], self.env.company.name)
        self.assertEqual(shared["year"], 2026)
        self.assertEqual(shared["adult"]["age_band"]["code"], "76_85")
        self.assertEqual(shared["agencies"][0]["type"]["code"], "adult_social_care")
        self.assertEqual(shared["factors"][0]["count"], 3)
        self.assertEqual(shared["findings"][0]["actions"][0]["theme"]["code"], "hospital_discharge")
        # Imported by the other board, into its library alone.
        created, duplicates = self._import([("northshire.json", self._file(document))])
        self.assertEqual((len(created), duplicates), (1, 0))
        self.assertEqual(created.document, shared, "the same learning back")
        self.assertEqual(created.company_id, self.other_board)
        self.assertEqual(created.age_band_id.code, "76_85")
        finding = created.finding_ids
        self.assertEqual(finding.statement, self.review.finding_ids.name)
        self.assertEqual(finding.pattern_type_id, self.review.finding_ids.pattern_type_id)
        self.assertEqual(finding.theme_ids.code, "hospital_discharge")
        self.assertEqual(created.factor_ids.count, 3)
        # Findings and factor counts keep their review's board, year and kind, stored, for
        # the analysis's grouped reads (safeguarding.learning.line.mixin).
        Line = self.env.registry["safeguarding.learning.line.mixin"]
        for line in (finding, created.factor_ids):
            self.assertIsInstance(line, Line)
            self.assertEqual((line.board, line.year), (self.env.company.name, 2026))
        self.assertEqual(
            created.factor_ids.category_id,
            self.env.ref("safeguarding_review.factor_scie_conditions"),
        )
        # Again: recognised, nothing added.
        created_again, duplicates = self._import([("again.json", self._file(document))])
        self.assertEqual((len(created_again), duplicates), (0, 1))
        Library = self.env["safeguarding.learning.review"]
        self.assertFalse(Library.with_user(self.manager).search([("id", "=", created.id)]))
        # Another board's finding like this board's own sits beside it (pattern type, words).
        other = copy.deepcopy(document)
        other["reviews"][0].update(id="e" * 32, board="Eastshire SAB")
        unlike = copy.deepcopy(other["reviews"][0])
        unlike["id"] = "f" * 32
        unlike["findings"][0].update(statement="Rotas leave nights uncovered.")
        del unlike["findings"][0]["pattern_type"]
        other["reviews"].append(unlike)
        self._import([("eastshire.json", self._file(other))], user=self.manager)
        action = self.review.finding_ids.with_user(self.manager).action_open_similar_learning()
        similar = (
            self.env["safeguarding.learning.finding"]
            .with_user(self.manager)
            .search(action["domain"])
        )
        self.assertEqual(similar.mapped("board"), ["Eastshire SAB"])
        self.assertEqual(similar.statement, self.review.finding_ids.name)
        # And as a spreadsheet: one row per finding.
        rows = self.Exchange._csv_rows(document)
        self.assertEqual(rows[1][5], self.review.finding_ids.name)

    def test_nothing_personal_leaves_and_a_flagged_review_does_not_leave(self):
        text = json.dumps(self.Exchange.with_user(self.manager)._export(self.review))
        for value in (*SECRETS.values(), "943 476 5919", "District nurse", "Adult A"):
            self.assertNotIn(value, text)
        # A name the publication check finds stops the export until it is changed.
        finding = self.review.finding_ids
        finding.evidence_case = f"<p>{SECRETS['name']} visited twice.</p>"
        with self._refused(UserError, "publication check finds texts that may identify"):
            self.Exchange.with_user(self.manager)._export(self.review)
        served = self.Exchange.with_user(self.manager)._export_published()["reviews"]
        self.assertNotIn(self.Exchange._uid(self.review), [r["id"] for r in served])
        # An unpublished review shares nothing.
        draft = self._ready_review(self.stage_analysis)
        with self._refused(UserError, "Published on"):
            self.Exchange.with_user(self.manager)._export(draft)
        with self._refused(AccessError, "not allowed to access"):
            self.Exchange.with_user(self.employee)._export(self.review)

    def test_a_review_is_not_refused_for_its_own_id(self):
        # The id is a hash: for some boards' names and references its hexadecimal digits
        # hold a run of ten, an NHS number's shape. The check reads the review's texts.
        company = self.review.company_id
        name = next(
            f"Board {n}"
            for n in range(5000)
            if NHS_NUMBER.search(
                hashlib.sha256(f"Board {n}|{self.review.name}".encode()).hexdigest()[:32]
            )
        )
        company.name = name
        uid = self.Exchange._uid(self.review)
        self.assertTrue(NHS_NUMBER.search(uid), uid)
        document = self.Exchange.with_user(self.manager)._export(self.review)
        self.assertEqual(document["reviews"][0]["id"], uid)

    def test_bad_files_are_refused_naming_the_line_and_field_and_nothing_stays(self):
        good = self.Exchange.with_user(self.manager)._export(self.review)
        missing = copy.deepcopy(good)
        del missing["reviews"][0]["findings"][0]["statement"]
        wrong_year = copy.deepcopy(good)
        wrong_year["reviews"][0]["year"] = "twenty twenty-six"
        extra = copy.deepcopy(good)
        extra["reviews"][0]["adult"]["name"] = "Someone"
        Library = self.env["safeguarding.learning.review"].sudo()
        before = Library.search_count([])
        for files, pattern in (
            (
                [("broken.json", b'{"format": "safeguarding-learning",\n  "version": 1.0,,\n}')],
                r"broken\.json, line 2, column \d+: not JSON",
            ),
            (
                [("missing.json", self._file(missing))],
                r"missing\.json, line \d+, field reviews\[0\]\.findings\[0\]: 'statement' is a "
                r"required property",
            ),
            (
                [("year.json", self._file(wrong_year))],
                r"year\.json, line \d+, field reviews\[0\]\.year: 'twenty twenty-six' is not of "
                r"type 'integer'",
            ),
            (
                [("extra.json", self._file(extra))],
                r"field reviews\[0\]\.adult: Additional properties are not allowed \('name'",
            ),
            # One good file and one bad: nothing half-imported.
            (
                [("good.json", self._file(good)), ("missing.json", self._file(missing))],
                r"Nothing was imported",
            ),
            ([("latin.json", "Ça".encode("latin-1"))], r"latin\.json: not a UTF-8 text file"),
        ):
            with self.subTest(pattern=pattern), self._refused(UserError, pattern):
                self._import(files)
            self.assertEqual(Library.search_count([]), before)
        # The line given is the field's own line in the file.
        text = self._file(wrong_year).decode()
        with self._refused(UserError, "year") as caught:
            self._import([("year.json", text.encode())])
        line = int(str(caught.exception).split("line ")[1].split(",")[0])
        self.assertIn('"year": "twenty twenty-six"', text.splitlines()[line - 1])
        # Only a manager imports.
        with self._refused(AccessError, "not allowed to create"):
            self.env["safeguarding.learning.import"].with_user(self.reviewer).create({})

    def test_the_analysis_costs_the_same_as_the_library_grows(self):
        shared = self.Exchange.with_user(self.manager)._export(self.review)["reviews"][0]

        def grow(count, start):
            reviews = []
            for i in range(start, start + count):
                review = copy.deepcopy(shared)
                review["id"] = f"{i:032x}"
                review["year"] = 2015 + i % 10
                reviews.append(review)
            document = {"format": "safeguarding-learning", "version": "1.0", "reviews": reviews}
            self._import([("batch.json", self._file(document))])

        def analysis(env):
            Finding = env["safeguarding.learning.finding"].with_company(self.other_board)
            Finding.web_read_group([], ["__count"], ["pattern_type_id", "year"])
            Finding.web_search_read(
                [("statement", "ilike", "agencies")],
                {
                    "statement": {},
                    "board": {},
                    "year": {},
                    "pattern_type_id": {"fields": {"display_name": {}}},
                    "theme_ids": {"fields": {"display_name": {}}},
                },
                limit=80,
            )
            env["safeguarding.learning.factor"].with_company(self.other_board).web_read_group(
                [], ["count:sum"], ["category_id", "influence"]
            )

        grow(100, 1)
        small = self._queries(self.other_manager, analysis)
        grow(900, 101)
        self.assertEqual(
            self.env["safeguarding.learning.review"]
            .sudo()
            .search_count([("company_id", "=", self.other_board.id)]),
            1000,
        )
        self.assertEqual(self._queries(self.other_manager, analysis), small)

    def test_the_api_refuses_without_a_key_and_serves_only_published_learning(self):
        draft = self._ready_review(self.stage_analysis, title="Not published yet")
        self.assertFalse(draft.published_on)
        url = "/safeguarding_review/api/learning"
        self.assertEqual(self.url_open(url).status_code, 401)
        response = self.url_open(url, headers={"Authorization": "Bearer not-a-key"})
        self.assertEqual(response.status_code, 401)
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.board_member)
            ._generate(None, "national library", fields.Datetime.add(fields.Datetime.now(), days=1))
        )
        response = self.url_open(url, headers={"Authorization": f"Bearer {key}"})
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["format"], "safeguarding-learning")
        ids = {r["id"] for r in document["reviews"]}
        self.assertIn(self.Exchange._uid(self.review), ids)
        self.assertNotIn(self.Exchange._uid(draft), ids, "unpublished: not served")
        published = self.Review.with_user(self.board_member).search([("published_on", "!=", False)])
        self.assertLessEqual(ids, {self.Exchange._uid(r) for r in published})
        for value in SECRETS.values():
            self.assertNotIn(value, response.text)

    def test_the_export_routes_give_the_file_or_say_why_not(self):
        self.authenticate("sg_manager", "sg_manager")
        response = self.url_open(f"/safeguarding_review/learning/export.json?ids={self.review.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["reviews"][0]["id"], self.Exchange._uid(self.review))
        response = self.url_open(f"/safeguarding_review/learning/export.csv?ids={self.review.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.review.finding_ids.name, response.text)
        log = self.env["safeguarding.access.log"].search(
            [("event", "=", "export"), ("review_id", "=", self.review.id)]
        )
        self.assertEqual(log.mapped("detail"), ["learning csv", "learning json"])
        draft = self._ready_review(self.stage_analysis)
        response = self.url_open(f"/safeguarding_review/learning/export.json?ids={draft.id}")
        self.assertEqual(response.status_code, 409)
        self.assertIn("Published on", response.text)
        # Someone who may not read the review gets nothing.
        self.authenticate("sg_employee", "sg_employee")
        response = self.url_open(f"/safeguarding_review/learning/export.json?ids={self.review.id}")
        self.assertEqual(response.status_code, 404)
