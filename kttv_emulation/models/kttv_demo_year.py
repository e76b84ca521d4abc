import random

from odoo import Command, api, models

# The year the demo tells: 2025 closed, 2026 under way (the review is at its end).
CLOSED_YEAR, YEAR = 2025, 2026
# The two units with a demo officer: (department, its officer, its decision symbol).
YEAR_UNITS = (("dept_bac_bo", "user_unit", "ĐKTTVBB"), ("dept_du_bao", "user_unit_du_bao", "TTDBKTTV"))
# Per unit: (name, (index of the author among its employees, share), field, what it changes, effect).
INITIATIVES_2025 = {
    "dept_bac_bo": [
        ("Quy trình kiểm soát chất lượng số liệu mưa tự động theo thời gian thực", (0, 100), "Quan trắc",
         "Kiểm tra số liệu mưa tự động ngay khi nhận, thay cho kiểm tra thủ công cuối ngày.",
         "Phát hiện sớm số liệu sai; rút ngắn thời gian kiểm soát từ 2 giờ xuống 10 phút mỗi ngày."),
        ("Bộ công cụ lập bản tin cảnh báo lũ quét, sạt lở đất cấp huyện", (1, 100), "Dự báo, cảnh báo",
         "Tự động lập bản đồ nguy cơ lũ quét cho từng huyện từ số liệu mưa quan trắc và dự báo.",
         "Bản tin cảnh báo phát hành sớm hơn 30 phút; được 8 tỉnh miền núi phía Bắc sử dụng."),
    ],
    "dept_du_bao": [
        ("Hiệu chỉnh sản phẩm mô hình số trị dự báo nhiệt độ cực trị bằng học máy", (0, 100), "Dự báo",
         "Hiệu chỉnh sai số hệ thống của mô hình số trị theo từng trạm bằng học máy.",
         "Sai số dự báo nhiệt độ cao nhất giảm 0,6 °C trong các đợt nắng nóng."),
        ("Quy trình dự báo mưa lớn hạn ngắn kết hợp ra đa và ảnh vệ tinh", (1, 100), "Dự báo",
         "Kết hợp ảnh ra đa thời tiết và vệ tinh để dự báo cực ngắn mưa lớn 0-6 giờ.",
         "Tăng tỷ lệ dự báo đúng mưa lớn diện rộng lên 78%."),
    ],
}  # fmt: skip


def _subject_field(subject):
    return "employee_id" if subject._name == "hr.employee" else "department_id"


