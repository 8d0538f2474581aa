from odoo import api, fields, models

from .safeguarding_shipped_data import shipped_values

STAGE_DATA = "data/safeguarding_review_stage_data.xml"


class SafeguardingReviewStage(models.Model):
    _name = "safeguarding.review.stage"
    _inherit = ["safeguarding.values.mixin"]
    _description = "Safeguarding Review Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded on the board",
        help="Folded stages are end points (closed, no review): the board shows them "
        "collapsed, and moving past them runs none of their gates.",
    )
    is_closed = fields.Boolean(
        string="Ends the review",
        help="Reviews in this stage are finished: they are never overdue.",
    )
    target_reached = fields.Boolean(
        string="Report delivered",
        help="Reviews in this stage have delivered their report: the target completion "
        "date no longer applies, so they are never overdue.",
    )
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Plan for this stage",
        domain="[('res_model', '=', 'safeguarding.review')]",
        help="Activities the team can launch in one click from a review at this stage.",
    )
    board_visible = fields.Boolean(
        string="Visible to the board",
        help="Board members may read reviews in this stage.",
    )
    decision_required = fields.Selection(
        [
            ("review", "A decision to review"),
            ("not_review", "A decision not to review"),
        ],
        string="Decision needed to enter",
        help="Only reviews with this decision may enter the stage. Moving past "
        "stages of the other path runs none of their gates.",
    )
    guidance = fields.Html(
        translate=True,
        help="What the review team does at this point of the method.",
    )
    gate_ids = fields.Many2many(
        "safeguarding.review.gate",
        "safeguarding_review_stage_gate_rel",
        "stage_id",
        "gate_id",
        string="Required before leaving",
        help="Checks a review must pass before it moves on from this stage.",
    )
    finding_state = fields.Selection(
        selection=lambda self: self.env["safeguarding.finding"]._fields["state"].selection,
        string="Findings become",
        help="When a review reaches this stage, its findings move to this state "
        "(Board response: presented to the board).",
    )
    form_page = fields.Char(
        string="Form tab",
        help="The tab of the review's form that opens at this stage (its technical name: "
        "referral, decision, team, analysis, board, report).",
    )
    board_guidance = fields.Html(
        translate=True,
        help="What a board member reading a review at this point is asked to do (they see "
        "this instead of the team's guidance).",
    )
    method_ids = fields.Many2many(
        "safeguarding.review.method",
        "safeguarding_review_method_stage_rel",
        "stage_id",
        "method_id",
        string="Methods",
        help="The methods whose reviews go through this stage.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    def _is_on_path_to(self, target):
        """Whether the gates of this stage apply on a move towards ``target``."""
        self.ensure_one()
        return (
            not self.decision_required
            or not target.decision_required
            or self.decision_required == target.decision_required
        )

    @api.model
    def _upgrade_fill_from_data(self, names):
        """Fill the fields ``names``, new in an upgrade, on the shipped stages where they are
        empty, from the stage data file: it is noupdate (managers reword stages), so an
        upgrade writes nothing of it, and what a manager set stays."""
        for stage, vals in shipped_values(self.env, STAGE_DATA, names).items():
            stage.write(vals)
