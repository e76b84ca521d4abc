"""The year-end review's title conditions, without Odoo."""

from kttv_lib import year_end as ye
from kttv_lib.criteria import FAIL, PASS, PENDING

YEAR = 2026


def _codes(verdict):
    return {condition.code: condition.result for condition in verdict.conditions}


def _initiative(id_, scope="unit", year=YEAR, **kwargs):
    return ye.Initiative(id=id_, scope=scope, year=year, **kwargs)


# ---------------------------------------------------------------- LĐTT


def test_ldtt_needs_a_good_rating_or_better():
    assert ye.ldtt(ye.IndividualFacts(YEAR, rating="good")).result == PASS
    assert ye.ldtt(ye.IndividualFacts(YEAR, rating="excellent")).result == PASS
    verdict = ye.ldtt(ye.IndividualFacts(YEAR, rating="completed"))
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.RATING_GOOD
    assert verdict.reason.evidence == {"year": YEAR, "rating": "completed"}


def test_ldtt_without_a_rating_is_pending_not_refused():
    verdict = ye.ldtt(ye.IndividualFacts(YEAR))
    assert verdict.result == PENDING
    assert verdict.reason.code == ye.RATING_GOOD


def test_a_subject_on_hold_is_refused_whatever_its_rating():
    verdict = ye.ldtt(ye.IndividualFacts(YEAR, rating="excellent", on_hold=True))
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.NOT_ON_HOLD


# ---------------------------------------------------------------- CSTĐCS


def test_cstdcs_with_excellent_rating_and_a_recognised_initiative():
    facts = ye.IndividualFacts(YEAR, rating="excellent", initiatives=(_initiative(7),))
    verdict = ye.cstdcs(facts)
    assert verdict.result == PASS
    assert verdict.initiative_id == 7
    assert _codes(verdict) == {
        ye.NOT_ON_HOLD: PASS,
        ye.RATING_GOOD: PASS,
        ye.RATING_EXCELLENT: PASS,
        ye.INITIATIVE: PASS,
    }


def test_cstdcs_rated_excellent_without_an_initiative_names_the_initiative():
    verdict = ye.cstdcs(ye.IndividualFacts(YEAR, rating="excellent"))
    assert verdict.result == FAIL
    assert [condition.code for condition in verdict.missing] == [ye.INITIATIVE]
    assert verdict.reason.evidence == {"available": [], "used": [], "scope": "unit"}
    assert verdict.initiative_id is None


def test_a_recognised_cstdcs_still_reads_the_initiative_it_spent_as_its_own():
    # Recognised, the title spent initiative 7 (used for its achievement 41); another one spent 8 elsewhere.
    spent = (_initiative(7, used_for=41), _initiative(8, used_for=99))
    facts = ye.IndividualFacts(YEAR, rating="excellent", initiatives=spent)
    assert ye.cstdcs(facts).result == FAIL
    own = ye.with_own_initiative(facts, 7)
    verdict = ye.cstdcs(own)
    assert (verdict.result, verdict.initiative_id) == (PASS, 7)
    assert [initiative.used_for for initiative in own.initiatives] == [None, 99]
    # Nothing spent, or spent on an initiative the subject does not have: the facts as they were.
    assert ye.with_own_initiative(facts, None) is facts
    assert ye.with_own_initiative(facts, 5) is facts


def test_cstdcs_an_accepted_research_project_counts_like_an_initiative():
    facts = ye.IndividualFacts(YEAR, rating="excellent", initiatives=(_initiative(3, kind="research"),))
    assert ye.cstdcs(facts).result == PASS


def test_cstdcs_good_rating_is_not_enough():
    facts = ye.IndividualFacts(YEAR, rating="good", initiatives=(_initiative(7),))
    verdict = ye.cstdcs(facts)
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.RATING_EXCELLENT


def test_a_spent_initiative_does_not_count_again():
    facts = ye.IndividualFacts(YEAR, rating="excellent", initiatives=(_initiative(7, used_for=("achievement", 1)),))
    verdict = ye.cstdcs(facts)
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.INITIATIVE
    assert verdict.reason.evidence["used"] == [7]


def test_unrecognised_or_later_initiatives_do_not_count():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        initiatives=(_initiative(1, recognized=False), _initiative(2, year=YEAR + 1)),
    )
    assert ye.cstdcs(facts).reason.code == ye.INITIATIVE


