from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import decisions as decision_rules
from ..lib import rewards, statistics_forms, vn_format
from ..models.kttv_numbered_mixin import IDENTITY_FIELDS


class KttvDocumentTools:
    """What the templates need to write a Vietnamese administrative document."""

    def __init__(self, company, env=None):
        self.company = company
        self.env = env

    def place_date(self, value, place=None):
        if place is None:
            place = self.identity(value)["place"] if self.env is not None else ""
        return vn_format.place_date(place or self.company.kttv_place or "", value)

    def identity(self, on_date=None, document=None):
        """The organisation's identity a document prints: the one it keeps, or the one in force on the date."""
        if document is not None:
            return document._kttv_identity_values()
        on_date = on_date or fields.Date.context_today(self.env["res.users"])
        Identity = self.env["kttv.organisation.identity"]
        identity = Identity._for_dates([on_date])[on_date]
        if not identity:
            # A document dated before the first identity recorded: the earliest one known.
            identity = Identity.sudo().search([("company_id", "=", self.company.id)], order="date_from", limit=1)
        if not identity:
            identity = Identity._for_date(on_date)  # its clear error
        return {name: str(identity[name] or "") for name in IDENTITY_FIELDS}

    def money(self, amount):
        return vn_format.money(amount)

    def number(self, number, symbol=""):
        return vn_format.number_symbol(number, symbol)

    @staticmethod
    def has_number(number):
        return vn_format.has_number(number)

    @staticmethod
    def cite(number, date, symbol=""):
        """``số 125/QĐ-KTTV ngày 15 tháng 01 năm 2027``, blanks for what is still to be written in."""
        return vn_format.citation(number, date, symbol)

    def subjects(self, collectives, individuals):
        """``2 tập thể và 3 cá nhân``, without the parts that count nothing."""
        env = self.env
        return vn_format.counted(
            [
                (collectives, env._("collectives") if collectives != 1 else env._("collective")),
                (individuals, env._("individuals") if individuals != 1 else env._("individual")),
            ],
            env._("and"),
        )

    @staticmethod
    def roman(index):
        return vn_format.roman(index)

    def unit_heading(self, unit, on_date=None):
        """(the body above, the unit) a unit's own document is headed with: one name each, never the agency twice.

        A unit right under the root department is under the agency itself,
        named as the identity in force names it (the root department may
        still carry a former name).
        """
        identity = self.identity(on_date)
        unit = unit.sudo()
        if not unit:
            return identity["parent_authority"], identity["agency_name"]
        if not unit.parent_id:
            return identity["parent_authority"], identity["agency_name"]
        if not unit.parent_id.parent_id:
            return identity["agency_name"], unit.name
        return unit.parent_id.name, unit.name

    def head(self, unit):
        """(title, name) of the unit's own head, who signs its documents: e.g. ``GIÁM ĐỐC``, their name."""
        manager = unit.sudo().manager_id
        return (
            self.upper(manager.job_title or self.env._("Head of the unit")),
            manager.name or "",
        )

    @staticmethod
    def upper(text):
        return (text or "").upper()


class KttvReportMixin(models.AbstractModel):
    """Values shared by every printed document of the addon."""

    _name = "kttv.report.mixin"
    _description = "Emulation printed documents"
    _docs_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        company = self.env.company
        # Administrative documents are Vietnamese whoever prints them.
        lang = "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else self.env.lang
        return {
            "doc_ids": docids,
            "doc_model": self._docs_model,
            "docs": self.env[self._docs_model].browse(docids),
            "company": company,
            "doc_lang": lang,
            "vn": KttvDocumentTools(company, self.env(context=dict(self.env.context, lang=lang))),
        }

    @api.model
    def _subject_row(self, record):
        """The columns of ``record``'s subject in every list (a registration, nomination or line).

        One rule for all the forms, so that two annexes of one decision agree:
        an individual under its own department, a collective under its parent.
        """
        subject = record._subject()
        collective = subject._name == "hr.department"
        return {
            "name": subject.name or "",
            "collective": collective,
            "position": "" if collective else (subject.job_title or ""),
            "unit": (subject.parent_id.name if collective else subject.department_id.name) or "",
        }


