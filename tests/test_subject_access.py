import html
import io
import zipfile

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SafeguardingReviewCase

# The person asked about: each of their values carries this token.
ASKED = "ASK5T"
# Another participant of the same review, in the same meeting: none of theirs may appear.
OTHER = "OTH8P"


@tagged("post_install", "-at_install")
class TestSubjectAccess(SafeguardingReviewCase, HttpCase):
    """For one contact, everything the reviews hold about them, for a disclosure officer:
    one ZIP, logged; nothing of another participant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.cousin = Partner.create({"name": f"Quentin Cousin {ASKED}"})
        cls.brother = Partner.create(
            {"name": f"Bertram Brother {OTHER}", "email": f"b.{OTHER.lower()}@example.org"}
        )
        cls.review = cls._ready_review(
            cls.stage_analysis, lead_reviewer_ids=[Command.set([cls.reviewer.id])]
        )
        Participant = cls.env["safeguarding.participant"]
        cls.asked = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.cousin.id,
                "part": "family",
                "pseudonym": "Adult A's cousin",
                "nhs_number": f"NHS {ASKED}",
                "wishes": f"To hear the findings first {ASKED}",
            }
        )
        cls.other = Participant.create(
            {
                "review_id": cls.review.id,
                "partner_id": cls.brother.id,
                "part": "family",
                "pseudonym": "Adult A's brother",
                "nhs_number": f"NHS {OTHER}",
                "wishes": f"Not to be contacted again {OTHER}",
            }
        )
        Conversation = cls.env["safeguarding.conversation"]
        joint = Conversation.create(
            {
                "review_id": cls.review.id,
                "kind": "family",
                "start": "2026-05-11 10:00:00",
                "participant_ids": [Command.set((cls.asked | cls.other).ids)],
                "notes_at_the_time": f"<p>The cousin said she rang the GP {ASKED}.</p>",
            }
        )
        cls.transcript = cls.env["ir.attachment"].create(
            {
                "name": "family-meeting.txt",
                "raw": f"Transcript: the GP was rung {ASKED}".encode(),
                "res_model": "safeguarding.conversation",
                "res_id": joint.id,
            }
        )
        joint.transcript_ids = [Command.link(cls.transcript.id)]
        alone = Conversation.create(
            {
                "review_id": cls.review.id,
                "kind": "family",
                "start": "2026-05-13 10:00:00",
                "participant_ids": [Command.set(cls.asked.ids)],
            }
        )
        alone.transcript_ids = [
            Command.create(
                {
                    "name": "cousin-alone.txt",
                    "raw": f"What the cousin said alone {ASKED}".encode(),
                    "res_model": "safeguarding.conversation",
                    "res_id": alone.id,
                }
            )
        ]
        Conversation.create(
            {
                "review_id": cls.review.id,
                "kind": "family",
                "start": "2026-05-12 10:00:00",
                "participant_ids": [Command.set(cls.other.ids)],
                "notes_at_the_time": f"<p>The brother spoke alone {OTHER}.</p>",
            }
        )
        Involvement = cls.env["safeguarding.involvement"]
        for participant, token in ((cls.asked, ASKED), (cls.other, OTHER)):
            Involvement.create(
                {
                    "review_id": cls.review.id,
                    "participant_id": participant.id,
                    "date": "2026-05-01",
                    "kind": "informed",
                    "notes": f"Told of the review by phone {token}",
                }
            )

    def _unzip(self, content):
        archive = zipfile.ZipFile(io.BytesIO(content))
        return {name: archive.read(name) for name in archive.namelist()}

    def test_the_export_holds_what_the_reviews_say_of_them_and_nothing_of_another(self):
        Export = self.env["safeguarding.subject.access"].with_user(self.manager)
        name, content = Export._export(self.cousin.with_user(self.manager))
        self.assertTrue(name.endswith(".zip"))
        files = self._unzip(content)
        summary = html.unescape(files["subject-access.html"].decode())
        for value in (
            self.review.name,
            "Adult A's cousin",
            f"NHS {ASKED}",
            f"To hear the findings first {ASKED}",
            f"The cousin said she rang the GP {ASKED}",
            f"Told of the review by phone {ASKED}",
            "1 (not named here)",
        ):
            self.assertIn(value, summary)
        self.assertNotIn(OTHER, summary, "nothing of the other participant")
        self.assertNotIn("brother", summary.lower())
        # The transcript of the person alone is theirs; the joint one holds another's words:
        # named, to redact, not copied.
        documents = {k: v for k, v in files.items() if k.startswith("documents/")}
        self.assertEqual(list(documents.values()), [f"What the cousin said alone {ASKED}".encode()])
        self.assertIn("family-meeting.txt (to redact)", summary)
        self.assertFalse([v for v in files.values() if OTHER.encode() in v])
        # The request is logged, for each record it read.
        log = self.env["safeguarding.access.log"].search(
            [("event", "=", "subject_access"), ("user_id", "=", self.manager.id)]
        )
        self.assertEqual(log.res_model, "safeguarding.participant")
        self.assertEqual(log.res_id, self.asked.id)
        # Someone named nowhere gets a summary that says so.
        nobody = self.env["res.partner"].create({"name": "Nobody Here"})
        _name, content = Export._export(nobody)
        self.assertIn(
            "hold nothing about this person", self._unzip(content)["subject-access.html"].decode()
        )

    def test_only_a_manager_answers_a_request(self):
        for user in (self.reviewer, self.board_member, self.employee):
            with self.subTest(user=user.login), self._refused(AccessError, "Only a manager"):
                self.env["safeguarding.subject.access"].with_user(user)._export(self.cousin)
        # Over the web client's route too: the reviewer gets nothing, the manager the ZIP.
        self.authenticate("sg_reviewer", "sg_reviewer")
        response = self.url_open(f"/safeguarding_review/subject_access/{self.cousin.id}")
        self.assertEqual(response.status_code, 404)
        self.authenticate("sg_manager", "sg_manager")
        response = self.url_open(f"/safeguarding_review/subject_access/{self.cousin.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        self.assertIn(b"subject-access.html", response.content)

    def test_another_site_cannot_make_a_browser_ask(self):
        # A link or a redirect from another site sends the manager's session cookie (Lax):
        # the browser says where it came from, and nothing is exported or logged.
        Log = self.env["safeguarding.access.log"].sudo()
        logged = Log.search_count([])
        self.authenticate("sg_manager", "sg_manager")
        for url in (
            f"/safeguarding_review/subject_access/{self.cousin.id}",
            f"/safeguarding_review/findings_docx/{self.review.id}",
            f"/safeguarding_review/learning/export.json?ids={self.review.id}",
        ):
            for site in ("cross-site", "same-site"):
                with self.subTest(url=url, site=site):
                    response = self.url_open(url, headers={"Sec-Fetch-Site": site})
                    self.assertEqual(response.status_code, 403)
        self.assertEqual(Log.search_count([]), logged)
        # From the app itself it answers.
        response = self.url_open(
            f"/safeguarding_review/subject_access/{self.cousin.id}",
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        self.assertEqual(response.status_code, 200)
