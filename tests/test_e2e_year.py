"""One emulation year on a real server, each step by the user of the role who takes it.

A real Odoo server on the copy of the test database (``tests/e2e.py``), driven
over XML-RPC without ``allow_none`` (a public method answering None fails the
call) and with ``lang=vi_VN`` (the messages asserted are the Vietnamese ones).
TCCB, the council members and the Director General are the demo users; the two
units, their officers and their people are made here, so the year does not
depend on what the demo tells of it:

TCCB launches the year's regular movement; the two units register their titles
and TCCB accepts them; TCCB recognises an initiative at unit scope and enters
the year's ratings; the review proposes CSTĐCS for the author of the initiative
and refuses it, naming the missing condition, for a colleague rated excellent
without one; a TTLĐXS is refused below 70% of Advanced Workers and accepted at
70%; the units vote and submit; the council votes on one ballot per member; the
head signs one decision for the titles of their authority, while the CSTĐ cấp
bộ and the TTLĐXS (the Minister's) go to the Ministry in one proposal and are
written by its decision; the achievements carry the decisions' numbers; the
streak and the exemplar criteria of the 2026-2030 plan read them; the spent
initiative serves for no second title.
"""

import xmlrpc.client

import pytest

from tests.test_e2e_rpc_path import FAULT_ACCESS, FAULT_WARNING, Journal, ensure_vietnamese

pytestmark = pytest.mark.e2e

# The year the demo tells (2026) and the 2026-2030 plan's first assessed year, not the clock's:
# the review of a year runs into the next January.
YEAR = 2026
NOMINATION = "kttv.title.nomination"
SESSION = "kttv.council.session"
DECISION = "kttv.emulation.decision"
TCCB, DIRECTOR = "kttv_officer", "kttv_director"
MEMBERS = ("kttv_council", "kttv_council2", "kttv_council3", "kttv_director")
UNIT_A, UNIT_B, EMPLOYEE = "kttv_e2e_year_a", "kttv_e2e_year_b", "kttv_e2e_year_nv"


def refused(client, model, method, *args, code=(FAULT_WARNING, FAULT_ACCESS), **kwargs):
    """The message of a call that must be refused (a UserError, ValidationError or AccessError)."""
    with pytest.raises(xmlrpc.client.Fault) as fault:
        client(model, method, *args, **kwargs)
    assert fault.value.faultCode in code, fault.value.faultString
    return fault.value.faultString