class ReportUnitRegistrations(models.AbstractModel):
    _name = "report.kttv_emulation.report_unit_registrations"
    _inherit = "kttv.report.mixin"
    _description = "Unit registration list"
    _docs_model = "kttv.unit.plan"


class ReportDecision(models.AbstractModel):
    """The decision with its annex: what is printed, computed for all the decisions at once."""

    _name = "report.kttv_emulation.report_decision"
    _inherit = "kttv.report.mixin"
    _description = "Recognition decision"
    _docs_model = "kttv.emulation.decision"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        decisions = values["docs"].with_context(lang=values["doc_lang"])
        values.update(
            headings={decision.id: self._heading_names(decision) for decision in decisions},
            issuers={decision.id: self._issuer_heading(decision) for decision in decisions},
            signatures={decision.id: self._signature(decision) for decision in decisions},
            grounds={decision.id: decision._grounds() for decision in decisions},
            symbols={decision.id: self._number_symbol(decision) for decision in decisions},
            places={decision.id: decision._kttv_identity_values()["place"] for decision in decisions},
            annexes=self._annex_rows(decisions),
        )
        return values

    @api.model
    def _heading_names(self, decision):
        """(governing body, issuer) printed in the heading, as the decision's own identity names them."""
        identity = decision._kttv_identity_values()
        if decision.authority == "ministry":
            return "", identity["parent_authority"]
        return identity["parent_authority"], identity["agency_name"]

    @api.model
    def _number_symbol(self, decision):
        """The symbol after a number still to be written in by hand: ``QĐ-KTTV``, or the Ministry's."""
        identity = decision._kttv_identity_values()
        if decision.authority == "ministry":
            return f"{decision._kttv_number_symbol}-{identity['parent_symbol']}"
        return decision._kttv_symbol()

    @api.model
    def _issuer_heading(self, decision):
        """Who decides, as written above the grounds: e.g. CỤC TRƯỞNG CỤC KHÍ TƯỢNG THỦY VĂN."""
        identity = decision._kttv_identity_values()
        if decision.authority == "ministry":
            return (
                decision.signer_on_behalf
                or decision.signer_title
                or decision.env._("Minister of %(ministry)s", ministry=identity["parent_authority"])
            )
        return f"{identity['head_title']} {identity['agency_name']}".strip()

    @api.model
    def _signature(self, decision):
        """(lines above the signature, name below it) as printed.

        Once signed, who actually signed; before, the head, for whom the
        Administration's decisions are prepared.
        """
        if decision.authority == "administration" and not decision.signer_id:
            company = self.env.company.sudo()
            director = company.kttv_director_id
            return (
                decision_rules.signature_lines(decision._kttv_identity_values()["head_title"]),
                director.employee_id.name or director.name or "",
            )
        return (
            decision_rules.signature_lines(decision.signer_title, decision.signer_on_behalf),
            decision.signer_name or "",
        )

    @api.model
    def _annex_rows(self, decisions):
        """``{decision id: rows}``: collectives first, then individuals; the reward paid, or due once signed.

        A constant number of queries whatever the number of exemplars (the
        records are read in batch, the base salary once for every date).
        """
        decisions_sudo = decisions.sudo()
        paid = {
            (line.decision_id.id, line.registration_id.id): line.amount
            for line in decisions_sudo.fund_line_ids
            if not line.cancelled
        }
        unsigned = decisions.filtered(lambda decision: decision.state != "signed")
        dated = {
            decision.date
            for decision in unsigned
            if any(decision._title_for(registration) for registration in decision.registration_ids)
        }
        base = self.env["kttv.base.salary"].sudo()._amounts_on(dated)
        annexes = {}
        for decision in decisions:
            rows = []
            registrations = decision.registration_ids.sorted(
                lambda r: (r.target != "collective", r.registering_unit_id.name or "")
            )
            for registration in registrations:
                title = decision._title_for(registration)
                if decision.state == "signed":
                    amount = paid.get((decision.id, registration.id), 0)
                elif title:
                    amount = rewards.reward_amount(title._coefficient_for(registration.target), base[decision.date])
                else:
                    amount = 0
                rows.append({**self._subject_row(registration), "title": title.name or "", "amount": amount})
            annexes[decision.id] = rows
        return annexes


