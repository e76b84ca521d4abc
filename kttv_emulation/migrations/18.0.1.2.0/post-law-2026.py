import os

from lxml import etree

from odoo import SUPERUSER_ID, api

# What the catalog said before: a title still saying so is brought to the law
# in force; one TCCB edited keeps its wording.
OLD_BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
OLD_NAMES = {
    "title_co_thi_dua_bo": "Cờ thi đua cấp bộ",
    "commendation_bang_khen_bo": "Bằng khen cấp bộ",
}


def _catalog():
    """``{xml id: {field: value}}`` of the catalog's data file, the one source of the figures."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "data", "kttv_emulation_title_data.xml")
    catalog = {}
    for record in etree.parse(path).iter("record"):
        values = {}
        for field in record.iter("field"):
            values[field.get("name")] = field.get("eval") or field.text
        catalog[record.get("id")] = values
    return catalog


def migrate(cr, version):
    """Counting periods, awarding authorities and bases of the catalog (noupdate data)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, values in _catalog().items():
        title = env.ref(f"kttv_emulation.{xmlid}", raise_if_not_found=False)
        if not title:
            continue
        vals = {"period_years": int(values["period_years"]), "award_authority": values["award_authority"]}
        if title.legal_basis == OLD_BASIS:
            vals["legal_basis"] = values["legal_basis"]
        if xmlid in OLD_NAMES and title.name == OLD_NAMES[xmlid]:
            vals["name"] = values["name"]
        title.write(vals)
