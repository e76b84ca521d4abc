from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FIRST_YEAR = 1945


class KttvSubjectMixin(models.AbstractModel):
    """A record about one subject: an employee or a department, never both."""

    _name = "kttv.subject.mixin"
    _description = "Emulation subject (employee or department)"

    employee_id = fields.Many2one(
        "hr.employee",
        string="Employee",
        index=True,
        ondelete="restrict",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Collective (department or unit)",
        index=True,
        ondelete="restrict",
    )
    target = fields.Selection(
        [("individual", "Individual"), ("collective", "Collective")],
        compute="_compute_target",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Individual for an employee, collective for a department.",
    )
    unit_id = fields.Many2one(
        "hr.department",
        string="Unit",
        compute="_compute_unit_id",
        store=True,
        precompute=True,
        index=True,
        help="The unit whose officers manage this record: the department "
        "itself for a collective, the employee's department for an individual.",
    )

    subject_name = fields.Char(
        "Exemplar",
        compute="_compute_subject_name",
        search="_search_subject_name",
        help="The employee or the collective, in one column.",
    )
    is_my_unit = fields.Boolean(
        "In my units",
        compute="_compute_is_my_unit",
        search="_search_is_my_unit",
        help="The record belongs to one of the units you manage, or to their sub-departments.",
    )

    @api.depends("employee_id", "department_id")
    def _compute_target(self):
        for record in self:
            if record.employee_id:
                record.target = "individual"
            elif record.department_id:
                record.target = "collective"

    @api.depends("employee_id.department_id", "department_id")
    def _compute_unit_id(self):
        for record in self:
            record.unit_id = record.department_id or record.employee_id.department_id

    @api.depends("employee_id", "department_id")
    def _compute_subject_name(self):
        for record in self:
            subject = record.employee_id or record.department_id.with_context(hierarchical_naming=False)
            record.subject_name = subject.display_name if subject else False

    def _search_subject_name(self, operator, value):
        return ["|", ("employee_id", operator, value), ("department_id", operator, value)]

    @api.depends_context("uid")
    @api.depends("unit_id")
    def _compute_is_my_unit(self):
        mine = self.env["hr.department"].search([("id", "child_of", self.env.user.kttv_unit_ids.ids)])
        for record in self:
            record.is_my_unit = record.unit_id in mine

    def _search_is_my_unit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        positive = (operator == "=") == value
        domain = [("unit_id", "child_of", self.env.user.kttv_unit_ids.ids)]
        return domain if positive else ["!", *domain]

    @api.constrains("target", "employee_id", "department_id")
    def _check_target_matches_subject(self):
        for record in self:
            expected = "individual" if record.employee_id else "collective" if record.department_id else None
            if expected and record.target != expected:
                raise ValidationError(
                    _(
                        "%(subject)s is %(expected)s: the target cannot be %(target)s.",
                        subject=record._subject().display_name,
                        expected=dict(record._fields["target"]._description_selection(self.env))[expected],
                        target=dict(record._fields["target"]._description_selection(self.env)).get(record.target),
                    )
                )

    def _subject(self):
        self.ensure_one()
        return self.employee_id or self.department_id

    @api.model
    def _check_year_value(self, year):
        last = fields.Date.context_today(self).year + 1
        if not year or not FIRST_YEAR <= year <= last:
            raise ValidationError(
                _(
                    "The year %(year)s is outside %(first)s..%(last)s.",
                    year=year,
                    first=FIRST_YEAR,
                    last=last,
                )
            )

    @api.model
    def _check_selection_values(self, vals_list):
        """Refuse an unknown selection key with a message a user can act on.

        The ORM would otherwise fail with a bare ValueError deep in the cache.
        """
        # The keys of each field once: a decision creates hundreds of rows.
        keys = {}
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if not value or field is None or field.type != "selection":
                    continue
                if name not in keys:
                    keys[name] = set(field.get_values(self.env))
                if value not in keys[name]:
                    allowed = dict(field._description_selection(self.env))
                    raise ValidationError(
                        _(
                            "%(field)s: %(value)r is not a known value (allowed: %(allowed)s).",
                            field=field._description_string(self.env),
                            value=value,
                            allowed=", ".join(allowed.values()),
                        )
                    )

    # Uniqueness is checked before the insert: the SQL constraints stay as a
    # backstop against concurrent writes, but their raw error names no row.

    def _duplicate_key(self, vals):
        """Key two records of this model may not share, or None if ``vals`` has none."""
        raise NotImplementedError

    def _duplicate_message(self, key):
        raise NotImplementedError

    def _duplicate_domain(self, keys):
        employees = [key[0] for key in keys if key[0]]
        departments = [key[1] for key in keys if key[1]]
        return [
            ("year", "in", list({key[2] for key in keys})),
            "|",
            ("employee_id", "in", employees),
            ("department_id", "in", departments),
        ]

    def _check_duplicates(self, vals_list, exclude=None):
        keys = []
        for vals in vals_list:
            key = self._duplicate_key(vals)
            if key is None:
                continue
            if key in keys:
                raise ValidationError(self._duplicate_message(key))
            keys.append(key)
        if not keys:
            return
        domain = self._duplicate_domain(keys)
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        existing = self.sudo().search_fetch(domain, self._key_fields(), order="id")
        for record in existing:
            key = record._duplicate_key(record._read_key_values())
            if key in keys:
                raise ValidationError(self._duplicate_message(key))

    def _key_fields(self):
        return [name for name in ("employee_id", "department_id", "year", "title_id") if name in self._fields]

    def _read_key_values(self):
        self.ensure_one()
        return {
            name: self[name].id if self._fields[name].type == "many2one" else self[name] for name in self._key_fields()
        }

    def _prevalidate(self, vals_list, exclude=None):
        """Refuse bad values before anything reaches the database.

        ``vals_list`` holds complete values (subject, year...).  Odoo 18
        inserts a row before it runs ``@api.constrains``, so the SQL
        constraints would otherwise answer first, with a raw error.
        """
        self._check_selection_values(vals_list)
        for vals in vals_list:
            if bool(vals.get("employee_id")) == bool(vals.get("department_id")):
                raise ValidationError(
                    _(
                        "%(record)s: choose either an employee or a department, exactly one of them.",
                        record=self._description,
                    )
                )
            if "year" in self._fields:
                self._check_year_value(vals.get("year"))
        self._check_duplicates(vals_list, exclude=exclude)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Rights first: the checks below must not tell a stranger what exists.
            self.browse().check_access("create")
        defaults = self.default_get(["employee_id", "department_id"])
        self._prevalidate([{**defaults, **vals} for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if set(self._key_fields()) & set(vals):
            self._prevalidate([{**record._read_key_values(), **vals} for record in self], exclude=self)
        else:
            self._check_selection_values([vals])
        res = super().write(vals)
        if {"employee_id", "department_id"} & set(vals):
            # Rules are checked on the record as it was: check again where it
            # went, or a unit officer could move a record into another unit.
            self.check_access("write")
        return res
