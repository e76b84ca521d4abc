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
            content: "The app opens on the unit officer's own home screen: what to do now",
            trigger: ".o_kttv_home .o_kttv_home_tasks",
        },
        {
            content: "Exemplars",
            trigger: ".o_menu_sections [data-menu-xmlid='kttv_emulation.kttv_exemplar_menu']",
            run: "click",
        },
        {
            content: "Registrations",
            trigger: ".dropdown-item[data-menu-xmlid='kttv_emulation.kttv_exemplar_registration_menu']",
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
            content: "The session is voting",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=voting]",
        },
        {
            content: "Open my ballot",
            trigger: ".o_statusbar_buttons button[name=action_open_ballot]",
            run: "click",
        },
        {
            content: "The dossier is on my ballot: choose in its row",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row .o_data_cell[name=vote]",
            run: "click",
        },
        {
            content: "Approve",
            trigger: ".modal .o_data_row .o_field_widget[name=vote] input[data-value=approve]",
            run: "click",
        },
        {
            content: "Comment",
            trigger: ".modal .o_data_row .o_field_widget[name=comment] textarea",
            run: "edit Mô hình thiết thực, có khả năng nhân rộng.",
        },
        {
            content: "Cast the votes",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The ballot is closed",
            trigger: "body:not(:has(.modal)) .o_form_view",
        },
        {
            content: "Nothing is left to vote on",
            trigger: ".o_form_view:not(:has(button[name=action_open_ballot])) .o_form_sheet",
        },
    ],
});

/**
 * The same ballot at a phone's width: the dossiers are cards, each opened to vote.
 */
registry.category("web_tour.tours").add("kttv_council_ballot_phone_tour", {
    steps: () => [
        {
            content: "My ballot waits on the session",
            trigger: ".o_form_sheet button[name=action_open_ballot]",
            run: "click",
        },
        {
            content: "Open the first dossier of the ballot",
            trigger: ".modal .o_field_widget[name=line_ids] .o_kanban_record:not(.o_kanban_ghost):first",
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
            run: "edit Đồng ý.",
        },
        {
            content: "Keep the choice",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Open the second dossier",
            trigger: ".modal .o_field_widget[name=line_ids] .o_kanban_record:not(.o_kanban_ghost):eq(1)",
            run: "click",
        },
        {
            content: "Reject",
            trigger: ".modal .o_field_widget[name=vote] input[data-value=reject]",
            run: "click",
        },
        {
            content: "Keep the choice",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Both chosen, each card shows its choice",
            trigger: ".modal .o_field_widget[name=line_ids] .o_kanban_record:not(.o_kanban_ghost):eq(1) .badge",
        },
        {
            content: "Cast the votes",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Nothing is left to vote on",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_ballot])) .o_form_sheet",
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

registry.category("web_tour.tours").add("kttv_unit_home_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Logged in, the unit officer lands on their home screen, not in Discuss",
            trigger: ".o_kttv_home .o_kttv_home_tasks",
        },
        {
            content: "Their oldest task comes first, marked overdue",
            trigger: ".o_kttv_home_task:first:contains('Bổ sung minh chứng (kiểm thử)') .badge.text-bg-danger",
        },
        {
            content: "Open it",
            trigger: ".o_kttv_home_task:contains('Bổ sung minh chứng (kiểm thử)')",
            run: "click",
        },
        {
            content: "Exactly the record behind the task",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('ĐK')",
        },
    ],
});


registry.category("web_tour.tours").add("kttv_menu_fits_tour", {
    url: "/odoo/action-kttv_emulation.kttv_home_action",
    steps: () => [
        {
            content: "The home screen and the app's menu are drawn",
            trigger: ".o_kttv_home .o_kttv_home_tasks",
        },
        {
            content: "Every menu of the role sits in the bar: none hides behind '+'",
            trigger: ".o_main_navbar .o_menu_sections:not(:has(.o_menu_sections_more)) .o_nav_entry, .o_main_navbar .o_menu_sections:not(:has(.o_menu_sections_more)) button",
        },
    ],
});
