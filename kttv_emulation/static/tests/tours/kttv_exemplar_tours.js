/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * The main path of the plan, as each role clicks through it. Every tour
 * waits for the server's answer (the status bar) before it ends.
 */
registry.category("web_tour.tours").add("kttv_unit_registers_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Emulation app",
            trigger: ".o_app[data-menu-xmlid='kttv_emulation.kttv_emulation_menu_root']",
            run: "click",
        },
        {
            content: "The registrations, by status",
            trigger: ".o_kanban_renderer .o_kanban_group",
        },
        {
            content: "Register a candidate",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the employee",
            trigger: ".o_field_widget[name=employee_id] input",
            run: "edit Lê Văn Tuần",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Lê Văn Tuần')",
            run: "click",
        },
        {
            content: "Describe the model",
            trigger: ".o_field_widget[name=model_summary] textarea",
            run: "edit Mô hình cảnh báo sớm mưa đá cho vùng núi phía Bắc.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the registration has its reference",
            trigger: ".o_field_widget[name=name]:contains('ĐK')",
        },
        {
            content: "Submit to TCCB",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ],
});

registry.category("web_tour.tours").add("kttv_officer_accepts_tour", {
    steps: () => [
        {
            content: "The registration waits for TCCB",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        {
            content: "Accept it for nurturing",
            trigger: "button[name=action_accept]",
            run: "click",
        },
        {
            content: "Being nurtured",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=nurturing]",
        },
    ],
});

registry.category("web_tour.tours").add("kttv_council_votes_tour", {
    steps: () => [
        {
            content: "The dossier is before the council",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=council]",
        },
        {
            content: "Open my ballot",
            trigger: "button[name=action_vote]",
            run: "click",
        },
        {
            content: "Approve",
            trigger: ".modal .o_field_widget[name=vote] input[data-value=approve]",
            run: "click",
        },
        {
            content: "Comment",
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: "edit Mô hình thiết thực, có khả năng nhân rộng.",
        },
        {
            content: "Cast the vote",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The ballot is closed",
            trigger: "body:not(:has(.modal)) .o_form_view",
        },
        {
            content: "Open the council tab",
            trigger: ".o_notebook_headers a[name=council]",
            run: "click",
        },
        {
            // The raw value, so that the step holds whatever the user's language.
            content: "My vote is recorded",
            trigger: ".o_field_widget[name=my_vote] span[raw-value=approve]",
        },
    ],
});

registry.category("web_tour.tours").add("kttv_director_signs_tour", {
    steps: () => [
        {
            content: "The decision waits for the signature",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=to_sign]",
        },
        {
            content: "Sign",
            trigger: "button[name=action_sign]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Signed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=signed]",
        },
    ],
});
