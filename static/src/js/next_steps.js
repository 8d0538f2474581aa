/** @odoo-module */
/**
 * The review's stage panel leads to the next step:
 * - ``sg_next_steps`` (a field widget on stage_next_steps): each thing the stage still needs
 *   is a link to where it is done, a tab of the form or the records it opens;
 * - ``sg_open_page`` (a view widget): the form opens on the tab of the review's stage (or
 *   the tab a button asked for, in the context's ``sg_page``), once per record and stage.
 */
import { Component, onMounted, onPatched, useRef } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

function openPage(element, page) {
    // Only in a form on the screen: not one the action manager is leaving.
    const form = element && element.isConnected && element.closest(".o_form_view");
    const tab = form && form.querySelector(`.o_notebook .nav-link[name="${page}"]`);
    if (tab && !tab.classList.contains("active")) {
        tab.click();
    }
    return Boolean(tab);
}

export class NextStepsField extends Component {
    static template = "safeguarding_review.NextStepsField";
    static props = { ...standardFieldProps };

    setup() {
        this.root = useRef("root");
        this.action = useService("action");
    }

    get items() {
        return this.props.record.data[this.props.name] || [];
    }

    async open(item) {
        if (item.page) {
            openPage(this.root.el, item.page);
            return;
        }
        const record = this.props.record;
        if (await record.save()) {
            await this.action.doActionButton({
                type: "object",
                name: item.method,
                resModel: record.resModel,
                resId: record.resId,
                context: record.context,
            });
        }
    }
}

registry.category("fields").add("sg_next_steps", {
    component: NextStepsField,
    supportedTypes: ["json"],
});

export class OpenPage extends Component {
    static template = "safeguarding_review.OpenPage";
    static props = { ...standardWidgetProps, field: { type: String, optional: true } };

    setup() {
        this.root = useRef("root");
        this.opened = null;
        const open = () => {
            const record = this.props.record;
            const page =
                record.context.sg_page || (this.props.field && record.data[this.props.field]);
            const key = `${record.resId}:${page}`;
            if (page && this.opened !== key && openPage(this.root.el, page)) {
                this.opened = key;
            }
        };
        onMounted(open);
        onPatched(open);
    }
}

registry.category("view_widgets").add("sg_open_page", {
    component: OpenPage,
    extractProps: ({ attrs }) => ({ field: attrs.field }),
});