class Year:
    """The year's records, made by the administrator where the year starts (units, people, users)."""

    def __init__(self, server):
        self.j = Journal(server)
        self.language = ensure_vietnamese(self.j)
        admin = self.j.admin
        self.title = {
            code: admin("kttv.emulation.title", "search", [("code", "=", code)])[0]
            for code in ("LDTT", "CSTDCS", "CSTDBO", "TTLDXS")
        }
        self.unit_a, self.unit_b = admin(
            "hr.department",
            "create",
            [
                {"name": "Đài KTTV khu vực Tây Bắc (kiểm thử năm)", "kttv_is_unit": True},
                {"name": "Đài KTTV khu vực Việt Bắc (kiểm thử năm)", "kttv_is_unit": True},
            ],
        )
        # Two offices of unit A, for its collectives' titles: 10 and 13 people.
        self.forecast, self.network = admin(
            "hr.department",
            "create",
            [
                {"name": "Phòng Dự báo KTTV (kiểm thử năm)", "parent_id": self.unit_a},
                {"name": "Phòng Mạng lưới trạm (kiểm thử năm)", "parent_id": self.unit_a},
            ],
        )
        people = [
            # Phòng Dự báo: the author, a colleague rated excellent without initiative, 5 rated good, 3 completed.
            ("author", "Nguyễn Văn An", self.forecast, "excellent"),
            ("colleague", "Trần Thị Bình", self.forecast, "excellent"),
            *((f"forecast_good_{i}", f"Dự báo viên {i} Tây Bắc", self.forecast, "good") for i in range(5)),
            *((f"forecast_done_{i}", f"Quan trắc viên {i} Tây Bắc", self.forecast, "completed") for i in range(3)),
            # Phòng Mạng lưới trạm: the co-author, 8 rated good, 4 completed: 9 of 13 Advanced Workers.
            ("co_author", "Lê Thị Cúc", self.network, "excellent"),
            *((f"network_good_{i}", f"Kỹ thuật viên {i} Tây Bắc", self.network, "good") for i in range(8)),
            *((f"network_done_{i}", f"Nhân viên trạm {i} Tây Bắc", self.network, "completed") for i in range(4)),
            # Unit B: an Advanced Worker, and a fighter with two CSTĐCS behind them and two initiatives.
            ("worker", "Hoàng Văn Dũng", self.unit_b, "good"),
            ("fighter", "Phạm Thị Giang", self.unit_b, "excellent"),
        ]
        ids = admin(
            "hr.employee",
            "create",
            [
                {"name": name, "department_id": department, "kttv_code": f"NAM{index:04d}"}
                for index, (_key, name, department, _rating) in enumerate(people)
            ],
        )
        self.emp = {key: ident for (key, *_rest), ident in zip(people, ids, strict=True)}
        self.ratings = [(self.emp[key], rating) for (key, _name, _dept, rating) in people]
        unit_group = self.j.ref("kttv_emulation.group_emulation_unit")
        user_group = self.j.ref("base.group_user")
        for login, name, unit, groups in (
            (UNIT_A, "Đặng Thị Hồng", self.unit_a, [user_group, unit_group]),
            (UNIT_B, "Bùi Văn Khánh", self.unit_b, [user_group, unit_group]),
            (EMPLOYEE, "Lê Thị Cúc", False, [user_group]),
        ):
            values = {
                "name": name,
                "login": login,
                "password": login,
                "lang": "vi_VN",
                "tz": "Asia/Ho_Chi_Minh",
                "groups_id": [(6, 0, groups)],
            }
            if unit:
                values["kttv_unit_ids"] = [(6, 0, [unit])]
            uid = admin("res.users", "create", values, context={"no_reset_password": True})
            if not unit:
                admin("hr.employee", "write", [self.emp["co_author"]], {"user_id": uid})
        self.a, self.b = self.j.user(UNIT_A), self.j.user(UNIT_B)
        self.tccb, self.director = self.j.user(TCCB), self.j.user(DIRECTOR)
        self.employee = self.j.user(EMPLOYEE)

    def read(self, model, ids, fields, login=TCCB):
        return self.j.user(login)(model, "read", ids, fields)

    def nominate(self, client, subject, title, *, votes=(20, 18), year=YEAR, field="employee_id"):
        return client(
            NOMINATION,
            "create",
            {
                field: subject,
                "title_id": self.title[title],
                "year": year,
                "vote_members": votes[0],
                "vote_for": votes[1],
            },
        )


