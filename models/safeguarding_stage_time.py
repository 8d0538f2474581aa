from odoo import fields, models, tools
from odoo.tools import SQL

from .safeguarding_review import REVIEW_KINDS


class SafeguardingStageTime(models.Model):
    """How long each review spent in each stage, by method and kind: one row per stay in a
    stage, read from the stage's tracking (the chatter's record of every move), from the
    review's creation to its first move, then from each move to the next (or to now). The
    board and managers compare methods and kinds in a pivot; the same rules as the factor
    counts (the reviews that reached the board, the team's own, managers all)."""

    _name = "safeguarding.stage.time"
    _inherit = ["safeguarding.confidential.mixin"]
    _description = "Time spent in each stage of a review"
    _auto = False
    _order = "review_id, entered_on"

    review_id = fields.Many2one("safeguarding.review", string="Review", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("safeguarding.review.stage", string="Stage", readonly=True)
    method_id = fields.Many2one("safeguarding.review.method", string="Method", readonly=True)
    review_kind = fields.Selection(REVIEW_KINDS, string="Kind of review", readonly=True)
    entered_on = fields.Datetime(string="Entered", readonly=True)
    left_on = fields.Datetime(string="Left", readonly=True)
    days = fields.Float(string="Days in the stage", readonly=True, aggregator="avg", digits=(16, 1))
    is_current = fields.Boolean(string="Still there", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                    WITH moves AS (
                        SELECT message.res_id AS review_id, value.old_value_integer AS old_stage,
                               value.new_value_integer AS new_stage, message.date AS moved_on
                          FROM mail_tracking_value value
                          JOIN mail_message message ON message.id = value.mail_message_id
                          JOIN ir_model_fields field ON field.id = value.field_id
                         WHERE message.model = 'safeguarding.review'
                           AND field.model = 'safeguarding.review' AND field.name = 'stage_id'
                    ), first_moves AS (
                        SELECT DISTINCT ON (review_id) review_id, old_stage, moved_on
                          FROM moves ORDER BY review_id, moved_on, old_stage
                    ), stays AS (
                        SELECT review.id AS review_id,
                               COALESCE(first_moves.old_stage, review.stage_id) AS stage_id,
                               review.create_date AS entered_on,
                               first_moves.moved_on AS left_on
                          FROM safeguarding_review review
                          LEFT JOIN first_moves ON first_moves.review_id = review.id
                        UNION ALL
                        SELECT review_id, new_stage, moved_on,
                               LEAD(moved_on) OVER (PARTITION BY review_id ORDER BY moved_on)
                          FROM moves
                    )
                    SELECT ROW_NUMBER() OVER (ORDER BY stays.review_id, stays.entered_on) AS id,
                           stays.review_id, review.company_id, stays.stage_id, review.method_id,
                           review.review_kind, stays.entered_on, stays.left_on,
                           EXTRACT(EPOCH FROM (
                               COALESCE(stays.left_on, NOW() AT TIME ZONE 'UTC') - stays.entered_on
                           )) / 86400.0 AS days,
                           stays.left_on IS NULL AS is_current
                      FROM stays
                      JOIN safeguarding_review review ON review.id = stays.review_id
                )""",
                SQL.identifier(self._table),
            )
        )
