import importlib.util
from contextlib import contextmanager

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL, file_path


class SafeguardingReviewCase(TransactionCase):
    """One user per role, two agencies, and a helper that makes reviews ready for a stage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))

        # One time zone for every user and for the test's own "today" (the system user's,
        # Brussels in Odoo's data): dates computed as the user doing something, and as the
        # test, agree at every hour of the day (they did not near midnight UTC).
        cls.env.ref("base.user_root").tz = "Europe/London"

        def user(login, name, groups):
            return new_test_user(cls.env, login, groups=groups, name=name, tz="Europe/London")

        group = "base.group_user,safeguarding_review.group_"
        cls.manager = user("sg_manager", "Manager", group + "manager")
        cls.reviewer = user("sg_reviewer", "Reviewer", group + "reviewer")
        cls.other_reviewer = user("sg_other", "Other Reviewer", group + "reviewer")
        cls.board_member = user("sg_board", "Board Member", group + "board_member")
        cls.employee = user("sg_employee", "Employee", "base.group_user")
        cls.portal = user("sg_portal", "Portal User", "base.group_portal")
        cls.agency = cls.env["res.partner"].create(
            {"name": "Testshire Adult Social Care", "is_company": True, "safeguarding_agency": True}
        )
        cls.agency_health = cls.env["res.partner"].create(
            {
                "name": "Testshire Community Health Trust",
                "is_company": True,
                "safeguarding_agency": True,
            }
        )
        cls.Review = cls.env["safeguarding.review"]
        ref = cls.env.ref
        # The stages of Learning Together, the default method (its path, in board order).
        cls.method_lt = ref("safeguarding_review.method_learning_together")
        cls.stages = cls.method_lt._path()
        cls.stage_referral = ref("safeguarding_review.stage_referral")
        cls.stage_decision = ref("safeguarding_review.stage_decision")
        cls.stage_preparation = ref("safeguarding_review.stage_preparation")
        cls.stage_data_collection = ref("safeguarding_review.stage_data_collection")
        cls.stage_analysis = ref("safeguarding_review.stage_analysis")
        cls.stage_findings = ref("safeguarding_review.stage_findings")
        cls.stage_board_response = ref("safeguarding_review.stage_board_response")
        cls.stage_monitoring = ref("safeguarding_review.stage_monitoring")
        cls.stage_closed = ref("safeguarding_review.stage_closed")
        cls.stage_no_review = ref("safeguarding_review.stage_no_review")

    @classmethod
    def _referral_vals(cls, **overrides):
        vals = {
            "title": "Self-neglect in supported housing",
            "adult_pseudonym": "Adult A",
            "referral_date": "2026-03-02",
            "referring_agency_id": cls.agency.id,
            "criterion_care_needs": True,
            "criterion_harm": True,
            "criterion_abuse_neglect": True,
            "criterion_joint_working": True,
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _decision_vals(cls, decision="review"):
        return {
            "decision": decision,
            "decision_date": "2026-04-01",
            "decision_maker_id": cls.manager.id,
            "decision_reasons": "All four s44 criteria are met.",
        }

    @classmethod
    def _preparation_vals(cls, *team):
        return {
            "lead_reviewer_ids": [Command.set([u.id for u in team] or [cls.reviewer.id])],
            "review_questions": "<p>How did agencies share what they knew?</p>",
            "agency_ids": [Command.set([cls.agency.id, cls.agency_health.id])],
        }

    @classmethod
    def _ready_review(cls, stage, **overrides):
        """A review created straight into ``stage``, with what the stages before it need."""
        vals = cls._referral_vals()
        if stage.sequence > cls.stage_decision.sequence:
            no = stage.decision_required == "not_review"
            vals.update(cls._decision_vals("no_review" if no else "review"))
            if stage.sequence > cls.stage_preparation.sequence and not no:
                vals.update(cls._preparation_vals())
        collected = stage.sequence > cls.stage_data_collection.sequence
        collected = collected and stage.decision_required == "review"
        target = cls.stage_data_collection if collected else stage
        vals.update(overrides, stage_id=target.id)
        review = cls.Review.create(vals)
        if collected:
            # Leaving Data collection needs a conversation held (and no request left open).
            cls.env["safeguarding.conversation"].create(
                {"review_id": review.id, "start": "2026-05-04 10:00:00", "state": "held"}
            )
            if stage.sequence > cls.stage_findings.sequence:
                # Leaving Findings needs an agreed finding, complete, with a question.
                finding = cls._complete_finding(review)
                finding.action_agree()
                if stage.sequence > cls.stage_board_response.sequence:
                    # Leaving the Board response needs the board's response to every finding.
                    finding.write(cls._board_response_vals())
                if stage.sequence > cls.stage_monitoring.sequence:
                    # Closing needs the board's decision on publication.
                    review.write(
                        {
                            "publication_decision": "not_publish",
                            "publication_decision_reasons": "The family asked the board not to.",
                        }
                    )
            review.stage_id = stage
        cls._settle()
        return review

    @classmethod
    def _complete_finding(cls, review, **vals):
        return cls.env["safeguarding.finding"].create(
            {
                "review_id": review.id,
                "name": "Agencies rely on the adult to pass on what each has been told.",
                "evidence_case": "<p>Each agency thought another was visiting.</p>",
                "evidence_wider": "<p>The case group knew of three other such cases.</p>",
                "evidence_why": "<p>No one holds the whole picture.</p>",
                "question_ids": [Command.create({"name": "How does the board know?"})],
                **vals,
            }
        )

    @classmethod
    def _board_response_vals(cls, decision="accepted"):
        return {
            "board_decision": decision,
            "board_response": "The board accepts the finding.",
            "board_response_date": "2026-09-01",
        }

    @classmethod
    def _settle(cls):
        """Flush and run the pre-commit hooks, as the end of a request would.

        Mail tracking starts only once a new record's creation is committed: changes made
        in the transaction that created it are part of its creation message."""
        cls.env.flush_all()
        cls.env.cr.flush()

    @staticmethod
    def _migrate(cr, version, from_version):
        """Run the addon's post-migration script of ``version`` as an upgrade from
        ``from_version`` would."""
        path = file_path(f"safeguarding_review/migrations/{version}/post-migrate.py")
        spec = importlib.util.spec_from_file_location("post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(cr, from_version)

    def _queries(self, user, operation):
        """Queries ``operation`` runs for ``user`` with a cold cache, as a new request."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        env = self.env(user=user)
        operation(env)  # warm the registry caches (rules, views) like a running server
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        operation(env)
        return self.cr.sql_log_count - before

    def _plan(self, query):
        """PostgreSQL's plan for ``query`` (an Odoo Query) when any index that fits is used.

        Test data is too small for the planner to prefer an index, so scans and sorts are
        made dear for this one EXPLAIN: whether the plan names an index tells whether the
        index fits the query the board sends."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("SET LOCAL enable_seqscan = off")
        cr.execute("SET LOCAL enable_sort = off")
        cr.execute("SET LOCAL enable_incremental_sort = off")
        try:
            cr.execute(SQL("EXPLAIN %s", query.select()))
            return "\n".join(row[0] for row in cr.fetchall())
        finally:
            cr.execute("RESET enable_seqscan")
            cr.execute("RESET enable_sort")
            cr.execute("RESET enable_incremental_sort")

    def _today(self):
        return fields.Date.context_today(self.Review)

    @contextmanager
    def _refused(self, exception, pattern):
        """Like assertRaisesRegex, inside Odoo's savepoint (assertRaises): what the refused
        call wrote is rolled back, so the test can then assert that nothing changed."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
