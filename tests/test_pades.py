"""Where the signatures of a decision go, and whom a certificate names (no Odoo, no PDF engine)."""

from datetime import UTC, datetime

from kttv_lib import pades


def _info(common_name="Đỗ Quang Huy", emails=(), sha256="ab" * 32):
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return pades.CertificateInfo(common_name, "", tuple(emails), "Test CA", "1", moment, moment, sha256)


def test_signer_matches_a_configured_certificate_an_email_or_the_name_as_written():
    info = _info(emails=("head@kttv.vn",))
    assert pades.signer_matches(info, fingerprints=["AB" * 32])
    assert pades.signer_matches(info, emails=["Head@KTTV.vn "])
    assert pades.signer_matches(info, names=["đỗ  quang HUY"])
    # Accents are part of a Vietnamese name: "Do Quang Huy" is someone else.
    assert not pades.signer_matches(info, names=["Do Quang Huy"])
    assert not pades.signer_matches(_info(common_name=""), names=[""])


def _layout():
    layout = pades.Layout(pages=[(595.0, 842.0), (595.0, 842.0)])
    words = [
        (0, 380, 500, 440, 514, "CỤC"),
        (0, 442, 500, 520, 514, "TRƯỞNG"),
        (0, 390, 600, 420, 614, "Đỗ"),
        (0, 422, 600, 470, 614, "Quang"),
        (0, 472, 600, 500, 614, "Huy"),
        (1, 100, 60, 200, 74, "DANH"),
    ]
    layout.words = [pades.Word(*word) for word in words]
    return layout


def test_decision_placement_follows_decree_30():
    placement = pades.decision_placement(_layout(), "Đỗ Quang Huy")
    assert not placement.approximated
    x0, y0, x1, y1 = placement.signer_box
    # Above the printed name (PDF y grows upwards: the name's top is at 842 - 600), centred on it.
    assert y0 >= 842 - 600 and y1 - y0 == pades.SIGNER_HEIGHT
    assert abs((x0 + x1) / 2 - 445) < 1
    # The seal covers the left third of the signer's signature.
    assert placement.seal_box[2] == x0 + pades.SIGNER_WIDTH / 3
    assert placement.seal_box[0] < x0
    # The annex: its first page, top right.
    assert placement.annex_page == 1
    assert placement.annex_box[2] == 595 - pades.MARGIN and placement.annex_box[3] == 842 - pades.MARGIN


def test_decision_placement_without_the_name_is_the_foot_of_the_last_page():
    placement = pades.decision_placement(_layout(), "Người Khác")
    assert placement.approximated
    assert placement.signer_page == 1
    assert placement.annex_page is None
