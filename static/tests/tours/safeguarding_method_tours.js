/** @odoo-module */
// One review walked through the whole Learning Together method in the browser, each step
// by the role that does it: one tour per role and turn, run one after the other by
// tests/test_method_tour.py, which creates the users, the agency and the practitioner named
// below and checks through the ORM, between tours, what each tour saved.
//
//   1. manager    the referral, the decision, the team and agencies; on to Data collection
//   2. reviewer   participants, a conversation held, the narrative; Analysis: an episode with
//                 two contributory factors, a finding agreed; on to Findings, Board response
//   3. board      reads the finding at the board; no way into the review team's data
//   4. manager    the board's response and an action with its owner; on to monitoring
//   5. owner      (no app role) My actions: the action done, with its evidence
//   6. manager    closes the review and prints the findings report
//
// The tours find the review by its title on the board. The statusbar and the form's smart
// buttons show fewer entries on a narrow screen and put the rest in a "..." or "More" menu:
// the helpers below click an entry where it shows, or open its menu first.

import { formatDate, formatDateTime } from "@web/core/l10n/dates";
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { queryFirst, waitFor } from "@odoo/hoot-dom";

const { DateTime } = luxon;

const TITLE = "Method tour: hoarding and fire risk";
const PSEUDONYM = "Adult M";
const REVIEWER = "Method Lead Reviewer";
const ACTION_OWNER = "Method Action Owner";
const AGENCY = "Method Borough Council";
const PRACTITIONER = "Jo Practitioner";
const ROLE = "Housing support worker";
const NARRATIVE = "The housing officer saw clutter blocking the fire exit.";
const EPISODE = "The fire safety visit that was not followed up";
const FACTOR_HINDERED = "The fire service referral form had no field for hoarding.";
const FACTOR_SUPPORTED = "The weekly multi-agency huddle shared the visit notes.";
const FINDING = "Agencies rely on the resident to pass on fire safety advice.";
const QUESTION = "How will the board know that fire safety advice reaches every agency?";
const BOARD_RESPONSE = "The board accepts the finding and asks the fire service to lead.";
const ACTION = "Add a hoarding prompt to the fire service referral form.";
const EVIDENCE = "The new referral form went live, with the prompt, on the first of the month.";

const today = () => formatDate(DateTime.local());
const WAIT = { visible: true, timeout: 10000 };

// The review's form view, loaded and saved (its guidance panel is on no other form). The
// smart buttons sit in the control panel, outside the saved form's renderer.
const REVIEW_FORM =
    ".o_form_view:has(.o_form_saved .alert-info:contains(What to do at this stage))";

const tours = registry.category("web_tour.tours");

/** Open the review from the reviews board, where it is a card in the ``column`` stage. */
function openReviewFromBoard(column) {
    return [
        {
            content: `The board shows the review in ${column}`,
            trigger: `.o_kanban_view .o_kanban_group:has(.o_column_title:contains(${column})) .o_kanban_record:contains(${TITLE})`,
            run: "click",
        },
        {
            content: `The review opens, in ${column}`,
            trigger: `${REVIEW_FORM} .o_statusbar_status .o_arrow_button_current:contains(${column})`,
        },
    ];
}

/** Move the review to ``stage`` in the statusbar (inline, or in its "..." menu). */
function moveToStage(stage) {
    return [
        {
            content: `Move the review on to ${stage}`,
            trigger: `${REVIEW_FORM} .o_statusbar_status`,
            async run(helpers) {
                const shown = queryFirst(
                    `button.o_arrow_button:not(.dropdown-toggle):contains(${stage})`,
                    { root: this.anchor, visible: true }
                );
                if (shown) {
                    await helpers.click(shown);
                    return;
                }
                // Later and folded stages sit in the first "..." menu (or, on a very
                // narrow screen, in the one menu of all stages).
                await helpers.click(
                    queryFirst("button.dropdown-toggle:not(.o_last)", {
                        root: this.anchor,
                        visible: true,
                    })
                );
                await helpers.click(
                    await waitFor(`.o-dropdown--menu .dropdown-item:contains(${stage})`, WAIT)
                );
            },
        },
        {
            content: `The review is in ${stage}, saved`,
            trigger: `${REVIEW_FORM} .o_statusbar_status .o_arrow_button_current:contains(${stage})`,
        },
    ];
}

