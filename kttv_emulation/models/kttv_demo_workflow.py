import base64

from odoo import Command, api, models

from .kttv_exemplar_registration import RECOGNISED_STATES

PDF = base64.b64encode(b"%PDF-1.4\n% demo dossier\n")

# name: (registering unit, unit officer, subject, model or initiative, field of work, extra values)
DEMO_REGISTRATIONS = {
    "collective": ("dept_bac_bo", "user_unit", ("department", "dept_bac_bo"),
                   "Mô hình cảnh báo lũ quét, sạt lở đất theo thời gian thực cho các tỉnh miền núi phía Bắc.",
                   "Dự báo, cảnh báo", {}),
    "recognised": ("dept_bac_bo", "user_unit", ("employee", "dept_bac_bo", 0),
                   "Sáng kiến tự động hóa kiểm soát chất lượng số liệu quan trắc mưa.", "Quan trắc",
                   {"scope": "specific", "scope_aspects": "Sáng kiến kỹ thuật"}),
    "to_sign": ("dept_bac_bo", "user_unit", ("employee", "dept_bac_bo", 1),
                "Quy trình dự báo mưa lớn hạn ngắn kết hợp ra đa và vệ tinh.", "Dự báo", {}),
    "proposed": ("dept_du_bao", "user_unit_du_bao", ("employee", "dept_du_bao", 0),
                 "Hệ thống dự báo tổ hợp cho bão và áp thấp nhiệt đới trên Biển Đông.", "Dự báo", {}),
    "voting": ("dept_du_bao", "user_unit_du_bao", ("department", "dept_du_bao"),
               "Phong trào thi đua “Dự báo chính xác, phục vụ kịp thời” của Trung tâm.", "Dự báo, cảnh báo", {}),
    "nominated": ("dept_bac_bo", "user_unit", ("employee", "dept_lao_cai", 0),
                  "Mô hình phối hợp với chính quyền cơ sở truyền tin cảnh báo thiên tai.", "Truyền thông", {}),
    "nurturing": ("dept_du_bao", "user_unit_du_bao", ("employee", "dept_du_bao", 1),
                  "Ứng dụng học máy hiệu chỉnh dự báo nhiệt độ cực trị.", "Nghiên cứu, ứng dụng",
                  {"scope": "specific", "scope_aspects": "Ứng dụng khoa học"}),
    "submitted": ("dept_bac_bo", "user_unit", ("employee", "dept_bac_bo", 2),
                  "Số hóa hồ sơ lưu trữ tư liệu khí tượng thủy văn của Đài.", "Lưu trữ", {}),
    "returned": ("dept_bac_bo", "user_unit", ("employee", "dept_lao_cai", 1),
                 "Cải tiến quy trình bảo dưỡng thiết bị đo mưa tự động.", "Kỹ thuật", {}),
    "refused": ("dept_du_bao", "user_unit_du_bao", ("employee", "dept_du_bao", 2),
                "Tham gia tích cực các phong trào văn hóa, thể thao.", "Công đoàn", {}),
    "cancelled": ("dept_bac_bo", "user_unit", ("employee", "dept_bac_bo", 3),
                  "Mô hình tiết kiệm văn phòng phẩm.", "Hành chính", {}),
}  # fmt: skip
SUBMITTED_ON = {
    "collective": "2024-03-20", "recognised": "2024-03-20", "to_sign": "2024-03-22", "proposed": "2024-03-28",
    "voting": "2024-03-28", "nominated": "2024-03-20", "nurturing": "2024-03-29", "submitted": "2024-04-12",
    "refused": "2024-03-30",
}  # fmt: skip


