from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SafeguardingReviewCase

ALL, NONE, READ = "rcwu", "", "r"
TEAM = {"manager": ALL, "reviewer": ALL}
BOARD_READS = {**TEAM, "outsider": READ, "board": READ}
CONFIG = {"manager": ALL, "reviewer": READ, "outsider": READ, "board": READ}

# Who may do what (r read, c create, w write, u unlink) on a record of a review that has
# reached the board, led by "reviewer". Roles not named may do nothing. "outsider" is a
# reviewer on another team (a reviewer is also a board member); "owner" is an internal
# user with no role in the app who owns an action.
MATRIX = {
    "safeguarding.review": {"manager": ALL, "reviewer": "rw", "outsider": READ, "board": READ},
    "safeguarding.participant": TEAM,
    "safeguarding.conversation": TEAM,
    "safeguarding.agency.request": TEAM,
    "safeguarding.source": TEAM,
    "safeguarding.narrative.entry": TEAM,
    "safeguarding.episode": TEAM,
    "safeguarding.factor": TEAM,
    # The board's counts of the factors (category, level, influence; nothing they say).
    "safeguarding.factor.count": {
        "manager": READ,
        "reviewer": READ,
        "outsider": READ,
        "board": READ,
    },
    "safeguarding.finding": BOARD_READS,
    "safeguarding.finding.question": BOARD_READS,
    "safeguarding.finding.recommendation": BOARD_READS,
    "safeguarding.action": {**BOARD_READS, "owner": "rw"},
    "safeguarding.review.stage": CONFIG,
    "safeguarding.review.method": CONFIG,
    # The learning exchange: its lists are configuration; the library of other boards'
    # learning names nobody, every reader of the board's reviews reads it, managers import.
    "safeguarding.learning.term": CONFIG,
    "safeguarding.learning.review": CONFIG,
    "safeguarding.learning.finding": CONFIG,
    "safeguarding.learning.factor": CONFIG,
    "safeguarding.review.gate": CONFIG,
    "safeguarding.review.tag": {**CONFIG, "reviewer": "rcw", "outsider": "rcw"},
    "safeguarding.factor.category": CONFIG,
    "safeguarding.pattern.type": CONFIG,
    "safeguarding.glossary.term": CONFIG,
    # What the publication check found: the team's, as the texts it quotes; only the check
    # adds or removes hits (a manager's reason for one is kept, not deleted).
    "safeguarding.publication.hit": {"manager": "rw", "reviewer": "rw"},
    # The factual accuracy round: the drafts as sent, the comments and their answers.
    "safeguarding.report.draft": TEAM,
    "safeguarding.report.comment": TEAM,
    # The quality markers: the family log and the parallel processes are the team's; the
    # board sees of a pause only the review's own summary.
    "safeguarding.involvement": TEAM,
    "safeguarding.parallel.process": TEAM,
    "safeguarding.quality.marker": {"manager": ALL, "reviewer": READ, "outsider": READ},
    # The assessment lines come from "Assess the quality markers"; only managers delete.
    "safeguarding.quality.assessment": {"manager": ALL, "reviewer": "rcw"},
    # Statutory clocks: the deadlines of each kind are configuration; a review's milestones
    # come from its kind (the team records when each was done).
    "safeguarding.milestone.type": CONFIG,
    "safeguarding.review.milestone": {"manager": ALL, "reviewer": "rw"},
    # Time in each stage: a view of the stage tracking, read as the factor counts are.
    # Who looked: managers read it; nobody writes it (the app adds the entries).
    "safeguarding.access.log": {"manager": READ},
    "safeguarding.stage.time": {
        "manager": READ,
        "reviewer": READ,
        "outsider": READ,
        "board": READ,
    },
}
CONFIG_MODELS = {
    "safeguarding.review.stage",
    "safeguarding.review.method",
    "safeguarding.learning.term",
    "safeguarding.learning.review",
    "safeguarding.learning.finding",
    "safeguarding.learning.factor",
    "safeguarding.review.gate",
    "safeguarding.review.tag",
    "safeguarding.factor.category",
    "safeguarding.pattern.type",
    "safeguarding.glossary.term",
    "safeguarding.quality.marker",
    "safeguarding.milestone.type",
}
ROLES = ("manager", "reviewer", "outsider", "board", "owner", "employee", "portal")


