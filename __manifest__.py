# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Safeguarding Reviews",
    "summary": "Safeguarding adults and children case reviews with the SCIE "
    "Learning Together systems method: referral, decision, review, findings, action plan.",
    "version": "18.0.1.0.0",
    "category": "Services/Safeguarding",
    "website": "https://github.com/safeguarding-review/safeguarding_review",
    "author": "Safeguarding Review contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "contacts", "calendar"],
    "data": [
        "security/safeguarding_review_groups.xml",
        "security/ir.model.access.csv",
        "security/safeguarding_review_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/safeguarding_review_gate_data.xml",
        "data/mail_activity_plan_data.xml",
        "data/safeguarding_review_stage_data.xml",
        "views/safeguarding_review_stage_views.xml",
        "views/safeguarding_review_gate_views.xml",
        "views/safeguarding_review_tag_views.xml",
        "views/safeguarding_participant_views.xml",
        "views/safeguarding_conversation_views.xml",
        "views/safeguarding_agency_request_views.xml",
        "views/safeguarding_source_views.xml",
        "views/safeguarding_narrative_entry_views.xml",
        "views/safeguarding_review_views.xml",
        "views/res_config_settings_views.xml",
        "views/safeguarding_review_menus.xml",
    ],
    "demo": [
        "demo/safeguarding_review_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "safeguarding_review/static/src/scss/safeguarding_review.scss",
        ],
        "web.assets_tests": [
            "safeguarding_review/static/tests/tours/*.js",
        ],
    },
}
