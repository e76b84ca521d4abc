"""Rules that decide exemplar criteria from the history (plan II.3).

Results are the keys of ``RESULTS``; the ORM layer stores them and writes the
message a person reads.
"""

PASS = "pass"
FAIL = "fail"
PENDING = "pending"
NOT_APPLICABLE = "not_applicable"
RESULTS = (PASS, FAIL, PENDING, NOT_APPLICABLE)
DECIDED = (PASS, FAIL, NOT_APPLICABLE)

# Where a collective registration stands, for the unit-head rule.
RECOGNISED_STATES = ("recognized", "ministry_proposed", "ministry_recognized")
OPEN_STATES = ("draft", "submitted", "nurturing", "nominated", "council")


def missing_years(first, last, *year_sets):
    """Years of ``first..last`` absent from any of ``year_sets``."""
    return [year for year in range(first, last + 1) if any(year not in years for years in year_sets)]


def history_rule(first, last, *year_sets):
    """Every year of the assessed window holds what each set records.

    Returns ``(result, missing years)``.  An empty window cannot be decided.
    """
    if first is None or last is None or last < first:
        return PENDING, []
    missing = missing_years(first, last, *year_sets)
    return (FAIL if missing else PASS), missing


def unit_head_rule(is_head, unit_states):
    """A unit head qualifies only if their unit is itself an exemplar.

    ``unit_states`` are the states of the unit's collective registrations in
    the same phase.  Not a unit head: the rule does not apply.
    """
    if not is_head:
        return NOT_APPLICABLE
    if any(state in RECOGNISED_STATES for state in unit_states):
        return PASS
    if any(state in OPEN_STATES for state in unit_states):
        return PENDING
    return FAIL


def final_result(method, rule_result, review_result, needs_review):
    """What a criterion line finally says.

    The reviewer has the last word (with evidence); a rule that passes may
    still need a reviewer to confirm the parts no history records.
    """
    if review_result:
        return review_result
    if method == "manual":
        return PENDING
    if rule_result == PASS and needs_review:
        return PENDING
    return rule_result or PENDING


def all_decided(results):
    return all(result in DECIDED for result in results)
