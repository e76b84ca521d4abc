"""The whole main path over XML-RPC, as each role, in Vietnamese.

A real Odoo server on the copy of the test database (``tests/e2e.py``), driven
as an integration would drive it: ``xmlrpc.client`` without ``allow_none``,
every call with ``lang=vi_VN``, as the demo users (password = login). The unit
officer registers and nominates, TCCB accepts and prepares the council, the
members vote, the secretary closes the vote, TCCB prepares the decision, the
Director General signs it, TCCB proposes the exemplar to the Ministry and
records its decision; then the side exits (return to the unit, refusal,
cancellation, a decision cancelled with its reason), the unit plans,
milestones, replication activities, phase reviews, imports and exports. Along
the way each role tries a few calls that must be refused.

The path runs once (module fixture) and records everything; each test below
asserts one kind of defect, with the full list of what was found:

- every public method answers something XML-RPC can carry (no "cannot marshal None");
- no other fault on a call that should succeed, and every refused call is refused;
- no line with " ERROR " in the server log while the path ran;
- no English word (``tests/english_words.py``) in any message received: the
  refusals, the window titles of returned actions, the chatter and tracking of
  the records of the path, the activities, the import problems;
- every public method the addon defines on a model the path met is called.

The council ballot is cast in ``cast_ballots`` alone: the one place to change
when the ballot becomes one list per member and session.
"""

import base64
import datetime
import io
import os
import pathlib
import re
import xmlrpc.client
from collections import defaultdict

import openpyxl
import pytest

from tests.addon_methods import public_methods
from tests.english_words import DEMO_WORDS, english_vocabulary, english_words_in

pytestmark = pytest.mark.e2e

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = ROOT / "kttv_emulation"
LANG = "vi_VN"

REG = "kttv.exemplar.registration"
SESSION = "kttv.council.session"
DECISION = "kttv.emulation.decision"
PROPOSAL = "kttv.ministry.proposal"
REG_IMPORT = "kttv.registration.import.wizard"
HISTORY_IMPORT = "kttv.history.import.wizard"

UNIT, UNIT2, TCCB, DIRECTOR, EMPLOYEE = "kttv_unit", "kttv_unit2", "kttv_officer", "kttv_director", "kttv_employee"
MEMBERS = ("kttv_council", "kttv_council2", "kttv_council3", "kttv_director")

ALLOWED_WORDS = DEMO_WORDS

# Public methods of the models the path meets that it does not call: {(model, method): why}.
# (kttv.fund.override.wizard, met only when a charge goes over the
# fund's share, and kttv.reward.fund.line, the fund's own lines, are models the path does not meet.)
NOT_ON_PATH = {
    ("kttv.emulation.decision", "action_upload_signed"): "it needs a PDF signed with a key of the configured trust "
    "roots: kttv_emulation/tests/test_signature.py signs one on a real SoftHSM2 token and uploads it",
}

# Fault codes of odoo/addons/base/controllers/rpc.py: UserError and ValidationError, AccessDenied, AccessError.
FAULT_WARNING, FAULT_DENIED, FAULT_ACCESS = 2, 3, 4
PDF = base64.b64encode(b"%PDF-1.4\n% kiem thu RPC\n").decode()
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")


class PathBroken(Exception):
    """A step did not leave the records where the next steps need them."""


class Client:
    """One demo user over XML-RPC, as a real client: no ``allow_none``, Vietnamese."""

    def __init__(self, server, login, password=None):
        self.login, self.password, self.database = login, password or login, server.database
        common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common", allow_none=False)
        self.uid = common.authenticate(server.database, login, self.password, {})
        if not self.uid:
            raise AssertionError(f"cannot log in as {login}")
        self.proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=False)

    def __call__(self, model, method, *args, context=None, **kwargs):
        kwargs["context"] = {**(context or {}), "lang": LANG}
        return self.proxy.execute_kw(self.database, self.uid, self.password, model, method, list(args), kwargs)


def _fault_summary(fault):
    """The message of a fault; for a traceback, its last line."""
    lines = [line for line in fault.faultString.strip().splitlines() if line.strip()]
    if fault.faultCode in (FAULT_WARNING, FAULT_DENIED, FAULT_ACCESS):
        return " ".join(lines)
    return lines[-1] if lines else repr(fault)


def _args_label(args):
    if args and isinstance(args[0], list) and all(isinstance(i, int) for i in args[0]):
        return repr(args[0])
    return "…" if args else ""


