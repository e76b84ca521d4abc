import pytest

from kttv_lib import streaks


def test_consecutive_years_counts_back_from_the_given_year():
    assert streaks.consecutive_years({2020, 2021, 2022, 2024}, 2022) == 3
    assert streaks.consecutive_years({2020, 2021, 2022, 2024}, 2024) == 1
    assert streaks.consecutive_years({2020, 2021, 2022, 2024}, 2023) == 0
    assert streaks.consecutive_years(set(), 2024) == 0


def test_streaks_give_every_subject_a_value():
    rows = [(1, 2022), (1, 2023), (1, 2024), (2, 2024), (2, 2022), (3, 2020)]
    assert streaks.streaks(rows, 2024, subjects=[1, 2, 3, 4]) == {1: 3, 2: 1, 3: 0, 4: 0}


def test_streaks_ignore_duplicates_and_order():
    rows = [(7, 2024), (7, 2023), (7, 2024), (7, 2022)]
    assert streaks.streaks(rows, 2024) == {7: 3}


def test_rating_levels_from_is_at_or_above():
    assert streaks.rating_levels_from("good") == ("good", "excellent")
    assert streaks.rating_levels_from("excellent") == ("excellent",)
    assert streaks.rating_levels_from("not_completed") == streaks.RATING_LEVELS


def test_rating_levels_from_refuses_an_unknown_level():
    with pytest.raises(ValueError, match="unknown rating level"):
        streaks.rating_levels_from("outstanding")


def test_covers_years_needs_every_year_of_the_window():
    assert streaks.covers_years({2021, 2022, 2023}, 2021, 2023)
    assert not streaks.covers_years({2021, 2023}, 2021, 2023)
    assert streaks.covers_years({2020, 2021, 2022}, 2021, 2022)
    assert not streaks.covers_years({2021}, 2022, 2021)


def test_ladder_streak_counts_higher_titles_as_lower_ones():
    # CSTĐCS (20) in 2022 and 2024, CSTĐ cấp bộ (30) in 2023: three years of CSTĐCS or higher.
    assert streaks.ladder_streak({2021: 10, 2022: 20, 2023: 30, 2024: 20}, 2024) == (20, 3)
    # The reference year's title is the highest: only 2023 holds rank 30.
    assert streaks.ladder_streak({2022: 20, 2023: 30}, 2023) == (30, 1)
    assert streaks.ladder_streak({2022: 20}, 2024) == (None, 0)


def test_highest_by_year_keeps_the_highest_ranked_item():
    rows = [(1, 2024, "LDTT"), (1, 2024, "CSTDCS"), (1, 2023, "LDTT"), (2, 2024, "LDTT")]
    ranks = {"LDTT": 10, "CSTDCS": 20}
    result = streaks.highest_by_year(rows, ranks)
    assert result[1] == {2024: (20, "CSTDCS"), 2023: (10, "LDTT")}
    assert result[2] == {2024: (10, "LDTT")}


def test_consecutive_awards_of_a_title_counted_over_three_years():
    assert streaks.consecutive_awards({2019, 2022, 2025}, 2026, 3) == 3
    assert streaks.consecutive_awards({2018, 2022, 2025}, 2026, 3) == 2, "2018 to 2022 is more than a period"
    assert streaks.consecutive_awards({2022}, 2026, 3) == 0, "the chain ended a period ago"
    assert streaks.consecutive_awards({2027}, 2026, 3) == 0, "a later year is not counted"


def test_close_to_names_the_next_title_and_what_is_left():
    steps = (("CSTDBO", "CSTDCS", 3, 1), ("CSTDTQ", "CSTDBO", 2, 3))
    held = {"CSTDCS": {2024, 2025}, "CSTDBO": {2023}}
    assert streaks.close_to(held, 2025, steps) == [("CSTDBO", "CSTDCS", 2, 3), ("CSTDTQ", "CSTDBO", 1, 2)]
    # Three years running is reached, not close; a broken streak has not begun.
    assert streaks.close_to({"CSTDCS": {2023, 2024, 2025}}, 2025, steps) == []
    assert streaks.close_to({"CSTDCS": {2023}}, 2025, steps) == []
