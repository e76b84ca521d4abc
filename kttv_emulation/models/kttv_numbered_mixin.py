import json
from collections import defaultdict, deque

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .kttv_sequence_mixin import NEW

# What a numbered document keeps of the organisation's identity in force on its date.
IDENTITY_FIELDS = (
    "date_from",
    "agency_name",
    "parent_authority",
    "symbol",
    "parent_symbol",
    "head_title",
    "deputy_title",
    "staff_unit",
    "staff_unit_symbol",
    "staff_unit_head_title",
    "sector_phrase",
    "place",
)


class KttvNumberedMixin(models.AbstractModel):
    """A document numbered in a yearly register (Decree 30/2020): ``/`` until it is issued.

    The inheriting model has a ``date`` field and declares:

    ``_kttv_number_sequence``
        the code of its yearly, gapless ``ir.sequence``;
    ``_kttv_number_symbol``
        the kind of document in the number, e.g. ``QĐ`` in ``07/QĐ-KTTV`` (the issuer's symbol
        follows the organisation's identity on the document's date);
    ``_kttv_number_scope``
        the fields besides the year that share one numbering, e.g.
        ``("authority",)``: a number is unique per year and scope (checked
        before anything is written, and by a unique index).

    Each document keeps, in ``kttv_identity``, the identity of the
    organisation in force on its date (``kttv.organisation.identity``):
    followed while it is not in the register, frozen when it is numbered, so
    that a reprint never changes whatever the identity records become.

    The step that issues documents calls ``_kttv_number_issue()``: those
    still without a number take the next ones of the year of their own date,
    in the order of the recordset; a number typed beforehand is kept as typed
    and skipped by the sequence.  From then on the document is in the
    register: its number, year and scope no longer change, and it is never
    deleted, whatever its state (even put back to draft): it is cancelled
    with a reason and stays in the register.
    """

    _name = "kttv.numbered.mixin"
    _inherit = ["kttv.sequence.mixin"]
    _description = "Document numbered by year"

    # Drawn through ``kttv.sequence.mixin``, when the document is issued.
    _kttv_sequence_field = "number"
    _kttv_sequence_on = "issue"
    _kttv_number_sequence = None
    _kttv_number_symbol = ""
    _kttv_number_scope = ()

    number = fields.Char(
        required=True,
        copy=False,
        default=NEW,
        tracking=True,
        help="Number and symbol, unique in a year. Taken from the yearly register when the document is issued, "
        "unless one was typed.",
    )
    number_entry = fields.Char(
        "Number and symbol",
        compute="_compute_number_entry",
        inverse="_inverse_number_entry",
        help="Leave empty to take the next number of the year when the document is issued.",
    )
    year = fields.Integer(compute="_compute_year", store=True, aggregator=None, index=True)
    number_issued = fields.Boolean(
        "In the register",
        readonly=True,
        copy=False,
        help="Issued under its number: the document stays in the register, never deleted, only cancelled.",
    )

    kttv_identity = fields.Json(
        "Identity of the issuer",
        compute="_compute_kttv_identity",
        store=True,
        copy=False,
        readonly=True,
        help="The organisation's names, symbol and titles in force on the document's date, kept when it is numbered.",
    )

    def init(self):
        super().init()
        if self._abstract or not self._kttv_number_sequence:
            return
        # Unique per year and scope, except "/" (not numbered yet): a partial
        # index, which _sql_constraints cannot express.
        columns = SQL(", ").join(SQL.identifier(name) for name in ("number", "year", *self._kttv_number_scope))
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE number != %s",
                SQL.identifier(f"{self._table}_number_unique"),
                SQL.identifier(self._table),
                columns,
                NEW,
            )
        )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    @api.model
    def _clean_number(self, value):
        return (value or "").strip() or NEW

    @api.model
    def _number_vals(self, vals):
        """``vals`` with the number typed in ``number_entry`` as the number, cleaned."""
        vals = dict(vals)
        if "number_entry" in vals:
            vals["number"] = vals.pop("number_entry")
        if "number" in vals:
            vals["number"] = self._clean_number(vals["number"])
        return vals

    @api.depends("number")
    def _compute_number_entry(self):
        for document in self:
            document.number_entry = document.number if document.number != NEW else False

    def _inverse_number_entry(self):
        for document in self:
            document.number = self._clean_number(document.number_entry)

    @api.depends("date")
    def _compute_year(self):
        for document in self:
            document.year = document.date.year if document.date else 0

    @api.depends("date")
    def _compute_kttv_identity(self):
        """The identity in force on the date; frozen once the document is in the register."""
        todo = self.filtered(lambda document: not (document.number_issued and document.kttv_identity))
        identities = self.env["kttv.organisation.identity"]._for_dates([d.date for d in todo if d.date])
        for document in todo:
            identity = identities.get(document.date)
            document.kttv_identity = (
                {name: str(identity[name] or "") for name in IDENTITY_FIELDS} if identity else False
            )

    def _kttv_identity_values(self):
        """The identity the document prints: its own, or (not numbered yet, none kept) the one in force."""
        self.ensure_one()
        if self.kttv_identity:
            return self.kttv_identity
        if not self.date:
            raise UserError(_("Give the document a date: its heading follows the organisation on that date."))
        identity = self.env["kttv.organisation.identity"]._for_date(self.date)
        return {name: str(identity[name] or "") for name in IDENTITY_FIELDS}

    def _kttv_symbol(self):
        """The issuer's symbol in the number, e.g. ``QĐ-KTTV``."""
        self.ensure_one()
        return f"{self._kttv_number_symbol}-{self._kttv_identity_values()['symbol']}"

    @api.depends("number")
    def _compute_display_name(self):
        for document in self:
            document.display_name = document.number if document.number and document.number != NEW else _("New")

    # ------------------------------------------------------------------
    # Create, write, unlink: typed numbers checked, issued ones kept
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._number_vals({"number": NEW, **vals}) for vals in vals_list]
        typed = [vals for vals in vals_list if vals["number"] != NEW]
        if typed:
            defaults = self.default_get(["date", *self._kttv_number_scope])
            self._kttv_number_check(
                [
                    (
                        vals["number"],
                        fields.Date.to_date(vals.get("date") or defaults.get("date")),
                        tuple(vals.get(name, defaults.get(name)) for name in self._kttv_number_scope),
                        None,
                    )
                    for vals in typed
                ]
            )
        return super().create(vals_list)

    def write(self, vals):
        vals = self._number_vals(vals)
        moved = {"number", "date", *self._kttv_number_scope} & set(vals)
        if moved and self:
            if not self.env.su:
                self._kttv_check_issued_unchanged(vals)
            self._kttv_number_check(
                [
                    (
                        vals.get("number", document.number),
                        fields.Date.to_date(vals.get("date", document.date)),
                        tuple(vals.get(name, document[name]) for name in self._kttv_number_scope),
                        document.id,
                    )
                    for document in self
                ]
            )
        return super().write(vals)

    def _kttv_check_issued_unchanged(self, vals):
        """A document in the register keeps its number, its year and its scope."""
        for document in self.filtered("number_issued"):
            new_date = fields.Date.to_date(vals.get("date", document.date))
            if (
                vals.get("number", document.number) != document.number
                or (new_date and document.date and new_date.year != document.date.year)
                or any(vals.get(name, document[name]) != document[name] for name in self._kttv_number_scope)
            ):
                raise UserError(document._kttv_number_fixed_message())

    def _kttv_number_fixed_message(self):
        return _(
            "%(document)s is in the register under its number: its number, the year of its date and its issuer "
            "no longer change. Cancel it with a reason and issue a new one instead.",
            document=self.display_name,
        )

    def _kttv_number_check(self, keyed):
        """Refuse a number already used in its year and scope, before anything is written.

        ``keyed``: ``[(number, date, scope values, id of the document or None)]``;
        one query for all.
        """
        keyed = [(n, d.year, s, i) for n, d, s, i in keyed if n and n != NEW and d]
        if not keyed:
            return
        seen = set()
        for number, year, scope, _record_id in keyed:
            if (number, year, scope) in seen:
                raise ValidationError(self._kttv_number_used_message(number, year, scope))
            seen.add((number, year, scope))
        scope_fields = list(self._kttv_number_scope)
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("number", "in", list({k[0] for k in keyed})), ("year", "in", list({k[1] for k in keyed}))],
                ["number", "year", *scope_fields],
            )
        )
        taken = {(other.number, other.year, tuple(other[name] for name in scope_fields)): other.id for other in others}
        for number, year, scope, record_id in keyed:
            holder = taken.get((number, year, scope))
            if holder and holder != record_id:
                raise ValidationError(self._kttv_number_used_message(number, year, scope))

    def _kttv_number_used_message(self, number, year, scope):
        """Hook: why ``number`` is refused (``scope``: the values of ``_kttv_number_scope``)."""
        return _("Number %(number)s is already used in %(year)s: choose another number.", number=number, year=year)

    @api.ondelete(at_uninstall=False)
    def _kttv_unlink_numbered(self):
        # Not even the superuser: a number given is never lost from the register.
        issued = self.filtered("number_issued")
        if issued:
            raise UserError(issued[:1]._kttv_number_unlink_message())

    def _kttv_number_unlink_message(self):
        return _(
            "%(document)s is in the register under its number: it cannot be deleted, only cancelled with a reason.",
            document=self.display_name,
        )

    # ------------------------------------------------------------------
    # Issuing: the next numbers of the register
    # ------------------------------------------------------------------

    def _kttv_number_issue(self):
        """Put the documents in the register, numbering those without a number.

        Each takes the next number of the year of its own date (gapless
        sequence), in the order of the recordset; a number typed by hand may
        hold the sequence's next value, which is then skipped.  The caller
        has checked the step.  In batch: the numbers of the whole recordset
        drawn at once, and one UPDATE for all (per 1,000 documents).
        """
        if not self:
            return
        if any(not document.date for document in self):
            raise UserError(_("Give the document a date before it is numbered."))
        # The identity in force on its date, as it reads now: kept from here on.
        identities = {}
        entering = self.filtered(lambda document: not document.number_issued)
        if entering:
            by_date = self.env["kttv.organisation.identity"]._for_dates(entering.mapped("date"))
            missing = entering.filtered(lambda document: not by_date[document.date])[:1]
            if missing:
                self.env["kttv.organisation.identity"]._for_date(missing.date)  # its clear error
            identities = {
                document.id: {name: str(by_date[document.date][name] or "") for name in IDENTITY_FIELDS}
                for document in entering
            }
        # One write per distinct identity (and the flag), flushed together by the ORM.
        by_identity = defaultdict(list)
        for document in self:
            if document.id in identities:
                by_identity[json.dumps(identities[document.id], sort_keys=True)].append(document.id)
            elif not document.number_issued:
                by_identity[None].append(document.id)
        for identity, document_ids in by_identity.items():
            vals = {"number_issued": True}
            if identity is not None:
                vals["kttv_identity"] = json.loads(identity)
            self.browse(document_ids).sudo().write(vals)
        todo = self.filtered(lambda document: document.number == NEW)
        if todo:
            todo._kttv_number_write(todo._kttv_next_numbers())

    def _kttv_number_write(self, numbers):
        """Write ``{document id: number}`` in one UPDATE per batch of 1,000.

        ``write()`` per document would check each number in a query of its own
        (the numbers are free: ``_kttv_next_numbers`` read the register once).
        The numbers are tracked as ``write()`` tracks them: the step's message
        (``kttv.workflow.mixin._kttv_move``) or mail's shows them.  The
        documents' write date is the ORM's: ``_kttv_number_issue`` has just
        written them (their identity, the flag).
        """
        documents = self.browse(list(numbers))
        documents.flush_recordset(["number"])
        context = self.env.context
        tracking = not (context.get("tracking_disable") or context.get("mail_notrack"))
        if tracking and hasattr(documents, "_track_prepare"):
            documents._track_prepare(["number"])
        documents.modified(["number"], before=True)
        field = self._fields["number"]
        for start in range(0, len(documents), 1000):
            batch = documents[start : start + 1000]
            values = [numbers[document_id] for document_id in batch.ids]
            self.env.execute_query(
                SQL(
                    """UPDATE %(table)s AS t SET number = v.number
                         FROM unnest(%(ids)s::int[], %(numbers)s::varchar[]) AS v(id, number)
                        WHERE t.id = v.id""",
                    table=SQL.identifier(self._table),
                    ids=batch.ids,
                    numbers=values,
                )
            )
            # The cache holds what the database now does: no read back.
            self.env.cache.update(batch, field, values)
        documents.modified(["number"])

    def _kttv_next_numbers(self):
        """``{document id: number}``: the next free numbers of the register, in the order of ``self``.

        Drawn together (``kttv.sequence.mixin``); a value whose number is held
        already (typed by hand) is skipped, and the documents left without
        one draw again.
        """
        used = self._kttv_numbers_used()
        numbers = {}
        pending = list(self)
        for _attempt in range(1000):
            if not pending:
                return numbers
            values = self._kttv_sequence_draw(
                self._kttv_sequence_code or self._kttv_number_sequence, [document.date for document in pending]
            )
            if values is None:
                raise UserError(
                    _("The numbering of %(documents)s is missing: reinstall its sequence.", documents=self._description)
                )
            # Values of a year, in ascending order, go to its documents in the order of the recordset.
            pools = defaultdict(deque)
            for document, value in zip(pending, values, strict=True):
                pools[document.year].append(value)
            left = []
            for document in pending:
                taken = used[document.year, document._kttv_number_scope_values()]
                pool = pools[document.year]
                while pool:
                    number = f"{pool.popleft()}/{document._kttv_symbol()}"
                    if number not in taken:
                        taken.add(number)
                        numbers[document.id] = number
                        break
                else:
                    left.append(document)
            pending = left
        raise UserError(
            _(
                "No free number was found for %(documents)s in %(year)s.",
                documents=self._description,
                year=pending[0].year,
            )
        )

    def _kttv_number_scope_values(self):
        self.ensure_one()
        return tuple(self[name] for name in self._kttv_number_scope)

    def _kttv_numbers_used(self):
        """``{(year, scope values): {numbers}}`` already held in the years of ``self`` (one query)."""
        scope_fields = list(self._kttv_number_scope)
        used = defaultdict(set)
        for other in (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("year", "in", list(set(self.mapped("year")))), ("number", "!=", NEW)],
                ["number", "year", *scope_fields],
            )
        ):
            used[other.year, tuple(other[name] for name in scope_fields)].add(other.number)
        return used
