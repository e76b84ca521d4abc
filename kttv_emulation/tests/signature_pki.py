"""A test PKI the tests make themselves: a CA, certificates, a SoftHSM2 token.

The token lives in a temporary folder named by SOFTHSM2_CONF. A PKCS#11
module is loaded once per process (python-pkcs11 keeps it), and SoftHSM2
reads its configuration then: one token folder per process, made on first use
and removed at exit.
"""

import atexit
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SOFTHSM_UTIL = shutil.which("softhsm2-util") or "/usr/bin/softhsm2-util"
KEY_SIZE = 2048
_TOKENS = {}
_FOLDER = []


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def make_ca(name="KTTV Test Root CA"):
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3650))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_cert(ca, common_name, *, email=None, organisation=None, valid_days=(-30, 365), key=None):
    """A signing certificate from ``ca`` (key, cert); ``valid_days`` from today, e.g. (-400, -10) is expired."""
    ca_key, ca_cert = ca
    key = key or new_key()
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=valid_days[0]))
        .not_valid_after(now + timedelta(days=valid_days[1]))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def to_pkcs12(key, cert, passphrase, ca_cert=None):
    return pkcs12.serialize_key_and_certificates(
        b"signer",
        key,
        cert,
        [ca_cert] if ca_cert else None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def _folder():
    if not _FOLDER:
        folder = tempfile.mkdtemp(prefix="kttv-softhsm-")
        os.makedirs(os.path.join(folder, "tokens"))
        conf = os.path.join(folder, "softhsm2.conf")
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(f"directories.tokendir = {folder}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
        os.environ["SOFTHSM2_CONF"] = conf
        atexit.register(shutil.rmtree, folder, True)
        _FOLDER.append(folder)
    return _FOLDER[0]


def softhsm_token(label, pin, key, cert, key_label):
    """A SoftHSM2 token ``label`` holding ``key`` and ``cert`` under ``key_label`` (made once per process)."""
    if label in _TOKENS:
        return _TOKENS[label]
    _folder()
    subprocess.run(
        [SOFTHSM_UTIL, "--init-token", "--free", "--label", label, "--so-pin", "12345678", "--pin", pin],
        check=True,
        capture_output=True,
        env=dict(os.environ),
    )
    import pkcs11  # noqa: PLC0415
    from pkcs11 import Attribute, ObjectClass  # noqa: PLC0415
    from pkcs11.util.rsa import decode_rsa_private_key  # noqa: PLC0415
    from pkcs11.util.x509 import decode_x509_certificate  # noqa: PLC0415

    lib = pkcs11.lib(SOFTHSM_MODULE)
    if hasattr(lib, "reinitialize"):
        lib.reinitialize()  # sees the token just made
    token = lib.get_token(token_label=label)
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    der_cert = cert.public_bytes(serialization.Encoding.DER)
    with token.open(rw=True, user_pin=pin) as session:
        attributes = decode_rsa_private_key(der_key)
        attributes.update(
            {
                Attribute.LABEL: key_label,
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
            }
        )
        session.create_object(attributes)
        certificate = decode_x509_certificate(der_cert)
        certificate.update({Attribute.LABEL: key_label, Attribute.ID: b"\x01", Attribute.TOKEN: True})
        certificate[Attribute.CLASS] = ObjectClass.CERTIFICATE
        session.create_object(certificate)
    _TOKENS[label] = SOFTHSM_MODULE
    return SOFTHSM_MODULE