def test_one_emulation_year_as_each_role(odoo_server):
    y = Year(odoo_server)
    tccb, a, b, director = y.tccb, y.a, y.b, y.director
    emp, title = y.emp, y.title

    # 1. TCCB launches the year's regular movement, by its document; a unit cannot.
    movement_values = {
        "name": f"Phong trào thi đua thường xuyên năm {YEAR} (kiểm thử năm)",
        "kind": "regular",
        "year": YEAR,
        "date_start": f"{YEAR}-01-01",
        "date_end": f"{YEAR}-12-31",
        "registration_deadline": f"{YEAR}-12-31",
    }
    refused(a, "kttv.emulation.movement", "create", movement_values)
    movement = tccb("kttv.emulation.movement", "create", movement_values)
    message = refused(tccb, "kttv.emulation.movement", "action_launch", [movement])
    assert "hãy nhập số và ngày của văn bản phát động trước" in message, message
    tccb(
        "kttv.emulation.movement",
        "write",
        [movement],
        {"document_number": "01/KH-KTTV", "document_date": f"{YEAR}-01-05"},
    )
    assert tccb("kttv.emulation.movement", "action_launch", [movement]) is True
    assert y.read("kttv.emulation.movement", [movement], ["state"])[0]["state"] == "launched"

    # 2. The two units register their titles, each its own; TCCB accepts.
    registration = "kttv.title.registration"

    def lines(*rows):
        return [(0, 0, {field: subject, "title_id": title[code]}) for field, subject, code in rows]

    refused(
        a,
        registration,
        "create",
        {"department_id": y.unit_b, "year": YEAR, "movement_id": movement},
        code=(FAULT_ACCESS,),
    )
    reg_a = a(
        registration,
        "create",
        {
            "department_id": y.unit_a,
            "year": YEAR,
            "movement_id": movement,
            "line_ids": lines(
                ("employee_id", emp["author"], "CSTDCS"),
                ("employee_id", emp["colleague"], "CSTDCS"),
                ("department_id", y.forecast, "TTLDXS"),
                ("department_id", y.network, "TTLDXS"),
            ),
        },
    )
    reg_b = b(
        registration,
        "create",
        {
            "department_id": y.unit_b,
            "year": YEAR,
            "movement_id": movement,
            "line_ids": lines(("employee_id", emp["worker"], "LDTT"), ("employee_id", emp["fighter"], "CSTDBO")),
        },
    )
    refused(b, registration, "action_submit", [reg_a], code=(FAULT_ACCESS,))
    assert a(registration, "action_submit", [reg_a]) is True
    assert b(registration, "action_submit", [reg_b]) is True
    refused(a, registration, "action_accept", [reg_a])
    assert tccb(registration, "action_accept", [reg_a, reg_b]) is True
    rows = y.read(registration, [reg_a, reg_b], ["state", "is_late", "line_count"])
    assert [(row["state"], row["is_late"], row["line_count"]) for row in rows] == [
        ("accepted", False, 4),
        ("accepted", False, 2),
    ]
    late = tccb(registration, "action_open_late_units")
    assert (late["res_model"], late["name"]) == ("hr.department", f"Đơn vị chậm đăng ký thi đua năm {YEAR}")
    refused(a, registration, "action_open_late_units")

    # 3. Initiatives: the unit submits, TCCB records the recognition (unit A's at unit scope).
    initiative = "kttv.initiative"
    ours = a(
        initiative,
        "create",
        {
            "name": "Tự động hóa kiểm soát chất lượng số liệu mưa (kiểm thử năm)",
            "department_id": y.unit_a,
            "year": YEAR,
            "field_of_work": "Quan trắc",
            "change_description": "Kiểm tra số liệu mưa tự động thay cho kiểm tra thủ công.",
            "effect": "Rút ngắn thời gian kiểm soát số liệu từ 2 giờ xuống 10 phút.",
            "author_ids": [
                (0, 0, {"employee_id": emp["author"], "share": 70}),
                (0, 0, {"employee_id": emp["co_author"], "share": 30}),
            ],
        },
    )
    message = refused(a, initiative, "write", [ours], {"scope": "unit", "decision_number": "1/QĐ"})
    assert "chỉ Vụ TCCB ghi việc công nhận" in message, message
    fighter_unit, fighter_ministry = (
        b(
            initiative,
            "create",
            {
                "name": name,
                "department_id": y.unit_b,
                "year": YEAR,
                "author_ids": [(0, 0, {"employee_id": emp["fighter"], "share": 100})],
            },
        )
        for name in (
            "Bản tin cảnh báo lũ quét cấp huyện (kiểm thử năm)",
            "Hệ thống cảnh báo lũ quét toàn ngành (kiểm thử năm)",
        )
    )
    assert a(initiative, "action_submit", [ours]) is True
    assert b(initiative, "action_submit", [fighter_unit, fighter_ministry]) is True
    refused(a, initiative, "action_recognize", [ours])
    for ident, scope, number in (
        (ours, "unit", "12/QĐ-ĐKTTVTB"),
        (fighter_unit, "unit", "8/QĐ-ĐKTTVVB"),
        (fighter_ministry, "ministry", "7/QĐ-BNNMT"),
    ):
        tccb(
            initiative, "write", [ident], {"scope": scope, "decision_number": number, "decision_date": f"{YEAR}-10-20"}
        )
    assert tccb(initiative, "action_recognize", [ours, fighter_unit, fighter_ministry]) is True
    rows = y.read(initiative, [ours], ["state", "scope"])
    assert (rows[0]["state"], rows[0]["scope"]) == ("recognized", "unit")

    # 4. The year's ratings, entered by TCCB (the access rules give units read-only ratings today); the
    #    fighter's history of two CSTĐCS typed in by TCCB.
    rating = "kttv.annual.rating"
    tccb(
        rating,
        "create",
        [{"employee_id": ident, "year": YEAR, "rating": value} for ident, value in y.ratings]
        + [{"department_id": ident, "year": YEAR, "rating": "excellent"} for ident in (y.forecast, y.network)],
    )
    tccb(
        "kttv.achievement",
        "create",
        [
            {
                "employee_id": emp["fighter"],
                "year": year,
                "title_id": title["CSTDCS"],
                "decision_number": f"{year - 2000}/QĐ-ĐKTTVVB",
                "decision_date": f"{year + 1}-01-10",
                "authority": "Giám đốc Đài KTTV khu vực Việt Bắc",
            }
            for year in (YEAR - 2, YEAR - 1)
        ],
    )

    # 5. The review: CSTĐCS proposed for the author, refused for the colleague, the missing condition named.
    author = y.nominate(a, emp["author"], "CSTDCS", votes=(12, 11))
    colleague = y.nominate(a, emp["colleague"], "CSTDCS", votes=(12, 10))
    fields = ["condition_result", "condition_reason", "condition_html", "proposed_initiative_id"]
    got = {row["id"]: row for row in y.read(NOMINATION, [author, colleague], fields, login=UNIT_A)}
    assert got[author]["condition_result"] == "pass", got[author]["condition_html"]
    assert got[author]["proposed_initiative_id"][0] == ours
    assert "Tự động hóa kiểm soát chất lượng số liệu mưa" in got[author]["condition_html"]
    assert got[colleague]["condition_result"] == "fail"
    missing = "Sáng kiến đã được công nhận hoặc đề tài đã được nghiệm thu, chưa sử dụng: không có"
    assert got[colleague]["condition_reason"] == missing, got[colleague]["condition_reason"]
    message = refused(a, NOMINATION, "action_submit", [colleague])
    assert "chưa đạt điều kiện của danh hiệu" in message and missing in message, message
    # What another unit's officer proposes of unit A is refused; a plain employee proposes nothing.
    refused(b, NOMINATION, "create", {"employee_id": emp["colleague"], "title_id": title["LDTT"], "year": YEAR})
    refused(y.employee, NOMINATION, "action_submit", [author])

    # 6. TTLĐXS: refused below 70% of Advanced Workers, with the reason; accepted at 70%.
    forecast = y.nominate(a, y.forecast, "TTLDXS", field="department_id")
    network = y.nominate(a, y.network, "TTLDXS", field="department_id")
    got = {row["id"]: row for row in y.read(NOMINATION, [forecast, network], fields, login=UNIT_A)}
    assert got[forecast]["condition_result"] == "pass", got[forecast]["condition_html"]
    assert "7/10 (70.0%)" in got[forecast]["condition_html"], got[forecast]["condition_html"]
    share = "Ít nhất 70% cá nhân trong tập thể đạt Lao động tiên tiến: 9/13 (69.2%)"
    assert got[network]["condition_result"] == "fail"
    assert got[network]["condition_reason"] == share, got[network]["condition_reason"]
    message = refused(a, NOMINATION, "action_submit", [network])
    assert share in message, message

    # 7. Unit B: an Advanced Worker, and a CSTĐ cấp bộ (two CSTĐCS before, this year's, a ministry-wide initiative).
    worker = y.nominate(b, emp["worker"], "LDTT", votes=(9, 9))
    fighter = y.nominate(b, emp["fighter"], "CSTDBO", votes=(9, 8))
    got = {row["id"]: row for row in y.read(NOMINATION, [worker, fighter], fields, login=UNIT_B)}
    assert got[worker]["condition_result"] == "pass", got[worker]["condition_html"]
    assert got[fighter]["condition_result"] == "pass", got[fighter]["condition_html"]
    assert got[fighter]["proposed_initiative_id"][0] == fighter_ministry

    # 8. The units submit what they voted; TCCB puts it before the council.
    assert a(NOMINATION, "action_submit", [author, forecast]) is True
    assert b(NOMINATION, "action_submit", [worker, fighter]) is True
    before_council = [author, worker, forecast, fighter]
    members = [y.j.user(login).uid for login in MEMBERS]
    session = tccb(
        SESSION,
        "create",
        {
            "name": f"Hội đồng Thi đua - Khen thưởng bình xét năm {YEAR} (kiểm thử năm)",
            "date": f"{YEAR}-12-15",
            "secretary_id": tccb.uid,
            "member_ids": [(6, 0, members)],
        },
    )
    refused(a, NOMINATION, "write", before_council[:1], {"council_session_id": session})
    tccb(NOMINATION, "write", before_council, {"council_session_id": session})
    refused(a, NOMINATION, "action_send_council", before_council)
    assert tccb(NOMINATION, "action_send_council", before_council) is True
    assert tccb(SESSION, "action_open_vote", [session]) is True

    # 9. The council votes: each member on one ballot of every title before it; the secretary closes the vote.
    refused(a, SESSION, "action_open_ballot", [session])
    for login in MEMBERS:
        member = y.j.user(login)
        action = member(SESSION, "action_open_ballot", [session])
        context = dict(action.get("context") or {})
        ballot = member(action["res_model"], "create", {}, context=context)
        line_ids = member(action["res_model"], "read", [ballot], ["line_ids"])[0]["line_ids"]
        ballot_lines = member(f"{action['res_model']}.line", "read", line_ids, ["nomination_id"])
        assert sorted(line["nomination_id"][0] for line in ballot_lines) == sorted(before_council)
        member(
            action["res_model"],
            "write",
            [ballot],
            {"line_ids": [(1, line["id"], {"vote": "approve", "comment": "Đồng ý."}) for line in ballot_lines]},
        )
        member(action["res_model"], "action_confirm", [ballot], context=context)
    refused(y.j.user(MEMBERS[0]), SESSION, "action_open_ballot", [session])
    assert tccb(SESSION, "action_close_vote", [session]) is True
    rows = y.read(NOMINATION, before_council, ["state", "council_passed"])
    assert [(row["state"], row["council_passed"]) for row in rows] == [("council", True)] * 4

    # 10. The head's decision takes the titles of their authority (CSTĐCS, LĐTT); the titles the Minister
    #     awards (CSTĐ cấp bộ, TTLĐXS) go to the Ministry in one proposal, not into the head's decision.
    heads, ministers = [author, worker], [forecast, fighter]
    message = refused(tccb, NOMINATION, "action_prepare_decision", before_council)
    assert "vượt thẩm quyền của Thủ trưởng cơ quan: hãy đề nghị Bộ" in message, message
    refused(a, NOMINATION, "action_prepare_decision", heads)
    action = tccb(NOMINATION, "action_prepare_decision", heads)
    decision = action["res_id"]
    refused(director, NOMINATION, "action_recognize", [fighter])
    refused(a, NOMINATION, "action_propose_ministry", ministers)
    proposal = tccb(NOMINATION, "action_propose_ministry", ministers)["res_id"]
    rows = y.read(NOMINATION, ministers, ["state", "proposal_id", "decision_ids"])
    assert [(row["state"], row["proposal_id"][0], row["decision_ids"]) for row in rows] == [
        ("ministry_proposed", proposal, [])
    ] * 2
    assert sorted(y.read("kttv.ministry.proposal", [proposal], ["nomination_ids"])[0]["nomination_ids"]) == sorted(
        ministers
    )
    assert sorted(y.read(DECISION, [decision], ["nomination_ids"])[0]["nomination_ids"]) == sorted(heads)
    # Put into the head's decision by hand, it stops the decision from going for signature.
    tccb(DECISION, "write", [decision], {"nomination_ids": [(4, fighter)]})
    message = refused(tccb, DECISION, "action_to_sign", [decision])
    assert "Không thể khen thưởng" in message and "vượt thẩm quyền của Thủ trưởng cơ quan" in message, message
    tccb(DECISION, "write", [decision], {"nomination_ids": [(3, fighter)]})

    # 11. TCCB sends it for signature; the Director General signs; TCCB cannot.
    assert tccb(DECISION, "action_to_sign", [decision]) is True
    refused(tccb, DECISION, "action_sign", [decision])
    assert director(DECISION, "action_sign", [decision]) is True
    number = y.read(DECISION, [decision], ["state", "number"])[0]
    assert number["state"] == "signed" and number["number"], number
    number = number["number"]

    # 12. The achievements exist, with the decision's number; the titles are recognised.
    def achievements_of(domain):
        rows = tccb(
            "kttv.achievement",
            "search_read",
            domain,
            ["employee_id", "department_id", "title_id", "year", "decision_number"],
        )
        return sorted(
            (
                row["employee_id"] and row["employee_id"][0],
                row["department_id"] and row["department_id"][0],
                row["title_id"][0],
                row["year"],
                row["decision_number"],
            )
            for row in rows
        )

    assert achievements_of([("decision_id", "=", decision)]) == sorted(
        [
            (emp["author"], False, title["CSTDCS"], YEAR, number),
            (emp["worker"], False, title["LDTT"], YEAR, number),
        ]
    )
    rows = y.read(NOMINATION, heads, ["state", "decision_number"])
    assert {(row["state"], row["decision_number"]) for row in rows} == {("recognized", number)}

    # The Ministry decides: TCCB sends the proposal and records the Ministry's decision, which writes them.
    assert tccb("kttv.ministry.proposal", "action_send", [proposal]) is True
    refused(a, NOMINATION, "write", ministers, {"ministry_decision_number": "356/QĐ-BNNMT"})
    tccb(
        NOMINATION,
        "write",
        ministers,
        {"ministry_decision_number": "356/QĐ-BNNMT", "ministry_decision_date": f"{YEAR}-12-20"},
    )
    assert tccb(NOMINATION, "action_ministry_recognize", ministers) is True
    assert achievements_of([("employee_id", "=", emp["fighter"]), ("year", "=", YEAR)]) == [
        (emp["fighter"], False, title["CSTDBO"], YEAR, "356/QĐ-BNNMT")
    ]
    assert achievements_of([("department_id", "=", y.forecast), ("year", "=", YEAR)]) == [
        (False, y.forecast, title["TTLDXS"], YEAR, "356/QĐ-BNNMT")
    ]
    rows = y.read(NOMINATION, ministers, ["state"])
    assert [row["state"] for row in rows] == ["ministry_recognized"] * 2

    # 13. Next year's streaks read them: the author holds CSTĐCS of the year, one year in a row.
    streak = y.read("hr.employee", [emp["author"]], ["kttv_streak_year", "kttv_streak_title_id", "kttv_title_streak"])
    assert (streak[0]["kttv_streak_year"], streak[0]["kttv_streak_title_id"][0], streak[0]["kttv_title_streak"]) == (
        YEAR,
        title["CSTDCS"],
        1,
    )

    # 14. The exemplar criteria read them too: in the 2026-2030 plan TCCB starts from the last one, the author's
    #     "CSTĐCS and rated excellent every assessed year" finds the year's CSTĐCS and misses only next year's.
    tccb(rating, "create", {"employee_id": emp["author"], "year": YEAR + 1, "rating": "excellent"})
    plan = tccb("kttv.exemplar.plan", "action_copy_next_period", [y.j.ref("kttv_emulation.plan_2021_2025")])["res_id"]
    phases = tccb("kttv.exemplar.phase", "search_read", [("plan_id", "=", plan)], ["assessed_year_from"])
    phase = next(row["id"] for row in phases if row["assessed_year_from"] == YEAR)
    exemplar = a(
        "kttv.exemplar.registration",
        "create",
        {
            "phase_id": phase,
            "registering_unit_id": y.unit_a,
            "employee_id": emp["author"],
            "scope": "comprehensive",
            "field_of_work": "Quan trắc",
            "model_summary": "Tự động hóa kiểm soát chất lượng số liệu mưa (kiểm thử năm).",
        },
    )
    assert a("kttv.exemplar.registration", "action_evaluate_criteria", [exemplar]) is True
    [line] = tccb(
        "kttv.registration.criterion",
        "search_read",
        [("registration_id", "=", exemplar), ("criterion_id", "=", y.j.ref("kttv_emulation.criterion_individual_5"))],
        ["rule_result", "rule_detail"],
    )
    assert (line["rule_result"], line["rule_detail"]) == ("fail", f"Chưa đạt trong năm {YEAR + 1}."), line

    # 15. The initiative is spent: it serves for no second title, neither the co-author's nor next year's.
    spent = y.read(initiative, [ours], ["used_for_id", "used_employee_id", "is_used"])[0]
    assert spent["is_used"] and spent["used_employee_id"][0] == emp["author"], spent
    assert spent["used_for_id"][0] == y.read(NOMINATION, [author], ["achievement_id"])[0]["achievement_id"][0]
    message = refused(a, initiative, "action_cancel", [ours])
    assert "đã được dùng cho" in message and "không thể hủy" in message, message
    message = refused(tccb, initiative, "write", [ours], {"used_for_id": False})
    assert "Sáng kiến được đánh dấu đã sử dụng khi danh hiệu dùng nó được công nhận" in message, message
    co_author = y.nominate(a, emp["co_author"], "CSTDCS", votes=(13, 12))
    # The co-author, a plain employee, reads their own proposal and no other.
    assert y.employee(NOMINATION, "search", [("year", "=", YEAR)]) == [co_author]
    next_year = y.nominate(a, emp["author"], "CSTDCS", votes=(12, 12), year=YEAR + 1)
    spent_reason = (
        "Sáng kiến đã được công nhận hoặc đề tài đã được nghiệm thu, chưa sử dụng: "
        "không có (1 sáng kiến đã dùng cho danh hiệu khác)"
    )
    for ident in (co_author, next_year):
        row = y.read(NOMINATION, [ident], ["condition_result", "condition_reason"], login=UNIT_A)[0]
        assert (row["condition_result"], row["condition_reason"]) == ("fail", spent_reason), row
        message = refused(a, NOMINATION, "action_submit", [ident])
        assert "chưa đạt điều kiện của danh hiệu" in message and spent_reason in message, message
