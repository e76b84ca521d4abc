from collections import Counter, defaultdict

from odoo import api, models
from odoo.exceptions import UserError

from ..lib import voting


class ReportKttvCouncilMinutes(models.AbstractModel):
    """The minutes of a council session (biên bản họp Hội đồng Thi đua - Khen thưởng), with its vote counts.

    Thông tư 62/2025/TT-BNNMT, appendix, Mẫu số 03 "Biên bản họp Hội đồng Thi
    đua - Khen thưởng cơ quan, đơn vị/cụm, khối thi đua".  Each dossier's
    counts are those of the votes recorded, counted on all the members as the
    session froze them (lib/voting.py): agree, disagree, not cast, the share
    of all members and the result against the rule applied.  Only counts are
    printed: the ballots are secret, and no one reads who voted what (the
    votes are read as the system for the counts alone).
    """

    _name = "report.kttv_emulation.report_council_minutes"
    _inherit = ["kttv.report.mixin", "kttv.dossier.form.mixin"]
    _kttv_form = ("circular", "62/2025/TT-BNNMT", "03")
    _description = "Minutes of a council session"
    _docs_model = "kttv.council.session"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        sessions = values["docs"]
        # The sessions are read as the user: the council's members their own sessions, TCCB all.
        sessions.check_access("read")
        open_sessions = sessions.filtered(lambda session: session.state != "closed")
        if open_sessions:
            raise UserError(
                self.env._(
                    "The minutes are printed once the vote is closed: %(names)s.",
                    names=", ".join(open_sessions.mapped("name")),
                )
            )
        values["results"] = self._kttv_results(sessions, values["doc_lang"])
        forms = self.with_context(lang=values["doc_lang"])
        references = {date: forms._kttv_form_reference(date) for date in set(sessions.mapped("date"))}
        values["form_references"] = {session.id: references[session.date] for session in sessions}
        director = self.env.company.sudo().kttv_director_id
        values["chair_name"] = director.employee_id.name or director.name or ""
        return values

    @api.model
    def _kttv_results(self, sessions, lang):
        """``{session id: {"rows": [...], "present": users, "absent": users, ...}}`` in a fixed number of queries."""
        env = self.env(context=dict(self.env.context, lang=lang), su=True)
        lines = env["kttv.council.dossier"].search([("session_id", "in", sessions.ids)], order="session_id, id")
        counts = Counter()
        for session, registration, nomination, vote, count in env["kttv.council.vote"]._read_group(
            [("session_id", "in", sessions.ids)],
            ["session_id", "registration_id", "nomination_id", "vote"],
            ["__count"],
        ):
            counts[session.id, registration.id, nomination.id, vote] += count
        # Grouped by iterating over all the lines: their dossiers and subjects are then read together.
        lines_of = defaultdict(list)
        for line in lines:
            lines_of[line.session_id.id].append(line)
        results = {}
        for session in sessions.with_env(env):
            members = session.member_ids
            absent = session.absent_member_ids & members
            rows = []
            for line in lines_of[session.id]:
                key = (session.id, line.registration_id.id, line.nomination_id.id)
                approvals, rejections = counts[(*key, "approve")], counts[(*key, "reject")]
                counted = line.member_count or len(members)
                percent, passed = voting.tally(min(approvals, counted), counted, line.threshold, line.secret_vote)
                dossier = line.registration_id or line.nomination_id
                rows.append(
                    {
                        **self._subject_row(dossier),
                        "title": (line.title_id or dossier.title_id).name or "",
                        "secret": line.secret_vote,
                        "threshold": line.threshold,
                        "members": counted,
                        "approve": approvals,
                        "reject": rejections,
                        "blank": max(counted - approvals - rejections, 0),
                        "percent": percent,
                        "passed": passed,
                    }
                )
            rows.sort(key=lambda row: (not row["collective"], row["name"]))
            results[session.id] = {
                "rows": rows,
                "members": members,
                "present": members - absent,
                "absent": absent,
                "passed": sum(1 for row in rows if row["passed"]),
                "secretary": session.secretary_id.employee_id.name or session.secretary_id.name or "",
            }
        return results