# ---------------------------------------------------------------- CSTĐ cấp bộ


def test_cstd_bo_three_consecutive_cstdcs_and_a_ministry_initiative():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        titles={YEAR - 2: {ye.CSTDCS}, YEAR - 1: {ye.CSTDCS}, YEAR: {ye.CSTDCS}},
        initiatives=(_initiative(5, scope="ministry"),),
    )
    verdict = ye.cstd_bo(facts)
    assert verdict.result == PASS
    assert verdict.initiative_id == 5
    streak = next(condition for condition in verdict.conditions if condition.code == ye.CSTDCS_STREAK)
    assert streak.evidence == {"years": [YEAR - 2, YEAR - 1, YEAR], "streak": 3, "required": 3}


def test_cstd_bo_counts_this_years_cstdcs_when_its_conditions_hold_now():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        titles={YEAR - 2: {ye.CSTDCS}, YEAR - 1: {ye.CSTDBO}},
        initiatives=(_initiative(5, scope="ministry"), _initiative(6)),
    )
    assert ye.cstd_bo(facts).result == PASS


def test_cstd_bo_the_ministry_initiative_cannot_also_make_this_years_cstdcs():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        titles={YEAR - 2: {ye.CSTDCS}, YEAR - 1: {ye.CSTDCS}},
        initiatives=(_initiative(5, scope="ministry"),),
    )
    verdict = ye.cstd_bo(facts)
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.CSTDCS_STREAK
    assert verdict.reason.evidence["streak"] == 0


def test_cstd_bo_a_broken_streak_is_refused_with_the_years():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        titles={YEAR - 2: {ye.CSTDCS}, YEAR - 1: {ye.LDTT}, YEAR: {ye.CSTDCS}},
        initiatives=(_initiative(5, scope="national"),),
    )
    verdict = ye.cstd_bo(facts)
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.CSTDCS_STREAK
    assert verdict.reason.evidence == {"years": [YEAR - 2, YEAR], "streak": 1, "required": 3}


def test_cstd_bo_a_unit_scope_initiative_is_not_ministry_wide():
    facts = ye.IndividualFacts(
        YEAR,
        rating="excellent",
        titles={YEAR - 2: {ye.CSTDCS}, YEAR - 1: {ye.CSTDCS}, YEAR: {ye.CSTDCS}},
        initiatives=(_initiative(5, scope="unit"),),
    )
    verdict = ye.cstd_bo(facts)
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.INITIATIVE_MINISTRY


# ---------------------------------------------------------------- collectives


def _collective(**kwargs):
    values = {
        "rating": "excellent",
        "members": 10,
        "completed_members": 10,
        "ldtt_members": 7,
        "cstdcs_members": 1,
        "disciplined_members": 0,
    }
    values.update(kwargs)
    return ye.CollectiveFacts(YEAR, **values)


def test_ttldxs_accepted_at_exactly_70_percent_ldtt():
    verdict = ye.ttldxs(_collective())
    assert verdict.result == PASS
    share = next(condition for condition in verdict.conditions if condition.code == ye.LDTT_SHARE)
    assert share.evidence == {"count": 7, "members": 10, "percent": 70.0, "required": 70}


def test_ttldxs_refused_at_69_point_something_percent_with_the_reason():
    # 69 of 100 and 227 of 328 (69.2%): below 70%.
    for members, ldtt in ((100, 69), (328, 227)):
        verdict = ye.ttldxs(_collective(members=members, completed_members=members, ldtt_members=ldtt))
        assert verdict.result == FAIL
        assert verdict.reason.code == ye.LDTT_SHARE
        assert verdict.reason.evidence["percent"] < 70
        assert verdict.reason.evidence["required"] == 70
    assert ye.percent(227, 328) == 69.2
    # 230 of 328 is 70.1%: accepted.
    assert ye.ttldxs(_collective(members=328, completed_members=328, ldtt_members=230)).result == PASS


def test_ttldxs_every_member_must_complete_their_tasks():
    verdict = ye.ttldxs(_collective(completed_members=9))
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.MEMBERS_COMPLETE
    assert verdict.reason.evidence == {"count": 9, "members": 10}


def test_ttldxs_needs_a_cstdcs_nobody_disciplined_and_an_excellent_rating():
    assert ye.ttldxs(_collective(cstdcs_members=0)).reason.code == ye.HAS_CSTDCS
    assert ye.ttldxs(_collective(disciplined_members=1)).reason.code == ye.NOBODY_DISCIPLINED
    assert ye.ttldxs(_collective(rating="good")).reason.code == ye.RATING_EXCELLENT