class Journal:
    """Every call of the path and what it answered."""

    def __init__(self, server):
        self.server = server
        self.users = {}
        self.called = defaultdict(set)
        self.calls = 0
        self.none_returns = defaultdict(set)  # model.method -> logins
        self.error_calls = {}  # ERROR line of the server log -> the call during which it was logged
        self.faults = []
        self.not_refused = []
        self.broken = []
        self.texts = []  # (where it came from, text shown to the user)
        self.activity_ids = set()
        self.records = defaultdict(set)  # model -> ids of the path's records

    def user(self, login, password=None):
        if login not in self.users:
            self.users[login] = Client(self.server, login, password)
        return self.users[login]

    @property
    def admin(self):
        return self.user("admin", "admin")

    # The calls

    def _call(self, label, login, model, method, *, args, kwargs):
        self.called[model].add(method)
        self.calls += 1
        start = os.path.getsize(self.server.log_path)
        try:
            return self.user(login)(model, method, *args, **kwargs)
        finally:
            for line in _server_errors(self.server.log_path, start):
                self.error_calls.setdefault(line, label)

    def call(self, login, model, method, *args, **kwargs):
        """A call that must succeed: its result, or None (recorded) if it faulted."""
        label = f"{login}: {model}.{method}({_args_label(args)})"
        try:
            result = self._call(label, login, model, method, args=args, kwargs=kwargs)
        except xmlrpc.client.Fault as fault:
            if "cannot marshal None" in fault.faultString:
                self.none_returns[f"{model}.{method}"].add(login)
            else:
                self.faults.append(f"{label}: {_fault_summary(fault)}")
                if fault.faultCode in (FAULT_WARNING, FAULT_ACCESS):
                    self.texts.append((f"error of {label}", fault.faultString))
            return None
        self._action_texts(label, result)
        return result

    def refuse(self, login, model, method, *args, why, **kwargs):
        """A call that must be refused with a clear message (UserError, ValidationError, AccessError)."""
        label = f"{login}: {model}.{method}({_args_label(args)}) [{why}]"
        try:
            self._call(label, login, model, method, args=args, kwargs=kwargs)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode in (FAULT_WARNING, FAULT_ACCESS):
                self.texts.append((f"refusal of {label}", fault.faultString))
            elif "cannot marshal None" in fault.faultString:
                self.not_refused.append(f"{label}: done (and answered None)")
                self.none_returns[f"{model}.{method}"].add(login)
            else:
                self.faults.append(f"{label}: refused with a server error: {_fault_summary(fault)}")
            return
        self.not_refused.append(f"{label}: done")

    def _action_texts(self, label, result):
        if isinstance(result, dict) and result.get("type", "").startswith("ir.actions"):
            if result.get("name"):
                self.texts.append((f"window title returned by {label}", result["name"]))
            if isinstance(result.get("params"), dict) and result["params"].get("message"):
                self.texts.append((f"notification returned by {label}", result["params"]["message"]))

    def run_wizard(self, login, action, values, method="action_confirm"):
        """Fill the wizard an action opens, with the action's context (its defaults), and confirm it."""
        if not isinstance(action, dict) or not action.get("res_model"):
            self.faults.append(f"{login}: expected a wizard action, got {action!r}")
            return None
        context = dict(action.get("context") or {})
        wizard = self.call(login, action["res_model"], "create", values, context=context)
        if wizard is None:
            return None
        self.records[action["res_model"]].add(wizard)
        return self.call(login, action["res_model"], method, [wizard], context=context)

    def create(self, login, model, values, **kwargs):
        record = self.call(login, model, "create", values, **kwargs)
        if record is None:
            raise PathBroken(f"{login} could not create a {model}")
        self.records[model].add(record)
        return record

    # Checks between the steps (as the administrator)

    def read(self, model, record, fields):
        return self.admin(model, "read", [record], fields, context={"active_test": False})[0]

    def read_as(self, login, model, record, fields):
        """Read as ``login``: records only their creator reads (wizards)."""
        rows = self.call(login, model, "read", [record], fields)
        return rows[0] if rows else dict.fromkeys(fields, False)

    def expect(self, model, record, field, value, after):
        actual = self.read(model, record, [field])[field]
        if actual != value:
            self.broken.append(f"after {after}: {model} {record} has {field} = {actual!r}, expected {value!r}")
            raise PathBroken(after)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.admin("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
        return rows[0]["res_id"]

    def max_id(self, model):
        rows = self.admin(model, "search_read", [], ["id"], limit=1, order="id desc", context={"active_test": False})
        return rows[0]["id"] if rows else 0

    def snapshot_activities(self, since):
        """Activities of the path still open: done ones become chatter messages, read at the end."""
        for row in self.admin(
            "mail.activity",
            "search_read",
            [("id", ">", since), ("res_model", "in", sorted(self.records))],
            ["summary", "note", "activity_type_id", "res_model", "res_id", "user_id"],
            context={"active_test": False},
        ):
            if row["id"] in self.activity_ids:
                continue
            self.activity_ids.add(row["id"])
            where = f"activity {row['id']} on {row['res_model']} {row['res_id']} for {row['user_id'][1]}"
            for field in ("summary", "note"):
                if row[field]:
                    self.texts.append((f"{where}: {field}", row[field]))
            if row["activity_type_id"]:
                self.texts.append((f"{where}: type", row["activity_type_id"][1]))


def ensure_vietnamese(journal):
    """vi_VN active and its terms loaded for every installed module, as a customer's database has them."""
    admin = journal.admin
    lang = admin("res.lang", "search_read", [("code", "=", LANG)], ["active"], context={"active_test": False})[0]
    group = journal.ref("base.group_user")
    translated = admin("res.groups", "read", [group], ["name"])[0]["name"]
    english = admin.proxy.execute_kw(
        admin.database, admin.uid, admin.password, "res.groups", "read", [[group], ["name"]], {"context": {}}
    )[0]["name"]
    if lang["active"] and translated != english:
        return "already loaded"
    wizard = admin("base.language.install", "create", {"lang_ids": [(6, 0, [lang["id"]])], "overwrite": False})
    admin("base.language.install", "lang_install", [wizard])
    return "loaded now"


# ----------------------------------------------------------------------
# The ballot: one list per member and session.
# ----------------------------------------------------------------------


def cast_ballots(journal, session, registrations, members, *, vote="approve", secretary=None, absent=()):
    """Every member votes ``vote`` on every dossier of the session, on one ballot each.

    The ballot is the session's list of the dossiers a member has left to vote
    on: opened from the session (or from a dossier, which opens the same
    list), created with the action's context, each line given its vote, then
    confirmed at once.  The ``secretary`` enters the written votes of the
    ``absent`` members the same way.
    """
    for index, member in enumerate(members):
        if index == 0:
            action = journal.call(member, REG, "action_vote", [registrations[0]])
        else:
            action = journal.call(member, SESSION, "action_open_ballot", [session])
        _fill_ballot(journal, member, action, registrations, vote=vote)
    for member in absent:
        action = journal.call(secretary, SESSION, "action_record_written_vote", [session])
        _fill_ballot(journal, secretary, action, registrations, vote=vote, member=member)
    # A ballot is cast once.
    journal.refuse(members[0], SESSION, "action_open_ballot", [session], why="votes twice")
    journal.refuse(members[0], REG, "action_vote", [registrations[0]], why="votes twice, from the dossier")
    if absent:
        journal.refuse(secretary, SESSION, "action_record_written_vote", [session], why="written votes twice")


def _fill_ballot(journal, login, action, registrations, *, vote, member=None):
    if not isinstance(action, dict) or not action.get("res_model"):
        journal.faults.append(f"{login}: expected the ballot's action, got {action!r}")
        return
    context = dict(action.get("context") or {})
    model = action["res_model"]
    ballot = journal.call(login, model, "create", {"member_id": member} if member else {}, context=context)
    if ballot is None:
        return
    journal.records[model].add(ballot)
    line_ids = journal.read_as(login, model, ballot, ["line_ids"])["line_ids"]
    lines = journal.call(login, f"{model}.line", "read", line_ids, ["registration_id"]) or []
    on_ballot = sorted(line["registration_id"][0] for line in lines)
    if on_ballot != sorted(registrations):
        journal.broken.append(f"{login}: the ballot lists {on_ballot}, expected {sorted(registrations)}")
    journal.call(
        login,
        model,
        "write",
        [ballot],
        {"line_ids": [(1, line["id"], {"vote": vote, "comment": "Đồng ý, hồ sơ đầy đủ."}) for line in lines]},
    )
    journal.call(login, model, "action_confirm", [ballot], context=context)


# ----------------------------------------------------------------------
# The path
# ----------------------------------------------------------------------


class Path:
    def __init__(self, journal):
        self.j = journal
        self.phase = journal.ref("kttv_emulation.phase_2023_2025")
        self.unit = journal.ref("kttv_emulation.dept_bac_bo")
        self.title = journal.ref("kttv_emulation.title_cstd_co_so")
        self.uid = {login: journal.user(login).uid for login in (UNIT, TCCB, DIRECTOR, EMPLOYEE, *MEMBERS)}
        # The main path, the three side exits, and one for the registration import.
        self.candidates = self._free_employees(5)
        self.main = None
        self.decision = None

    def _free_employees(self, count):
        """Employees of the unit (sub-units included) not registered in the phase, steady ones first."""
        admin = self.j.admin
        taken = {
            row["employee_id"][0]
            for row in admin(
                REG, "search_read", [("phase_id", "=", self.phase), ("employee_id", "!=", False)], ["employee_id"]
            )
        }
        employees = admin(
            "hr.employee",
            "search_read",
            [("department_id", "child_of", self.unit), ("id", "not in", sorted(taken)), ("user_id", "=", False)],
            ["kttv_rating_streak"],
            order="id",
        )
        employees.sort(key=lambda row: -row["kttv_rating_streak"])
        ids = [row["id"] for row in employees][:count]
        while len(ids) < count:
            number = len(ids) + 1
            vals = {"name": f"Ứng viên kiểm thử {number}", "department_id": self.unit, "kttv_code": f"RPC{number:04d}"}
            ids.append(admin("hr.employee", "create", vals))
        return ids

    def new_registration(self, employee, summary):
        return self.j.create(
            UNIT,
            REG,
            {
                "phase_id": self.phase,
                "registering_unit_id": self.unit,
                "employee_id": employee,
                "scope": "comprehensive",
                "field_of_work": "Dự báo, cảnh báo",
                "model_summary": summary,
            },
        )

    # The main path

    def register_and_nominate(self):
        j = self.j
        reg = self.main = self.new_registration(
            self.candidates[0], "Mô hình dự báo mưa lớn cục bộ bằng ra đa cho các tỉnh miền núi (kiểm thử RPC)."
        )
        j.refuse(EMPLOYEE, REG, "action_submit", [reg], why="a plain employee submits")
        j.refuse(UNIT2, REG, "action_submit", [reg], why="another unit's officer submits")
        j.call(UNIT, REG, "action_evaluate_criteria", [reg])
        j.call(UNIT, REG, "action_submit", [reg])
        j.expect(REG, reg, "state", "submitted", "the unit submitted")
        j.refuse(UNIT, REG, "action_submit", [reg], why="submits twice")
        j.refuse(UNIT, REG, "action_accept", [reg], why="the unit accepts its own registration")
        j.refuse(MEMBERS[0], REG, "write", [reg], {"field_of_work": "Khác"}, why="a council member edits")
        j.refuse(UNIT, REG, "write", [reg], {"field_of_work": "Khác"}, why="the unit edits after submitting")

        j.call(TCCB, REG, "action_accept", [reg])
        j.expect(REG, reg, "state", "nurturing", "TCCB accepted")
        j.refuse(UNIT, REG, "write", [reg], {"state": "nominated"}, why="the unit writes the state")
        j.refuse(UNIT, REG, "action_nominate", [reg], why="nominated without its dossier")
        j.refuse(UNIT, REG, "action_cancel", [reg], why="the unit cancels once accepted")
        j.call(UNIT, REG, "action_open_nurturing_reviews", [reg])
        j.create(
            UNIT,
            "kttv.nurturing.review",
            {
                "registration_id": reg,
                "effectiveness": "high",
                "development_potential": "high",
                "influence": "medium",
                "difficulties": "Thiếu số liệu ra đa ở vùng núi cao.",
                "support_given": "Tập huấn khai thác sản phẩm ra đa.",
            },
        )
        j.call(
            UNIT,
            REG,
            "write",
            [reg],
            {
                "title_id": self.title,
                "achievement_report": PDF,
                "achievement_report_name": "bao-cao-thanh-tich.pdf",
                "unit_minutes": PDF,
                "unit_minutes_name": "bien-ban-binh-xet.pdf",
                "unit_vote_date": "2025-11-20",
                "unit_vote_approve": 25,
                "unit_vote_total": 26,
                "achievement_summary": "<p>Dự báo chính xác các đợt mưa lớn năm 2025.</p>",
            },
        )
        j.call(UNIT, REG, "action_nominate", [reg])
        j.expect(REG, reg, "state", "nominated", "the unit nominated")
        j.refuse(UNIT, REG, "action_evaluate_criteria", [reg], why="the unit reassesses a nominated dossier")
        j.call(TCCB, REG, "action_evaluate_criteria", [reg])
        pending = j.call(TCCB, "kttv.registration.criterion", "search", [("registration_id", "=", reg)]) or []
        if pending:
            j.refuse(
                UNIT,
                "kttv.registration.criterion",
                "write",
                pending[:1],
                {"review_result": "pass"},
                why="the unit decides a criterion",
            )
        undecided = j.call(
            TCCB,
            "kttv.registration.criterion",
            "search",
            [("registration_id", "=", reg), ("result", "=", "pending")],
        )
        if undecided:
            j.call(
                TCCB,
                "kttv.registration.criterion",
                "write",
                undecided,
                {"review_result": "pass", "evidence_note": "Đã đối chiếu hồ sơ và biên bản bình xét."},
            )
        lines = j.admin("kttv.registration.criterion", "read", pending, ["rule_detail"]) if pending else []
        for line in lines:
            if line["rule_detail"]:
                j.texts.append((f"criterion line {line['id']}: what the rule found", line["rule_detail"]))

    def council(self):
        j, reg = self.j, self.main
        j.refuse(TCCB, REG, "action_send_to_council", [reg], why="sent without a council session")
        members = [self.uid[login] for login in MEMBERS]
        session = j.create(
            TCCB,
            SESSION,
            {
                "name": "Phiên họp Hội đồng Thi đua - Khen thưởng (kiểm thử RPC)",
                "date": datetime.date.today().isoformat(),
                "phase_id": self.phase,
                "secretary_id": self.uid[TCCB],
                "member_ids": [(6, 0, members)],
            },
        )
        self.session = session
        j.call(TCCB, REG, "write", [reg], {"council_session_id": session})
        j.call(TCCB, REG, "action_send_to_council", [reg])
        j.expect(REG, reg, "state", "council", "TCCB sent the dossier to the council")
        j.refuse("kttv_council3", SESSION, "action_open_vote", [session], why="a TCCB officer not the secretary")
        j.call(TCCB, SESSION, "action_open_vote", [session])
        j.expect(SESSION, session, "state", "voting", "the secretary opened the vote")
        j.refuse(TCCB, SESSION, "write", [session], {"member_ids": [(6, 0, members[:2])]}, why="members change")
        j.refuse("kttv_council3", REG, "action_record_written_vote", [reg], why="written vote, not by the secretary")
        j.refuse(UNIT, REG, "action_vote", [reg], why="the unit officer votes")
        # The last member misses the meeting: the secretary records their written vote.
        absent = self.uid[MEMBERS[-1]]
        marked = {"absent_member_ids": [(4, absent)]}
        j.refuse("kttv_council3", SESSION, "write", [session], marked, why="absent, marked by a member")
        j.call(TCCB, SESSION, "write", [session], marked)
        j.snapshot_activities(self.first_activity)
        cast_ballots(j, session, [reg], list(MEMBERS[:-1]), secretary=TCCB, absent=[absent])
        j.refuse("kttv_council3", SESSION, "action_close_vote", [session], why="closed by another than the secretary")
        j.call(TCCB, SESSION, "action_close_vote", [session])
        j.expect(SESSION, session, "state", "closed", "the secretary closed the vote")
        j.expect(REG, reg, "vote_passed", True, "the council voted")

    def decision_and_signature(self):
        j, reg = self.j, self.main
        decision = self.decision = j.create(TCCB, DECISION, {"phase_id": self.phase})
        j.call(TCCB, DECISION, "action_fetch_passed", [decision])
        fetched = j.read(DECISION, decision, ["registration_ids"])["registration_ids"]
        if reg not in fetched:
            j.broken.append(f"action_fetch_passed did not take {reg} (took {fetched})")
            raise PathBroken("fetch passed")
        j.refuse(UNIT, DECISION, "action_to_sign", [decision], why="the unit sends a decision for signature")
        j.call(TCCB, DECISION, "action_to_sign", [decision])
        j.expect(DECISION, decision, "state", "to_sign", "TCCB sent the decision for signature")
        j.call(TCCB, DECISION, "action_reset_to_draft", [decision])
        j.expect(DECISION, decision, "state", "draft", "TCCB put the decision back to draft")
        j.call(TCCB, DECISION, "action_to_sign", [decision])
        j.call(TCCB, DECISION, "action_open_registrations", [decision])
        j.refuse(TCCB, DECISION, "action_sign", [decision], why="TCCB signs an Administration decision")
        j.refuse(UNIT, DECISION, "action_sign", [decision], why="the unit signs")
        j.snapshot_activities(self.first_activity)
        j.call(DIRECTOR, DECISION, "action_sign", [decision])
        j.expect(DECISION, decision, "state", "signed", "the Director General signed")
        j.expect(REG, reg, "state", "recognized", "the Director General signed")
        j.refuse(DIRECTOR, DECISION, "action_sign", [decision], why="signs twice")
        j.refuse(UNIT, DECISION, "action_top_up_rewards", [decision], why="the unit pays a difference")
        j.refuse(TCCB, DECISION, "action_top_up_rewards", [decision], why="paid at today's rate: nothing is due")
        j.refuse(DIRECTOR, DECISION, "write", [decision], {"subject": "Sửa"}, why="a signed decision edited")

    def ministry(self):
        j, reg = self.j, self.main
        proposal = self.proposal = j.create(
            TCCB,
            PROPOSAL,
            {
                "phase_id": self.phase,
                "registration_ids": [(6, 0, [reg])],
                "body": "<p>Đề nghị Bộ trưởng công nhận điển hình tiên tiến (kiểm thử RPC).</p>",
            },
        )
        j.refuse(TCCB, PROPOSAL, "action_record_decision", [proposal], why="a decision on a proposal not sent")
        j.call(TCCB, PROPOSAL, "action_send", [proposal])
        j.expect(REG, reg, "state", "ministry_proposed", "TCCB proposed it to the Ministry")
        j.refuse(TCCB, PROPOSAL, "action_send", [proposal], why="sent twice")
        action = j.call(TCCB, PROPOSAL, "action_record_decision", [proposal])
        if not isinstance(action, dict) or not action.get("res_id"):
            raise PathBroken("no Ministry decision to record")
        ministry = self.ministry_decision = action["res_id"]
        j.records[DECISION].add(ministry)
        j.refuse(TCCB, DECISION, "action_sign", [ministry], why="a Ministry decision without its number")
        j.call(
            TCCB,
            DECISION,
            "write",
            [ministry],
            {
                "number_entry": "917/QĐ-BTNMT",
                "signer_name": "Đỗ Đức Duy",
                "signer_title": "Bộ trưởng Bộ Tài nguyên và Môi trường",
            },
        )
        j.call(TCCB, DECISION, "action_sign", [ministry])
        j.expect(REG, reg, "state", "ministry_recognized", "TCCB recorded the Ministry's decision")
        j.expect(PROPOSAL, proposal, "state", "decided", "TCCB recorded the Ministry's decision")

    def cancel_decisions(self):
        """The way back, each step with its reason: the Ministry's decision, the proposal, ours."""
        j, reg = self.j, self.main
        j.refuse(UNIT, DECISION, "action_cancel", [self.decision], why="the unit cancels a decision")
        j.refuse(DIRECTOR, DECISION, "action_cancel", [self.decision], why="the exemplar went on to the Ministry")
        j.refuse(TCCB, PROPOSAL, "action_cancel", [self.proposal], why="withdrawn while the Ministry decided")
        action = j.call(TCCB, DECISION, "action_cancel", [self.ministry_decision])
        j.run_wizard(TCCB, action, {"reason": "Bộ ban hành nhầm danh sách, sẽ ban hành lại."})
        j.expect(DECISION, self.ministry_decision, "state", "cancelled", "TCCB cancelled the Ministry's decision")
        j.expect(REG, reg, "state", "ministry_proposed", "the Ministry's decision was cancelled")
        j.call(TCCB, PROPOSAL, "action_cancel", [self.proposal])
        j.expect(REG, reg, "state", "recognized", "TCCB withdrew the proposal")
        j.refuse(TCCB, DECISION, "action_cancel", [self.decision], why="TCCB cancels a signed decision")
        action = j.call(DIRECTOR, DECISION, "action_cancel", [self.decision])
        j.run_wizard(DIRECTOR, action, {"reason": "Quyết định ghi sai danh hiệu, sẽ ban hành quyết định thay thế."})
        j.expect(DECISION, self.decision, "state", "cancelled", "the Director General cancelled the decision")
        j.expect(REG, reg, "state", "council", "the decision was cancelled")
        j.refuse(DIRECTOR, DECISION, "action_cancel", [self.decision], why="cancelled twice")

    # The side exits

    def side_exits(self):
        j = self.j
        returned = self.new_registration(self.candidates[1], "Cải tiến quy trình bảo dưỡng trạm đo mưa (kiểm thử RPC).")
        j.call(UNIT, REG, "action_submit", [returned])
        j.refuse(UNIT, REG, "action_return", [returned], why="the unit returns to itself")
        action = j.call(TCCB, REG, "action_return", [returned])
        j.run_wizard(TCCB, action, {"reason": "Bổ sung số liệu trước và sau cải tiến."})
        j.expect(REG, returned, "state", "draft", "TCCB returned it to the unit")
        j.call(UNIT, REG, "write", [returned], {"model_summary": "Cải tiến quy trình bảo dưỡng, có số liệu so sánh."})
        j.call(UNIT, REG, "action_submit", [returned])
        j.expect(REG, returned, "state", "submitted", "the unit submitted again")

        refused = self.new_registration(self.candidates[2], "Tham gia phong trào văn nghệ (kiểm thử RPC).")
        j.call(UNIT, REG, "action_submit", [refused])
        j.refuse(UNIT, REG, "action_refuse", [refused], why="the unit refuses")
        action = j.call(TCCB, REG, "action_refuse", [refused])
        j.run_wizard(TCCB, action, {"reason": "Chưa đáp ứng tiêu chí thành tích tiêu biểu."})
        j.expect(REG, refused, "state", "refused", "TCCB refused it")
        j.refuse(TCCB, REG, "action_accept", [refused], why="a refused registration accepted")

        cancelled = self.new_registration(self.candidates[3], "Mô hình tiết kiệm điện (kiểm thử RPC).")
        action = j.call(UNIT, REG, "action_cancel", [cancelled])
        j.run_wizard(UNIT, action, {"reason": "Cá nhân chuyển công tác."})
        j.expect(REG, cancelled, "state", "cancelled", "the unit cancelled it")
        j.refuse(UNIT, REG, "action_submit", [cancelled], why="a cancelled registration submitted")

    # The rest of the plan's work

    def unit_plans(self):
        j = self.j
        domain = [("phase_id", "=", self.phase), ("department_id", "=", self.unit)]
        plans = j.call(UNIT, "kttv.unit.plan", "search", domain)
        if not plans:
            raise PathBroken("the unit has no plan for the phase")
        plan = plans[0]
        j.records["kttv.unit.plan"].add(plan)
        if j.read("kttv.unit.plan", plan, ["state"])["state"] == "submitted":
            j.refuse(UNIT, "kttv.unit.plan", "action_return", [plan], why="the unit returns its own plan")
            j.call(TCCB, "kttv.unit.plan", "action_return", [plan])
            j.expect("kttv.unit.plan", plan, "state", "draft", "TCCB returned the unit plan")
        j.call(UNIT, "kttv.unit.plan", "write", [plan], {"reporting": "<p>Báo cáo hằng quý về TCCB.</p>"})
        j.call(UNIT, "kttv.unit.plan", "action_submit", [plan])
        j.expect("kttv.unit.plan", plan, "state", "submitted", "the unit submitted its plan")
        j.refuse(UNIT, "kttv.unit.plan", "action_submit", [plan], why="submitted twice")

        phase = "kttv.exemplar.phase"
        j.records[phase].add(self.phase)
        j.refuse(UNIT, phase, "action_create_unit_plans", [self.phase], why="the unit prepares every plan")
        j.call(TCCB, phase, "action_create_unit_plans", [self.phase])
        j.call(TCCB, phase, "action_open_unit_plans", [self.phase])
        j.call(UNIT, phase, "action_open_registrations", [self.phase])
        plan_2021 = j.ref("kttv_emulation.plan_2021_2025")
        j.records["kttv.exemplar.plan"].add(plan_2021)
        j.call(TCCB, "kttv.exemplar.plan", "action_open_registrations", [plan_2021])
        j.refuse(UNIT, "kttv.exemplar.plan", "action_create_unit_plans", [plan_2021], why="the unit prepares them")
        j.call(TCCB, "kttv.exemplar.plan", "action_create_unit_plans", [plan_2021])
        j.refuse(UNIT, "kttv.exemplar.plan", "action_copy_next_period", [plan_2021], why="the unit starts a plan")
        copied = j.call(TCCB, "kttv.exemplar.plan", "action_copy_next_period", [plan_2021])
        if isinstance(copied, dict):
            j.records["kttv.exemplar.plan"].add(copied["res_id"])
        j.refuse(UNIT, phase, "action_remind_late_units", [self.phase], why="the unit reminds the late units")
        j.call(TCCB, phase, "action_remind_late_units", [self.phase])
        for login in (UNIT, TCCB, DIRECTOR, EMPLOYEE):
            home = j.call(login, "res.users", "get_kttv_home_data")
            if not isinstance(home, dict):
                continue
            for task in home["tasks"]:
                j.texts.append((f"home of {login}: task", f"{task['type']} · {task['model_label']}"))
            for row in home["deadlines"]:
                j.texts.append((f"home of {login}: who acts on {row['name']}", row["actor"]))
            for line in (home.get("my_record") or {}).get("close_to", []):
                j.texts.append((f"home of {login}: what they are close to", line))
        j.call(EMPLOYEE, "res.users", "action_kttv_print_my_record")
        dashboard = j.call(TCCB, phase, "get_dashboard_data", phase_id=self.phase)
        if isinstance(dashboard, dict):
            for row in dashboard.get("states", []):
                j.texts.append(("dashboard: state label", row["label"]))
            for row in dashboard.get("milestones", []):
                j.texts.append((f"dashboard: who acts on {row['name']}", row["actor"]))
            for row in dashboard.get("funds", []):
                j.texts.append(("dashboard: fund level", row["label"]))
        j.refuse(UNIT, phase, "get_dashboard_data", phase_id=self.phase, why="the unit opens the dashboard")

    def milestones(self):
        j = self.j
        open_ones = j.call(
            TCCB, "kttv.exemplar.milestone", "search", [("phase_id", "=", self.phase), ("done", "=", False)], limit=1
        )
        if not open_ones:
            raise PathBroken("no open milestone in the phase")
        j.records["kttv.exemplar.milestone"].update(open_ones)
        j.refuse(UNIT, "kttv.exemplar.milestone", "action_done", open_ones, why="the unit ticks off a milestone")
        j.call(TCCB, "kttv.exemplar.milestone", "action_done", open_ones)
        j.expect("kttv.exemplar.milestone", open_ones[0], "done", True, "TCCB marked the milestone done")

    def replication(self):
        j, model = self.j, "kttv.replication.activity"
        j.call(UNIT, REG, "action_open_replication", [self.main])
        activity = j.create(
            UNIT,
            model,
            {
                "name": "Trao đổi kinh nghiệm dự báo mưa lớn bằng ra đa (kiểm thử RPC)",
                "kind": "exchange",
                "date": "2025-12-15",
                "organising_unit_id": self.unit,
                "phase_id": self.phase,
                "registration_ids": [(6, 0, [self.main])],
                "participant_count": 20,
                "place": "Hà Nội",
                "cost": 300_000,
            },
        )
        j.refuse(UNIT, model, "action_charge_cost", [activity], why="charged before it is held, by the unit")
        j.call(UNIT, model, "action_done", [activity])
        j.expect(model, activity, "state", "done", "the unit recorded the activity as held")
        j.refuse(UNIT, model, "action_done", [activity], why="held twice")
        j.call(TCCB, model, "action_charge_cost", [activity])
        if not j.read(model, activity, ["fund_line_id"])["fund_line_id"]:
            j.broken.append("TCCB charged the activity: it has no fund line")
            raise PathBroken("charge")
        j.refuse(TCCB, model, "action_charge_cost", [activity], why="charged twice")
        action = j.call(TCCB, model, "action_cancel_charge", [activity])
        j.run_wizard(TCCB, action, {"reason": "Chi phí ghi sai, sẽ ghi lại."})
        j.call(UNIT, model, "action_cancel", [activity])
        j.expect(model, activity, "state", "cancelled", "the unit cancelled the activity")

    def plan_review(self):
        j, model = self.j, "kttv.plan.review"
        review = j.create(
            UNIT,
            model,
            {
                "name": "Sơ kết điển hình tiên tiến của Đài (kiểm thử RPC)",
                "kind": "interim",
                "scope": "unit",
                "department_id": self.unit,
                "phase_id": self.phase,
                "summary": "<p>Đơn vị đã đăng ký và bồi dưỡng các điển hình theo kế hoạch.</p>",
            },
        )
        j.refuse(UNIT, model, "write", [review], {"registration_count": 99}, why="figures typed by hand")
        j.call(UNIT, model, "action_refresh", [review])
        j.call(UNIT, model, "action_done", [review])
        j.expect(model, review, "state", "done", "the unit closed its review")
        j.refuse(UNIT, model, "action_done", [review], why="closed twice")
        j.refuse(UNIT, model, "action_refresh", [review], why="figures of a closed review updated")

    def spreadsheets(self):
        """Each import: download the template, copy its example into the data row, check, import."""
        j = self.j
        code = j.read("hr.employee", self.candidates[4], ["kttv_code"])["kttv_code"]
        for login, model, extra, employee in (
            (UNIT, REG_IMPORT, {"phase_id": self.phase, "registering_unit_id": self.unit}, code),
            (UNIT, HISTORY_IMPORT, {}, None),
            (TCCB, HISTORY_IMPORT, {}, None),
        ):
            wizard = j.create(login, model, extra)
            j.call(login, model, "action_download_template", [wizard])
            # A wizard is its creator's only (issue 11): even the administrator reads none of another's.
            template = j.read_as(login, model, wizard, ["template_file"])["template_file"]
            if not template:
                j.broken.append(f"{model}: no template after action_download_template")
                continue
            j.call(login, model, "write", [wizard], {"file": template, "filename": "mau-trong.xlsx"})
            j.refuse(login, model, "action_check", [wizard], why="the template without a row")
            filled = _fill_template_example(template, employee)
            j.call(login, model, "write", [wizard], {"file": filled, "filename": "danh-sach.xlsx"})
            j.call(login, model, "action_check", [wizard])
            if model == REG_IMPORT:
                j.call(login, model, "action_import", [wizard])
            elif login == UNIT:
                j.refuse(login, model, "action_import", [wizard], why="the unit imports the history")
            self._import_texts(login, model, wizard)
        for kind in ("registrations", "statistics", "history"):
            wizard = j.create(
                TCCB,
                "kttv.xlsx.export.wizard",
                {"kind": kind, "phase_id": self.phase, "department_id": self.unit, "year_from": 2021},
            )
            j.call(TCCB, "kttv.xlsx.export.wizard", "action_export", [wizard])

    def _import_texts(self, login, model, wizard):
        j = self.j
        result = j.read_as(login, model, wizard, ["result"])["result"]
        if result:
            j.texts.append((f"{model} {wizard}: result", result))
        for issue in j.user(login)(
            "kttv.xlsx.import.issue",
            "search_read",
            [("wizard_model", "=", model), ("wizard_id", "=", wizard)],
            ["row", "column", "message"],
        ):
            j.texts.append((f"{model} {wizard}: problem row {issue['row']} {issue['column']}", issue["message"]))

    def employees(self):
        j = self.j
        own = j.call(EMPLOYEE, "hr.employee.public", "search", [("user_id", "=", self.uid[EMPLOYEE])])
        if own:
            j.records["hr.employee.public"].update(own)
            j.call(EMPLOYEE, "hr.employee.public", "action_kttv_achievements", own)
        j.call(UNIT, "hr.employee.public", "action_kttv_achievements", [self.candidates[0]])
        j.call(TCCB, "hr.employee", "action_kttv_achievements", [self.candidates[0]])
        j.call(TCCB, "hr.department", "action_kttv_achievements", [self.unit])
        j.refuse(EMPLOYEE, REG, "read", [self.main], ["name"], why="a plain employee reads a registration")

    def run(self):
        self.first_activity = self.j.max_id("mail.activity")
        sections = [
            self.register_and_nominate,
            self.council,
            self.decision_and_signature,
            self.ministry,
            self.cancel_decisions,
            self.side_exits,
            self.unit_plans,
            self.milestones,
            self.replication,
            self.plan_review,
            self.spreadsheets,
            self.employees,
        ]
        # Each step of the main path needs the one before it.
        needs = {
            "council": "register_and_nominate",
            "decision_and_signature": "council",
            "ministry": "decision_and_signature",
            "cancel_decisions": "ministry",
        }
        stopped = set()
        for section in sections:
            name = section.__name__
            if needs.get(name) in stopped:
                self.j.broken.append(f"{name}: not reached ({needs[name]} stopped)")
                stopped.add(name)
                continue
            try:
                section()
            except PathBroken as broken:
                self.j.broken.append(f"{name}: stopped ({broken})")
                stopped.add(name)
            except Exception as error:  # a section that crashes is reported, the others still run
                self.j.broken.append(f"{name}: crashed ({error!r})")
                stopped.add(name)
            self.j.snapshot_activities(self.first_activity)


def _fill_template_example(template, employee_code=None):
    """The template with its example (instructions sheet, column D) copied into the data row.

    The employee code of the example is replaced by ``employee_code`` when given.
    """
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(template)))
    sheet, guide = workbook.worksheets[0], workbook.worksheets[1]
    for index in range(1, sheet.max_column + 1):
        value = guide.cell(row=3 + index, column=4).value
        if employee_code and value == "KT0001":
            value = employee_code
        sheet.cell(row=2, column=index, value=value)
    output = io.BytesIO()
    workbook.save(output)
    return base64.b64encode(output.getvalue()).decode()


