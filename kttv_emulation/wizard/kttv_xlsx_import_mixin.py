import base64
import dataclasses
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import xlsx_io
from ..lib.xlsx_io import Column

OFFICER = "kttv_emulation.group_emulation_officer"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KttvXlsxImportIssue(models.TransientModel):
    """A problem found in an uploaded spreadsheet: where, and why."""

    _name = "kttv.xlsx.import.issue"
    _description = "Spreadsheet import problem"
    _order = "row, id"

    wizard_model = fields.Char(required=True)
    wizard_id = fields.Integer(required=True, index=True)
    row = fields.Integer()
    column = fields.Char()
    message = fields.Char(required=True)


class KttvXlsxImportMixin(models.AbstractModel):
    """Upload, check, then import: nothing is written unless every row is valid."""

    _name = "kttv.xlsx.import.mixin"
    _description = "Spreadsheet import"

    file = fields.Binary("Spreadsheet (.xlsx)")
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("errors", "Problems found"), ("done", "Imported")], default="upload", string="Status"
    )
    issue_ids = fields.One2many(
        "kttv.xlsx.import.issue", compute="_compute_issue_ids", string="Problems", readonly=True
    )
    issue_count = fields.Integer(compute="_compute_issue_ids")
    error_file = fields.Binary("File with the problems", readonly=True)
    error_filename = fields.Char()
    template_file = fields.Binary(readonly=True)
    template_filename = fields.Char()
    result = fields.Text(readonly=True)

    def _compute_issue_ids(self):
        issues = self.env["kttv.xlsx.import.issue"].search(
            [("wizard_model", "=", self._name), ("wizard_id", "in", self.ids)]
        )
        for wizard in self:
            wizard.issue_ids = issues.filtered(lambda issue, w=wizard: issue.wizard_id == w.id)
            wizard.issue_count = len(wizard.issue_ids)

    @api.onchange("file")
    def _onchange_file(self):
        # A new file has not been checked: the verdict on the previous one no longer holds.
        if self.state != "done":
            self.state = "upload"
            self.result = False

    def write(self, vals):
        if "file" in vals and "result" not in vals:
            vals = {**vals, "result": False}
            if "state" not in vals:
                self.filtered(lambda wizard: wizard.state == "errors").write({"state": "upload"})
        return super().write(vals)

    # What each import defines.

    def _columns(self):
        raise NotImplementedError

    def _template_name(self):
        raise NotImplementedError

    def _window_title(self):
        """The translated title of the wizard's window."""
        raise NotImplementedError

    def _template_example(self):
        raise NotImplementedError

    def _choice_lists(self):
        return {}

    def _resolve(self, rows):
        """Check the rows against the database: ``(plan, issues)``.

        Rows are matched to employees, units and titles here, so a repeated
        row is found on what it resolves to (a unit named by its code in one
        row and by its name in another is the same unit): see ``xlsx_io.repeated``.
        """
        raise NotImplementedError

    def _apply(self, plan):
        """Write the checked plan; return a sentence for the user."""
        raise NotImplementedError

    # The shared machinery.

    @api.model
    def _file_messages(self):
        return {
            "empty_file": _("The file is empty."),
            "too_large": _("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            "xls_format": _("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) and try again."),
            "not_xlsx": _("This is not an Excel workbook (.xlsx): download the template and fill it in."),
            "corrupt": _("The file is damaged and cannot be read: save it again from Excel."),
            "zip_bomb": _("The file unpacks to %(unpacked)s bytes: it is refused to protect the server."),
            "merged_cells": _("Cells are merged (%(ranges)s): unmerge them so that each row has its own values."),
            "no_header": _(
                "The first row of the first sheet is empty: it must hold the template's headers. Download the "
                "template and fill it in."
            ),
            "missing_columns": _(
                "Columns missing or renamed: %(missing)s (unknown columns: %(unknown)s). Use the template's headers."
            ),
            "no_rows": _("The file has its headers but no row to import."),
            "too_many_rows": _(
                "The sheet has more than %(limit)s rows (empty rows below the data count too): delete the empty "
                "rows or split it into several files."
            ),
        }

    @api.model
    def _cell_messages(self):
        return {
            "required": _("required, but empty"),
            "formula": _("contains a formula (%(value)s): paste values only"),
            "year_as_text": _("the year %(value)s is text: enter it as a number"),
            "not_a_year": _("%(value)s is not a year"),
            "year_out_of_range": _("the year %(value)s is outside 1945..next year"),
            "date_as_text": _("the date %(value)s is text: enter it as a date"),
            "not_a_date": _("%(value)s is not a date"),
            "not_a_number": _("%(value)s is not a whole number"),
            "unknown_choice": _("%(value)s is not one of the values of the list"),
            "date_in_text": _(
                "%(value)s is a date, but this column holds text (Excel may have turned what was typed into a "
                "date): format the column as Text and type it again"
            ),
            "duplicate_row": _("repeats row %(first)s"),
            "conflict": _(
                "row %(row)s gives %(value)s but row %(first)s gives %(other)s for %(subject)s in %(year)s: "
                "%(reason)s; keep the right one"
            ),
        }

    def _issue(self, row, column, message):
        return xlsx_io.Issue(row, column, "text", {"message": message})

    def _find_employee(self, number, code, refs):
        """The employee a row names by code: ``(employee, None)`` or ``(None, issue)``.

        ``refs`` holds what ``kttv.subject.resolver`` found for the file, and
        the column labels.
        """
        employee = refs["employees"].get(code) if code else None
        if not employee:
            return None, self._issue(
                number, refs["labels"]["employee"], _("no employee has the code %(code)s", code=code or "")
            )
        return employee, None

    def _find_department(self, number, name, refs):
        """The unit a row names by code or name: ``(unit, None)`` or ``(None, issue)``."""
        department = refs["departments"].get(name) if name else False
        if department is None:
            return None, self._issue(
                number, refs["labels"]["department"], _("%(name)s names several units: use its code", name=name)
            )
        if not department:
            return None, self._issue(
                number, refs["labels"]["department"], _("no unit has the code or name %(name)s", name=name or "")
            )
        return department, None

    def _row_subject(self, number, values, refs):
        """The row's employee or collective (exactly one of them): ``(subject, None)`` or ``(None, issue)``."""
        labels = refs["labels"]
        if bool(values["employee"]) == bool(values["department"]):
            return None, self._issue(
                number, f"{labels['employee']}, {labels['department']}", self._either_subject_message()
            )
        if values["employee"]:
            return self._find_row_employee(number, values["employee"], refs)
        return self._find_department(number, values["department"], refs)

    def _find_row_employee(self, number, key, refs):
        """The row's employee: by Employee code here; by code or name in the imports of the year."""
        return self._find_employee(number, key, refs)

    def _either_subject_message(self):
        return _("fill in either the employee code or the collective, not both")

    @staticmethod
    def _subject_unit(subject):
        return subject.department_id if subject._name == "hr.employee" else subject

    def _subject_column(self, values, refs):
        return refs["labels"]["employee" if values["employee"] else "department"]

    def _outside_my_units(self, number, values, subject, refs):
        """The issue of a row whose subject is not in the user's units (``refs["my_units"]``), else None."""
        if refs["my_units"] is not None and self._subject_unit(subject) not in refs["my_units"]:
            return self._issue(
                number, self._subject_column(values, refs), _("%(subject)s is not in your units", subject=subject.name)
            )
        return None

    def _labels(self):
        """``{column key: header}`` in the user's language: the columns named in messages."""
        return {column.key: column.labels[0] for column in self._columns()}

    def _employee_code_column(self):
        """The column of an employee named by Employee code (``_find_employee``)."""
        return Column(
            "employee",
            (_("Employee code"), "Employee code"),
            kind="code",
            note=_("The Employee code (số hiệu cán bộ) shown on the employee form. Empty for a collective."),
        )

    def _collective_column(self, note):
        """The column of a collective named by code or name (``_find_department``); ``note`` says when."""
        return Column("department", (_("Collective (code or name)"), "Collective (code or name)"), note=note, width=32)

    # What the imports of ratings share: the annual ratings, the history's ratings.

    @api.depends_context("uid")
    def _compute_is_tccb(self):
        """Of the imports TCCB alone writes (their ``is_tccb`` field): a unit officer only checks a file."""
        self.is_tccb = self.env.user.has_group(OFFICER)

    def _check_tccb_imports(self, message):
        """Refuse the import to anyone but TCCB, with ``message``."""
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(message)

    @api.model
    def _rating_labels(self):
        """``{rating: its label}`` in the user's language, in the selection's order."""
        return dict(self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env))

    def _rating_column(self, required=False):
        return Column(
            "rating",
            (_("Rating"), "Rating"),
            kind="choice",
            required=required,
            choices=self._choice(("kttv.annual.rating", "rating")),
            width=30,
        )

    def _rating_conflict(self, firsts, number, values, subject, refs):
        """Two rows giving one subject two ratings for a year: the later one's issue, with both ratings named."""
        key = (subject._name, subject.id, values["year"])
        issue = xlsx_io.conflicting(firsts, key, number, refs["labels"]["rating"], values["rating"])
        if issue:
            names = refs["ratings"]
            issue.params.update(
                value=names.get(issue.params["value"], issue.params["value"]),
                other=names.get(issue.params["other"], issue.params["other"]),
                reason=_("a subject has one rating a year"),
                subject=subject.name,
                year=values["year"],
            )
        return issue

    @api.model
    def _subjects_domain(self, items):
        """The records of the subjects of ``items`` (``[(subject, values)]``) in the years they give."""
        employees = [subject.id for subject, _v in items if subject._name == "hr.employee"]
        departments = [subject.id for subject, _v in items if subject._name == "hr.department"]
        years = list({values["year"] for _s, values in items})
        return [("year", "in", years), "|", ("employee_id", "in", employees), ("department_id", "in", departments)]

    def _apply_ratings(self, items):
        """The ratings of ``items`` (``[(subject, values)]``): each item's outcome, created, updated or unchanged.

        A rating is created, or updated where it changed: the same file again
        changes nothing. Rows were checked to agree: a subject's rating of a
        year is written once, however many items repeat it; an item without a
        rating writes none. Ratings are read and written with the user's rights.
        """
        Rating = self.env["kttv.annual.rating"]
        existing = {
            (rating.employee_id.id, rating.department_id.id, rating.year): rating
            for rating in Rating.search_fetch(
                self._subjects_domain(items), ["employee_id", "department_id", "year", "rating"]
            )
        }
        create, outcomes = [], []
        planned = set()  # ratings already created or updated by an earlier item
        for subject, values in items:
            field = "employee_id" if subject._name == "hr.employee" else "department_id"
            key = (subject.id, False, values["year"]) if field == "employee_id" else (False, subject.id, values["year"])
            outcome = "unchanged"
            if values["rating"] and key not in planned:
                planned.add(key)
                rating = existing.get(key)
                if not rating:
                    create.append(
                        {field: subject.id, "year": values["year"], "rating": values["rating"], "note": values["note"]}
                    )
                    outcome = "created"
                elif rating.rating != values["rating"]:
                    rating.write({"rating": values["rating"]})
                    outcome = "updated"
            outcomes.append(outcome)
        Rating.create(create)
        return outcomes

    def _import_columns(self):
        """The columns, accepting the headers in Vietnamese and in English whatever the user's language.

        A unit may send a file filled in by someone working in another
        language: the template's headers in vi_VN and en_US are always valid;
        the user's own language comes first (it names the columns in messages).
        """
        by_lang = [self.with_context(lang=lang)._columns() for lang in self._header_langs()]
        columns = []
        for variants in zip(*by_lang, strict=True):
            labels = tuple(dict.fromkeys(label for column in variants for label in column.labels))
            columns.append(dataclasses.replace(variants[0], labels=labels))
        return tuple(columns)

    @api.model
    def _header_langs(self):
        """The user's language, then Vietnamese (if active) and English: the languages a file may be in."""
        langs = [self.env.lang or "en_US", "vi_VN", "en_US"]
        return [
            lang for lang in dict.fromkeys(langs) if lang == "en_US" or self.env["res.lang"]._get_data(code=lang).id
        ]

    def _template_text(self):
        return xlsx_io.TemplateText(
            instructions_sheet=_("Instructions"),
            intro=_(
                "Fill in the first sheet (%(sheet)s), one row per line from row 2, with the headers as they are. "
                "This sheet and its example are never imported.",
                sheet=self._template_name(),
            ),
            column=_("Column"),
            required=_("Required"),
            how=_("What to enter"),
            example=_("Example"),
            yes=_("Yes"),
            error_title=_("Value not allowed"),
            list_error=_("Choose a value from the drop-down list."),
            year_error=_("Enter the year as a number, e.g. 2024."),
            date_error=_("Enter a date, e.g. 15/01/2025."),
        )

    def _message(self, issue):
        if issue.code == "text":
            return issue.params["message"]
        return self._cell_messages()[issue.code] % {"value": "", "first": "", **issue.params}

    def _read(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the spreadsheet to import."))
        if self.filename and not self.filename.lower().endswith(".xlsx"):
            raise UserError(
                _(
                    "%(file)s is not an Excel workbook (.xlsx): download the template and fill it in.",
                    file=self.filename,
                )
            )
        content = base64.b64decode(self.file)
        params = self.env["ir.config_parameter"].sudo()
        max_rows = int(params.get_param("kttv_emulation.xlsx_max_rows", xlsx_io.MAX_ROWS))
        max_bytes = int(params.get_param("kttv_emulation.xlsx_max_bytes", xlsx_io.MAX_BYTES))
        try:
            rows, issues = xlsx_io.read_rows(
                content,
                self._import_columns(),
                max_rows=max_rows,
                max_bytes=max_bytes,
                today=fields.Date.context_today(self),
            )
        except xlsx_io.XlsxFileError as error:
            raise UserError(self._file_messages()[error.code] % error.params) from None
        return content, rows, issues

    def _store_issues(self, content, issues):
        Issue = self.env["kttv.xlsx.import.issue"]
        Issue.search([("wizard_model", "=", self._name), ("wizard_id", "=", self.id)]).unlink()
        Issue.create(
            [
                {
                    "wizard_model": self._name,
                    "wizard_id": self.id,
                    "row": issue.row,
                    "column": issue.column,
                    "message": self._message(issue),
                }
                for issue in issues
            ]
        )
        self.invalidate_recordset(["issue_ids", "issue_count"])
        by_row = defaultdict(list)
        for issue in issues:
            by_row[issue.row].append(
                f"{issue.column}: {self._message(issue)}" if issue.column else self._message(issue)
            )
        copy = xlsx_io.with_error_column(content, by_row, _("Problems"))
        name = (self.filename or "import.xlsx").rsplit(".", 1)[0]
        self.write(
            {
                "state": "errors",
                "error_file": base64.b64encode(copy),
                "error_filename": _("%(name)s - problems.xlsx", name=name),
                "result": _(
                    "%(count)s problems found: nothing was imported. Correct the file and try again.",
                    count=len(issues),
                ),
            }
        )

    def _check(self):
        """Every problem of the file in one pass: its cells, then what its valid rows refer to."""
        content, rows, issues = self._read()
        flawed = {issue.row for issue in issues}
        plan, more = self._resolve([(number, values) for number, values in rows if number not in flawed])
        issues += more
        if issues:
            self._store_issues(content, sorted(issues, key=lambda issue: (issue.row, issue.column)))
            return None
        return plan

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self._window_title(),
        }

    def action_check(self):
        self.ensure_one()
        plan = self._check()
        if plan is not None:
            self.write({"state": "upload", "result": _("The file is valid: it can be imported.")})
        return self._reopen()

    def action_import(self):
        """Import every row, or none."""
        self.ensure_one()
        plan = self._check()
        if plan is not None:
            self.write({"state": "done", "result": self._apply(plan)})
        return self._reopen()

    def action_download_template(self):
        self.ensure_one()
        content = xlsx_io.build_template(
            self._template_name(),
            self._columns(),
            self._template_example(),
            self._choice_lists(),
            self._template_text(),
        )
        self.write({"template_file": base64.b64encode(content), "template_filename": f"{self._template_name()}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/{self.template_filename}?download=true",
            "target": "self",
        }

    @api.model
    def _choice(self, field):
        """Column choices from a selection field: keys with their labels in every language."""
        model, name = field
        selection = self.env[model]._fields[name]
        labels = defaultdict(set)
        for lang in self._header_langs():
            env = self.env(context=dict(self.env.context, lang=lang))
            for key, label in selection._description_selection(env):
                labels[key].add(label)
        return tuple((key, tuple(sorted(values))) for key, values in labels.items())
