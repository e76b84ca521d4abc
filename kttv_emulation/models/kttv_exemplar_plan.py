import re

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# A year in a name ("2021-2025"), not one of a document number ("98/2023/NĐ-CP").
YEAR_IN_NAME = re.compile(r"(?<![/\d])(\d{4})(?![/\d])")


class KttvExemplarPlan(models.Model):
    """A plan to build and replicate exemplars (kế hoạch), e.g. 2021-2025."""

    _name = "kttv.exemplar.plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Exemplar plan"
    _order = "year_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    number = fields.Char(help="Number and symbol, e.g. 123/KH-TCKTTV.", tracking=True)
    date = fields.Date("Date signed", tracking=True)
    signer = fields.Char(help="Who signed the plan.")
    basis = fields.Text(help="Documents the plan is based on.")
    year_start = fields.Integer("From year", required=True, aggregator=None)
    year_end = fields.Integer("To year", required=True, aggregator=None)
    registration_deadline = fields.Date(
        help="Units send their plan and their list of registered exemplars to TCCB by this date.",
        tracking=True,
    )
    officer_id = fields.Many2one(
        "res.users",
        string="TCCB officer in charge",
        default=lambda self: self.env.user,
        domain=lambda self: [("groups_id", "in", self.env.ref("kttv_emulation.group_emulation_officer").ids)],
        help="Receives the activities addressed to the Personnel Department for this plan.",
        tracking=True,
    )
    purpose = fields.Html("Purpose and requirements", help="Section I of the plan.")
    organisation = fields.Html("Implementation", help="Section IV of the plan: who does what, funding.")
    document = fields.Binary("Signed plan", attachment=True)
    document_name = fields.Char("Signed plan file name")
    phase_ids = fields.One2many("kttv.exemplar.phase", "plan_id", string="Phases")
    milestone_ids = fields.One2many("kttv.exemplar.milestone", "plan_id", string="Milestones")
    criterion_ids = fields.Many2many(
        "kttv.exemplar.criterion",
        string="Criteria",
        default=lambda self: self.env["kttv.exemplar.criterion"].search([]),
        help="Criteria the registrations of this plan are assessed against.",
    )
    registration_count = fields.Integer(compute="_compute_registration_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("years_order", "check(year_start <= year_end)", "A plan ends after it starts."),
    ]

    @api.constrains("year_start", "year_end")
    def _check_years(self):
        for plan in self:
            if plan.year_start > plan.year_end:
                raise ValidationError(_("%(plan)s ends before it starts.", plan=plan.name))

    def _compute_registration_count(self):
        counts = dict(
            self.env["kttv.exemplar.registration"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"])
        )
        for plan in self:
            plan.registration_count = counts.get(plan, 0)

    def action_create_unit_plans(self):
        """From the plan itself: a draft plan for every unit for the phase in progress.

        Or, between phases, the next one to start; once the plan is over, its last phase.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        phases = self.phase_ids.sorted("date_start")
        phase = (
            phases.filtered(lambda p: p.date_start <= today <= p.date_end)[:1]
            or phases.filtered(lambda p: p.date_start > today)[:1]
            or phases[-1:]
        )
        if not phase:
            raise UserError(_("%(plan)s has no phase yet: add its phases first.", plan=self.name))
        return phase.action_create_unit_plans()

    def action_open_registrations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_registration_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"search_default_group_phase": 1}
        return action

    def action_copy_next_period(self):
        """TCCB starts the next plan: this one copied with its phases, milestones and criteria moved by its length.

        A plan of 2021-2025 gives one of 2026-2030, unsigned (no number, date
        nor document), for TCCB to edit.  Returns the new plan's form.
        """
        self.ensure_one()
        self.check_access("read")
        self.browse().check_access("create")
        shift = self.year_end - self.year_start + 1
        first, last = self.year_start - 1, self.year_end + 1

        def move(day):
            return day and day + relativedelta(years=shift)

        def rename(text):
            return text and YEAR_IN_NAME.sub(
                lambda match: str(int(match[1]) + shift) if first <= int(match[1]) <= last else match[1], text
            )

        phases = []
        for phase in self.phase_ids.sorted(lambda phase: (phase.sequence, phase.date_start, phase.id)):
            milestones = []
            for milestone in phase.milestone_ids:
                [values] = milestone.copy_data()
                values.pop("phase_id", None)
                values.update(
                    name=rename(milestone.name),
                    date_start=move(milestone.date_start),
                    date_deadline=move(milestone.date_deadline),
                )
                milestones.append(Command.create(values))
            [values] = phase.copy_data()
            values.pop("plan_id", None)
            values.update(
                name=rename(phase.name),
                date_start=move(phase.date_start),
                date_end=move(phase.date_end),
                registration_deadline=move(phase.registration_deadline),
                assessed_year_from=phase.assessed_year_from and phase.assessed_year_from + shift,
                assessed_year_to=phase.assessed_year_to and phase.assessed_year_to + shift,
                milestone_ids=milestones,
            )
            phases.append(Command.create(values))
        [values] = self.copy_data()
        values.update(
            name=rename(self.name),
            number=False,
            date=False,
            signer=False,
            document=False,
            document_name=False,
            year_start=self.year_start + shift,
            year_end=self.year_end + shift,
            registration_deadline=move(self.registration_deadline),
            criterion_ids=[Command.set(self.criterion_ids.ids)],
            phase_ids=phases,
            milestone_ids=[],
        )
        plan = self.create(values)
        plan.message_post(
            body=_("Copied from %(plan)s, its dates moved by %(years)s years.", plan=self.name, years=shift)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "name": plan.name,
        }
