import base64
import io
import logging

from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from ..lib import pades
from ..models.kttv_emulation_decision_signature import _font_path
from . import signature_pki as pki
from .common import UNIT
from .test_decision import KttvDecisionCase

TOKEN, PIN, KEY = "kttv-head", "531246", "head-key"
CONFIG_FIELDS = (
    "company_id",
    "user_id",
    "kind",
    "pkcs12_data",
    "pkcs12_passphrase",
    "pkcs11_module",
    "pkcs11_token_label",
    "pkcs11_key_label",
    "pkcs11_pin",
    "certificate",
    "signature_image",
)


def _png(colour):
    output = io.BytesIO()
    Image.new("RGBA", (60, 60), colour).save(output, format="PNG")
    return base64.b64encode(output.getvalue())


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.texts = []

    def emit(self, record):
        self.texts.append(record.getMessage() + str(record.exc_info or ""))


@tagged("post_install", "-at_install")
class TestSignature(KttvDecisionCase):
    """Decisions signed through a SoftHSM2 token; PDFs signed elsewhere verified on upload."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "kttv_t_sig_admin", groups="base.group_system", name="Quản trị hệ thống")
        cls.ca = pki.make_ca()
        head_name = cls.user_manager.employee_id.name or cls.user_manager.name
        cls.head_key, cls.head_cert = pki.make_cert(cls.ca, head_name, email="head@kttv.test")
        cls.module = pki.softhsm_token(TOKEN, PIN, cls.head_key, cls.head_cert, KEY)
        cls.agency_p12 = pki.to_pkcs12(*pki.make_cert(cls.ca, "Cục Khí tượng Thủy văn", organisation="KTTV"), "con dấu")
        cls.other_p12 = pki.to_pkcs12(*pki.make_cert(cls.ca, "Người Khác"), "x")
        cls.expired_p12 = pki.to_pkcs12(*pki.make_cert(cls.ca, head_name, valid_days=(-400, -10)), "x")
        cls.minister_p12 = pki.to_pkcs12(*pki.make_cert(cls.ca, "Đỗ Đức Duy"), "x")
        cls.env["kttv.signature.trust.root"].with_user(cls.admin).create(
            {"name": "Test Root CA", "certificate": base64.b64encode(pki.pem(cls.ca[1]))}
        )
        cls.env.company.kttv_seal_image = _png((200, 0, 0, 160))

    # ------------------------------------------------------------------

    def _configure_head(self):
        wizard = (
            self.env["kttv.signature.config.wizard"]
            .with_user(self.admin)
            .create(
                {
                    "target": "user",
                    "user_id": self.user_manager.id,
                    "kind": "pkcs11",
                    "pkcs11_module": self.module,
                    "pkcs11_token_label": TOKEN,
                    "pkcs11_key_label": KEY,
                    "pkcs11_pin": PIN,
                    "signature_image": _png((0, 0, 160, 200)),
                }
            )
        )
        wizard.action_apply()
        return wizard

    def _configure_agency(self):
        wizard = (
            self.env["kttv.signature.config.wizard"]
            .with_user(self.admin)
            .create(
                {
                    "target": "agency",
                    "kind": "pkcs12",
                    "pkcs12_file": base64.b64encode(self.agency_p12),
                    "pkcs12_passphrase": "con dấu",
                }
            )
        )
        wizard.action_apply()

    def _to_sign(self):
        decision = self._decision()
        decision.with_user(self.user_officer).action_fetch_passed()
        decision.with_user(self.user_officer).action_to_sign()
        self._flush_tracking()
        return decision

    @staticmethod
    def _blank_pdf():
        """A one-page PDF with nothing on it: what is checked is the signature, not the text."""
        from pyhanko.pdf_utils import generic  # noqa: PLC0415
        from pyhanko.pdf_utils.writer import PdfFileWriter  # noqa: PLC0415

        writer = PdfFileWriter()
        size = [generic.NumberObject(value) for value in (0, 0, 595, 842)]
        writer.insert_page(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Page"),
                    generic.NameObject("/MediaBox"): generic.ArrayObject(size),
                }
            )
        )
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def _tiny_pdf(self, p12, text, passphrase="x"):
        """A blank page signed with ``p12``, its stamp saying ``text`` (the decision's number)."""
        signer = pades.pkcs12_signer(p12, passphrase)
        return pades.sign_pdf(
            self._blank_pdf(), signer, pades.Stamp("Signer", 0, (300, 100, 450, 160), text=text), _font_path()
        )

    def _head_token_pdf(self, text):
        """Signed by the head on his own token, outside the product."""
        with pades.pkcs11_signer(self.module, TOKEN, KEY, PIN) as signer:
            return pades.sign_pdf(
                self._blank_pdf(), signer, pades.Stamp("Signer", 0, (300, 100, 450, 160), text=text), _font_path()
            )

    def _upload(self, decision, user, data, name="signed.pdf"):
        action = decision.with_user(user).action_upload_signed()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .create({"decision_id": decision.id, "data": base64.b64encode(data), "filename": name})
        )
        return wizard.action_verify()

    def _unchanged(self, decision, state):
        self.env.invalidate_all()
        self.assertEqual(decision.state, state)
        self.assertFalse(decision.signature_origin)
        self.assertFalse(decision.signature_pdf)

    # ------------------------------------------------------------------
    # Signing here, on the head's SoftHSM2 token
    # ------------------------------------------------------------------

    def test_sign_real_report_through_softhsm_token(self):
        self._configure_head()
        self._configure_agency()
        decision = self._to_sign()
        records = _Records()
        logging.getLogger().addHandler(records)
        try:
            decision.with_user(self.user_manager).action_sign()
        finally:
            logging.getLogger().removeHandler(records)
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.signature_origin, "here")
        pdf = base64.b64decode(decision.signature_pdf)
        self.assertEqual(pades.sha256(pdf), decision.signature_sha256)
        # pyHanko, on its own: intact, chained to the test root, the head's signature then the agency's.
        checks = pades.verify_pdf(pdf, pades.load_certificates(pki.pem(self.ca[1])))
        self.assertEqual([check.field_name for check in checks], ["Signer", "Agency", "AgencyAnnex"])
        head_name = self.user_manager.employee_id.name or self.user_manager.name
        self.assertEqual(checks[0].signer.common_name, head_name)
        self.assertEqual(checks[1].signer.common_name, "Cục Khí tượng Thủy văn")
        self.assertEqual(checks[-1].coverage, "ENTIRE_FILE")
        # Placement: the signer block's page, the seal a third over its left, the annex on the next page.
        layout = pades.read_layout(pdf)
        placement = pades.decision_placement(layout, decision.signer_name)
        self.assertFalse(placement.approximated)
        self.assertEqual(placement.annex_page, placement.signer_page + 1)
        self.assertLess(placement.seal_box[0], placement.signer_box[0])
        self.assertGreater(placement.seal_box[2], placement.signer_box[0])
        self.assertIn("intact", decision.signature_report)
        self.assertTrue(self._messages(decision, decision.signature_sha256))
        # The PIN is never logged.
        self.assertFalse([text for text in records.texts if PIN in text])
        # Kept as signed: no one writes the attachment; cancelling leaves it as it is.
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", decision._name), ("res_id", "=", decision.id), ("res_field", "=", "signature_pdf")]
        )
        self.assertEqual(len(attachment), 1)
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_officer).write({"datas": base64.b64encode(b"%PDF-1.4 forged")})
        with self.assertRaises(UserError):
            decision.with_user(self.user_officer).write({"signature_pdf": base64.b64encode(b"%PDF-1.4 forged")})
        self._cancel(decision, self.user_manager)
        self.assertEqual(decision.state, "cancelled")
        self.assertEqual(base64.b64decode(decision.signature_pdf), pdf)
        self.assertEqual(decision.signature_sha256, pades.sha256(pdf))

    def test_require_digital_signature_without_configuration_refuses(self):
        self.env.company.kttv_require_digital_signature = True
        decision = self._to_sign()
        with self.assertRaisesRegex(UserError, "no signing configuration"):
            decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "to_sign")
        # Without the setting and without a configuration: signed as before, no PDF.
        self.env.company.kttv_require_digital_signature = False
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "signed")
        self.assertFalse(decision.signature_origin)

    def test_wrong_pin_is_refused_when_configured(self):
        wizard = (
            self.env["kttv.signature.config.wizard"]
            .with_user(self.admin)
            .create(
                {
                    "target": "user",
                    "user_id": self.user_manager.id,
                    "kind": "pkcs11",
                    "pkcs11_module": self.module,
                    "pkcs11_token_label": TOKEN,
                    "pkcs11_key_label": KEY,
                    "pkcs11_pin": "000000",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "cannot be opened"):
            wizard.action_apply()

    # ------------------------------------------------------------------
    # Upload of a PDF signed elsewhere
    # ------------------------------------------------------------------

    def test_upload_signed_on_the_heads_token_signs_the_decision(self):
        decision = self._to_sign()
        with self.assertRaisesRegex(UserError, "does not carry the decision's number"):
            self._upload(decision, self.user_manager, self._head_token_pdf("99/QĐ-KTTV"))
        self._unchanged(decision, "to_sign")
        pdf = self._head_token_pdf(decision.number)
        self._upload(decision, self.user_manager, pdf)
        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.signature_origin, "upload")
        self.assertEqual(base64.b64decode(decision.signature_pdf), pdf)
        self.assertTrue(self._messages(decision, pades.sha256(pdf)))
        with self.assertRaisesRegex(UserError, "already has its signed PDF"):
            decision.with_user(self.user_manager).action_upload_signed()

    def test_upload_refuses_altered_other_signer_and_expired(self):
        decision = self._to_sign()
        good = self._head_token_pdf(decision.number)
        altered = good.replace(b"595", b"612", 1)  # the page's size, inside the signed bytes
        self.assertNotEqual(altered, good)
        cases = [
            (altered, "was changed after it was signed"),
            (self._tiny_pdf(self.other_p12, decision.number), "is signed by Người Khác, not by"),
            (self._tiny_pdf(self.expired_p12, decision.number), "had expired"),
            (b"not a pdf", "is not a readable PDF"),
        ]
        for data, reason in cases:
            with self.subTest(reason=reason), self.assertRaisesRegex(UserError, reason):
                self._upload(decision, self.user_manager, data)
            self._unchanged(decision, "to_sign")
        # Only the signatory uploads what he signed.
        with self.assertRaises(AccessError):
            self._upload(decision, self.user_officer, good)
        self._unchanged(decision, "to_sign")

    def test_upload_of_the_ministrys_decision(self):
        decision = self._decision()
        decision.with_user(self.user_officer).action_fetch_passed()
        decision.with_user(self.user_manager).action_sign()
        proposal = self._proposal(self.individual)
        proposal.with_user(self.user_officer).action_send()
        ministry = self._ministry_decision(proposal, self.individual)
        with self.assertRaisesRegex(UserError, "not by Đỗ Đức Duy"):
            self._upload(ministry, self.user_officer, self._tiny_pdf(self.other_p12, ministry.number))
        self._unchanged(ministry, "signed")
        self._upload(ministry, self.user_officer, self._tiny_pdf(self.minister_p12, ministry.number))
        self.assertEqual(ministry.signature_origin, "upload")
        self.assertIn("Đỗ Đức Duy", ministry.signature_report)

    # ------------------------------------------------------------------
    # The configuration is never readable
    # ------------------------------------------------------------------

    def test_no_field_of_the_configuration_is_readable_by_any_role(self):
        self._configure_head()
        config = self.env["kttv.signature.config"].sudo().search([])
        self.assertTrue(config)
        self.assertEqual(config.pkcs11_pin, PIN)  # only under sudo
        unit = new_test_user(self.env, "kttv_t_sig_unit", groups=UNIT)
        roles = [unit, self.user_officer, self.user_council, self.user_manager, self.user_employee, self.admin]
        for user in roles:
            Config = self.env["kttv.signature.config"].with_user(user)
            with self.subTest(user=user.login):
                for attempt in (
                    lambda model: model.search_read([], list(CONFIG_FIELDS)),
                    lambda model: model.search_read([], ["id"]),
                    lambda model: model.browse(config.ids).read(["pkcs11_pin"]),
                    lambda model: model.browse(config.ids).pkcs11_pin,
                    lambda model: model.web_search_read([], {"pkcs11_pin": {}}),
                    lambda model: model.create({"kind": "pkcs12"}),
                    lambda model: model.browse(config.ids).write({"pkcs11_pin": "1"}),
                ):
                    with self.assertRaises(AccessError):
                        attempt(Config)
                self.assertFalse(set(Config.fields_get()) & set(CONFIG_FIELDS))
        # The wizard writes the secrets and never shows them.
        wizard = self._configure_head()
        self.env.invalidate_all()
        values = wizard.with_user(self.admin).read(["pkcs11_pin", "pkcs12_passphrase", "pkcs12_file"])[0]
        self.assertEqual((values["pkcs11_pin"], values["pkcs12_passphrase"], values["pkcs12_file"]), (False,) * 3)
        for user in (self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                self.env["kttv.signature.config.wizard"].with_user(user).create({"target": "agency"})
