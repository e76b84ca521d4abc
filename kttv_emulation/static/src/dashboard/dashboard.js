/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatMonetary } from "@web/views/fields/formatters";
import { useService } from "@web/core/utils/hooks";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";

/**
 * Progress of a phase for TCCB and the Director General: milestones, units
 * late or without a plan, exemplars by unit, use of each level's fund. Every
 * number opens the records behind it.
 */
export class KttvDashboard extends Component {
    static template = "kttv_emulation.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load(false));
    }

    async load(phaseId) {
        this.state.data = await this.orm.call("kttv.exemplar.phase", "get_dashboard_data", [], {
            phase_id: phaseId,
        });
    }

    onPhaseChange(ev) {
        return this.load(parseInt(ev.target.value));
    }

    get phaseId() {
        return this.state.data.phase.id;
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    money(value) {
        return formatMonetary(value || 0, { digits: [16, 0] });
    }

    percent(part, whole) {
        return whole ? Math.max(0, Math.min(100, Math.round((100 * part) / whole))) : 0;
    }

    maxOf(rows, key) {
        return Math.max(0, ...rows.map((row) => row[key] || 0));
    }

    stateColour(key) {
        if (["recognized", "ministry_recognized", "ministry_proposed"].includes(key)) {
            return "bg-success";
        }
        if (["refused", "cancelled"].includes(key)) {
            return "bg-secondary";
        }
        return key === "council" ? "bg-warning" : "bg-info";
    }

    openChart() {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Registrations by unit and status"),
            res_model: "kttv.exemplar.registration",
            domain: [["phase_id", "=", this.phaseId]],
            views: [
                [false, "graph"],
                [false, "pivot"],
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    open(resModel, domain, name, context = {}) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: resModel,
            domain,
            context,
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    openRegistrations(extraDomain = [], name = _t("Registrations")) {
        return this.open("kttv.exemplar.registration", [["phase_id", "=", this.phaseId], ...extraDomain], name);
    }

    openState(state) {
        return this.openRegistrations([["state", "=", state.key]], state.label);
    }

    openUnit(unit) {
        return this.openRegistrations([["registering_unit_id", "=", unit.id]], unit.name);
    }

    openLateUnit(row) {
        if (row.id) {
            return this.action.doAction({
                type: "ir.actions.act_window",
                res_model: "kttv.unit.plan",
                res_id: row.id,
                views: [[false, "form"]],
            });
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "hr.department",
            res_id: row.unit_id,
            views: [[false, "form"]],
        });
    }

    async remindLateUnits() {
        const action = await this.orm.call("kttv.exemplar.phase", "action_remind_late_units", [[this.phaseId]]);
        await this.action.doAction(action);
        return this.load(this.phaseId);
    }

    openUnitPlans(status) {
        const domain = [["phase_id", "=", this.phaseId]];
        if (status) {
            domain.push(["submission_status", "=", status]);
        }
        return this.open("kttv.unit.plan", domain, _t("Unit plans"));
    }

    openMilestones() {
        return this.open("kttv.exemplar.milestone", [["phase_id", "=", this.phaseId]], _t("Milestones"));
    }

    openFunds(level) {
        const phase = this.state.data.phase;
        const domain = [
            ["year", ">=", phase.year_start],
            ["year", "<=", phase.year_end],
        ];
        if (level) {
            domain.push(["level", "=", level]);
        }
        return this.open("kttv.reward.fund", domain, _t("Reward funds"));
    }
}

registry.category("actions").add("kttv_emulation.dashboard", KttvDashboard);
