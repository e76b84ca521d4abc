"""Two users sign the same decision at the same moment: one signature wins.

The Director General and a deputy, both of the Director General's group, each
in their own cursor and transaction, on the end-to-end database (committed
data, not a test transaction). The second signer collides with the first one's
row lock; Odoo retries such a request, and the retry finds the decision signed.
"""

import os
import threading
from unittest.mock import patch

import psycopg2
import pytest

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def registry():
    database = os.environ.get("KTTV_E2E_DB")
    if not database:
        pytest.fail("KTTV_E2E_DB is not set: run the end-to-end tests through scripts/test")
    # Loading a registry with test_enable on would run the addons' install tests.
    with patch.dict(odoo.tools.config.options, {"test_enable": False}):
        return odoo.modules.registry.Registry(database)


def _env(cr, uid):
    return api.Environment(cr, uid, {"lang": "en_US", "tz": "Asia/Ho_Chi_Minh"})


@pytest.fixture
def decision_to_sign(registry):
    """A decision recognising one exemplar the council passed, committed."""
    with registry.cursor() as cr:
        env = _env(cr, SUPERUSER_ID)
        phase = env.ref("kttv_emulation.phase_2023_2025")
        employee = env["hr.employee"].create(
            {"name": "Ứng viên đồng thời", "department_id": env.ref("kttv_emulation.dept_nam_bo").id}
        )
        registration = env["kttv.exemplar.registration"].create(
            {
                "phase_id": phase.id,
                "registering_unit_id": env.ref("kttv_emulation.dept_nam_bo").id,
                "employee_id": employee.id,
                "title_id": env.ref("kttv_emulation.title_cstd_co_so").id,
                "model_summary": "Kiểm thử ký đồng thời.",
            }
        )
        # The council passed it (the path to here is covered by the Odoo tests).
        registration.write(
            {
                "state": "council",
                "vote_approve_count": 9,
                "vote_member_count": 9,
                "vote_percent": 100,
                "vote_threshold": 80,
                "vote_passed": True,
            }
        )
        decision = env["kttv.emulation.decision"].create(
            {"date": "2025-02-10", "registration_ids": [(6, 0, registration.ids)], "phase_id": phase.id}
        )
        director = env.ref("kttv_emulation.user_director")
        deputy = env["res.users"].create(
            {
                "name": "Phó Tổng cục trưởng (đồng thời)",
                "login": f"kttv_e2e_deputy_{decision.id}",
                "groups_id": [
                    Command.set([env.ref("base.group_user").id, env.ref("kttv_emulation.group_emulation_manager").id])
                ],
            }
        )
        assert env.company.kttv_director_id == director, "the demo's Director General signs first"
        ids = {"decision": decision.id, "registration": registration.id, "employee": employee.id}
    return {**ids, "director": director.id, "deputy": deputy.id}


def _counts(registry, ids):
    with registry.cursor() as cr:
        env = _env(cr, SUPERUSER_ID)
        decision = env["kttv.emulation.decision"].browse(ids["decision"])
        return {
            "state": decision.state,
            "signer": decision.signer_id.id,
            "numbered": decision.number != "/",
            "registration": env["kttv.exemplar.registration"].browse(ids["registration"]).state,
            "achievements": env["kttv.achievement"].search_count([("employee_id", "=", ids["employee"])]),
            "payments": env["kttv.reward.fund.line"].search_count([("decision_id", "=", ids["decision"])]),
            "messages": env["mail.message"].search_count(
                [("model", "=", decision._name), ("res_id", "=", decision.id), ("body", "ilike", "Signed:")]
            ),
        }


def test_two_simultaneous_signatures_give_one(registry, decision_to_sign):
    ids = decision_to_sign
    first_signed = threading.Event()
    second_tried = threading.Event()
    outcome = {}

    def first_signer():
        with registry.cursor() as cr:
            env = _env(cr, ids["director"])
            env["kttv.emulation.decision"].browse(ids["decision"]).action_sign()
            env.flush_all()
            first_signed.set()
            # Hold the transaction open until the second signer has tried.
            second_tried.wait(timeout=30)
            cr.commit()
        outcome["first"] = "signed"

    def second_signer():
        first_signed.wait(timeout=30)
        try:
            with registry.cursor() as cr:
                env = _env(cr, ids["deputy"])
                env["kttv.emulation.decision"].browse(ids["decision"]).action_sign()
                cr.commit()
                outcome["second"] = "signed"
        except psycopg2.errors.LockNotAvailable:
            outcome["second"] = "locked"
        finally:
            second_tried.set()

    threads = [threading.Thread(target=first_signer), threading.Thread(target=second_signer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcome == {"first": "signed", "second": "locked"}
    # Odoo retries a request that met a lock; the retry finds the decision signed.
    with registry.cursor() as cr, pytest.raises(UserError, match="already signed"):
        _env(cr, ids["deputy"])["kttv.emulation.decision"].browse(ids["decision"]).action_sign()

    counts = _counts(registry, ids)
    assert counts == {
        "state": "signed",
        "signer": ids["director"],
        "numbered": True,
        "registration": "recognized",
        "achievements": 1,
        "payments": 1,
        "messages": 1,
    }


def test_lock_errors_are_retried_by_odoo():
    """The retry the test above relies on: Odoo retries LockNotAvailable (55P03)."""
    from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY  # noqa: PLC0415

    assert psycopg2.errors.LockNotAvailable in PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
