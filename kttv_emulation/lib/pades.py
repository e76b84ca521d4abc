"""PAdES signatures of PDF documents with pyHanko, and their verification.

Framework-free: the models pass bytes, labels and secrets read under sudo;
nothing here logs a secret or keeps one after the call.

Placement follows Decree 30/2020, Appendix I (electronic documents): the
signer's image in the signer block, the agency's seal over the left third of
it, and the agency's signature on the first page of an annex at its top right
(number and symbol, time of signing in ISO 8601 with Vietnam's offset).
Where the text sits is read from the PDF with poppler's ``pdftotext
-bbox-layout``; without it, fixed positions are used (see ``Layout``).
"""

import contextlib
import hashlib
import io
import logging
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# fontTools warns of every table it drops when it subsets the stamps' font.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

# Points (1/72 inch). The signer's box: the gap between the title and the
# name of a Decree 30 signer block (about four lines of 13pt text).
SIGNER_WIDTH, SIGNER_HEIGHT = 150, 62
# The seal: 36 mm (the largest official seal) would hide the block; the
# image is shrunk to this box, a third of it over the signer's.
SEAL_SIZE = 78
ANNEX_WIDTH, ANNEX_HEIGHT = 190, 30
MARGIN = 28


class SignatureError(Exception):
    """A file refused, or a signature that cannot be made.

    ``code`` names the reason (the caller words it for the user); ``params``
    gives what the message needs.
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


# ----------------------------------------------------------------------
# Certificates
# ----------------------------------------------------------------------


def load_certificates(data):
    """Every certificate of a PEM (one or more) or DER file, as asn1crypto objects."""
    from asn1crypto import pem, x509  # noqa: PLC0415

    if not data:
        return []
    if pem.detect(data):
        return [x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)]
    try:
        return [x509.Certificate.load(data)]
    except ValueError as error:
        raise SignatureError("bad_certificate") from error


@dataclass(frozen=True)
class CertificateInfo:
    common_name: str
    organisation: str
    emails: tuple
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime
    sha256: str

    @property
    def subject(self):
        return ", ".join(part for part in (self.common_name, self.organisation) if part)


def certificate_info(cert):
    """What is shown and compared of a certificate (asn1crypto)."""
    subject = cert.subject.native
    emails = set()
    if subject.get("email_address"):
        emails.add(subject["email_address"])
    san = cert.subject_alt_name_value
    if san:
        emails.update(name.native for name in san if name.name == "rfc822_name")
    issuer = cert.issuer.native
    return CertificateInfo(
        common_name=_text(subject.get("common_name")),
        organisation=_text(subject.get("organization_name")),
        emails=tuple(sorted(email.lower() for email in emails)),
        issuer=_text(issuer.get("common_name")) or _text(issuer.get("organization_name")),
        serial=f"{cert.serial_number:X}",
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
    )


def _text(value):
    if isinstance(value, list | tuple):
        value = ", ".join(str(part) for part in value)
    return str(value or "")


def normalise_name(name):
    """A person's name compared as written: accents kept, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def signer_matches(info, names=(), emails=(), fingerprints=()):
    """Whether the certificate ``info`` is the person the record names.

    A configured certificate (its SHA-256) settles it; otherwise an e-mail
    address of the certificate, or its common name, equals the person's.
    """
    if info.sha256 in {fingerprint.lower() for fingerprint in fingerprints if fingerprint}:
        return True
    wanted_emails = {email.strip().lower() for email in emails if email}
    if wanted_emails & set(info.emails):
        return True
    wanted_names = {normalise_name(name) for name in names if name}
    return bool(info.common_name) and normalise_name(info.common_name) in wanted_names


# ----------------------------------------------------------------------
# Signers: PKCS#12 keystore, PKCS#11 token
# ----------------------------------------------------------------------


def pkcs12_signer(data, passphrase):
    """A pyHanko signer from a PKCS#12 keystore's bytes (the key stays in memory for this call only)."""
    from asn1crypto import keys  # noqa: PLC0415
    from asn1crypto import x509 as asn1_x509  # noqa: PLC0415
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: PLC0415
    from pyhanko.sign import signers  # noqa: PLC0415
    from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: PLC0415

    try:
        key, cert, others = pkcs12.load_key_and_certificates(data or b"", (passphrase or "").encode() or None)
    except (ValueError, TypeError) as error:
        raise SignatureError("keystore_unreadable") from error
    if key is None or cert is None:
        raise SignatureError("keystore_unreadable")
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(other.public_bytes(der)) for other in others or ()]
        ),
    )


