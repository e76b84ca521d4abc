/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";

/**
 * Where an emulation user starts: what they must do now (their activities
 * by kind, each opening exactly those records), the deadlines coming, and
 * for TCCB the units late with their plan.
 */
export class KttvHome extends Component {
    static template = "kttv_emulation.Home";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("res.users", "get_kttv_home_data", []);
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    openTask(task) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: `${task.type}: ${task.model_label}`,
            res_model: task.model,
            domain: [["id", "in", task.ids]],
            views:
                task.ids.length === 1
                    ? [[false, "form"]]
                    : [
                          [false, "list"],
                          [false, "form"],
                      ],
            res_id: task.ids.length === 1 ? task.ids[0] : undefined,
        });
    }

    openMilestone(milestone) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "kttv.exemplar.milestone",
            res_id: milestone.id,
            views: [[false, "form"]],
        });
    }

    openDashboard() {
        return this.action.doAction("kttv_emulation.kttv_dashboard_action");
    }

    async remindLateUnits() {
        const phaseId = this.state.data.late_units.phase_id;
        const action = await this.orm.call("kttv.exemplar.phase", "action_remind_late_units", [[phaseId]]);
        await this.action.doAction(action);
        return this.load();
    }

    taskLine(task) {
        return _t("%(model)s · due %(date)s", { model: task.model_label, date: this.date(task.deadline) });
    }

    overdueBadge(task) {
        return _t("%(count)s overdue", { count: task.overdue });
    }

    streakText(record) {
        return _t("%(title)s: %(count)s years running, up to %(year)s.", {
            title: record.title,
            count: record.title_streak,
            year: record.streak_year,
        });
    }

    ratingText(record) {
        return _t("Rated excellent %(count)s years running.", { count: record.rating_streak });
    }

    async printMyRecord() {
        const action = await this.orm.call("res.users", "action_kttv_print_my_record", []);
        return this.action.doAction(action);
    }

    openMyAchievements() {
        return this.action.doAction("kttv_emulation.kttv_achievement_action_my");
    }

    lateHeading(late) {
        return _t("Unit plans: %(phase)s", { phase: late.phase });
    }

    lateText(late) {
        return _t("%(overdue)s units overdue, %(missing)s without a plan.", {
            overdue: late.overdue,
            missing: late.missing,
        });
    }
}

registry.category("actions").add("kttv_emulation.home", KttvHome);
