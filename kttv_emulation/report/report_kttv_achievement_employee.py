from odoo import api, models
from odoo.exceptions import AccessError

UNIT = "kttv_emulation.group_emulation_unit"
OFFICER = "kttv_emulation.group_emulation_officer"


class ReportKttvAchievementEmployee(models.AbstractModel):
    """The achievement report (báo cáo thành tích) of an individual, pre-filled from the history.

    Decree 152/2025/NĐ-CP, appendix of the dossier forms: "Báo cáo thành
    tích đề nghị khen thưởng công trạng cho cá nhân" (and its collective
    counterpart, see the department's report), laid out as the form of the
    predecessor Decree 98/2023/NĐ-CP (I. brief biography, II. achievements,
    III. awards received), whose text could be read.  What the records hold
    is written in; what the person writes (their duties, their achievements
    in words) is left blank under the form's headings.

    Who may print it: the person, the officers of the unit they work in,
    TCCB.  The achievements and ratings printed are those the history's record
    rules let the user read (an officer, those of their units); the rest of
    the document (names, initiatives, the titles' labels) is read as the
    system, so that an employee's own report needs no officer's field.
    Disciplinary holds are printed for those who may read them (TCCB) only.
    """

    _name = "report.kttv_emulation.report_achievement_employee"
    _inherit = ["kttv.report.mixin", "kttv.dossier.form.mixin"]
    _kttv_form = ("decree", "", "")
    _description = "Achievement report of an individual"
    _docs_model = "hr.employee"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        items = self._kttv_items(values["docs"])
        self._kttv_check_readable([subject for subject, _title, _year in items])
        values["reports"] = self._kttv_reports(items, values["doc_lang"])
        values["form_reference"] = self.with_context(lang=values["doc_lang"])._kttv_form_reference()
        return values

    @api.model
    def _kttv_items(self, docs):
        """``[(subject, title proposed, last year counted)]`` of the documents printed: here the employees."""
        Title = self.env["kttv.emulation.title"]
        return [(doc, Title, None) for doc in self.env["hr.employee"].browse(docs.ids)]

    @api.model
    def _kttv_check_readable(self, subjects):
        """Refuse a subject whose history the user may not read, as the history's record rules decide."""
        if self.env.su:
            return
        user = self.env.user
        if user.has_group(OFFICER):
            return
        managed = user._kttv_managed_units() if user.has_group(UNIT) else self.env["hr.department"]
        own = user.sudo().employee_ids
        refused = []
        for subject in subjects:
            record = subject.sudo()
            if record._name == "hr.employee":
                if record in own or record.department_id in managed:
                    continue
            elif record in managed:
                continue
            refused.append(record.name)
        if refused:
            raise AccessError(
                self.env._(
                    "You may not print the achievement report of %(names)s: its history is not yours to read.",
                    names=", ".join(refused),
                )
            )

    @api.model
    def _kttv_reports(self, items, lang):
        """One dict per document: the subject and its history, read in a fixed number of queries."""
        env = self.env(context=dict(self.env.context, lang=lang))
        subjects = [subject.with_env(env(su=True)) for subject, _title, _year in items]
        employees = env["hr.employee"].sudo().browse([s.id for s in subjects if s._name == "hr.employee"])
        departments = env["hr.department"].sudo().browse([s.id for s in subjects if s._name == "hr.department"])
        domain = ["|", ("employee_id", "in", employees.ids), ("department_id", "in", departments.ids)]
        # Searched as the user: the record rules decide which of the history is printed.
        achievements = env["kttv.achievement"].search(domain, order="year, title_rank desc, id").sudo()
        ratings = env["kttv.annual.rating"].search(domain, order="year").sudo()
        rating_labels = dict(env["kttv.annual.rating"]._fields["rating"]._description_selection(env))
        authors = (
            env["kttv.initiative.author"]
            .sudo()
            .search([("employee_id", "in", employees.ids), ("initiative_id.state", "=", "recognized")])
        )
        unit_initiatives = (
            env["kttv.initiative"]
            .sudo()
            .search([("department_id", "in", departments.ids), ("state", "=", "recognized")], order="year, id")
        )
        Hold = env["kttv.subject.hold"]
        holds_readable = Hold.has_access("read")
        holds = Hold.search(domain) if holds_readable else Hold
        reports = []
        for (_subject, title, up_to), subject in zip(items, subjects, strict=True):
            collective = subject._name == "hr.department"
            field = "department_id" if collective else "employee_id"

            def mine(records, field=field, subject=subject, up_to=up_to):
                return records.filtered(
                    lambda record: (
                        record[field] == subject and (not up_to or not record["year"] or record["year"] <= up_to)
                    )
                )

            own = mine(achievements)
            if collective:
                initiatives = mine(unit_initiatives)
            else:
                initiatives = authors.filtered(
                    lambda a, subject=subject, up_to=up_to: (
                        a.employee_id == subject and (not up_to or a.initiative_id.year <= up_to)
                    )
                ).mapped("initiative_id")
            reports.append(
                {
                    "subject": subject,
                    "collective": collective,
                    "title": title.with_env(env) if title else title,
                    "year": up_to,
                    "titles": own.filtered(lambda a: a.kind == "title"),
                    "commendations": own.filtered(lambda a: a.kind == "commendation"),
                    "ratings": [(rating.year, rating_labels.get(rating.rating, "")) for rating in mine(ratings)],
                    "initiatives": initiatives.sorted(lambda i: (i.year, i.id)),
                    "holds": holds.filtered(lambda h, field=field, subject=subject: h[field] == subject),
                    "holds_readable": holds_readable,
                    "birth_year": (not collective and subject.birthday and subject.birthday.year) or "",
                    "gender": self._kttv_gender(subject) if not collective else "",
                    "unit": subject if collective else subject.department_id,
                }
            )
        return reports

    @api.model
    def _kttv_gender(self, employee):
        if not employee.gender:
            return ""
        return dict(employee._fields["gender"]._description_selection(employee.env)).get(employee.gender, "")