def _chatter_texts(journal, first_message):
    """Bodies and tracked values of every message the path posted.

    Read as the administrator; the notifications of assigned activities, which
    only their recipients read, as each demo user of the path.
    """
    read = ["model", "res_id", "body", "subject", "message_type", "tracking_value_ids"]
    messages = {
        message["id"]: message
        for message in journal.admin("mail.message", "search_read", [("id", ">", first_message)], read)
    }
    for login in (UNIT, TCCB, EMPLOYEE, *MEMBERS):
        domain = [("id", ">", first_message), ("message_type", "=", "user_notification")]
        for message in journal.user(login)("mail.message", "search_read", domain, read[:-1]):
            messages.setdefault(message["id"], {**message, "tracking_value_ids": []})
    messages = [messages[key] for key in sorted(messages)]
    admin = journal.admin
    tracking_ids = []
    for message in messages:
        where = f"message {message['id']} ({message['message_type']}) on {message['model']} {message['res_id']}"
        for field in ("subject", "body"):
            if message[field]:
                journal.texts.append((f"{where}: {field}", message[field]))
        tracking_ids += message["tracking_value_ids"]
    if not tracking_ids:
        return len(messages)
    values = admin(
        "mail.tracking.value", "read", tracking_ids, ["field_id", "old_value_char", "new_value_char", "mail_message_id"]
    )
    field_ids = sorted({value["field_id"][0] for value in values if value["field_id"]})
    fields = admin("ir.model.fields", "read", field_ids, ["field_description"])
    labels = {row["id"]: row["field_description"] for row in fields}
    for value in values:
        where = f"tracked value in message {value['mail_message_id'][0]}"
        if value["field_id"]:
            journal.texts.append((f"{where}: field", labels[value["field_id"][0]]))
        for field in ("old_value_char", "new_value_char"):
            if value[field]:
                journal.texts.append((f"{where}: {field}", value[field]))
    return len(messages)


