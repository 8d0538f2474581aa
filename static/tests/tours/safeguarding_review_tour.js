/** @odoo-module */
// A manager's first steps with a review, in the browser: the board, a new referral, a move
// to Preparation refused for want of a decision, the decision, the move to Preparation, a
// move on to Data collection refused for want of the preparation (its dialog names what is
// missing), then the preparation itself.
// Run by tests/test_review_tour.py, which creates the users and the agency named below.
//
// A stage's gates are what it needs before a review LEAVES it (stage field "Required before
// leaving"): Preparation's gate (lead reviewer, questions, agency) blocks the move on to Data
// collection, not the move into Preparation, which only needs the decision.

import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

const TITLE = "Tour: self-neglect in supported housing";
const PSEUDONYM = "Adult T";
const LEAD_REVIEWER = "Tour Lead Reviewer";
const AGENCY = "Tour Borough Council";

registry.category("web_tour.tours").add("safeguarding_review_lifecycle_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        // The board -----------------------------------------------------------------
        {
            content: "The board shows the method's stages as columns",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Referral)",
        },
        {
            content: "... every working stage, empty or not",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Preparation)",
        },
        {
            content: "Record a new referral",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        // The referral ----------------------------------------------------------------
        {
            content: "Give the review a title",
            trigger: ".o_form_view .o_field_widget[name=title] input",
            run: `edit ${TITLE}`,
        },
        {
            content: "Name the adult by pseudonym",
            trigger: ".o_form_view .o_field_widget[name=adult_pseudonym] input",
            run: `edit ${PSEUDONYM}`,
        },
        {
            content: "Save the referral",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The review got its reference",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=name]:contains(SAR-)",
        },
        {
            content: "It starts in Referral",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Referral)",
        },
        // No Preparation without a decision to review -----------------------------------
        {
            content: "Try to move on to Preparation before the decision",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Preparation)",
            run: "click",
        },
        {
            content: "The refusal names the move and what is missing",
            trigger:
                ".modal .o_error_dialog:contains(stays in Referral):contains(move to Preparation):contains(no review or other process)",
        },
        {
            content: "... including the Decision stage's own requirements",
            trigger:
                ".modal .o_error_dialog:contains(the decision date):contains(the reasons for the decision)",
        },
        {
            content: "Close the refusal",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The statusbar snaps back: the review is still in Referral",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Referral)",
        },
        // The decision ----------------------------------------------------------------
        {
            content: "Open the Decision page",
            trigger: ".o_notebook a.nav-link[name=decision]",
            run: "click",
        },
        {
            content: "Decide to hold a review",
            trigger: ".o_form_view .o_field_widget[name=decision] select",
            run: 'select "review"',
        },
        {
            content: "Date the decision today",
            trigger: ".o_form_view .o_field_widget[name=decision_date] input",
            run: `edit ${formatDate(DateTime.local())}`,
        },
        {
            content: "Give the reasons",
            trigger: ".o_form_view .o_field_widget[name=decision_reasons] textarea",
            run: "edit All four s44(1)-(3) criteria are met; agencies missed shared warning signs.",
        },
        {
            content: "Save the decision",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The decision is saved, and it set the target (days to target show)",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=days_to_target]",
        },
        // Preparation -----------------------------------------------------------------
        {
            content: "Move on to Preparation",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Preparation)",
            run: "click",
        },
        {
            content: "The review is in Preparation, saved",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Preparation)",
        },
        {
            content: "The form says what Preparation needs before the review moves on",
            trigger:
                ".o_form_view .alert-info:contains(Before the review moves on, it still needs):contains(a lead reviewer)",
        },
        // No Data collection without the preparation -------------------------------------
        {
            content: "Try to move on to Data collection before preparing",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Data collection)",
            run: "click",
        },
        {
            content: "The refusal names what is missing",
            trigger:
                ".modal .o_error_dialog:contains(stays in Preparation):contains(move to Data collection):contains(a lead reviewer)",
        },
        {
            content: "... all of it",
            trigger:
                ".modal .o_error_dialog:contains(the questions the review should answer):contains(at least one agency involved)",
        },
        {
            content: "Close the refusal",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The statusbar snaps back: the review is still in Preparation",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Preparation)",
        },
        // The preparation ---------------------------------------------------------------
        {
            content: "Open the Review team and agencies page",
            trigger: ".o_notebook a.nav-link[name=team]",
            run: "click",
        },
        {
            content: "Look for the lead reviewer",
            trigger: ".o_form_view .o_field_widget[name=lead_reviewer_ids] input",
            run: `edit ${LEAD_REVIEWER}`,
        },
        {
            content: "Choose the lead reviewer",
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(${LEAD_REVIEWER})`,
            run: "click",
        },
        {
            content: "The lead reviewer is set",
            trigger: `.o_form_view .o_field_widget[name=lead_reviewer_ids] .o_tag:contains(${LEAD_REVIEWER})`,
        },
        {
            content: "Look for an agency involved",
            trigger: ".o_form_view .o_field_widget[name=agency_ids] input",
            run: `edit ${AGENCY}`,
        },
        {
            content: "Choose the agency",
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(${AGENCY})`,
            run: "click",
        },
        {
            content: "The agency is set",
            trigger: `.o_form_view .o_field_widget[name=agency_ids] .o_tag:contains(${AGENCY})`,
        },
        {
            content: "Write the questions the review should answer",
            trigger:
                ".o_form_view .o_field_html[name=review_questions] .odoo-editor-editable div.o-paragraph",
            run: "editor How did the agencies share what each knew about the adult's self-neglect?",
        },
        {
            content: "Save the preparation",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, still in Preparation, and nothing is missing any more",
            trigger:
                ".o_form_view .o_form_saved:has(.o_statusbar_status .o_arrow_button_current:contains(Preparation)):not(:has(.alert-info:contains(it still needs)))",
        },
    ],
});
