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