/** Click the review's smart button ``label`` (in the button box, or in its "More" menu). */
function openSmartButton(label) {
    return {
        content: `Open "${label}" from the review`,
        trigger: `${REVIEW_FORM} .o-form-buttonbox`,
        async run(helpers) {
            const button = `button.oe_stat_button:contains(${label})`;
            const shown = queryFirst(button, { root: this.anchor, visible: true });
            if (shown) {
                await helpers.click(shown);
                return;
            }
            await helpers.click(queryFirst(".o_button_more", { root: this.anchor }));
            await helpers.click(await waitFor(`.o_dropdown_more ${button}`, WAIT));
        },
    };
}

/** Back to the review through the breadcrumb (the one that leads back to a form). */
function backToReview() {
    return [
        {
            content: "Back to the review",
            trigger: ".o_breadcrumb .breadcrumb-item a[data-tooltip$=form]:contains(SAR-)",
            run: "click",
        },
        {
            content: "The review is shown again",
            trigger: `${REVIEW_FORM} .o_field_widget[name=name]:contains(SAR-)`,
        },
    ];
}

/** Pick ``name`` in the autocomplete of the many2one or many2many field ``field``. */
function pick(scope, field, name) {
    return [
        {
            content: `Look for ${name}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${name}`,
        },
        {
            content: `Choose ${name}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(${name})`,
            run: "click",
        },
    ];
}

function save(scope = ".o_form_view") {
    return [
        {
            content: "Save",
            trigger: `${scope} .o_form_button_save`,
            run: "click",
        },
        {
            content: "Saved",
            trigger: `${scope} .o_form_saved`,
        },
    ];
}

// 1. Manager: the referral, the decision, the team; on to Data collection ----------------
tours.add("safeguarding_method_manager_referral_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        {
            content: "The reviews board",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Referral)",
        },
        {
            content: "Record a new referral",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
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
        ...save(),
        {
            content: "The referral has its reference",
            trigger: `${REVIEW_FORM} .o_field_widget[name=name]:contains(SAR-)`,
        },
        // The decision
        {
            content: "Open the Decision tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=decision]",
            run: "click",
        },
        {
            content: "Decide to hold a review",
            trigger: ".o_form_view .o_field_widget[name=decision] select",
            run: 'select "review"',
        },
        {
            content: "Date the decision",
            trigger: ".o_form_view .o_field_widget[name=decision_date] input",
            run: `edit ${today()}`,
        },
        {
            content: "Give the reasons",
            trigger: ".o_form_view .o_field_widget[name=decision_reasons] textarea",
            run: "edit The four s44 criteria are met: agencies missed the fire risk together.",
        },
        // The team and agencies
        {
            content: "Open the Review team and agencies tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=team]",
            run: "click",
        },
        ...pick(".o_form_view", "lead_reviewer_ids", REVIEWER),
        {
            content: "The lead reviewer is set",
            trigger: `.o_form_view .o_field_widget[name=lead_reviewer_ids] .o_tag:contains(${REVIEWER})`,
        },
        ...pick(".o_form_view", "agency_ids", AGENCY),
        {
            content: "The agency is set",
            trigger: `.o_form_view .o_field_widget[name=agency_ids] .o_tag:contains(${AGENCY})`,
        },
        {
            content: "Write the questions the review should answer",
            trigger:
                ".o_form_view .o_field_html[name=review_questions] .odoo-editor-editable div.o-paragraph",
            run: "editor How did the agencies share what each knew of the fire risk?",
        },
        ...save(),
        ...moveToStage("Preparation"),
        {
            content: "Preparation has everything it needs",
            trigger: `${REVIEW_FORM}:not(:has(.alert-info:contains(it still needs)))`,
        },
        ...moveToStage("Data collection"),
    ],
});

