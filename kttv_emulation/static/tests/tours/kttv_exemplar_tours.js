/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * What the screen shows, written to the browser's log: the test reads it back
 * and fails on any word of the addon's English source strings (a label left
 * untranslated, a term missing in vi.po).
 */
function screenIsVietnamese(where) {
    return {
        content: `Everything on the screen is Vietnamese: ${where}`,
        trigger: "body",
        run() {
            console.log(`kttv-screen: ${where} | ${document.body.innerText.replace(/\s+/g, " ")}`);
        },
    };
}

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
        screenIsVietnamese("the unit officer's home screen"),
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
        screenIsVietnamese("the registrations' kanban"),
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
        screenIsVietnamese("a saved registration"),
        {
            content: "Submit to TCCB",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        screenIsVietnamese("a submitted registration"),
    ],
});

registry.category("web_tour.tours").add("kttv_officer_accepts_tour", {
    steps: () => [
        {
            content: "The registration waits for TCCB",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        screenIsVietnamese("a registration waiting for TCCB"),
        {
            content: "Accept it for nurturing",
            trigger: "button[name=action_accept]",
            run: "click",
        },
        {
            content: "Being nurtured",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=nurturing]",
        },
        screenIsVietnamese("a registration being nurtured"),
    ],
});

registry.category("web_tour.tours").add("kttv_council_votes_tour", {
    steps: () => [
        {
            content: "The session is voting",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=voting]",
        },
        screenIsVietnamese("a session in its vote"),
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
        screenIsVietnamese("the ballot"),
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
        screenIsVietnamese("the session once voted"),
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
        screenIsVietnamese("the ballot on a phone"),
        {
            content: "Cast the votes",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Nothing is left to vote on",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_ballot])) .o_form_sheet",
        },
        screenIsVietnamese("the session once voted"),
    ],
});

registry.category("web_tour.tours").add("kttv_director_signs_tour", {
    steps: () => [
        {
            content: "The decision waits for the signature",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=to_sign]",
        },
        {
            content: "Before signing, the rewards signing will pay: the total",
            trigger: ".o_field_widget[name=total_reward]:contains('2.340.000')",
        },
        {
            content: "... and what each exemplar is paid",
            trigger: ".o_notebook_headers a[name=rewards_due]",
            run: "click",
        },
        {
            content: "One row per exemplar, with its amount",
            trigger: ".o_field_widget[name=reward_preview] td:contains('2.340.000')",
        },
        screenIsVietnamese("a decision waiting for the signature"),
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
        screenIsVietnamese("a signed decision"),
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
        screenIsVietnamese("the home screen's tasks"),
        {
            content: "Open it",
            trigger: ".o_kttv_home_task:contains('Bổ sung minh chứng (kiểm thử)')",
            run: "click",
        },
        {
            content: "Exactly the record behind the task",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('ĐK')",
        },
        screenIsVietnamese("the task's record"),
    ],
});


registry.category("web_tour.tours").add("kttv_menu_fits_tour", {
    url: "/odoo/action-kttv_emulation.kttv_home_action",
    steps: () => [
        {
            content: "The home screen and the app's menu are drawn",
            trigger: ".o_kttv_home .o_kttv_home_tasks",
        },
        screenIsVietnamese("the home screen"),
        {
            content: "Every menu of the role sits in the bar: none hides behind '+'",
            trigger: ".o_main_navbar .o_menu_sections:not(:has(.o_menu_sections_more)) .o_nav_entry, .o_main_navbar .o_menu_sections:not(:has(.o_menu_sections_more)) button",
        },
    ],
});

registry.category("web_tour.tours").add("kttv_officer_closes_with_a_member_missing_tour", {
    steps: () => [
        {
            content: "The session is voting",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=voting]",
        },
        {
            content: "Before closing: who has not voted, and that their silence counts against",
            trigger: ".alert-warning .o_field_widget[name=missing_vote_warning]:contains('Lê Thị Bích Ngọc')",
        },
        screenIsVietnamese("the session with a member missing"),
        {
            content: "Close the vote",
            trigger: ".o_statusbar_buttons button[name=action_close_vote]",
            run: "click",
        },
        {
            content: "The confirmation says what closing does",
            trigger: ".modal-body:contains('chưa bỏ phiếu')",
        },
        screenIsVietnamese("the confirmation of the close"),
        {
            content: "Close it all the same",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=closed]",
        },
        screenIsVietnamese("the closed session"),
    ],
});

/**
 * The registrations' list as TCCB reads it: no code, state or criteria result
 * is cut short (an ellipsis), at the width the test sets.
 */
registry.category("web_tour.tours").add("kttv_lists_fit_tour", {
    steps: () => [
        {
            content: "The list of registrations, with its rows",
            trigger: ".o_list_renderer .o_data_row td[name=state] .badge",
        },
        {
            content: "Nothing that identifies a dossier or tells its state is cut",
            trigger: ".o_list_renderer .o_data_row",
            run() {
                const names = ["name", "state", "criteria_failed_count"];
                const cut = [];
                for (const row of document.querySelectorAll(".o_list_renderer .o_data_row")) {
                    for (const name of names) {
                        const cell = row.querySelector(`td[name=${name}]`);
                        if (!cell) {
                            cut.push(`${name}: no column`);
                            continue;
                        }
                        for (const element of [cell, ...cell.querySelectorAll(".badge, span")]) {
                            if (element.scrollWidth > element.clientWidth + 1) {
                                cut.push(`${name}: ${cell.innerText.trim()}`);
                                break;
                            }
                        }
                    }
                }
                if (cut.length) {
                    console.error(`Cut at ${window.innerWidth} px: ${[...new Set(cut)].join("; ")}`);
                }
            },
        },
        screenIsVietnamese("the registrations' list"),
    ],
});
