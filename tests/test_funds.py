from kttv_lib import funds


def test_share_is_twenty_percent_by_default():
    assert funds.share(500_000_000) == 100_000_000
    assert funds.share(123_456_789) == 24_691_358  # 24,691,357.8 rounded
    assert funds.share(1_000_000, 25) == 250_000
    assert funds.share(0) == 0


def test_excess_over_the_share():
    assert funds.excess(100_000_000, 60_000_000, 30_000_000) == 0
    assert funds.excess(100_000_000, 60_000_000, 40_000_000) == 0  # exactly the share
    assert funds.excess(100_000_000, 60_000_000, 45_000_000) == 5_000_000
    assert funds.excess(0, 0, 1) == 1


def test_shortfall_below_a_zero_balance():
    assert funds.shortfall(10_000_000, 10_000_000) == 0  # exactly empties the fund
    assert funds.shortfall(10_000_000, 12_500_000) == 2_500_000
    # Rewards paid before any allocation: the fund is already empty.
    assert funds.shortfall(-3_000_000, 1_000_000) == 1_000_000
    assert funds.shortfall(0, 0) == 0


def test_a_batch_of_charges_is_judged_as_a_whole():
    states = {"a": (10_000_000, 6_000_000, 30_000_000), "b": (1_000_000, 0, 500_000)}
    planned = funds.plan_charges(
        states,
        [("a", 3_000_000), ("b", 400_000), ("a", 2_000_000), ("b", 300_000), ("a", 1_000_000)],
    )
    assert [(charge.excess, charge.shortfall) for charge in planned] == [
        (0, 0),  # a: 9,000,000 of its 10,000,000 share
        (0, 0),  # b: balance 100,000 left
        (1_000_000, 0),  # a: the second charge goes 1,000,000 past the share
        (0, 200_000),  # b: within its share, but 200,000 more than the balance
        (2_000_000, 0),  # a: each cost counts those before it
    ]
    # What was left before each cost, for the message that refuses it.
    assert [(charge.remaining, charge.balance) for charge in planned] == [
        (4_000_000, 30_000_000),
        (1_000_000, 500_000),
        (1_000_000, 27_000_000),
        (600_000, 100_000),
        (-1_000_000, 25_000_000),
    ]
    assert states["a"] == (10_000_000, 6_000_000, 30_000_000), "the caller's figures are left alone"