class ReportCertificate(models.AbstractModel):
    _name = "report.kttv_emulation.report_certificate"
    _inherit = "kttv.report.mixin"
    _description = "Exemplar certificate"
    _docs_model = "kttv.exemplar.registration"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        registrations = values["docs"].with_context(lang=values["doc_lang"])
        decisions = {registration.id: registration.recognition_decision_id for registration in registrations}
        not_recognised = registrations.filtered(lambda r: not decisions[r.id])
        if not_recognised:
            raise UserError(
                _(
                    "Only a recognised exemplar gets a certificate: %(names)s.",
                    names=", ".join(not_recognised.mapped("display_name")),
                )
            )
        decision_report = self.env["report.kttv_emulation.report_decision"]
        values.update(
            decisions=decisions,
            issuers={rid: decision_report._issuer_heading(decision) for rid, decision in decisions.items()},
            signatures={rid: decision_report._signature(decision) for rid, decision in decisions.items()},
            symbols={rid: decision_report._number_symbol(decision) for rid, decision in decisions.items()},
        )
        return values


class ReportMinistryProposal(models.AbstractModel):
    _name = "report.kttv_emulation.report_ministry_proposal"
    _inherit = "kttv.report.mixin"
    _description = "Proposal to the Ministry"
    _docs_model = "kttv.ministry.proposal"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        registrations = values["docs"].registration_ids
        values["recognised_by"] = {
            registration.id: registration.recognition_decision_id.number or "" for registration in registrations
        }
        return values


class ReportEmployeeHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_employee_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of an employee"
    _docs_model = "hr.employee"


class ReportEmployeePublicHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_employee_public_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of an employee (public profile)"
    _docs_model = "hr.employee.public"


class ReportMyHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_my_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of the user's own employee"
    _docs_model = "hr.employee"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Only the user's own record, read as the system: an employee reads no officer's field of anyone else's."""
        own = self.env.user.employee_ids
        if not docids or set(docids) - set(own.ids):
            raise AccessError(self.env._("You may print your own record of achievements only."))
        values = super()._get_report_values(docids, data=data)
        values["docs"] = values["docs"].sudo()
        return values


class ReportDepartmentHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_department_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of a department"
    _docs_model = "hr.department"


class ReportPlanReview(models.AbstractModel):
    _name = "report.kttv_emulation.report_plan_review"
    _inherit = "kttv.report.mixin"
    _description = "Phase review report"
    _docs_model = "kttv.plan.review"


class ReportStatisticsForms(models.AbstractModel):
    _name = "report.kttv_emulation.report_statistics_forms"
    _inherit = "kttv.report.mixin"
    _description = "Statistics forms on emulation and commendation"
    _docs_model = "kttv.statistics.form.wizard"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        wizards = values["docs"]
        vn = values["vn"]
        values.update(
            forms={wizard.id: wizard._forms() for wizard in wizards},
            units_of={wizard.id: wizard._units() for wizard in wizards},
            heads={wizard.id: self._head(wizard, vn) for wizard in wizards},
            column_numbers=statistics_forms.column_numbers,
            circular=statistics_forms.CIRCULAR,
            received_on=statistics_forms.RECEIVED_ON,
            preparer=self.env.user.name,
        )
        return values

    @api.model
    def _head(self, wizard, vn):
        """Who signs the forms: the reporting unit's own head, or the head of the Administration."""
        if wizard.department_id and wizard.department_id.parent_id:
            return vn.head(wizard.department_id)
        identity = vn.identity(fields.Date.to_date(f"{wizard.year}-12-31"))
        director = self.env.company.sudo().kttv_director_id
        return vn.upper(identity["head_title"]), director.employee_id.name or director.name or ""