class KttvDemo(models.AbstractModel):
    _inherit = "kttv.demo"

    @api.model
    def _load_year(self):
        """The emulation year: 2025 closed by its decision, 2026 under way, the 2026-2030 plan started.

        Each step is taken by the demo user whose role takes it; the dates are
        set afterwards to tell the story (registration in January, the review
        at the end of the year).
        """
        if self.env["kttv.emulation.movement"].search_count([], limit=1):
            return
        demo = self.with_context(lang="vi_VN")
        demo._demo_closed_year()
        demo._demo_current_year()
        officer = demo._demo_ref("user_officer")
        demo._demo_ref("plan_2021_2025").with_user(officer).action_copy_next_period()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _demo_unit_employees(self, unit):
        """The demo employees of a unit and its offices, steady exemplars first."""
        tree = self.env["hr.department"].search([("id", "child_of", unit.id)])
        employees = self._demo_records("hr.employee").filtered(lambda employee: employee.department_id in tree)
        steady = employees.filtered(lambda employee: employee.kttv_rating_streak >= 2)
        return steady + (employees - steady)

    def _demo_movement(self, officer, values, launched_on, closed_on=None):
        movement = self.env["kttv.emulation.movement"].with_user(officer).create(values)
        movement.action_launch()
        dates = {"date_launched": launched_on}
        if closed_on:
            movement.action_close()
            dates["date_closed"] = closed_on
        movement.sudo().write(dates)
        return movement

    def _demo_registration(self, user, unit, year, movement, lines):
        return (
            self.env["kttv.title.registration"]
            .with_user(user)
            .create(
                {
                    "department_id": unit.id,
                    "year": year,
                    "movement_id": movement.id,
                    "line_ids": [
                        Command.create({_subject_field(subject): subject.id, "title_id": title.id})
                        for subject, title in lines
                    ],
                }
            )
        )

    # ------------------------------------------------------------------
    # 2025: ratings, the year-end review, the council and the decision
    # ------------------------------------------------------------------

    def _demo_closed_year(self):
        officer = self._demo_ref("user_officer")
        titles = self._demo_titles()
        self._demo_ratings_2025()
        movement = self._demo_movement(
            officer,
            {
                "name": "Phong trào thi đua thường xuyên năm 2025",
                "year": CLOSED_YEAR,
                "date_start": "2025-01-01",
                "date_end": "2025-12-31",
                "registration_deadline": "2025-01-31",
                "document_number": "02/KH-TCKTTV",
                "document_date": "2025-01-06",
                "goal": "<p>Thi đua hoàn thành xuất sắc nhiệm vụ dự báo, cảnh báo khí tượng thủy văn năm 2025, "
                "phục vụ kịp thời công tác phòng, chống thiên tai.</p>",
            },
            "2025-01-06",
            "2025-12-31",
        )
        Initiative = self.env["kttv.initiative"]
        Nomination = self.env["kttv.title.nomination"]
        nominations = Nomination
        registrations = self.env["kttv.title.registration"]
        for unit_name, user_name, symbol in YEAR_UNITS:
            unit, user = self._demo_ref(unit_name), self._demo_ref(user_name)
            staff = self._demo_unit_employees(unit)
            # Who already holds a title of 2025 (the exemplars recognised in 2025) is not proposed again.
            held = self.env["kttv.achievement"].search(
                [
                    ("year", "=", CLOSED_YEAR),
                    ("title_id.kind", "=", "title"),
                    "|",
                    ("employee_id", "in", staff.ids),
                    ("department_id", "=", unit.id),
                ]
            )
            employees = staff - held.employee_id
            # The unit's initiatives of the year, recognised by its head: they earn CSTĐCS.
            created = Initiative.with_user(user).create(
                [
                    {
                        "name": name,
                        "department_id": unit.id,
                        "year": CLOSED_YEAR,
                        "field_of_work": field,
                        "change_description": change,
                        "effect": effect,
                        "author_ids": [Command.create({"employee_id": employees[index].id, "share": share})],
                    }
                    for name, (index, share), field, change, effect in INITIATIVES_2025[unit_name]
                ]
            )
            created.action_submit()
            for number, initiative in enumerate(created, start=21):
                initiative.with_user(officer).write(
                    {
                        "scope": "unit",
                        "decision_number": f"{number}/QĐ-{symbol}",
                        "decision_date": "2025-10-15",
                        "decision_authority": "Thủ trưởng đơn vị",
                    }
                )
            created.with_user(officer).action_recognize()
            fighters = created.author_ids.employee_id
            ratings = {
                rating.employee_id: rating.rating
                for rating in self.env["kttv.annual.rating"].search(
                    [("year", "=", CLOSED_YEAR), ("employee_id", "in", employees.ids)]
                )
            }
            workers = employees.filtered(
                lambda employee, fighters=fighters, ratings=ratings: (
                    employee not in fighters and ratings.get(employee) in ("good", "excellent")
                )
            )
            lines = [] if titles["TTLDXS"] in held.title_id else [(unit, titles["TTLDXS"])]
            lines += [(employee, titles["CSTDCS"]) for employee in fighters]
            lines += [(employee, titles["LDTT"]) for employee in workers]
            registration = self._demo_registration(user, unit, CLOSED_YEAR, movement, lines)
            registration.action_submit()
            registrations |= registration
            members = len(staff)
            unit_nominations = Nomination.with_user(user).create(
                [
                    {
                        _subject_field(subject): subject.id,
                        "title_id": title.id,
                        "year": CLOSED_YEAR,
                        "vote_members": members,
                        "vote_for": members - (index % 2),
                        "achievement_report": "Hoàn thành xuất sắc nhiệm vụ được giao năm 2025.",
                    }
                    for index, (subject, title) in enumerate(lines)
                ]
            )
            # What the review found short of its conditions stays out (the unit drops it).
            short = unit_nominations.filtered(lambda nomination: nomination.condition_result != "pass")
            short.unlink()
            (unit_nominations - short).action_submit()
            nominations |= unit_nominations - short
        registrations.with_user(officer).action_accept()
        registrations.sudo().write({"date_submitted": "2025-01-24", "is_late": False})
        self._demo_council_2025(nominations)

    def _demo_council_2025(self, nominations):
        """The council votes the titles of 2025; the head signs, the Ministry decides on the Minister's."""
        officer, director = self._demo_ref("user_officer"), self._demo_ref("user_director")
        members = self._demo_council_members()
        session = (
            self.env["kttv.council.session"]
            .with_user(officer)
            .create(
                {
                    "name": "Phiên họp Hội đồng Thi đua - Khen thưởng Tổng cục bình xét năm 2025",
                    "date": "2025-12-18",
                    "secretary_id": officer.id,
                    "member_ids": [Command.set(members.ids)],
                }
            )
        )
        nominations.with_user(officer).write({"council_session_id": session.id})
        nominations.with_user(officer).action_send_council()
        session.action_open_vote()
        for member in members:
            self._demo_ballot(session, member)
        session.action_close_vote()
        # The titles of the head's authority in one decision; those the Minister awards in one proposal.
        heads = nominations.filtered("within_head_authority")
        action = heads.with_user(officer).action_prepare_decision()
        decision = self.env["kttv.emulation.decision"].with_user(officer).browse(action["res_id"])
        decision.write(
            {
                "number_entry": "08/QĐ-TCKTTV",
                "date": "2026-01-12",
                "subject": "Về việc công nhận danh hiệu thi đua năm 2025",
            }
        )
        decision.action_to_sign()
        decision.with_user(director).action_sign()
        ministers = (nominations - heads).with_user(officer)
        if ministers:
            proposal = self.env["kttv.ministry.proposal"].browse(ministers.action_propose_ministry()["res_id"])
            proposal.with_user(officer).write(
                {
                    # Sent in the last days of 2025: it holds a number of the 2025 register, not of 2026's.
                    "date": "2025-12-26",
                    "body": "<p>Tổng cục Khí tượng Thủy văn đề nghị Bộ trưởng tặng danh hiệu thi đua năm 2025 "
                    "cho các tập thể, cá nhân có thành tích xuất sắc.</p>",
                }
            )
            proposal.with_user(officer).action_send()
            ministers.write({"ministry_decision_number": "356/QĐ-BNNMT", "ministry_decision_date": "2026-03-10"})
            ministers.action_ministry_recognize()
        nominations.sudo().write({"date_submitted": "2025-12-05"})

    def _demo_council_members(self):
        return (
            self._demo_ref("user_council")
            | self._demo_ref("user_council_2")
            | self._demo_ref("user_council_3")
            | self._demo_ref("user_director")
        )

    def _demo_ratings_2025(self):
        """The ratings of 2025, as TCCB entered them at the end of the year (seeded: the same every time)."""
        rnd = random.Random(CLOSED_YEAR)
        year_units = {self._demo_ref(unit).id for unit, _user, _symbol in YEAR_UNITS}
        values = []
        for index, employee in enumerate(self._demo_records("hr.employee")):
            steady = index % 4 == 0
            rating = "excellent" if steady else rnd.choices(["excellent", "good", "completed"], [2, 6, 1])[0]
            values.append({"employee_id": employee.id, "year": CLOSED_YEAR, "rating": rating})
        for index, department in enumerate(self._demo_records("hr.department")):
            strong = department.id in year_units or index % 3 != 2
            rating = "excellent" if strong or rnd.random() < 0.5 else "good"
            values.append({"department_id": department.id, "year": CLOSED_YEAR, "rating": rating})
        self.env["kttv.annual.rating"].with_user(self._demo_ref("user_officer")).create(values)

    # ------------------------------------------------------------------
    # 2026: the movements, the registrations, the initiatives under way
    # ------------------------------------------------------------------

    def _demo_current_year(self):
        officer = self._demo_ref("user_officer")
        titles = self._demo_titles()
        regular = self._demo_movement(
            officer,
            {
                "name": "Phong trào thi đua thường xuyên năm 2026",
                "year": YEAR,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "registration_deadline": "2026-01-31",
                "document_number": "01/KH-TCKTTV",
                "document_date": "2026-01-06",
                "goal": "<p>Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026; nâng cao chất lượng dự báo, cảnh báo "
                "khí tượng thủy văn, phục vụ phát triển kinh tế - xã hội và phòng, chống thiên tai.</p>",
            },
            "2026-01-06",
        )
        self._demo_movement(
            officer,
            {
                "name": "Phong trào thi đua “Chuyển đổi số trong công tác khí tượng thủy văn” năm 2026",
                "kind": "thematic",
                "year": YEAR,
                "date_start": "2026-03-01",
                "date_end": "2026-12-31",
                "document_number": "15/KH-TCKTTV",
                "document_date": "2026-02-20",
                "goal": "<p>Số hóa toàn bộ sổ quan trắc, tự động hóa các bản tin dự báo; mỗi đơn vị có ít nhất "
                "một sáng kiến ứng dụng công nghệ số được công nhận trong năm.</p>",
                "target_department_ids": [
                    Command.set([self._demo_ref(name).id for name in ("dept_bac_bo", "dept_du_bao", "dept_quan_trac")])
                ],
            },
            "2026-02-20",
        )
        # The registrations of January: two units on time (one accepted), one late, one not yet submitted.
        registrations = {}
        plans = {
            "dept_bac_bo": ("user_unit", "2026-01-22", False),
            "dept_du_bao": ("user_unit_du_bao", "2026-02-09", True),
            "dept_trung_trung_bo": ("user_officer", "2026-01-28", False),
            "dept_nam_bo": ("user_officer", None, False),
        }
        for unit_name, (user_name, _day, _late) in plans.items():
            unit = self._demo_ref(unit_name)
            employees = self._demo_unit_employees(unit)
            lines = [(unit, titles["TTLDXS"])]
            lines += [(employee, titles["CSTDCS"]) for employee in employees[:2]]
            lines += [(employee, titles["LDTT"]) for employee in employees[2:]]
            registrations[unit_name] = self._demo_registration(self._demo_ref(user_name), unit, YEAR, regular, lines)
        for unit_name, (_user, day, late) in plans.items():
            if day:
                registrations[unit_name].action_submit()
                registrations[unit_name].sudo().write({"date_submitted": day, "is_late": late})
        registrations["dept_bac_bo"].with_user(officer).action_accept()
        registrations["dept_nam_bo"].with_user(officer).write(
            {"note": "Đơn vị đang hoàn thiện danh sách đăng ký, chưa gửi Vụ Tổ chức cán bộ."}
        )
        self._demo_initiatives_2026()

    def _demo_initiatives_2026(self):
        officer = self._demo_ref("user_officer")
        bac_bo, du_bao = self._demo_ref("dept_bac_bo"), self._demo_ref("dept_du_bao")
        ours, theirs = self._demo_unit_employees(bac_bo), self._demo_unit_employees(du_bao)
        Initiative = self.env["kttv.initiative"]
        recognised = Initiative.with_user(self._demo_ref("user_unit")).create(
            {
                "name": "Ứng dụng ảnh ra đa thời tiết ước lượng mưa định lượng cho lưu vực sông Đà",
                "department_id": bac_bo.id,
                "year": YEAR,
                "field_of_work": "Quan trắc, dự báo",
                "change_description": "Ước lượng lượng mưa từng giờ trên lưu vực từ ảnh ra đa, "
                "hiệu chỉnh theo số liệu trạm đo.",
                "effect": "Bổ sung số liệu mưa cho các vùng không có trạm; cảnh báo lũ quét sớm hơn 1 giờ.",
                "author_ids": [
                    Command.create({"employee_id": ours[2].id, "share": 60}),
                    Command.create({"employee_id": ours[3].id, "share": 40}),
                ],
            }
        )
        draft = Initiative.with_user(self._demo_ref("user_unit")).create(
            {
                "name": "Số hóa sổ quan trắc khí tượng tại các trạm vùng cao",
                "department_id": bac_bo.id,
                "year": YEAR,
                "field_of_work": "Lưu trữ, chuyển đổi số",
                "author_ids": [Command.create({"employee_id": ours[4].id, "share": 100})],
            }
        )
        before_council = Initiative.with_user(self._demo_ref("user_unit_du_bao")).create(
            {
                "name": "Mô hình dự báo lũ hạn ngắn hệ thống sông Hồng - Thái Bình bằng học máy",
                "kind": "research",
                "department_id": du_bao.id,
                "year": YEAR,
                "field_of_work": "Dự báo thủy văn",
                "change_description": "Dự báo mực nước 24-48 giờ tại các trạm chính bằng mạng nơ-ron hồi quy.",
                "effect": "Sai số dự báo mực nước tại Hà Nội giảm 12 cm so với phương pháp hiện hành.",
                "author_ids": [
                    Command.create({"employee_id": theirs[2].id, "share": 50}),
                    Command.create({"employee_id": theirs[3].id, "share": 50}),
                ],
            }
        )
        recognised.action_submit()
        before_council.action_submit()
        recognised.with_user(officer).write(
            {
                "scope": "unit",
                "decision_number": "45/QĐ-ĐKTTVBB",
                "decision_date": "2026-09-25",
                "decision_authority": "Giám đốc Đài KTTV khu vực Bắc Bộ",
            }
        )
        recognised.with_user(officer).action_recognize()
        (recognised | before_council).sudo().write({"date_submitted": "2026-09-10"})
        return recognised | draft | before_council
