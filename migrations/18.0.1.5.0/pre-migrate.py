"""18.0.1.5.0: the board's path (/odoo/safeguarding-reviews) moves from the window action to
a server action that opens it on the company's default method. Cleared before the data
loads: action paths are unique across the action tables, and the ORM checks the new action
before it has written the old one's change."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_act_window SET path = NULL
         WHERE id = (SELECT res_id FROM ir_model_data
                      WHERE module = 'safeguarding_review' AND name = 'safeguarding_review_action')
        """
    )
