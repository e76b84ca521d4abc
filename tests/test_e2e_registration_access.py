"""A unit officer cannot read another unit's registrations by any route.

Driven over XML-RPC and HTTP against a real Odoo server, as the demo users.
"""

import base64
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client

import pytest

pytestmark = pytest.mark.e2e

MODEL = "kttv.exemplar.registration"


@pytest.fixture(scope="module")
def other_units_registration(odoo_server):
    """A registration of Trung tâm Dự báo, made by TCCB, with a dossier file."""
    officer = odoo_server.login("kttv_officer")
    phase = odoo_server.ref("kttv_emulation.phase_2023_2025")
    unit = odoo_server.ref("kttv_emulation.dept_du_bao")
    # A new candidate, so the test does not depend on what the demo registered.
    employee = odoo_server.login("admin", "admin")(
        "hr.employee", "create", {"name": "Ứng viên kiểm thử đầu cuối", "department_id": unit}
    )
    registration = officer(
        MODEL,
        "create",
        {
            "phase_id": phase,
            "registering_unit_id": unit,
            "employee_id": employee,
            "model_summary": "Mô hình dự báo nghiệp vụ (kiểm thử đầu cuối).",
        },
    )
    attachment = officer(
        "ir.attachment",
        "create",
        {"name": "ho-so.pdf", "res_model": MODEL, "res_id": registration, "datas": base64.b64encode(b"%PDF").decode()},
    )
    return {"id": registration, "employee": employee, "unit": unit, "attachment": attachment}


ACCESS_ERROR = 4  # Odoo's XML-RPC fault code for AccessError (the message is in the user's language)


def _refused(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call(*args, **kwargs)
    assert fault.value.faultCode == ACCESS_ERROR, fault.value.faultString


def test_the_owner_unit_and_tccb_see_it(odoo_server, other_units_registration):
    reg = other_units_registration["id"]
    assert odoo_server.login("kttv_unit2")(MODEL, "search", [("id", "=", reg)]) == [reg]
    assert odoo_server.login("kttv_officer")(MODEL, "search", [("id", "=", reg)]) == [reg]


def test_another_unit_officer_finds_nothing(odoo_server, other_units_registration):
    unit = odoo_server.login("kttv_unit")  # Đài KTTV khu vực Bắc Bộ
    reg = other_units_registration["id"]
    assert unit(MODEL, "search", [("id", "=", reg)]) == []
    assert unit(MODEL, "search_count", [("employee_id", "=", other_units_registration["employee"])]) == 0
    assert unit(MODEL, "search_read", [("registering_unit_id", "=", other_units_registration["unit"])], ["name"]) == []
    assert reg not in [row[0] for row in unit(MODEL, "name_search", "ĐK")]
    groups = unit(MODEL, "read_group", [], ["registering_unit_id"], ["registering_unit_id"])
    assert other_units_registration["unit"] not in [
        g["registering_unit_id"][0] for g in groups if g["registering_unit_id"]
    ]
    page = unit(MODEL, "web_search_read", [("id", "=", reg)], {"name": {}})
    assert page["length"] == 0


def test_another_unit_officer_cannot_read_it_directly(odoo_server, other_units_registration):
    unit = odoo_server.login("kttv_unit")
    reg = other_units_registration["id"]
    _refused(unit, MODEL, "read", [reg], ["name", "model_summary"])
    _refused(unit, MODEL, "web_read", [reg], {"name": {}})
    _refused(unit, MODEL, "export_data", [reg], ["name"])
    _refused(unit, MODEL, "write", [reg], {"field_of_work": "x"})
    _refused(unit, MODEL, "action_submit", [reg])
    lines = unit("kttv.registration.criterion", "search", [("registration_id", "=", reg)])
    assert lines == []
    messages = unit("mail.message", "search_read", [("model", "=", MODEL), ("res_id", "=", reg)], ["body"])
    assert messages == []
    _refused(unit, "ir.attachment", "read", [other_units_registration["attachment"]], ["datas"])


def test_another_unit_officer_cannot_download_its_files(odoo_server, other_units_registration):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    login = urllib.parse.urlencode({"login": "kttv_unit", "password": "kttv_unit"}).encode()
    page = opener.open(f"{odoo_server.url}/web/login").read().decode()
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    opener.open(f"{odoo_server.url}/web/login", login + f"&csrf_token={token}".encode())
    url = f"{odoo_server.url}/web/content/{other_units_registration['attachment']}?download=true"
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(url)
    assert error.value.code in (403, 404)
