import os

from lxml import etree

from odoo import SUPERUSER_ID, api

from odoo.addons.kttv_emulation.models.kttv_numbered_mixin import IDENTITY_FIELDS

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
    migrate_documents(cr, version)


# What the grounds of a draft said when the product wrote them (before the
# grounds were dated data): those lines give way to the grounds in force.
OLD_GROUND_MARKS = (
    "06/2022/QH15",
    "detailing the Law on Emulation and Commendation",
    "quy định chi tiết thi hành Luật Thi đua, khen thưởng",
    "The proposal of the Emulation and Commendation Council",
    "đề nghị của Hội đồng Thi đua - Khen thưởng",
    "Đề nghị của Hội đồng Thi đua - Khen thưởng",
)


def _identities(env):
    """Every numbered document keeps the identity of the organisation in force on its date.

    The column is new: Odoo computed it before the identities were loaded, so
    the documents of an older database have none yet.
    """
    Identity = env["kttv.organisation.identity"]
    for model in ("kttv.emulation.decision", "kttv.ministry.proposal"):
        documents = env[model].with_context(active_test=False).search([]).filtered(lambda d: not d.kttv_identity)
        by_date = Identity._for_dates([d.date for d in documents if d.date])
        groups = {}
        for document in documents:
            identity = by_date.get(document.date)
            if identity:
                groups.setdefault(identity, env[model])
                groups[identity] |= document
        for identity, group in groups.items():
            group.write({"kttv_identity": {name: str(identity[name] or "") for name in IDENTITY_FIELDS}})


def _draft_grounds(env):
    """Drafts whose grounds the product wrote cite the grounds in force on their date."""
    Decision = env["kttv.emulation.decision"]
    for decision in Decision.search([("state", "=", "draft")]):
        lines = (decision.basis or "").splitlines()
        kept = [line for line in lines if line.strip() and not any(mark in line for mark in OLD_GROUND_MARKS)]
        if len(kept) == len([line for line in lines if line.strip()]):
            continue
        grounds = Decision._default_basis(decision.date, decision.authority)
        decision.basis = "\n".join(filter(None, [grounds, *kept]))


def migrate_documents(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _identities(env)
    _draft_grounds(env)
