"""18.0.1.6.0, the closing gates read the stored counts: each review's counts counted again,
now with its actions by status and the numbers of its findings the board has not answered."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reviews = env["safeguarding.review"].with_context(active_test=False).search([])
    env.add_to_compute(reviews._fields["children_counts"], reviews)
    reviews.flush_recordset(["children_counts"])
