import logging
import pathlib
import shutil
import subprocess
import unicodedata

from odoo.modules.module import get_module_path
from odoo.service import server
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import config

from ..lib import english_words

UNIT = "kttv_emulation.group_emulation_unit"
OFFICER = "kttv_emulation.group_emulation_officer"
COUNCIL = "kttv_emulation.group_emulation_council"
MANAGER = "kttv_emulation.group_emulation_manager"


def http_port():
    """Port of the HTTP server of this test run.

    Odoo's runner serves on the configured port (or a free one for port 0),
    pytest-odoo on a random one it writes into the configuration.
    """
    httpd = getattr(server.server, "httpd", None)
    return httpd.server_port if httpd else config["http_port"]


class PrintedPagesMixin:
    """Reports printed by wkhtmltopdf and read back with pdftotext, as a reader sees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf fetches the stylesheets from this process's HTTP server: its
        # requests read this test's transaction, as HttpCase's do.  Under Odoo's
        # runner they would otherwise wait forever for the registry lock the test
        # run holds.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def _pdf_bytes(self, xmlid, records):
        # wkhtmltopdf fetches the stylesheets from the Odoo server of the test run.
        self.env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{http_port()}")
        pdf, kind = (
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _pages(self, xmlid, records):
        """The text of each page as pdftotext reads it (layout kept: a line of the page is a line), NFC."""
        if not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")):
            self.skipTest("wkhtmltopdf and pdftotext (poppler-utils) are needed to read the printed pages")
        pdf = self._pdf_bytes(xmlid, records)
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        pages = [unicodedata.normalize("NFC", page) for page in text.split("\f")]
        return pages[:-1] if pages and not pages[-1].strip() else pages

    @staticmethod
    def _squeezed(text):
        return " ".join(text.split())

    def assertAllIn(self, needles, text):
        for needle in needles:
            self.assertIn(unicodedata.normalize("NFC", needle), text)


class KttvCase(TransactionCase):
    """Two units (A with a child station, B), one real user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.root = Department.create({"name": "Tổng cục (kiểm thử)"})
        cls.unit_a = Department.create({"name": "Đài Khí tượng Thủy văn A", "parent_id": cls.root.id})
        cls.unit_a_child = Department.create({"name": "Trạm khí tượng A1", "parent_id": cls.unit_a.id})
        cls.unit_b = Department.create({"name": "Đài Khí tượng Thủy văn B", "parent_id": cls.root.id})

        cls.user_unit_a = new_test_user(cls.env, "kttv_t_unit_a", groups=UNIT, name="Cán bộ đơn vị A")
        cls.user_unit_a.kttv_unit_ids = cls.unit_a
        cls.user_unit_b = new_test_user(cls.env, "kttv_t_unit_b", groups=UNIT, name="Cán bộ đơn vị B")
        cls.user_unit_b.kttv_unit_ids = cls.unit_b
        cls.user_officer = new_test_user(cls.env, "kttv_t_officer", groups=OFFICER, name="Chuyên viên TCCB")
        cls.user_council = new_test_user(cls.env, "kttv_t_council", groups=COUNCIL, name="Ủy viên Hội đồng")
        cls.user_manager = new_test_user(cls.env, "kttv_t_manager", groups=MANAGER, name="Tổng cục trưởng")
        cls.user_employee = new_test_user(cls.env, "kttv_t_employee", groups="base.group_user", name="Viên chức")

        Employee = cls.env["hr.employee"]
        cls.emp_a = Employee.create({"name": "Nguyễn Văn Ánh", "department_id": cls.unit_a.id})
        cls.emp_a_child = Employee.create({"name": "Trần Thị Bích", "department_id": cls.unit_a_child.id})
        cls.emp_b = Employee.create({"name": "Lê Văn Cường", "department_id": cls.unit_b.id})
        cls.emp_self = Employee.create(
            {"name": "Phạm Thị Dung", "department_id": cls.unit_a.id, "user_id": cls.user_employee.id}
        )

        ref = cls.env.ref
        cls.t_ldtt = ref("kttv_emulation.title_lao_dong_tien_tien")
        cls.t_cstdcs = ref("kttv_emulation.title_cstd_co_so")
        cls.t_cstd_bo = ref("kttv_emulation.title_cstd_bo")
        cls.t_cstd_tq = ref("kttv_emulation.title_cstd_toan_quoc")
        cls.t_ttldtt = ref("kttv_emulation.title_tap_the_lao_dong_tien_tien")
        cls.t_ttldxs = ref("kttv_emulation.title_tap_the_lao_dong_xuat_sac")
        cls.t_co_bo = ref("kttv_emulation.title_co_thi_dua_bo")
        cls.c_giay_khen = ref("kttv_emulation.commendation_giay_khen")
        cls.c_bang_khen_bo = ref("kttv_emulation.commendation_bang_khen_bo")

    @classmethod
    def _rating(cls, subject, year, rating="excellent"):
        field = "employee_id" if subject._name == "hr.employee" else "department_id"
        return cls.env["kttv.annual.rating"].create({field: subject.id, "year": year, "rating": rating})

    @classmethod
    def _achievement(cls, subject, year, title, **vals):
        field = "employee_id" if subject._name == "hr.employee" else "department_id"
        return cls.env["kttv.achievement"].create({field: subject.id, "year": year, "title_id": title.id, **vals})


class VietnameseScreensMixin:
    """For browser tours: every screen a tour logs (its ``screenIsVietnamese`` steps) holds no English word.

    The tour writes the text of the screen to the browser's console; the
    words are checked against the addon's English source strings (the .pot),
    less the words its Vietnamese catalog uses too, so that a label left
    untranslated or a term missing in vi.po fails the tour.
    """

    SCREEN_MARK = "kttv-screen: "

    def setUp(self):
        super().setUp()
        # What the test does before a tour stands for what Vietnamese users did in their own
        # requests: the chatter it writes is in their language, as theirs would be.
        self.env = self.env(context=dict(self.env.context, lang="vi_VN"))

    @classmethod
    def _kttv_english_vocabulary(cls):
        i18n = pathlib.Path(get_module_path("kttv_emulation")) / "i18n"
        return english_words.english_vocabulary(
            (i18n / "kttv_emulation.pot").read_text(encoding="utf-8"),
            (i18n / "vi.po").read_text(encoding="utf-8"),
            english_words.DEMO_WORDS,
        )

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        screens = []
        mark = self.SCREEN_MARK

        class Screens(logging.Handler):
            def emit(self, record):
                message = record.getMessage()
                if mark in message:
                    screens.append(message.split(mark, 1)[1])

        # The browser's console goes to this logger (odoo.tests.common.ChromeBrowser).
        browser_logger = self._logger.getChild("browser")
        handler, level = Screens(logging.INFO), browser_logger.level
        browser_logger.addHandler(handler)
        browser_logger.setLevel(logging.INFO)
        try:
            result = super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
        finally:
            browser_logger.removeHandler(handler)
            browser_logger.setLevel(level)
        self.assertTrue(screens, f"the tour {tour_name} logs the screens it shows")
        vocabulary = self._kttv_english_vocabulary()
        english = []
        for screen in screens:
            where, _bar, text = screen.partition(" | ")
            found = english_words.english_words_in(text, vocabulary)
            if found:
                english.append(f"{where}: {', '.join(found)}")
        self.assertFalse(english, f"English on the screens of {tour_name}")
        return result