@tagged("post_install", "-at_install")
class TestAccessMatrix(SafeguardingReviewCase):
    """Every role against every model, through every operation, from one table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env,
            "sg_owner",
            name="Action Owner",
            groups="base.group_user",
            tz="Europe/London",
        )
        cls.users = {
            "manager": cls.manager,
            "reviewer": cls.reviewer,
            "outsider": cls.other_reviewer,
            "board": cls.board_member,
            "owner": cls.owner,
            "employee": cls.employee,
            "portal": cls.portal,
        }
        cls.review = cls._ready_review(
            cls.stage_board_response, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        cls.records = cls._records_of(cls.review)
        cls.hidden_review = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        cls.hidden_records = cls._records_of(cls.hidden_review)

    @classmethod
    def _records_of(cls, review):
        env = cls.env
        person = env["res.partner"].create({"name": f"Practitioner of {review.name}"})
        participant = env["safeguarding.participant"].create(
            {"review_id": review.id, "partner_id": person.id, "published_role": "Nurse"}
        )
        request = env["safeguarding.agency.request"].create(
            {
                "review_id": review.id,
                "agency_id": cls.agency.id,
                "description": "Case notes",
                "asked_on": "2026-04-01",
                "due_on": "2026-04-30",
                "state": "received",
                "received_on": "2026-04-20",
            }
        )
        source = env["safeguarding.source"].create(
            {"review_id": review.id, "agency_id": cls.agency.id, "name": "Case notes"}
        )
        entry = env["safeguarding.narrative.entry"].create(
            {
                "review_id": review.id,
                "agency_id": cls.agency.id,
                "date_from": "2026-01-05",
                "what_happened": "A home visit",
            }
        )
        episode = env["safeguarding.episode"].create({"review_id": review.id, "name": "Visit"})
        factor = env["safeguarding.factor"].create(
            {
                "episode_id": episode.id,
                "description": "Workload",
                "category_id": env.ref("safeguarding_review.factor_scie_conditions").id,
            }
        )
        finding = review.finding_ids[:1] or cls._complete_finding(review)
        recommendation = env["safeguarding.finding.recommendation"].create(
            {"finding_id": finding.id, "name": "Write a protocol"}
        )
        action = env["safeguarding.action"].create(
            {
                "finding_id": finding.id,
                "name": "Write the protocol",
                "owner_id": cls.owner.id,
                "due_date": "2027-01-31",
            }
        )
        draft = env["safeguarding.report.draft"].create({"review_id": review.id})
        relative = env["safeguarding.participant"].create(
            {
                "review_id": review.id,
                "partner_id": env["res.partner"].create({"name": f"Sister in {review.name}"}).id,
                "part": "family",
                "pseudonym": "Ms B",
            }
        )
        marker = env.ref("safeguarding_review.quality_marker_03")
        library = env["safeguarding.learning.review"].create(
            {
                "uid": f"{review.id:032x}",
                "board": "Eastshire SAB",
                "year": 2025,
                "finding_ids": [Command.create({"number": 1, "statement": "A finding."})],
                "factor_ids": [Command.create({"influence": "hindered", "count": 2})],
            }
        )
        return {
            "safeguarding.involvement": env["safeguarding.involvement"].create(
                {"review_id": review.id, "participant_id": relative.id, "kind": "informed"}
            ),
            "safeguarding.parallel.process": env["safeguarding.parallel.process"].create(
                {"review_id": review.id, "kind": "inquest"}
            ),
            "safeguarding.quality.marker": marker,
            "safeguarding.milestone.type": env.ref("safeguarding_review.milestone_sar_decision"),
            "safeguarding.review.milestone": review.milestone_ids[:1],
            "safeguarding.access.log": env["safeguarding.access.log"]
            .sudo()
            .create(
                {
                    "user_id": cls.reviewer.id,
                    "event": "open",
                    "logged_at": "2026-05-01 10:00:00",
                    "res_model": review._name,
                    "res_id": review.id,
                    "review_id": review.id,
                    "company_id": review.company_id.id,
                }
            ),
            "safeguarding.stage.time": env["safeguarding.stage.time"].search(
                [("review_id", "=", review.id)], limit=1
            ),
            "safeguarding.quality.assessment": env["safeguarding.quality.assessment"].create(
                {"review_id": review.id, "marker_id": marker.id}
            ),
            "safeguarding.review": review,
            "safeguarding.participant": participant,
            "safeguarding.conversation": review.conversation_ids[:1],
            "safeguarding.agency.request": request,
            "safeguarding.source": source,
            "safeguarding.narrative.entry": entry,
            "safeguarding.episode": episode,
            "safeguarding.factor": factor,
            "safeguarding.factor.count": env["safeguarding.factor.count"].browse(factor.id),
            "safeguarding.finding": finding,
            "safeguarding.finding.question": finding.question_ids[:1],
            "safeguarding.finding.recommendation": recommendation,
            "safeguarding.action": action,
            "safeguarding.review.stage": cls.stage_decision,
            "safeguarding.review.method": cls.method_lt,
            "safeguarding.learning.term": env.ref("safeguarding_review.learning_gender_female"),
            "safeguarding.learning.review": library,
            "safeguarding.learning.finding": library.finding_ids,
            "safeguarding.learning.factor": library.factor_ids,
            "safeguarding.review.gate": env.ref("safeguarding_review.gate_decision"),
            "safeguarding.review.tag": env["safeguarding.review.tag"].create(
                {"name": f"Tag of {review.name}"}
            ),
            "safeguarding.factor.category": env.ref("safeguarding_review.factor_scie_team"),
            "safeguarding.pattern.type": env.ref("safeguarding_review.pattern_human_tool"),
            "safeguarding.glossary.term": env.ref("safeguarding_review.glossary_sar"),
            "safeguarding.report.draft": draft,
            "safeguarding.report.comment": env["safeguarding.report.comment"].create(
                {"draft_id": draft.id, "comment": "A date is wrong."}
            ),
            "safeguarding.publication.hit": env["safeguarding.publication.hit"].create(
                {
                    "review_id": review.id,
                    "res_model": "safeguarding.review",
                    "res_id": review.id,
                    "record_label": "The review",
                    "field_name": "report_conclusion",
                    "field_label": "Conclusion",
                    "kind": "name",
                    "term": "Someone",
                }
            ),
        }

    def test_every_model_has_a_line_in_the_matrix(self):
        ours = self.env["ir.model"].search(
            [("model", "=like", "safeguarding.%"), ("transient", "=", False)]
        )
        abstract = {m for m in ours.mapped("model") if self.env[m]._abstract}
        self.assertEqual(set(ours.mapped("model")) - abstract, set(MATRIX))

    def test_the_role_matrix(self):
        for model, allowed in MATRIX.items():
            record = self.records[model]
            self.assertTrue(record, model)
            for role in ROLES:
                user = self.users[role]
                for op, name in zip("rcwu", ("read", "create", "write", "unlink"), strict=True):
                    expected = op in allowed.get(role, NONE)
                    with self.subTest(model=model, role=role, operation=name):
                        self.assertEqual(record.with_user(user).has_access(name), expected)

    def test_before_the_board_only_the_team_and_managers_reach_a_review(self):
        for model, record in self.hidden_records.items():
            if model in CONFIG_MODELS or model in (
                "safeguarding.action",
                "safeguarding.access.log",
            ):
                continue  # shared configuration; actions also reach their owner; the log is
                # the managers' alone
            with self.subTest(model=model):
                self.assertTrue(record.with_user(self.reviewer).has_access("read"))
                self.assertTrue(record.with_user(self.manager).has_access("read"))
                for role in ("outsider", "board", "employee", "portal"):
                    self.assertFalse(record.with_user(self.users[role]).has_access("read"), role)
                # ... by id too: reading it raises, it does not come back empty.
                with self.assertRaises(AccessError):
                    record.with_user(self.other_reviewer).read(["display_name"])
                self.assertFalse(
                    self.env[model].with_user(self.other_reviewer).search([("id", "=", record.id)])
                )

    def test_a_board_member_exports_findings_but_never_conversation_notes(self):
        self.records["safeguarding.conversation"].notes_at_the_time = "<p>NOTE-4471</p>"
        self.board_member.groups_id += self.env.ref("base.group_allow_export")
        finding = self.records["safeguarding.finding"].with_user(self.board_member)
        rows = finding.export_data(["name", "question_ids/name", "review_id/name"])["datas"]
        self.assertEqual(rows[0][0], finding.name)
        self.assertNotIn("NOTE-4471", str(rows))
        with self.assertRaises(AccessError):
            self.records["safeguarding.conversation"].with_user(self.board_member).export_data(
                ["notes_at_the_time"]
            )

    def test_attachments_follow_the_record_they_belong_to(self):
        Attachment = self.env["ir.attachment"]
        for model in ("safeguarding.conversation", "safeguarding.source", "safeguarding.review"):
            record = self.hidden_records[model]
            attachment = Attachment.create(
                {
                    "name": "transcript.txt",
                    "raw": b"TRANSCRIPT",
                    "res_model": model,
                    "res_id": record.id,
                }
            )
            with self.subTest(model=model):
                self.assertEqual(attachment.with_user(self.reviewer).raw, b"TRANSCRIPT")
                for role in ("outsider", "board", "employee"):
                    with self.assertRaises(AccessError):
                        attachment.with_user(self.users[role]).read(["raw"])

    def test_nothing_referred_to_is_deleted_quietly(self):
        records = self.records
        participant = records["safeguarding.participant"]
        records["safeguarding.conversation"].participant_ids = participant
        episode = records["safeguarding.episode"]
        finding = records["safeguarding.finding"]
        finding.episode_ids = episode
        refusals = {
            self.review: "archive it",
            participant: "conversation",
            episode: "rest on it",
            records["safeguarding.factor"]: None,  # refers to its episode: it may go
            finding: "action(s)",
        }
        for record, words in refusals.items():
            with self.subTest(model=record._name):
                if words is None:
                    continue
                with self.assertRaises(UserError) as error:
                    record.with_user(self.manager).unlink()
                self.assertIn(words, str(error.exception))
                self.assertTrue(record.exists())

    def test_who_changed_what_is_tracked(self):
        review = self.hidden_review
        finding = review.finding_ids[:1] or self._complete_finding(review)
        action = self.hidden_records["safeguarding.action"]
        self._settle()
        review.with_user(self.manager).write(
            {"decision": "other_process", "decision_reasons": "Changed on appeal"}
        )
        self._settle()  # each change its own request: tracking compares before and after
        review.with_user(self.manager).write(
            {"decision": "review", "stage_id": self.stage_findings.id}
        )
        finding.with_user(self.reviewer).write({"name": "A rewritten statement", "state": "agreed"})
        finding.with_user(self.manager).write(
            {
                "board_decision": "accepted",
                "board_response": "Yes",
                "board_response_date": "2026-10-01",
            }
        )
        action.with_user(self.owner).write({"status": "in_progress"})
        self._settle()
        expected = {
            review: ("stage_id", "decision", "decision_reasons"),
            finding: ("name", "state", "board_decision", "board_response", "board_response_date"),
            action: ("status",),
        }
        for record, fields_ in expected.items():
            values = self.env["mail.tracking.value"].search(
                [
                    ("mail_message_id.model", "=", record._name),
                    ("mail_message_id.res_id", "=", record.id),
                ]
            )
            with self.subTest(model=record._name):
                self.assertTrue(set(fields_) <= set(values.field_id.mapped("name")))
        status = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.action"),
                ("mail_message_id.res_id", "=", action.id),
                ("field_id.name", "=", "status"),
            ]
        )
        self.assertEqual(status.mail_message_id.author_id, self.owner.partner_id, "who changed it")
