"""The year-end review (bình xét cuối năm): which titles' conditions hold.

Pure Python: the ORM layer reads ratings, titles, initiatives, holds and the
member figures of every subject in a constant number of queries, builds the
facts below and hands them here.  Each title gives a ``Verdict``: its
conditions, each with its result and its evidence (the figures a person reads
to check it), and the first condition that is missing.  The messages a person
reads are written by the ORM layer from the condition codes and their evidence.

Titles are known by their catalog code (``kttv.emulation.title.code``); a code
without a rule here is left to a person (``PENDING``).  Law 06/2022/QH15
art. 23-28, Decree 152/2025/NĐ-CP.
"""

from dataclasses import dataclass, field, replace

from .criteria import FAIL, PASS, PENDING
from .streaks import RATING_RANK, consecutive_years

LDTT = "LDTT"
CSTDCS = "CSTDCS"
CSTDBO = "CSTDBO"
CSTDTQ = "CSTDTQ"
TTLDTT = "TTLDTT"
TTLDXS = "TTLDXS"

# The individual ladder: a higher title counts as every lower one (a CSTĐ cấp
# bộ of a year is also that year's CSTĐCS for the streak rules).
INDIVIDUAL_LADDER = (LDTT, CSTDCS, CSTDBO, CSTDTQ)
LADDER_RANK = {code: rank for rank, code in enumerate(INDIVIDUAL_LADDER)}

# Scopes of a recognised initiative, narrowest first.
SCOPES = ("unit", "ministry", "national")
SCOPE_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}

# Condition codes (the ORM layer writes their messages).
NOT_ON_HOLD = "not_on_hold"
RATING_GOOD = "rating_good"
RATING_EXCELLENT = "rating_excellent"
INITIATIVE = "initiative"
INITIATIVE_MINISTRY = "initiative_ministry"
CSTDCS_STREAK = "cstdcs_streak"
MEMBERS_COMPLETE = "members_complete"
LDTT_SHARE = "ldtt_share"
HAS_CSTDCS = "has_cstdcs"
NOBODY_DISCIPLINED = "nobody_disciplined"
NO_RULE = "no_rule"
CONDITIONS = (
    NOT_ON_HOLD,
    RATING_GOOD,
    RATING_EXCELLENT,
    INITIATIVE,
    INITIATIVE_MINISTRY,
    CSTDCS_STREAK,
    MEMBERS_COMPLETE,
    LDTT_SHARE,
    HAS_CSTDCS,
    NOBODY_DISCIPLINED,
    NO_RULE,
)


@dataclass(frozen=True)
class Thresholds:
    """Figures of the law, kept apart so that a change of the law is data."""

    ttldxs_ldtt_percent: int = 70
    ttldtt_ldtt_percent: int = 50
    cstd_bo_cstdcs_years: int = 3


@dataclass(frozen=True)
class Initiative:
    """A subject's initiative or research project as the rules read it.

    ``recognized``: recognised (an initiative) or accepted (a research
    project); ``used_for``: the title it already served for (any key), or None.
    """

    id: int
    kind: str = "initiative"
    scope: str = "unit"
    year: int = 0
    recognized: bool = True
    used_for: object = None


@dataclass(frozen=True)
class IndividualFacts:
    """What the review knows of an employee for ``year``."""

    year: int
    rating: str | None = None
    # {year: {title codes}} held before (or in) the year.
    titles: dict = field(default_factory=dict)
    initiatives: tuple = ()
    on_hold: bool = False


def with_own_initiative(facts, initiative_id):
    """``facts`` as the nomination that spent ``initiative_id`` reads them: that initiative is its own, not used.

    A recognised title spends its initiative; read again, its conditions must
    not find the initiative "used for another title".
    """
    if not initiative_id or not any(initiative.id == initiative_id for initiative in facts.initiatives):
        return facts
    return replace(
        facts,
        initiatives=tuple(
            replace(initiative, used_for=None) if initiative.id == initiative_id else initiative
            for initiative in facts.initiatives
        ),
    )


@dataclass(frozen=True)
class CollectiveFacts:
    """What the review knows of a collective for ``year``: its rating and its members' figures.

    ``ldtt_members``: members who are LĐTT this year (held or qualifying);
    ``completed_members``: members rated "completed" or better;
    ``cstdcs_members``: members who are CSTĐCS this year (held or qualifying);
    ``disciplined_members``: members under discipline.
    """

    year: int
    rating: str | None = None
    members: int = 0
    completed_members: int = 0
    ldtt_members: int = 0
    cstdcs_members: int = 0
    disciplined_members: int = 0
    on_hold: bool = False


