from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

# What a record holds until it is numbered.
NEW = "/"


class KttvSequenceMixin(models.AbstractModel):
    """Numbers drawn from an ``ir.sequence``: the one place of the addon that draws them, in batch.

    The inheriting model declares:

    ``_kttv_sequence_code``
        the code of its ``ir.sequence``;
    ``_kttv_sequence_field``
        the field that holds the number (``name`` by default);
    ``_kttv_sequence_on``
        when the number is taken: ``"create"`` (a registration's reference,
        drawn for the whole batch when the records are created, past the guard
        of ``create``, which lets a client send the form's ``/`` only) or
        ``"issue"`` (a document of the yearly register, numbered when it is
        issued: ``kttv.numbered.mixin``).

    ``_kttv_sequence_draw`` takes the next values of a sequence for many
    records at once: one ``nextval`` over a series for a standard sequence,
    one locked read and one update per date range for a gapless one, instead
    of Odoo's ``next_by_code`` per record (two or three queries each).
    """

    _name = "kttv.sequence.mixin"
    _description = "Numbered from a sequence"

    _kttv_sequence_code = None
    _kttv_sequence_field = "name"
    _kttv_sequence_on = None

    def _prepare_create_values(self, vals_list):
        result = super()._prepare_create_values(vals_list)
        if self._kttv_sequence_on != "create" or not self._kttv_sequence_code:
            return result
        field = self._kttv_sequence_field
        todo = [vals for vals in result if (vals.get(field) or NEW) == NEW]
        if todo:
            values = self._kttv_sequence_draw(self._kttv_sequence_code, [None] * len(todo))
            for vals, value in zip(todo, values or [NEW] * len(todo), strict=True):
                vals[field] = value
        return result

    @api.model
    def _kttv_sequence(self, code):
        """The sequence of ``code`` for the current company (or shared), as ``next_by_code`` chooses it."""
        return (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", code), ("company_id", "in", [self.env.company.id, False])], order="company_id", limit=1
            )
        )

    @api.model
    def _kttv_sequence_draw(self, code, dates):
        """The next values of sequence ``code``, one per date of ``dates`` (``None``: today), in their order.

        Values of the same date range come in ascending order along ``dates``.
        ``None`` when the sequence is missing.  A constant number of queries:
        one per date range (two for a gapless one), whatever the number of
        values.
        """
        if not dates:
            return []
        sequence = self._kttv_sequence(code)
        if not sequence:
            return None
        if not sequence.use_date_range:
            numbers = self._kttv_sequence_numbers(sequence, len(dates))
            return [sequence.get_next_char(number) for number in numbers]
        today = fields.Date.context_today(self)
        days = [fields.Date.to_date(day) if day else today for day in dates]
        ranges = self._kttv_date_ranges(sequence, set(days))
        positions = defaultdict(list)
        for index, day in enumerate(days):
            positions[ranges[day]].append(index)
        result = [None] * len(days)
        for date_range, indexes in positions.items():
            numbers = self._kttv_sequence_numbers(sequence, len(indexes), date_range)
            char = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            for index, number in zip(indexes, numbers, strict=True):
                result[index] = char.get_next_char(number)
        return result

    @api.model
    def _kttv_date_ranges(self, sequence, days):
        """``{day: ir.sequence.date_range}``: one search for all, a range created (as Odoo does) if missing."""
        DateRange = self.env["ir.sequence.date_range"].sudo()
        existing = DateRange.search(
            [("sequence_id", "=", sequence.id), ("date_from", "<=", max(days)), ("date_to", ">=", min(days))]
        )
        ranges = {}
        for day in sorted(days):
            date_range = next((r for r in existing if r.date_from <= day <= r.date_to), None)
            if date_range is None:
                date_range = sequence._create_date_range_seq(day)
                existing |= date_range
            ranges[day] = date_range
        return ranges

    @api.model
    def _kttv_sequence_numbers(self, sequence, count, date_range=None):
        """``count`` next numbers of ``sequence`` (of its ``date_range``), ascending."""
        increment = sequence.number_increment
        if sequence.implementation == "standard":
            name = f"ir_sequence_{sequence.id:03d}" + (f"_{date_range.id:03d}" if date_range else "")
            rows = self.env.execute_query(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", name, count))
            return sorted(row[0] for row in rows)
        # Gapless: the counter's row locked, moved by ``count`` at once (Odoo's
        # ``_update_nogap`` moves it by one, a lock and an update per number).
        holder = date_range or sequence
        holder.flush_recordset(["number_next"])
        table = SQL.identifier(holder._table)
        [(first,)] = self.env.execute_query(
            SQL("SELECT number_next FROM %s WHERE id = %s FOR UPDATE NOWAIT", table, holder.id)
        )
        self.env.execute_query(
            SQL("UPDATE %s SET number_next = number_next + %s WHERE id = %s", table, increment * count, holder.id)
        )
        holder.invalidate_recordset(["number_next"])
        return [first + increment * index for index in range(count)]