def _server_errors(log_path, offset):
    """The ERROR lines the server logged since ``offset``, each with the last line of its traceback."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        lines = log.read().splitlines()
    errors = []
    for index, line in enumerate(lines):
        if " ERROR " not in line or not LOG_LINE.match(line):
            continue
        tail = ""
        for follow in lines[index + 1 :]:
            if LOG_LINE.match(follow):
                break
            if follow.strip():
                tail = follow.strip()
        errors.append(f"{line}{' → ' + tail if tail else ''}")
    return errors


def _english(journal):
    vocabulary = english_vocabulary(
        (ADDON / "i18n" / "kttv_emulation.pot").read_text(encoding="utf-8"),
        (ADDON / "i18n" / "vi.po").read_text(encoding="utf-8"),
        ALLOWED_WORDS,
    )
    found = []
    for origin, text in journal.texts:
        english = english_words_in(text, vocabulary)
        if english:
            shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
            found.append(f"{origin}: {', '.join(english)} in «{shown}»")
    return found


@pytest.fixture(scope="module")
def path_run(odoo_server):
    journal = Journal(odoo_server)
    journal.language = ensure_vietnamese(journal)
    first_message = journal.max_id("mail.message")
    offset = os.path.getsize(odoo_server.log_path)
    Path(journal).run()
    journal.message_count = _chatter_texts(journal, first_message)
    journal.server_errors = [
        f"{journal.error_calls.get(line, 'outside any call')}: {line}"
        for line in _server_errors(odoo_server.log_path, offset)
    ]
    journal.english = _english(journal)
    methods = public_methods([ADDON / "models", ADDON / "wizard"])
    journal.not_called = sorted(
        f"{model}.{method}"
        for model in journal.called
        for method in methods.get(model, ())
        if method not in journal.called[model] and (model, method) not in NOT_ON_PATH
    )
    _write_report(journal)
    return journal


def _write_report(journal):
    """The whole journal, for the people fixing what it found."""
    sections = {
        "Public methods that answer None over XML-RPC": _none_returns(journal),
        "Faults on calls that should succeed": journal.faults,
        "Path stopped or not reached": journal.broken,
        "Calls that should be refused and were not": journal.not_refused,
        "ERROR lines in the server log": journal.server_errors,
        "English words in what the users received": journal.english,
        "Public methods of the models met that the path does not call": journal.not_called,
    }
    lines = [
        f"{journal.calls} calls; Vietnamese {journal.language}; {len(journal.texts)} texts checked "
        f"({journal.message_count} chatter messages)."
    ]
    for title, items in sections.items():
        lines += ["", f"## {title} ({len(items)})", *items]
    lines += ["", f"## Every text checked for English ({len(journal.texts)})"]
    lines += [f"{origin}: «{' '.join(text.split())}»" for origin, text in journal.texts]
    folder = os.environ.get("KTTV_LOG_DIR") or "/tmp"
    pathlib.Path(folder, "e2e-rpc-path.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _none_returns(journal):
    return [f"{method} (as {', '.join(sorted(logins))})" for method, logins in sorted(journal.none_returns.items())]


def _listing(items):
    return "\n" + "\n".join(f"  - {item}" for item in items)


def test_every_public_method_answers_something_rpc_can_carry(path_run):
    none_returns = _none_returns(path_run)
    assert not none_returns, f"{len(none_returns)} methods answer None (cannot marshal None):" + _listing(none_returns)


def test_the_path_runs_without_fault(path_run):
    problems = path_run.faults + path_run.broken
    assert not problems, f"{len(problems)} faults or stops on the path:" + _listing(problems)


def test_what_must_be_refused_is_refused(path_run):
    assert not path_run.not_refused, "calls not refused:" + _listing(path_run.not_refused)


def test_the_server_logs_no_error(path_run):
    errors = path_run.server_errors
    assert not errors, f"{len(errors)} ERROR lines in the server log during the path:" + _listing(errors)


def test_no_english_word_reaches_the_users(path_run):
    assert path_run.texts, "the path received no message at all"
    english = path_run.english
    assert not english, f"{len(english)} texts with English words:" + _listing(english)


def test_every_public_method_of_the_path_is_called(path_run):
    assert path_run.called[REG] >= {"action_submit", "action_accept", "action_nominate"}
    assert not path_run.not_called, "public methods of the models met, never called:" + _listing(path_run.not_called)
