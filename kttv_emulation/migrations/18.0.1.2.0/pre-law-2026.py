from odoo.tools import SQL


def migrate(cr, version):
    """Bind the new noupdate records to rows a user already made by hand.

    The update creates the noupdate records it does not find: a base salary
    of 1/7/2026 or a title coded KNCBO typed in by TCCB would then break its
    unique constraint.  Such a row becomes the record, and is left as it is.
    """
    if not version:
        return
    for xmlid, table, model, column, value in (
        ("base_salary_2026", "kttv_base_salary", "kttv.base.salary", "date_from", "2026-07-01"),
        ("commendation_ky_niem_chuong_bo", "kttv_emulation_title", "kttv.emulation.title", "code", "KNCBO"),
    ):
        cr.execute(
            "SELECT 1 FROM ir_model_data WHERE module = 'kttv_emulation' AND name = %s",
            [xmlid],
        )
        if cr.fetchone():
            continue
        cr.execute(SQL("SELECT id FROM %s WHERE %s = %s LIMIT 1", SQL.identifier(table), SQL.identifier(column), value))
        row = cr.fetchone()
        if row:
            cr.execute(
                """INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
                   VALUES ('kttv_emulation', %s, %s, %s, true)""",
                [xmlid, model, row[0]],
            )
