/** @odoo-module */
/**
 * The dashboard and the chronology, in the browser (tests/test_dashboard_tour.py makes the
 * data: an overdue action, and a review whose narrative has entries of three agencies).
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

tours.add("safeguarding_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Safeguarding Reviews",
            trigger: '.o_app[data-menu-xmlid="safeguarding_review.safeguarding_review_menu_root"]',
            run: "click",
        },
        {
            content: "The app opens on what needs doing",
            trigger: ".o_form_view.o_sg_dashboard h1:contains(What needs doing)",
        },
        {
            content: "Open the overdue actions",
            trigger: ".o_sg_dashboard button[name=action_open_red]:contains(Red: overdue)",
            run: "click",
        },
        {
            content: "The overdue action is listed, and only it",
            trigger:
                ".o_view_controller.o_list_view .o_data_row:contains(Dashboard tour: overdue action)",
        },
        {
            content: "Not the action on track",
            trigger:
                ".o_view_controller.o_list_view:not(:has(.o_data_row:contains(Dashboard tour: on track)))",
        },
    ],
});

tours.add("safeguarding_chronology_tour", {
    steps: () => [
        {
            content: "Open the chronology of the review",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Chronology)",
            run: "click",
        },
        {
            content: "The agencies side by side, the one without an entry too",
            trigger:
                ":iframe .o_sg_chronology thead:has(th:contains(Tour Health Trust)):has(th:contains(Tour Police)):has(th:contains(Tour Housing)):has(th:contains(Tour Silent Agency))",
        },
        {
            content: "One row per date, the same day's entries side by side",
            trigger:
                ":iframe .o_sg_chronology tbody tr:has(td:contains(Health on the 5th)):has(td:contains(Police on the 5th))",
        },
    ],
});
