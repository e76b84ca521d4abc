"""Screenshots of the running product and first pages of its PDF reports, for docs/.

Called by scripts/docs with the URL and database of a server started on the
demo data. It logs in as each demo user over HTTP, hands the session cookie to
a headless Chromium driven through the DevTools protocol, waits for the screen
to be drawn and saves a PNG. Reports are fetched as PDF and their first page
rendered with pdftoppm.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar
from typing import NamedTuple

import websocket

WIDTH, HEIGHT = 1600, 960


def session(base, db, login):
    """A logged-in session id for a demo user (password = login)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps({"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}}).encode()
    request = urllib.request.Request(f"{base}/web/session/authenticate", body, {"Content-Type": "application/json"})
    answer = json.load(opener.open(request))
    if answer.get("error"):
        raise SystemExit(f"{login} cannot log in: {answer['error']['data']['message']}")
    return next(cookie.value for cookie in jar if cookie.name == "session_id"), opener


class Browser:
    """Just enough of the DevTools protocol: cookies, navigation, evaluation, screenshots."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="kttv-docs-")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "--lang=vi-VN",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                targets = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json"))
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        self.call("Page.enable")
        # The clock of the people who use it, as the server formats dates for them.
        self.call("Emulation.setTimezoneOverride", timezoneId="Asia/Ho_Chi_Minh")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.25)
        raise SystemExit(f"timed out waiting for {selector!r} on {self.evaluate('location.href')}")

    def shoot(self, base, sid, screen, path):
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=sid, url=base)
        width, height = screen.size or (WIDTH, HEIGHT)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=bool(screen.size and width < 600),
        )
        self.call("Page.navigate", url=base + screen.path)
        self.wait_for(screen.ready)
        if screen.click:
            self.evaluate(f"document.querySelector({json.dumps(screen.click)}).click()")
            self.wait_for(".modal .o_form_view")
        # Let the chatter, avatars and fonts settle once the view itself is there.
        time.sleep(2.5)
        self.evaluate("document.activeElement && document.activeElement.blur()")
        shot = self.call("Page.captureScreenshot", format="png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        print(f"  {path}")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Screen(NamedTuple):
    login: str
    path: str
    ready: str  # the selector that says the screen is drawn
    name: str
    click: str = ""  # a button to press first (it opens a dialog)
    size: tuple = ()  # (width, height) when not the laptop's


def main(base, db, out):
    os.makedirs(out, exist_ok=True)
    models = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object")
    uid = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common").authenticate(db, "admin", "admin", {})

    def search(model, domain, order="id", optional=False):
        ids = models.execute_kw(db, uid, "admin", model, "search", [domain], {"limit": 1, "order": order})
        if not ids and optional:
            return None
        if not ids:
            raise SystemExit(f"demo data has no {model} matching {domain}")
        return ids[0]

    def ref(xmlid):
        module, name = xmlid.split(".")
        return models.execute_kw(db, uid, "admin", "ir.model.data", "check_object_reference", [module, name])[1]

    # Voted on and waiting for the signature: the fullest chatter of the demo.
    registration = search(
        "kttv.exemplar.registration", [("state", "=", "council"), ("council_session_id.state", "=", "closed")]
    )
    ballot = search(
        "kttv.exemplar.registration", [("state", "=", "council"), ("council_session_id.state", "=", "voting")]
    )
    session_id = search("kttv.council.session", [("registration_ids", "in", [registration])])
    decision = search("kttv.emulation.decision", [("state", "=", "signed")])
    voting_session = search("kttv.council.session", [("state", "=", "voting")])
    to_sign = search("kttv.emulation.decision", [("state", "=", "to_sign")], optional=True)
    recognised = search("kttv.exemplar.registration", [("state", "=", "recognized")])
    review = search("kttv.plan.review", [], order="id desc")
    proposal = search("kttv.ministry.proposal", [])
    unit_plan = search("kttv.unit.plan", [("state", "!=", "draft")])
    employee = models.execute_kw(
        db, uid, "admin", "kttv.exemplar.registration", "read", [[recognised], ["employee_id"]]
    )[0]["employee_id"][0]
    department = ref("kttv_emulation.dept_bac_bo")
    # The emulation year: a unit's registration, its year-end proposals, the council that voted them.
    title_registration = search("kttv.title.registration", [("state", "!=", "draft")])
    nomination_session = search("kttv.council.session", [("nomination_ids", "!=", False)], order="id desc")
    unit_nominations = models.execute_kw(
        db, uid, "admin", "kttv.title.nomination", "search",
        [[("council_session_id", "=", nomination_session), ("unit_id", "=", department)]],
    ) or models.execute_kw(
        db, uid, "admin", "kttv.title.nomination", "search", [[("council_session_id", "=", nomination_session)]]
    )  # fmt: skip

    action = "/odoo/action-kttv_emulation."
    registrations = f"{action}kttv_exemplar_registration_action"
    screens = [
        Screen("kttv_officer", f"{action}kttv_dashboard_action", ".o_kttv_dashboard .card", "dashboard.png"),
        Screen("kttv_officer", registrations, ".o_kanban_record", "registration-kanban.png"),
        Screen("kttv_officer", f"{registrations}/{registration}", ".o-mail-Message", "registration-form.png"),
        Screen("kttv_council", f"{registrations}/{ballot}", "button[name=action_vote]", "council-vote.png",
               click="button[name=action_vote]"),
        Screen("kttv_officer", f"{action}kttv_council_session_action/{session_id}", ".o_field_one2many",
               "council-session.png"),
        Screen("kttv_director", f"{action}kttv_emulation_decision_action/{decision}", ".o_statusbar_status",
               "decision.png"),
        Screen("kttv_unit", f"{action}kttv_home_action", ".o_kttv_home .o_kttv_home_tasks", "home-unit.png"),
        Screen("kttv_employee", f"{action}kttv_home_action", ".o_kttv_my_record", "home-employee.png"),
        Screen("kttv_officer", f"{registrations}?view_type=list", ".o_data_row", "registration-list-1440.png",
               size=(1440, 900)),
        Screen("kttv_officer", f"{action}kttv_council_session_action/{voting_session}", ".o_field_one2many",
               "council-session-voting.png"),
        Screen("kttv_council", f"{action}kttv_council_session_action/{voting_session}", ".o_form_sheet",
               "council-ballot-phone.png", click="button[name=action_open_ballot]", size=(390, 844)),
        *(
            [Screen("kttv_director", f"{action}kttv_emulation_decision_action/{to_sign}", ".o_statusbar_status",
                    "decision-to-sign.png")]
            if to_sign else []
        ),
        Screen("kttv_unit", f"{action}kttv_unit_plan_action", ".o_data_row", "unit-plans.png"),
        Screen("kttv_officer", f"{action}kttv_title_registration_action/{title_registration}", ".o_field_one2many",
               "title-registration.png"),
        Screen("kttv_officer", f"{action}kttv_title_nomination_action", ".o_data_row", "title-nominations.png",
               size=(1440, 900)),
        Screen("kttv_officer", f"{action}kttv_plan_review_action/{review}", ".o_field_one2many", "plan-review.png"),
    ]  # fmt: skip
    browser = Browser()
    try:
        sessions = {}
        for screen in screens:
            if screen.login not in sessions:
                sessions[screen.login] = session(base, db, screen.login)[0]
            browser.shoot(base, sessions[screen.login], screen, os.path.join(out, screen.name))
    finally:
        browser.close()

    _sid, opener = session(base, db, "admin")
    reports = [
        ("report_decision", decision, "report-decision"),
        ("report_certificate", recognised, "report-certificate"),
        ("report_ministry_proposal", proposal, "report-ministry-proposal"),
        ("report_unit_registrations", unit_plan, "report-unit-registrations"),
        ("report_employee_history", employee, "report-employee-history"),
        ("report_department_history", department, "report-department-history"),
        ("report_plan_review", review, "report-plan-review"),
        ("report_title_registration", title_registration, "report-title-registration"),
        ("report_year_review_minutes", ",".join(map(str, unit_nominations)), "report-year-review-minutes"),
        ("report_year_proposals", ",".join(map(str, unit_nominations)), "report-year-proposals"),
        ("report_council_nominations", nomination_session, "report-council-nominations"),
        ("report_council_minutes", session_id, "report-council-minutes"),
        ("report_achievement_employee", employee, "report-achievement-employee"),
        ("report_achievement_department", department, "report-achievement-department"),
        ("report_unit_proposal", unit_plan, "report-unit-proposal"),
    ]
    for report, record, name in reports:
        pdf = opener.open(f"{base}/report/pdf/kttv_emulation.{report}/{record}").read()
        if not pdf.startswith(b"%PDF"):
            raise SystemExit(f"{report} did not render as PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            target = os.path.join(out, name)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", handle.name, target], check=True
            )
        print(f"  {target}.png")


if __name__ == "__main__":
    main(*sys.argv[1:4])