class KttvDemo(models.AbstractModel):
    _inherit = "kttv.demo"

    def _demo_ref(self, name):
        return self.env.ref(f"kttv_emulation.{name}")

    def _demo_employee(self, unit, index):
        """The index-th demo employee of a unit, steady exemplars first."""
        employees = self._demo_records("hr.employee").filtered(lambda e: e.department_id == unit)
        steady = employees.filtered(lambda e: e.kttv_rating_streak >= 2)
        return (steady + (employees - steady))[index]

    @api.model
    def _load_workflow(self):
        """Phase 2023-2025 of the seeded plan, driven through the real actions.

        Each step is taken by the demo user whose role takes it, so the chatter,
        the activities and the access checks are those of real use; only the
        dates are set afterwards, to tell the story of 2024-2025.
        """
        if self.env["kttv.exemplar.registration"].search_count([], limit=1):
            return
        # The chatter, the tracked values and the activity feedback are written
        # in the language of the moment, so the story is told in Vietnamese; the
        # addon's own terms would otherwise be loaded only after its demo data.
        self.env["ir.module.module"]._get("kttv_emulation")._update_translations("vi_VN")
        demo = self.with_context(lang="vi_VN")
        phase = demo._demo_ref("phase_2023_2025")
        demo._demo_unit_plans(phase)
        regs = demo._demo_registrations(phase)
        demo._demo_advance(regs)
        members = demo._demo_council(phase, regs)
        demo._demo_decisions(phase, regs, members)
        demo._demo_dates(regs)
        demo._demo_replication(phase, regs)
        # What the story did is ticked off; the units' own recognition is still under way.
        milestones = ("milestone_2024_unit_plans", "milestone_2025_recognition", "milestone_2025_conference",
                      "milestone_journal_columns")  # fmt: skip
        done = self.env["kttv.exemplar.milestone"].union(*(demo._demo_ref(name) for name in milestones))
        done.with_user(demo._demo_ref("user_officer")).action_done()

    def _demo_unit_plans(self, phase):
        officer = self._demo_ref("user_officer")
        phase.with_user(officer).action_create_unit_plans()
        submitted = {
            "dept_bac_bo": ("user_unit", "2024-03-20"),
            "dept_du_bao": ("user_unit_du_bao", "2024-03-28"),
            "dept_nam_bo": ("user_officer", "2024-04-10"),
            "dept_tap_chi": ("user_officer", "2024-03-15"),
        }
        for department, (user_name, day) in submitted.items():
            plan = phase.unit_plan_ids.filtered(lambda p, d=department: p.department_id == self._demo_ref(d))
            user = self._demo_ref(user_name)
            plan.with_user(user).write(
                {
                    "expected_collective_count": 1,
                    "expected_individual_count": 4,
                    "solutions": "<p>Phát động phong trào thi đua gắn với nhiệm vụ dự báo, cảnh báo thiên tai; "
                    "lựa chọn nhân tố mới để bồi dưỡng, theo dõi thường xuyên.</p>",
                    "publicity_plan": "<p>Giới thiệu gương điển hình trên trang thông tin điện tử của đơn vị "
                    "và Tạp chí Khí tượng Thủy văn.</p>",
                }
            )
            plan.with_user(user).action_submit()
            plan.sudo().write({"date_submitted": day})

    def _demo_registrations(self, phase):
        regs = {}
        for name, (unit, user, subject, summary, field, extra) in DEMO_REGISTRATIONS.items():
            if subject[0] == "department":
                subject_vals = {"target": "collective", "department_id": self._demo_ref(subject[1]).id}
            else:
                employee = self._demo_employee(self._demo_ref(subject[1]), subject[2])
                subject_vals = {"employee_id": employee.id}
            regs[name] = (
                self.env["kttv.exemplar.registration"]
                .with_user(self._demo_ref(user))
                .create(
                    {
                        "phase_id": phase.id,
                        "registering_unit_id": self._demo_ref(unit).id,
                        "model_summary": summary,
                        "field_of_work": field,
                        **subject_vals,
                        **extra,
                    }
                )
            )
        return regs

    def _demo_unit_officer(self, registration):
        du_bao = registration.registering_unit_id == self._demo_ref("dept_du_bao")
        return self._demo_ref("user_unit_du_bao" if du_bao else "user_unit")

    def _demo_nurture(self, registration):
        user, officer = self._demo_unit_officer(registration), self._demo_ref("user_officer")
        title = "TTLDTT" if registration.target == "collective" else "CSTDCS"
        registration.with_user(user).action_submit()
        registration.with_user(officer).action_accept()
        self.env["kttv.nurturing.review"].with_user(user).create(
            {
                "registration_id": registration.id,
                "date": "2024-09-15",
                "effectiveness": "high",
                "development_potential": "high",
                "influence": "medium",
                "difficulties": "Thiếu thiết bị quan trắc tự động ở các trạm vùng núi.",
                "support_given": "Tập huấn nghiệp vụ và hỗ trợ kinh phí thử nghiệm mô hình.",
            }
        )
        registration.with_user(user).write(
            {
                "title_id": self._demo_titles()[title].id,
                "achievement_report": PDF,
                "achievement_report_name": "bao-cao-thanh-tich.pdf",
                "unit_minutes": PDF,
                "unit_minutes_name": "bien-ban-hop-binh-xet.pdf",
                "unit_vote_date": "2024-11-20",
                "unit_vote_approve": 24,
                "unit_vote_total": 26,
            }
        )

    def _demo_nominate(self, registration):
        self._demo_nurture(registration)
        registration.with_user(self._demo_unit_officer(registration)).action_nominate()
        pending = registration.criterion_line_ids.filtered(lambda line: line.result == "pending")
        pending.with_user(self._demo_ref("user_officer")).write(
            {"review_result": "pass", "evidence_note": "Đã đối chiếu hồ sơ, báo cáo thành tích và biên bản."}
        )

    def _demo_advance(self, regs):
        officer = self._demo_ref("user_officer")
        for name in ("collective", "recognised", "to_sign", "proposed", "voting", "nominated"):
            self._demo_nominate(regs[name])
        self._demo_nurture(regs["nurturing"])
        for name in ("submitted", "returned", "refused"):
            regs[name].with_user(self._demo_unit_officer(regs[name])).action_submit()
        regs["returned"].with_user(officer)._kttv_run(
            "return", "Bổ sung minh chứng về hiệu quả của cải tiến (số liệu trước và sau)."
        )
        regs["refused"].with_user(officer)._kttv_run(
            "refuse", "Chưa đáp ứng tiêu chí về thành tích tiêu biểu, xuất sắc."
        )
        regs["cancelled"].with_user(self._demo_ref("user_unit"))._kttv_run(
            "cancel", "Cá nhân chuyển công tác sang đơn vị khác."
        )

    def _demo_ballot(self, session, user, written=False, comment=False):
        """A ballot approving every dossier left: the member's own, or an absent one's through the secretary."""
        session = session.with_user(user)
        action = session.action_record_written_vote() if written else session.action_open_ballot()
        wizard = self.env["kttv.vote.wizard"].with_user(user).with_context(**action["context"]).create({})
        wizard.line_ids.write({"vote": "approve", "comment": comment})
        wizard.action_confirm()

    def _demo_council(self, phase, regs):
        officer = self._demo_ref("user_officer")
        members = (
            self._demo_ref("user_council")
            | self._demo_ref("user_council_2")
            | self._demo_ref("user_council_3")
            | self._demo_ref("user_director")
        )
        absent = self._demo_ref("user_council_3")
        Session = self.env["kttv.council.session"].with_user(officer)
        closed = Session.create(
            {
                "name": "Phiên họp Hội đồng Thi đua - Khen thưởng Tổng cục, tháng 12/2024",
                "date": "2024-12-20",
                "phase_id": phase.id,
                "secretary_id": officer.id,
                "member_ids": [Command.set(members.ids)],
            }
        )
        dossiers = [regs[name] for name in ("collective", "recognised", "to_sign", "proposed")]
        for registration in dossiers:
            registration.with_user(officer).write({"council_session_id": closed.id})
        self.env["kttv.exemplar.registration"].union(*dossiers).with_user(officer).action_send_to_council()
        closed.action_open_vote()
        for member in members - absent:
            self._demo_ballot(closed, member)
        # The absent member voted in writing; the secretary marks them absent and records it.
        closed.write({"absent_member_ids": [Command.link(absent.id)]})
        self._demo_ballot(closed, officer, written=True)
        closed.action_close_vote()

        voting = Session.create(
            {
                "name": "Phiên họp Hội đồng Thi đua - Khen thưởng Tổng cục, quý I/2025",
                "date": "2025-03-25",
                "phase_id": phase.id,
                "secretary_id": officer.id,
                "member_ids": [Command.set(members.ids)],
            }
        )
        regs["voting"].with_user(officer).write({"council_session_id": voting.id})
        regs["voting"].with_user(officer).action_send_to_council()
        voting.action_open_vote()
        self._demo_ballot(voting, self._demo_ref("user_council_2"), comment="Phong trào có sức lan tỏa rộng.")
        return members

    def _demo_decisions(self, phase, regs, members):
        officer, director = self._demo_ref("user_officer"), self._demo_ref("user_director")
        Decision = self.env["kttv.emulation.decision"].with_user(officer)
        signed = Decision.create(
            {
                "number": "15/QĐ-TCKTTV",
                "date": "2025-01-15",
                "subject": "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025",
                "phase_id": phase.id,
                "registration_ids": [Command.set((regs["collective"] | regs["recognised"] | regs["proposed"]).ids)],
            }
        )
        signed.action_to_sign()
        signed.with_user(director).action_sign()
        Decision.create(
            {
                "number": "42/QĐ-TCKTTV",
                "date": "2025-03-28",
                "subject": "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025 (đợt 2)",
                "phase_id": phase.id,
                "registration_ids": [Command.set(regs["to_sign"].ids)],
            }
        ).action_to_sign()

        Proposal = self.env["kttv.ministry.proposal"].with_user(officer)
        proposal = Proposal.create(
            {
                "date": "2025-02-20",
                "phase_id": phase.id,
                "registration_ids": [Command.set((regs["collective"] | regs["proposed"]).ids)],
                "body": "<p>Thực hiện Kế hoạch số 03/KH-BTNMT, Tổng cục lựa chọn những gương điển hình xuất sắc, "
                "tiêu biểu nhất giai đoạn 2023-2025 để đề nghị Bộ trưởng công nhận, biểu dương.</p>",
            }
        )
        proposal.action_send()
        ministry = self.env["kttv.emulation.decision"].browse(proposal.action_record_decision()["res_id"])
        ministry.with_user(officer).write(
            {
                # After 1/3/2025 the Ministry is the Bộ Nông nghiệp và Môi trường (Decree 35/2025/NĐ-CP).
                "number": "812/QĐ-BNNMT",
                "date": "2025-04-25",
                "signer_name": "Đỗ Đức Duy",
                "signer_title": "Bộ trưởng Bộ Nông nghiệp và Môi trường",
                "registration_ids": [Command.set(regs["collective"].ids)],
            }
        )
        ministry.with_user(officer).action_sign()
        # A second proposal, still waiting for the Ministry.
        Proposal.create(
            {"date": "2025-05-05", "phase_id": phase.id, "registration_ids": [Command.set(regs["proposed"].ids)]}
        ).action_send()

    def _demo_dates(self, regs):
        for name, day in SUBMITTED_ON.items():
            registration = regs[name].sudo()
            registration.write({"date_submitted": day, "date_accepted": registration.date_accepted and "2024-04-15"})
        advanced = ("nominated", "council", *RECOGNISED_STATES)
        self.env["kttv.exemplar.registration"].sudo().search([("state", "in", advanced)]).write(
            {"date_nominated": "2024-11-25"}
        )

    def _demo_replication(self, phase, regs):
        """The fund of 2025, what the exemplars were shown in, and the interim review."""
        officer, unit = self._demo_ref("user_officer"), self._demo_ref("user_unit")
        fund = self.env["kttv.reward.fund"]._get(2025, "administration")
        self.env["kttv.reward.fund.line"].with_user(officer).create(
            {
                "fund_id": fund.id,
                "date": "2025-01-05",
                "kind": "allocation",
                "amount": 250_000_000,
                "description": "Trích lập Quỹ thi đua, khen thưởng năm 2025",
            }
        )
        Activity = self.env["kttv.replication.activity"]
        activities = [
            (unit, {
                "name": "Trao đổi kinh nghiệm mô hình cảnh báo lũ quét tại Đài KTTV tỉnh Lào Cai",
                "kind": "exchange", "date": "2025-03-12", "place": "Lào Cai", "participant_count": 35,
                "organising_unit_id": self._demo_ref("dept_bac_bo").id,
                "registration_ids": [Command.set(regs["collective"].ids)], "cost": 18_500_000,
            }),
            (officer, {
                "name": "Chuyên mục “Điển hình tiên tiến” trên Tạp chí Khí tượng Thủy văn số 772",
                "kind": "publicity", "channel": "journal", "date": "2025-04-15",
                "organising_unit_id": self._demo_ref("dept_tap_chi").id,
                "registration_ids": [Command.set((regs["collective"] | regs["recognised"]).ids)],
                "link": "https://tapchikttv.vn", "cost": 6_000_000,
            }),
            (officer, {
                "name": "Hội nghị Thi đua điển hình tiên tiến lần thứ V của Tổng cục KTTV",
                "kind": "conference", "date": "2025-06-20", "place": "Hà Nội", "participant_count": 180,
                "organising_unit_id": self._demo_ref("dept_tccb").id,
                "registration_ids": [Command.set((regs["collective"] | regs["recognised"] | regs["proposed"]).ids)],
                "cost": 25_000_000,
            }),
        ]  # fmt: skip
        for user, vals in activities:
            activity = Activity.with_user(user).create({"phase_id": phase.id, **vals})
            activity.with_user(user).action_done()
            activity.with_user(officer).action_charge_cost()
        # A field visit planned for later, still over the share: the Director General approved it.
        visit = Activity.with_user(officer).create(
            {
                "name": "Tham quan mô hình dự báo tổ hợp tại Trung tâm Dự báo KTTV quốc gia",
                "kind": "field_visit",
                "date": "2025-09-10",
                "phase_id": phase.id,
                "organising_unit_id": self._demo_ref("dept_tccb").id,
                "registration_ids": [Command.set(regs["proposed"].ids)],
                "participant_count": 40,
            }
        )
        visit.action_done()
        self.env["kttv.plan.review"].with_user(officer).create(
            {
                "name": "Sơ kết công tác xây dựng và nhân rộng điển hình tiên tiến giai đoạn 2023-2025",
                "kind": "interim",
                "phase_id": phase.id,
                "date": "2025-06-30",
                "summary": "<p>Các đơn vị đã đăng ký, bồi dưỡng và đề nghị công nhận các điển hình tiên tiến "
                "theo đúng tiến độ của kế hoạch; nhiều mô hình được nhân rộng trong toàn Tổng cục.</p>",
                "strengths": "<p>Phát hiện sớm nhân tố mới; công tác tuyên truyền trên Tạp chí KTTV được đẩy mạnh.</p>",
                "weaknesses": "<p>Một số đơn vị gửi kế hoạch chậm so với thời hạn.</p>",
                "lessons": "<p>Gắn việc xây dựng điển hình với nhiệm vụ chính trị trọng tâm của đơn vị.</p>",
            }
        )