@dataclass(frozen=True)
class Condition:
    code: str
    result: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A title's conditions for one subject; ``initiative_id`` is the initiative it would spend."""

    title: str
    conditions: tuple
    initiative_id: int | None = None

    @property
    def result(self):
        results = {condition.result for condition in self.conditions}
        if FAIL in results:
            return FAIL
        if PENDING in results or not results:
            return PENDING
        return PASS

    @property
    def missing(self):
        """The conditions that do not hold (failed first, then undecided)."""
        failed = [condition for condition in self.conditions if condition.result == FAIL]
        pending = [condition for condition in self.conditions if condition.result == PENDING]
        return tuple(failed + pending)

    @property
    def reason(self):
        """The first missing condition, or None when every condition holds."""
        missing = self.missing
        return missing[0] if missing else None


def _result(holds):
    return PASS if holds else FAIL


def _at_least(rating, level):
    return rating is not None and RATING_RANK.get(rating, -1) >= RATING_RANK[level]


# A review decides the same few conditions for thousands of subjects: those
# that depend only on small values are made once and shared (their evidence
# is read, never changed).
_RATING_CONDITIONS = {}
_HOLD_CONDITIONS = {}
_NO_INITIATIVE = {}


def _rating_condition(code, rating, level, year):
    key = (code, rating, level, year)
    condition = _RATING_CONDITIONS.get(key)
    if condition is None:
        if rating is None:
            condition = Condition(code, PENDING, {"year": year, "rating": None})
        else:
            condition = Condition(code, _result(_at_least(rating, level)), {"year": year, "rating": rating})
        _RATING_CONDITIONS[key] = condition
    return condition


def _hold_condition(on_hold):
    on_hold = bool(on_hold)
    condition = _HOLD_CONDITIONS.get(on_hold)
    if condition is None:
        condition = _HOLD_CONDITIONS[on_hold] = Condition(NOT_ON_HOLD, _result(not on_hold), {"on_hold": on_hold})
    return condition