@contextlib.contextmanager
def pkcs11_signer(module, token_label, key_label, pin, cert_label=None):
    """A pyHanko signer on a PKCS#11 token, its session closed on exit."""
    from pkcs11 import PKCS11Error  # noqa: PLC0415
    from pyhanko.config.pkcs11 import TokenCriteria  # noqa: PLC0415
    from pyhanko.sign import pkcs11 as sign_pkcs11  # noqa: PLC0415
    from pyhanko.sign.general import SigningError  # noqa: PLC0415

    try:
        session = sign_pkcs11.open_pkcs11_session(module, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except (PKCS11Error, SigningError, OSError, RuntimeError) as error:
        raise SignatureError("token_unavailable", token=token_label, detail=type(error).__name__) from error
    try:
        try:
            signer = sign_pkcs11.PKCS11Signer(session, key_label=key_label, cert_label=cert_label or key_label)
            # Fetches the certificate: a missing one fails here, not halfway through a signature.
            if signer.signing_cert is None:
                raise SignatureError("key_not_found", key=key_label, token=token_label)
        except (PKCS11Error, SigningError) as error:
            raise SignatureError("key_not_found", key=key_label, token=token_label) from error
        yield signer
    finally:
        session.close()


# ----------------------------------------------------------------------
# Where the signatures go
# ----------------------------------------------------------------------


@dataclass
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


@dataclass
class Layout:
    """Page sizes and words of a PDF (top-left origin, as pdftotext gives them)."""

    pages: list = field(default_factory=list)  # [(width, height)]
    words: list = field(default_factory=list)

    def find(self, phrase, pages=None):
        """Where ``phrase`` (words in a row) is, last occurrence first: [(page, x0, top, x1, bottom)]."""
        wanted = [normalise_name(token) for token in (phrase or "").split()]
        found = []
        if not wanted:
            return found
        words = [word for word in self.words if pages is None or word.page in pages]
        for index in range(len(words) - len(wanted) + 1):
            run = words[index : index + len(wanted)]
            if [normalise_name(word.text) for word in run] == wanted and len({w.page for w in run}) == 1:
                found.append(
                    (
                        run[0].page,
                        min(w.x_min for w in run),
                        min(w.y_min for w in run),
                        max(w.x_max for w in run),
                        max(w.y_max for w in run),
                    )
                )
        return found[::-1]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def read_layout(pdf):
    """The words of ``pdf`` and their boxes, or pages only (A4) when pdftotext is missing."""
    layout = Layout()
    binary = shutil.which("pdftotext")
    if binary:
        result = subprocess.run(
            [binary, "-bbox-layout", "-q", "-", "-"], input=pdf, capture_output=True, check=False, timeout=120
        )
        if result.returncode == 0:
            text = result.stdout.decode("utf-8", "replace")
            for number, chunk in enumerate(text.split("<page ")[1:]):
                match = _PAGE.match("<page " + chunk)
                if match:
                    layout.pages.append((float(match[1]), float(match[2])))
                for word in _WORD.finditer(chunk):
                    layout.words.append(Word(number, *(float(word[i]) for i in range(1, 5)), unescape(word[5])))
            if layout.pages:
                return layout
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for index in range(int(reader.root["/Pages"]["/Count"])):
        box = reader.find_page_for_modification(index)[0].get_object()
        media = [float(v) for v in _inherited(box, "/MediaBox")] if _inherited(box, "/MediaBox") else [0, 0, 595, 842]
        layout.pages.append((media[2] - media[0], media[3] - media[1]))
    return layout


def _inherited(node, key):
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return None


@dataclass(frozen=True)
class Placement:
    """PDF boxes (bottom-left origin) of the three signatures of a decision."""

    signer_page: int
    signer_box: tuple
    seal_box: tuple
    annex_page: int | None
    annex_box: tuple | None
    approximated: bool


def decision_placement(layout, signer_name):
    """Decree 30 positions for a decision: its signer block, the seal over it, the annex's top right.

    The signer's name is searched on the pages (its last occurrence before
    the annex is the signer block's); the signature sits in the gap above
    it, the seal a third over its left.  The annex starts on the page after
    the signer block.  Without the name (or without pdftotext): the lower
    right of the last page, no annex signature (``approximated``).
    """
    found = layout.find(signer_name)
    approximated = not found
    if found:
        page, x0, top, x1, _bottom = found[-1] if len(found) == 1 else _first_block(found)
        width, height = layout.pages[page]
        centre = (x0 + x1) / 2
        y_bottom = height - top + 2
    else:
        page = len(layout.pages) - 1
        width, height = layout.pages[page]
        centre = width - MARGIN - 110
        y_bottom = MARGIN + 120
    signer_box = (centre - SIGNER_WIDTH / 2, y_bottom, centre + SIGNER_WIDTH / 2, y_bottom + SIGNER_HEIGHT)
    seal_right = signer_box[0] + SIGNER_WIDTH / 3
    seal_middle = (signer_box[1] + signer_box[3]) / 2
    seal_box = (seal_right - SEAL_SIZE, seal_middle - SEAL_SIZE / 2, seal_right, seal_middle + SEAL_SIZE / 2)
    annex_page = annex_box = None
    if not approximated and page + 1 < len(layout.pages):
        annex_page = page + 1
        a_width, a_height = layout.pages[annex_page]
        annex_box = (
            a_width - MARGIN - ANNEX_WIDTH,
            a_height - MARGIN - ANNEX_HEIGHT,
            a_width - MARGIN,
            a_height - MARGIN,
        )
    return Placement(
        page, _clip(signer_box, width, height), _clip(seal_box, width, height), annex_page, annex_box, approximated
    )


def _first_block(found):
    """The signer block: the earliest page where the name appears (the annex may list the signer too)."""
    first_page = min(item[0] for item in found)
    return [item for item in found if item[0] == first_page][-1]


def _clip(box, width, height):
    x0, y0, x1, y1 = box
    dx = max(0, -x0) - max(0, x1 - width)
    dy = max(0, -y0) - max(0, y1 - height)
    return (round(x0 + dx, 2), round(y0 + dy, 2), round(x1 + dx, 2), round(y1 + dy, 2))


# ----------------------------------------------------------------------
# Signing
# ----------------------------------------------------------------------


@dataclass
class Stamp:
    """One visible signature: its field, page, box, text and image (PNG bytes)."""

    field_name: str
    page: int
    box: tuple
    text: str = ""
    image: bytes | None = None
    font_size: float = 9
    reason: str | None = None
    location: str | None = None
    name: str | None = None


def now_vietnam():
    return datetime.now(UTC).astimezone(VIETNAM).replace(microsecond=0)


def sign_pdf(pdf, signer, stamp, font_path=None):
    """``pdf`` with one more PAdES signature (an incremental update: what was signed stays as it was)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415
    from pyhanko.sign import fields as sig_fields  # noqa: PLC0415
    from pyhanko.sign import signers  # noqa: PLC0415

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    sig_fields.append_signature_field(
        writer, sig_fields.SigFieldSpec(sig_field_name=stamp.field_name, on_page=stamp.page, box=stamp.box)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=stamp.field_name,
        md_algorithm="sha256",
        subfilter=sig_fields.SigSeedSubFilter.PADES,
        reason=stamp.reason,
        location=stamp.location,
        name=stamp.name,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=_style(stamp, font_path))
    output = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=output)
    return output.getvalue()


def font_1000_upem(path):
    """``path``, or a copy scaled to 1000 units per em (cached in the temporary folder).

    pyHanko 0.23 writes a CID font's glyph widths (and TJ adjustments) in font
    units, which PDF reads as thousandths of an em: a font of 2048 units per
    em (Liberation, DejaVu, Times New Roman) would print its letters spaced
    twice too wide.  Noto's 1000-unit fonts need no copy.
    """
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from fontTools import ttLib  # noqa: PLC0415
    from fontTools.ttLib.scaleUpem import scale_upem  # noqa: PLC0415

    stat = os.stat(path)
    key = hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = os.path.join(tempfile.gettempdir(), f"kttv-stamp-font-{key}.ttf")
    if os.path.exists(target):
        return target
    font = ttLib.TTFont(path)
    if font["head"].unitsPerEm == 1000:
        return path
    # What a Vietnamese text needs (Latin, its extensions, combining marks, punctuation): faster to scale.
    from fontTools import subset  # noqa: PLC0415

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
    )
    subsetter.subset(font)
    # fontTools would pack with a HarfBuzz repacker this uharfbuzz may lack.
    font.cfg["fontTools.ttLib.tables.otBase:USE_HARFBUZZ_REPACKER"] = False
    scale_upem(font, 1000)
    partial = f"{target}.{os.getpid()}"
    font.save(partial)
    os.replace(partial, target)
    return target


def _style(stamp, font_path):
    from pyhanko.pdf_utils import text as pdf_text  # noqa: PLC0415
    from pyhanko.stamp import TextStampStyle  # noqa: PLC0415

    box_style = pdf_text.TextBoxStyle(font_size=stamp.font_size)
    if font_path and stamp.text.strip():  # an empty text embeds no glyph (pyHanko fails on it)
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # noqa: PLC0415

        box_style = pdf_text.TextBoxStyle(
            font=GlyphAccumulatorFactory(font_1000_upem(font_path)), font_size=stamp.font_size
        )
    background = None
    if stamp.image:
        from PIL import Image  # noqa: PLC0415
        from pyhanko.pdf_utils.images import PdfImage  # noqa: PLC0415

        try:
            image = Image.open(io.BytesIO(stamp.image))
            image.load()
        except OSError as error:
            raise SignatureError("bad_image") from error
        background = PdfImage(image)
    # Text in %-format: the caller's text is taken as it is.
    return TextStampStyle(
        stamp_text=stamp.text.replace("%", "%%"),
        text_box_style=box_style,
        background=background,
        background_opacity=1,
        border_width=0,
    )


# ----------------------------------------------------------------------
# Verification
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    signer: CertificateInfo
    signed_at: datetime
    coverage: str
    modification: str


def verify_pdf(pdf, anchors, intermediates=(), now=None):
    """Check every signature of ``pdf``; the checks, earliest first, or a ``SignatureError``.

    Each signature: intact (the bytes it covers unchanged), its certificate
    valid at the time it says it was signed (not after now) and chained to one
    of ``anchors``, the changes made after it limited to adding signatures
    and form filling; the last one covers the whole file.  Revocation is not
    fetched (no network): a CRL or OCSP answer embedded in the file is used.
    """
    from pyhanko.pdf_utils.misc import PdfReadError  # noqa: PLC0415
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415
    from pyhanko.sign.validation.errors import SignatureValidationError  # noqa: PLC0415
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    if not pdf or not pdf.lstrip()[:5].startswith(b"%PDF-"):
        raise SignatureError("not_pdf")
    if not anchors:
        raise SignatureError("no_trust_roots")
    now = now or datetime.now(UTC)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise SignatureError("not_pdf") from error
    if not signatures:
        raise SignatureError("unsigned")
    checks = []
    for index, embedded in enumerate(signatures):
        name = embedded.field_name or f"#{index + 1}"
        try:
            cert = embedded.signer_cert
            info = certificate_info(cert)
            signed_at = embedded.self_reported_timestamp or now
        except (ValueError, KeyError, TypeError) as error:
            raise SignatureError("broken", field=name) from error
        _check_times(name, info, signed_at, now)
        context = ValidationContext(
            trust_roots=list(anchors),
            other_certs=list(intermediates),
            moment=signed_at,
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        try:
            status = validate_pdf_signature(embedded, context)
        except (SignatureValidationError, ValueError, KeyError, TypeError) as error:
            raise SignatureError("broken", field=name) from error
        if not status.intact or not status.valid:
            raise SignatureError("altered", field=name, signer=info.subject)
        if not status.trusted:
            raise SignatureError("untrusted", field=name, signer=info.subject, issuer=info.issuer)
        coverage = status.coverage.name if status.coverage else ""
        modification = status.modification_level.name if status.modification_level else ""
        if modification not in ("NONE", "LTA_UPDATES", "FORM_FILLING"):
            raise SignatureError("altered", field=name, signer=info.subject)
        checks.append(SignatureCheck(name, info, signed_at, coverage, modification))
    if checks[-1].coverage != "ENTIRE_FILE":
        raise SignatureError("altered", field=checks[-1].field_name, signer=checks[-1].signer.subject)
    return checks


def _check_times(name, info, signed_at, now):
    """The signature's time is not ahead of now, and within its certificate's validity."""
    if signed_at > now:
        raise SignatureError("future", field=name, signer=info.subject, signed_at=signed_at)
    if signed_at > info.not_after:
        raise SignatureError("expired", field=name, signer=info.subject, signed_at=signed_at, until=info.not_after)
    if signed_at < info.not_before:
        raise SignatureError(
            "not_yet_valid", field=name, signer=info.subject, signed_at=signed_at, since=info.not_before
        )


def sha256(data):
    return hashlib.sha256(data).hexdigest()
