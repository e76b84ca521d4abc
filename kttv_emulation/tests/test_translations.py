import ast
import os

import polib
from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import TranslationModuleReader

# Terms that read the same in Vietnamese.  OCA's PO format (oca-checks-po,
# po-pretty-format) leaves their msgstr empty, and Odoo then shows the source;
# scripts/i18n --missing reads this list too.
SAME_IN_VIETNAMESE = {
    "'Biểu thống kê %s' % object.year",
    "'Báo cáo - %s' % object.name",
    "'Danh sách đăng ký - %s' % object.department_id.name",
    "'Giấy chứng nhận - %s' % object.name",
    "'Quá trình thành tích - %s' % object.name",
    "'Quyết định %s' % (object.number.replace('/', '-') if object.number and not object.number.startswith('/') "
    "else 'dự thảo')",
    "'Tờ trình %s' % (object.number.replace('/', '-') if object.number and not object.number.startswith('/') "
    "else 'dự thảo')",
    "Excel",
    "ID",
    "'Danh sách đăng ký thi đua - %s' % object.name",
    "'Biên bản bình xét thi đua - %s' % object.unit_id.name",
    "'Danh sách đề nghị khen thưởng - %s' % object.unit_id.name",
    "'Danh sách tổng hợp đề nghị - %s' % object.name",
}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """A Vietnamese user never meets an untranslated label of this addon."""

    def _demo_xmlids(self):
        """Records of the demo files: Vietnamese data, exported without demo."""
        path = get_module_path("kttv_emulation")
        with open(os.path.join(path, "__manifest__.py"), encoding="utf-8") as manifest:
            demo_files = ast.literal_eval(manifest.read()).get("demo", [])
        return {
            f"kttv_emulation.{record.get('id')}"
            for name in demo_files
            for record in etree.parse(os.path.join(path, name)).iter("record")
        }

    def test_every_term_has_a_vietnamese_translation(self):
        # A file the extractor cannot read (an f-string inside _(), say) loses all
        # its terms silently but for this log line: it must not happen.
        with self.assertNoLogs("odoo.tools.translate", "ERROR"):
            reader = TranslationModuleReader(self.env.cr, modules=["kttv_emulation"], lang="vi_VN")
            demo = self._demo_xmlids()
            terms = {
                source
                for _module, _type, _name, res_id, source, _value, _comments in reader
                if source and res_id not in demo
            }
        self.assertGreater(len(terms), 100, "the reader found the addon's terms")
        po_path = os.path.join(get_module_path("kttv_emulation"), "i18n", "vi.po")
        translated = {entry.msgid for entry in polib.pofile(po_path) if entry.msgstr and not entry.obsolete}
        translated |= SAME_IN_VIETNAMESE
        self.assertEqual(sorted(terms - translated), [], "terms without a Vietnamese translation in i18n/vi.po")

    def test_vietnamese_labels_are_loaded(self):
        env = self.env(context={"lang": "vi_VN"})
        self.assertTrue(env["res.lang"]._lang_get("vi_VN"), "demo data activates Vietnamese")
        fields = env["kttv.annual.rating"].fields_get(["rating"], ["string", "selection"])
        self.assertEqual(fields["rating"]["string"], "Mức xếp loại")
        self.assertIn(("excellent", "Hoàn thành xuất sắc nhiệm vụ"), fields["rating"]["selection"])