def test_ttldxs_a_collective_without_members_is_refused():
    verdict = ye.ttldxs(_collective(members=0, completed_members=0, ldtt_members=0))
    assert verdict.result == FAIL
    assert {condition.code for condition in verdict.missing} >= {ye.MEMBERS_COMPLETE, ye.LDTT_SHARE}


def test_ttldtt_needs_half_of_the_members_ldtt():
    assert ye.ttldtt(_collective(rating="good", ldtt_members=5, cstdcs_members=0)).result == PASS
    verdict = ye.ttldtt(_collective(rating="good", ldtt_members=4))
    assert verdict.result == FAIL
    assert verdict.reason.code == ye.LDTT_SHARE
    assert verdict.reason.evidence["required"] == 50


def test_thresholds_are_parameters():
    strict = ye.Thresholds(ttldxs_ldtt_percent=80)
    assert ye.ttldxs(_collective(), strict).reason.code == ye.LDTT_SHARE


# ---------------------------------------------------------------- dispatch


def test_evaluate_many_decides_each_subject_and_title():
    requests = [
        ("a", ye.LDTT, ye.IndividualFacts(YEAR, rating="good")),
        ("b", ye.CSTDCS, ye.IndividualFacts(YEAR, rating="excellent")),
        ("c", ye.TTLDXS, _collective()),
        ("d", "BKBO", ye.IndividualFacts(YEAR, rating="excellent")),
    ]
    verdicts = ye.evaluate_many(requests)
    assert verdicts["a"].result == PASS
    assert verdicts["b"].reason.code == ye.INITIATIVE
    assert verdicts["c"].result == PASS
    # A title without a rule is left to a person.
    assert verdicts["d"].result == PENDING
    assert verdicts["d"].reason.code == ye.NO_RULE


def test_a_collective_title_asked_of_an_individual_has_no_rule():
    assert ye.evaluate(ye.TTLDXS, ye.IndividualFacts(YEAR, rating="excellent")).reason.code == ye.NO_RULE


def test_holds_title_counts_higher_titles_of_the_ladder():
    titles = {2025: {ye.CSTDBO}, 2024: {ye.LDTT}}
    assert ye.holds_title(titles, 2025, ye.CSTDCS)
    assert ye.holds_title(titles, 2025, ye.LDTT)
    assert not ye.holds_title(titles, 2024, ye.CSTDCS)
    assert not ye.holds_title(titles, 2023, ye.LDTT)


# ---------------------------------------------------------------- members counted by a collective


def test_counts_as_is_the_verdict_of_the_title_or_the_title_held():
    """``counts_as`` (the fast count of a collective's members) agrees with the verdicts, case by case."""
    initiative_sets = {
        "none": (),
        "unit": (_initiative(1),),
        "used": (_initiative(2, used_for=9),),
        "later": (_initiative(3, year=YEAR + 1),),
        "ministry": (_initiative(4, scope="ministry"),),
    }
    held_sets = {
        "nothing": {},
        "LDTT": {YEAR: {ye.LDTT}},
        "CSTDBO": {YEAR: {ye.CSTDBO}},
        "last year": {YEAR - 1: {ye.CSTDCS}},
    }
    checked = 0
    for rating in (None, "excellent", "good", "completed", "not_completed"):
        for on_hold in (False, True):
            for initiatives in initiative_sets.values():
                for titles in held_sets.values():
                    facts = ye.IndividualFacts(
                        YEAR, rating=rating, titles=titles, initiatives=initiatives, on_hold=on_hold
                    )
                    for code, rule in ((ye.LDTT, ye.ldtt), (ye.CSTDCS, ye.cstdcs)):
                        expected = ye.holds_title(titles, YEAR, code) or rule(facts).result == PASS
                        assert ye.counts_as(facts, code) is expected, (code, rating, on_hold, initiatives, titles)
                        checked += 1
    assert checked == 5 * 2 * 5 * 4 * 2
    assert ye.counts_as(ye.IndividualFacts(YEAR, rating="excellent", initiatives=(_initiative(1),)), ye.CSTDCS)
    assert not ye.counts_as(ye.IndividualFacts(YEAR, rating="excellent"), ye.CSTDCS)