// 2. Reviewer: data collection, analysis, findings; on to the board ------------------------
tours.add("safeguarding_method_reviewer_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        ...openReviewFromBoard("Data collection"),
        // Participants
        openSmartButton("Participants"),
        {
            content: "Add a participant",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        ...pick(".o_form_view", "partner_id", PRACTITIONER),
        {
            content: "Their part in the review",
            trigger: ".o_form_view .o_field_widget[name=part] select",
            run: 'select "practitioner"',
        },
        {
            content: "Their role as published",
            trigger: ".o_form_view .o_field_widget[name=published_role] input",
            run: `edit ${ROLE}`,
        },
        ...pick(".o_form_view", "agency_id", AGENCY),
        ...save(),
        {
            content: "The participant is published by role and agency",
            trigger: `.o_form_view .o_field_widget[name=published_as]:contains(${ROLE}):contains(${AGENCY})`,
        },
        ...backToReview(),
        // A conversation, held: the stage panel's link leads to the conversations
        {
            content: "The stage panel says a conversation is missing, and links to them",
            trigger: `${REVIEW_FORM} .o_sg_next_steps a:contains(at least one conversation held)`,
            run: "click",
        },
        {
            content: "Schedule a conversation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "A one-to-one conversation",
            trigger: ".o_form_view .o_field_widget[name=kind] select",
            run: 'select "one_to_one"',
        },
        {
            content: "When",
            trigger: ".o_form_view .o_field_widget[name=start] input",
            run: `edit ${formatDateTime(
                DateTime.local().minus({ days: 1 }).set({ hour: 10, minute: 0, second: 0 })
            )}`,
        },
        ...pick(".o_form_view", "participant_ids", ROLE),
        {
            content: "The participant is invited",
            trigger: `.o_form_view .o_field_widget[name=participant_ids] .o_tag:contains(${ROLE})`,
        },
        {
            content: "The conversation took place: mark it as held",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Mark as held)",
            run: "click",
        },
        {
            content: "The conversation is held",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Held)",
        },
        ...backToReview(),
        // The narrative of multi-agency perspectives
        openSmartButton("Narrative"),
        {
            content: "Add a narrative entry",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        ...pick(".o_form_view", "agency_id", AGENCY),
        {
            content: "When it happened",
            trigger: ".o_form_view .o_field_widget[name=date_from] input",
            run: `edit ${formatDate(DateTime.local().minus({ months: 3 }))}`,
        },
        {
            content: "What happened",
            trigger: ".o_form_view .o_field_widget[name=what_happened] textarea",
            run: `edit ${NARRATIVE}`,
        },
        {
            content: "How it looked to the agency then",
            trigger: ".o_form_view .o_field_widget[name=agency_view] textarea",
            run: "edit A tidy-up was planned; no one thought of the fire risk.",
        },
        ...save(),
        ...backToReview(),
        // Analysis
        ...moveToStage("Analysis"),
        openSmartButton("Episodes"),
        {
            content: "Add a key practice episode",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name the episode",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name] input",
            run: `edit ${EPISODE}`,
        },
        {
            content: "Appraise the practice",
            trigger: ".o_form_view .o_field_widget[name=appraisal] select",
            run: 'select "problematic"',
        },
        // Saved first: in a new episode, the factor's category list is empty (the episode's
        // review, read-only on the form, is not sent with the new factor line, so the
        // factor has no taxonomy to offer categories from).
        ...save(),
        {
            content: "Open the Contributory factors tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=factors]",
            run: "click",
        },
        ...addFactor(FACTOR_HINDERED, "hindered", "Frontline", "The role and task"),
        ...addFactor(FACTOR_SUPPORTED, "supported", "Local strategic", "Local strategic"),
        ...save(),
        {
            content: "The episode has its two factors",
            trigger: `.o_form_view .o_field_widget[name=factor_ids] .o_data_row:contains(${FACTOR_SUPPORTED})`,
        },
        ...backToReview(),
        openSmartButton("Findings"),
        {
            content: "Write a finding",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The statement about the system",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name] textarea",
            run: `edit ${FINDING}`,
        },
        {
            content: "Open the Evidence tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=evidence]",
            run: "click",
        },
        {
            content: "How it showed in this case",
            trigger:
                ".o_form_view .o_field_html[name=evidence_case] .odoo-editor-editable div.o-paragraph",
            run: "editor Each agency gave the advice to Adult M and none checked with another.",
        },
        {
            content: "How we know it is not a one-off, and how widespread it is",
            trigger:
                ".o_form_view .o_field_html[name=evidence_wider] .odoo-editor-editable div.o-paragraph",
            run: "editor The case group knew of four other residents advised the same way.",
        },
        {
            content: "Why it matters",
            trigger:
                ".o_form_view .o_field_html[name=evidence_why] .odoo-editor-editable div.o-paragraph",
            run: "editor Advice that only the resident holds is lost when the resident struggles.",
        },
        {
            content: "Open the Questions for the board tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=questions]",
            run: "click",
        },
        {
            content: "Add a question for the board",
            trigger:
                ".o_form_view .o_field_widget[name=question_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The question",
            trigger:
                ".o_form_view .o_field_widget[name=question_ids] .o_selected_row .o_field_widget[name=name] textarea",
            run: `edit ${QUESTION}`,
        },
        ...save(),
        {
            content: "The review team agrees the finding",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Agree)",
            run: "click",
        },
        {
            content: "The finding is agreed",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Agreed)",
        },
        ...backToReview(),
        ...moveToStage("Findings"),
        {
            content: "The findings are ready for the board",
            trigger: `${REVIEW_FORM}:not(:has(.alert-info:contains(it still needs)))`,
        },
        ...moveToStage("Board response"),
    ],
});

