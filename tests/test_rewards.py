import datetime

import pytest

from kttv_lib import rewards

BASE_2024 = 2_340_000
TABLE = [
    (datetime.date(2019, 7, 1), 1_490_000),
    (datetime.date(2023, 7, 1), 1_800_000),
    (datetime.date(2024, 7, 1), BASE_2024),
]


@pytest.mark.parametrize(
    ("coefficient", "expected"),
    [
        (0.3, 710_000),  # 702,000 rounded up to the next 10,000
        (1.0, 2_340_000),
        (1.5, 3_510_000),
        (3.0, 7_020_000),
        (4.5, 10_530_000),
        (0.8, 1_880_000),  # 1,872,000
        (0.6, 1_410_000),  # 1,404,000
        (3.5, 8_190_000),
        (7, 16_380_000),
        (8, 18_720_000),
        (12, 28_080_000),
    ],
)
def test_reward_is_coefficient_times_base_rounded_up(coefficient, expected):
    assert rewards.reward_amount(coefficient, BASE_2024) == expected


def test_exact_multiples_are_not_rounded_up_by_float_error():
    # 0.1 * 1,800,000 is 180,000.00000000003 in floats: Decimal keeps it exact.
    assert rewards.reward_amount(0.1, 1_800_000) == 180_000
    assert rewards.round_up(180_000) == 180_000
    assert rewards.round_up(180_001) == 190_000


def test_negative_coefficient_is_refused():
    with pytest.raises(ValueError, match="negative"):
        rewards.reward_amount(-1, BASE_2024)


def test_base_salary_in_force_on_a_date():
    assert rewards.base_salary_on(TABLE, datetime.date(2024, 6, 30)) == 1_800_000
    assert rewards.base_salary_on(TABLE, datetime.date(2024, 7, 1)) == BASE_2024
    assert rewards.base_salary_on(TABLE, datetime.date(2030, 1, 1)) == BASE_2024
    with pytest.raises(LookupError):
        rewards.base_salary_on(TABLE, datetime.date(2019, 6, 30))


def test_top_up_pays_the_highest_title_once():
    assert rewards.top_up(0, 2_340_000) == 2_340_000
    assert rewards.top_up(710_000, 2_340_000) == 1_630_000  # LĐTT already paid, then CSTĐCS
    assert rewards.top_up(2_340_000, 710_000) == 0  # a lower title after a higher one


def test_successive_titles_of_a_year_add_up_to_the_highest():
    paid = 0
    for amount in (710_000, 2_340_000, 7_020_000, 2_340_000):  # LĐTT, CSTĐCS, CSTĐ cấp bộ, CSTĐCS again
        paid += rewards.top_up(paid, amount)
    assert paid == 7_020_000


def test_counting_period_ends_with_the_year():
    assert rewards.counting_period(2026, 1) == (2026, 2026)
    assert rewards.counting_period(2026, 3) == (2024, 2026)
    with pytest.raises(ValueError):
        rewards.counting_period(2026, 0)


def test_titles_of_the_same_period_pay_the_highest_only():
    # LĐTT 2026 already paid 760,000: a CSTĐCS of 2026 pays the difference (art. 49(5)).
    paid = [((2026, 2026), 760_000)]
    assert rewards.due_for_period(2_530_000, (2026, 2026), paid) == 1_770_000


def test_titles_of_different_periods_are_all_paid():
    # CSTĐ cấp bộ counted over 2024-2026 and CSTĐCS of 2026: both in full.
    paid = [((2026, 2026), 2_530_000)]
    assert rewards.due_for_period(7_590_000, (2024, 2026), paid) == 7_590_000
    assert rewards.due_for_period(2_530_000, (2026, 2026), [((2024, 2026), 7_590_000)]) == 2_530_000


def test_a_lower_title_after_a_higher_one_of_the_period_pays_nothing():
    assert rewards.due_for_period(760_000, (2026, 2026), [((2026, 2026), 2_530_000)]) == 0
