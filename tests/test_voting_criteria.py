import pytest

from kttv_lib import criteria, voting


@pytest.mark.parametrize(
    ("approvals", "members", "threshold", "secret", "expected"),
    [
        (9, 10, 90, True, (90.0, True)),  # exactly 90%: passes
        (8, 10, 90, True, (80.0, False)),
        (4, 5, 80, True, (80.0, True)),  # exactly 80%
        (7, 9, 80, True, (77.78, False)),
        (8, 9, 80, True, (88.89, True)),
        (3, 5, 0, False, (60.0, True)),  # no secret ballot: more than half
        (2, 4, 0, False, (50.0, False)),  # half is not more than half
        (0, 3, 80, True, (0.0, False)),
    ],
)
def test_tally_counts_on_all_members(approvals, members, threshold, secret, expected):
    assert voting.tally(approvals, members, threshold, secret) == expected


def test_tally_refuses_impossible_counts():
    with pytest.raises(ValueError):
        voting.tally(1, 0, 80, True)
    with pytest.raises(ValueError):
        voting.tally(6, 5, 80, True)


def test_history_rule_needs_every_year_of_every_set():
    titles = {2021, 2022}
    ratings = {2021, 2022, 2023}
    assert criteria.history_rule(2021, 2022, titles, ratings) == (criteria.PASS, [])
    assert criteria.history_rule(2021, 2023, titles, ratings) == (criteria.FAIL, [2023])
    assert criteria.history_rule(2020, 2023, titles) == (criteria.FAIL, [2020, 2023])
    assert criteria.history_rule(2023, 2021, titles) == (criteria.PENDING, [])
    assert criteria.history_rule(None, 2021, titles) == (criteria.PENDING, [])


def test_unit_head_rule():
    assert criteria.unit_head_rule(False, []) == criteria.NOT_APPLICABLE
    assert criteria.unit_head_rule(True, ["recognized"]) == criteria.PASS
    assert criteria.unit_head_rule(True, ["refused", "ministry_recognized"]) == criteria.PASS
    assert criteria.unit_head_rule(True, ["nominated"]) == criteria.PENDING
    assert criteria.unit_head_rule(True, ["refused"]) == criteria.FAIL
    assert criteria.unit_head_rule(True, []) == criteria.FAIL


@pytest.mark.parametrize(
    ("method", "rule", "review", "needs_review", "expected"),
    [
        ("manual", None, None, False, "pending"),
        ("manual", None, "pass", False, "pass"),
        ("rule", "pass", None, False, "pass"),
        ("rule", "fail", None, False, "fail"),
        ("rule", "pass", None, True, "pending"),
        ("rule", "pass", "pass", True, "pass"),
        ("rule", "fail", "pass", False, "pass"),  # the reviewer overrides, with evidence
        ("rule", "not_applicable", None, True, "not_applicable"),
        ("rule", None, None, False, "pending"),
    ],
)
def test_final_result(method, rule, review, needs_review, expected):
    assert criteria.final_result(method, rule, review, needs_review) == expected


def test_all_decided():
    assert criteria.all_decided(["pass", "fail", "not_applicable"])
    assert not criteria.all_decided(["pass", "pending"])
    assert criteria.all_decided([])