/** Add a contributory factor in the episode's editable list of factors; ``level`` is the
 * label the category's level shows. */
function addFactor(description, influence, level, category) {
    const row = ".o_form_view .o_field_widget[name=factor_ids] .o_selected_row";
    return [
        {
            content: "Add a contributory factor",
            trigger: ".o_form_view .o_field_widget[name=factor_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe the factor",
            trigger: `${row} .o_field_widget[name=description] textarea`,
            run: `edit ${description}`,
        },
        {
            content: "Did it support good practice or make it harder?",
            trigger: `${row} .o_field_widget[name=influence] select`,
            run: `select "${influence}"`,
        },
        ...pick(row, "category_id", category),
        {
            content: "The category is set",
            trigger: `${row} .o_field_widget[name=category_id] input:value(${category})`,
        },
        {
            content: "The level follows the category, and cannot be set against it",
            trigger: `${row} td.o_readonly_modifier[name=level]:contains(${level})`,
        },
    ];
}

// 3. Board member: the finding at the board, and nothing of the team's data ---------------
tours.add("safeguarding_method_board_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        ...openReviewFromBoard("Board response"),
        {
            content: "The board member sees the findings, not the team's data",
            trigger: `${REVIEW_FORM} .o-form-buttonbox:has(button.oe_stat_button:contains(Findings)):not(:has(button.oe_stat_button:contains(Conversations held))):not(:has(.o_button_more))`,
        },
        {
            content: "No Analysis tab either",
            trigger: `${REVIEW_FORM} .o_notebook:has(a.nav-link[name=board]):not(:has(a.nav-link[name=analysis]))`,
        },
        {
            content: "Open the Findings and board response tab",
            trigger: `${REVIEW_FORM} .o_notebook a.nav-link[name=board]`,
            run: "click",
        },
        {
            content: "The finding is there",
            trigger: `${REVIEW_FORM} .o_field_widget[name=finding_ids] .o_data_row:contains(${FINDING})`,
        },
    ],
});

