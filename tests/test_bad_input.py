"""Bad input, generated: create and write with values of every kind in the addon's own
fields, as a manager and as a reviewer, over the ORM calls the web client makes.

A call either succeeds or is refused with a UserError, ValidationError or AccessError (or
a database constraint's error, which the RPC layer turns into a ValidationError, as
below) whose message names the field, or a field of the check it failed; and a refused
call changes nothing. The examples are derived from a fixed seed: the test never flakes.
"""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import MAGIC_COLUMNS
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_confidentiality import ConfidentialityCase

REFUSED = (AccessError, UserError, ValidationError)
SETTINGS = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,  # nothing written to the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.just("\x00"),
    max_size=30,
)
ANY_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(["", " ", "Closed", "2026-13-45", "2026-02-30", "0", "-1", "1e999", "NaN"]),
)


def _values(field, ids):
    """Values for ``field``: of its own kind (valid or not) and of any other kind."""
    kind = field.type
    own = []
    if kind in ("char", "text", "html"):
        own.append(TEXT)
    elif kind == "selection" and isinstance(field.selection, list):
        own.append(st.sampled_from([key for key, _label in field.selection]))
    elif kind == "integer":
        own.append(st.integers(min_value=-(2**40), max_value=2**40))
    elif kind == "float":
        own.append(st.floats(allow_nan=True, allow_infinity=True))
    elif kind == "date":
        own.append(st.dates().map(str))
    elif kind == "datetime":
        own.append(st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")))
    elif kind == "many2one":
        own.append(st.sampled_from(ids) | st.integers(min_value=-5, max_value=2**31 + 5))
    elif kind in ("one2many", "many2many"):
        ident = st.sampled_from(ids) | st.integers(min_value=-5, max_value=2**31 + 5)
        command = st.one_of(
            st.tuples(st.just(4), ident),
            st.tuples(st.just(3), ident),
            st.tuples(st.just(6), st.just(0), st.lists(ident, max_size=3)),
            st.tuples(st.just(5)),
            st.tuples(st.integers(min_value=-2, max_value=9), ANY_SCALAR, ANY_SCALAR),
            st.lists(ANY_SCALAR, max_size=3).map(tuple),
            ANY_SCALAR,
        )
        own.append(st.lists(command, max_size=3))
    return st.one_of(*own, ANY_SCALAR) if own else ANY_SCALAR


@tagged("post_install", "-at_install")
class TestBadInput(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = {
            "safeguarding.review": cls.review,
            "safeguarding.participant": cls.son_participant,
            "safeguarding.conversation": cls.conversation,
            "safeguarding.agency.request": cls.request,
            "safeguarding.source": cls.source,
            "safeguarding.narrative.entry": cls.entry,
            "safeguarding.episode": cls.episode,
            "safeguarding.factor": cls.factor,
            "safeguarding.finding": cls.finding,
            "safeguarding.finding.question": cls.finding.question_ids[:1],
            "safeguarding.finding.recommendation": cls.recommendation,
            "safeguarding.action": cls.action,
        }

    def _ids_for(self, comodel):
        return self.env[comodel].search([], limit=5).ids or [1]

    def _own_fields(self, model):
        Model = self.env[model]
        return sorted(
            name
            for name, field in Model._fields.items()
            if field._module == "safeguarding_review"
            and name not in (*MAGIC_COLUMNS, "display_name")
        )

    def _allowed_labels(self, record, name):
        """Labels a refusal of a write to ``name`` may name: the field's, and those of the
        fields checked with it by a constraint."""
        fields_ = {name}
        for method in record._constraint_methods:
            checked = set(getattr(method, "_constrains", ()))
            if name in checked:
                fields_ |= checked
        labels = {record._fields[f]._description_string(self.env) for f in fields_}
        field = record._fields[name]
        if field.type == "one2many":  # the command writes the inverse on the lines
            inverse = self.env[field.comodel_name]._fields[field.inverse_name]
            labels.add(inverse._description_string(self.env))
        return {label.lower() for label in labels} | {f.lower() for f in fields_}

    def _try(self, call, record, name):
        before = record.sudo().read(self._own_fields(record._name))
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                call()
                self.env.flush_all()
            return None
        except IntegrityError as error:
            # What the user is shown: the RPC layer's translation of the violation.
            refusal = _as_validation_error(self.env, error)
        except REFUSED as error:
            refusal = error
        self.env.invalidate_all()
        self.assertEqual(
            record.sudo().read(self._own_fields(record._name)), before, "refused, yet changed"
        )
        return refusal

    def _check_refusal(self, refusal, record, name, value):
        if refusal is None:
            return
        message = str(refusal).lower()
        labels = self._allowed_labels(record, name)
        self.assertTrue(
            any(label in message for label in labels) or "mandatory field" in message,
            f"{record._name}.{name} = {value!r}: the message names no field: {refusal}",
        )

    def _generated_writes(self, role, data):
        model = data.draw(st.sampled_from(sorted(self.records)), label="model")
        record = self.records[model].with_user(self.users[role])
        name = data.draw(st.sampled_from(self._own_fields(model)), label="field")
        field = record._fields[name]
        ids = self._ids_for(field.comodel_name) if field.relational else []
        value = data.draw(_values(field, ids), label="value")
        if isinstance(value, float) and math.isnan(value):
            value = float("nan")
        with self._undone():  # each example starts from the same data
            refusal = self._try(lambda: record.write({name: value}), record, name)
            self._check_refusal(refusal, record, name, value)

    @SETTINGS
    @given(data=st.data())
    def test_generated_writes_as_a_manager(self, data):
        self._generated_writes("manager", data)

    @SETTINGS
    @given(data=st.data())
    def test_generated_writes_as_the_lead_reviewer(self, data):
        self._generated_writes("lead", data)

    @SETTINGS
    @given(data=st.data())
    def test_generated_creations_as_the_lead_reviewer(self, data):
        templates = {
            "safeguarding.participant": {
                "review_id": self.review.id,
                "partner_id": self.env["res.partner"].create({"name": "Someone"}).id,
                "part": "practitioner",
            },
            "safeguarding.conversation": {
                "review_id": self.review.id,
                "start": "2026-05-04 10:00:00",
            },
            "safeguarding.episode": {"review_id": self.review.id, "name": "An episode"},
            "safeguarding.factor": {
                "episode_id": self.episode.id,
                "description": "A factor",
                "category_id": self.env.ref("safeguarding_review.factor_scie_conditions").id,
            },
            "safeguarding.narrative.entry": {
                "review_id": self.review.id,
                "agency_id": self.agency.id,
                "date_from": "2026-01-05",
                "what_happened": "A visit",
            },
            "safeguarding.finding.question": {"finding_id": self.finding.id, "name": "Why?"},
            "safeguarding.action": {
                "finding_id": self.finding.id,
                "name": "Do it",
                "owner_id": self.owner.id,
                "due_date": "2027-01-31",
            },
        }
        model = data.draw(st.sampled_from(sorted(templates)), label="model")
        Model = self.env[model].with_user(self.reviewer)
        name = data.draw(st.sampled_from(self._own_fields(model)), label="field")
        field = Model._fields[name]
        ids = self._ids_for(field.comodel_name) if field.relational else []
        value = data.draw(_values(field, ids), label="value")
        before = self.env[model].search_count([])
        refusal = None
        with self._undone():
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    Model.create({**templates[model], name: value})
                    self.env.flush_all()
            except IntegrityError as error:
                refusal = _as_validation_error(self.env, error)
            except REFUSED as error:
                refusal = error
            if refusal is not None:
                self.assertEqual(self.env[model].search_count([]), before, "refused, yet created")
                self._check_refusal(refusal, Model, name, value)

    def test_the_cases_the_probe_found(self):
        review = self.review.with_user(self.manager)
        with self.assertRaises(ValidationError) as caught:
            review.write({"stage_id": "Closed"})
        self.assertIn("Stage", str(caught.exception))
        request = self.request.with_user(self.reviewer)
        with self.assertRaises(ValidationError) as caught:
            request.write({"asked_on": ""})
        self.assertIn("Asked On", str(caught.exception).title())
        for duration in (float("nan"), float("inf"), -1.0, 0.0, 25.0):
            with self.subTest(duration=duration), self.assertRaises(ValidationError) as caught:
                self.conversation.with_user(self.reviewer).write({"duration": duration})
            self.assertIn("Duration", str(caught.exception))
        self.assertEqual(self.conversation.duration, 1.5, "nothing saved is lost")
        with self.assertRaises(ValidationError) as caught:
            self.conversation.with_user(self.reviewer).write(
                {"participant_ids": [Command.link("x")]}
            )
        self.assertIn("Participants", str(caught.exception))
        # The second attack round: a new request's form before its due date is given, and the
        # annual-report button called with no wizard.
        form = (
            self.env["safeguarding.agency.request"]
            .with_user(self.reviewer)
            .onchange({"review_id": self.review.id}, ["review_id"], {"is_overdue": {}})
        )
        self.assertFalse(form["value"].get("is_overdue"))
        with self.assertRaises(UserError) as caught:
            self.env["safeguarding.annual.report.wizard"].with_user(self.manager).action_print()
        self.assertIn("Print", str(caught.exception))