def percent(part, whole):
    """``part`` of ``whole`` in percent, one decimal, rounded down (69.99 stays 69.9)."""
    if not whole:
        return 0.0
    return (part * 1000 // whole) / 10


def share_reached(part, whole, required_percent):
    """Whether ``part / whole`` is at least ``required_percent`` percent, in integers (70% is 70%)."""
    return bool(whole) and part * 100 >= required_percent * whole


def available_initiatives(initiatives, year, min_scope="unit"):
    """Recognised, unused initiatives up to ``year`` of at least ``min_scope``, widest scope first."""
    if not initiatives:
        return []
    floor = SCOPE_RANK[min_scope]
    found = [
        initiative
        for initiative in initiatives
        if initiative.recognized
        and initiative.used_for is None
        and initiative.year <= year
        and SCOPE_RANK.get(initiative.scope, -1) >= floor
    ]
    return sorted(found, key=lambda initiative: (-SCOPE_RANK[initiative.scope], initiative.year, initiative.id))


def _initiative_condition(code, facts, min_scope):
    if not facts.initiatives:
        key = (code, min_scope)
        if key not in _NO_INITIATIVE:
            _NO_INITIATIVE[key] = Condition(code, FAIL, {"available": [], "used": [], "scope": min_scope})
        return _NO_INITIATIVE[key], None
    available = available_initiatives(facts.initiatives, facts.year, min_scope)
    used = [
        initiative.id
        for initiative in facts.initiatives
        if initiative.used_for is not None and SCOPE_RANK.get(initiative.scope, -1) >= SCOPE_RANK[min_scope]
    ]
    evidence = {"available": [initiative.id for initiative in available], "used": used, "scope": min_scope}
    return Condition(code, _result(bool(available)), evidence), (available[0].id if available else None)


def holds_title(titles, year, code):
    """Whether ``titles`` (``{year: codes}``) hold ``code`` in ``year``, a higher title of its ladder counting."""
    held = titles.get(year, ())
    if code in held:
        return True
    if code in LADDER_RANK:
        return any(LADDER_RANK.get(other, -1) >= LADDER_RANK[code] for other in held)
    return False


def counts_as(facts, code):
    """Whether a collective's member counts as ``code`` (LĐTT or CSTĐCS) in its year: held, or qualifying now.

    The same answer as ``ldtt(facts)`` / ``cstdcs(facts)`` passing, without
    building their verdicts: a review counts this for every member.
    """
    if holds_title(facts.titles, facts.year, code):
        return True
    if facts.on_hold or not _at_least(facts.rating, "good"):
        return False
    if code == LDTT:
        return True
    return (
        code == CSTDCS
        and _at_least(facts.rating, "excellent")
        and bool(available_initiatives(facts.initiatives, facts.year, "unit"))
    )


def ldtt(facts):
    conditions = (
        _hold_condition(facts.on_hold),
        _rating_condition(RATING_GOOD, facts.rating, "good", facts.year),
    )
    return Verdict(LDTT, conditions)


def cstdcs(facts):
    initiative, initiative_id = _initiative_condition(INITIATIVE, facts, "unit")
    conditions = (
        _hold_condition(facts.on_hold),
        _rating_condition(RATING_GOOD, facts.rating, "good", facts.year),
        _rating_condition(RATING_EXCELLENT, facts.rating, "excellent", facts.year),
        initiative,
    )
    return Verdict(CSTDCS, conditions, initiative_id if initiative.result == PASS else None)


def cstd_bo(facts, thresholds=Thresholds()):
    """Three consecutive CSTĐCS (this year's held or qualifying now) and an initiative of ministry-wide effect."""
    required = thresholds.cstd_bo_cstdcs_years
    years = {year for year in facts.titles if year < facts.year and holds_title(facts.titles, year, CSTDCS)}
    initiative, initiative_id = _initiative_condition(INITIATIVE_MINISTRY, facts, "ministry")
    this_year = holds_title(facts.titles, facts.year, CSTDCS)
    if not this_year:
        # This year's CSTĐCS is decided in the same review: its own conditions,
        # with an initiative other than the one this title spends.
        others = tuple(other for other in facts.initiatives if other.id != initiative_id)
        this_year = cstdcs(replace(facts, initiatives=others)).result == PASS
    if this_year:
        years.add(facts.year)
    streak = consecutive_years(years, facts.year)
    streak_condition = Condition(
        CSTDCS_STREAK,
        _result(streak >= required),
        {
            "years": sorted(year for year in years if year > facts.year - required),
            "streak": streak,
            "required": required,
        },
    )
    conditions = (_hold_condition(facts.on_hold), streak_condition, initiative)
    return Verdict(CSTDBO, conditions, initiative_id if initiative.result == PASS else None)


def _members_share(facts, required):
    return Condition(
        LDTT_SHARE,
        _result(share_reached(facts.ldtt_members, facts.members, required)),
        {
            "count": facts.ldtt_members,
            "members": facts.members,
            "percent": percent(facts.ldtt_members, facts.members),
            "required": required,
        },
    )


def _nobody_disciplined(facts):
    return Condition(NOBODY_DISCIPLINED, _result(not facts.disciplined_members), {"count": facts.disciplined_members})


def ttldxs(facts, thresholds=Thresholds()):
    conditions = (
        _hold_condition(facts.on_hold),
        _rating_condition(RATING_EXCELLENT, facts.rating, "excellent", facts.year),
        Condition(
            MEMBERS_COMPLETE,
            _result(bool(facts.members) and facts.completed_members >= facts.members),
            {"count": facts.completed_members, "members": facts.members},
        ),
        _members_share(facts, thresholds.ttldxs_ldtt_percent),
        Condition(HAS_CSTDCS, _result(facts.cstdcs_members >= 1), {"count": facts.cstdcs_members}),
        _nobody_disciplined(facts),
    )
    return Verdict(TTLDXS, conditions)


def ttldtt(facts, thresholds=Thresholds()):
    conditions = (
        _hold_condition(facts.on_hold),
        _rating_condition(RATING_GOOD, facts.rating, "good", facts.year),
        _members_share(facts, thresholds.ttldtt_ldtt_percent),
        _nobody_disciplined(facts),
    )
    return Verdict(TTLDTT, conditions)


INDIVIDUAL_RULES = {LDTT: ldtt, CSTDCS: cstdcs, CSTDBO: cstd_bo}
COLLECTIVE_RULES = {TTLDXS: ttldxs, TTLDTT: ttldtt}


def evaluate(title, facts, thresholds=Thresholds()):
    """The verdict of the title ``title`` (a catalog code) for a subject's ``facts``."""
    rules = COLLECTIVE_RULES if isinstance(facts, CollectiveFacts) else INDIVIDUAL_RULES
    rule = rules.get(title)
    if rule is None:
        return Verdict(title, (Condition(NO_RULE, PENDING, {"title": title}),))
    if rule in (ldtt, cstdcs):
        return rule(facts)
    return rule(facts, thresholds)


def evaluate_many(requests, thresholds=Thresholds()):
    """``[(key, title code, facts)]`` -> ``{key: Verdict}``: the whole review at once."""
    return {key: evaluate(title, facts, thresholds) for key, title, facts in requests}