// 4. Manager: the board's response and the action plan -----------------------------------
tours.add("safeguarding_method_manager_response_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        ...openReviewFromBoard("Board response"),
        openSmartButton("Findings"),
        {
            content: "Open the finding",
            trigger: `.o_view_controller.o_list_view .o_data_row:contains(${FINDING}) .o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "Open the Board response tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=board_response]",
            run: "click",
        },
        {
            content: "The board accepts the finding",
            trigger: ".o_form_view .o_notebook .o_field_widget[name=board_decision] select",
            run: 'select "accepted"',
        },
        {
            content: "Date the response",
            trigger: ".o_form_view .o_field_widget[name=board_response_date] input",
            run: `edit ${today()}`,
        },
        {
            content: "The board's response",
            trigger: ".o_form_view .o_field_widget[name=board_response] textarea",
            run: `edit ${BOARD_RESPONSE}`,
        },
        {
            content: "Add an action",
            trigger: ".o_form_view .o_field_widget[name=action_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What will be done",
            trigger: ".modal .o_form_view .o_field_widget[name=name] textarea",
            run: `edit ${ACTION}`,
        },
        ...pick(".modal .o_form_view", "agency_id", AGENCY),
        ...pick(".modal .o_form_view", "owner_id", ACTION_OWNER),
        {
            content: "When it is due",
            trigger: ".modal .o_form_view .o_field_widget[name=due_date] input",
            run: `edit ${formatDate(DateTime.local().plus({ months: 3 }))}`,
        },
        {
            content: "Save the action",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The action is on the finding",
            trigger: `.o_form_view .o_field_widget[name=action_ids] .o_data_row:contains(${ACTION_OWNER})`,
        },
        ...save(),
        ...backToReview(),
        ...moveToStage("Action plan monitoring"),
    ],
});

// 5. Action owner: My actions, done with the evidence --------------------------------------
tours.add("safeguarding_method_owner_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Safeguarding Reviews",
            trigger: '.o_app[data-menu-xmlid="safeguarding_review.safeguarding_review_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Action plan menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Action plan)",
            run: "click",
        },
        {
            content: "My actions",
            trigger: ".o-dropdown--menu .dropdown-item:contains(My actions)",
            run: "click",
        },
        {
            content: "Open my action",
            trigger: `.o_view_controller.o_list_view .o_data_row:contains(${ACTION}) .o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "Open the Evidence of completion tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=evidence]",
            run: "click",
        },
        {
            content: "Say what was done",
            trigger:
                ".o_form_view .o_field_html[name=evidence] .odoo-editor-editable div.o-paragraph",
            run: `editor ${EVIDENCE}`,
        },
        {
            content: "Submit the evidence for acceptance",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Submit for acceptance)",
            run: "click",
        },
        {
            content: "The evidence is submitted: the action is not done until it is accepted",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Evidence submitted)",
        },
    ],
});

// 6. Manager: closes the review and prints the findings report -----------------------------
tours.add("safeguarding_method_manager_close_tour", {
    url: "/odoo/safeguarding-reviews",
    steps: () => [
        ...openReviewFromBoard("Action plan monitoring"),
        openSmartButton("Actions"),
        {
            content: "Open the action whose evidence was submitted",
            trigger: `.o_view_controller.o_list_view .o_data_row:contains(${ACTION}) .o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "Accept the evidence",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Accept the evidence)",
            run: "click",
        },
        {
            content: "The action is done",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
        ...backToReview(),
        ...moveToStage("Closed"),
        {
            content: "The review has its closing date",
            trigger: `${REVIEW_FORM} .o_field_widget[name=closed_date]`,
        },
        {
            content: "Print the findings report",
            trigger: `${REVIEW_FORM} .o_statusbar_buttons button:contains(Print findings report)`,
            async run(helpers) {
                // The report downloads as a file: note its name once the download is done.
                const realDownload = download._download;
                download._download = async (options) => {
                    download._download = realDownload;
                    const filename = await realDownload(options);
                    document.body.dataset.sgDownloaded = filename;
                    return filename;
                };
                await helpers.click();
            },
        },
        {
            content: "The findings report was downloaded",
            trigger: `body[data-sg-downloaded^="Findings report"]`,
        },
    ],
});
