"""Provision rates: the policy's table, or the Chinese aging table by years overdue."""

from decimal import Decimal

from collect.model.records import Policy
from checkkit import run_load


def test_default_buckets_use_the_documented_defaults():
    policy = Policy()
    # every bucket up to a year: 5 %; 365+ (from day 366): 10 %
    assert [policy.provision_rate(b) for b in policy.bucket_names] == [Decimal("0.05")] * 6 + [Decimal("0.10")]


def test_buckets_beyond_a_year_follow_the_aging_table_by_years():
    policy = Policy.model_validate({"buckets": [30, 365, 730, 1095, 1460, 1825]})
    rates = {b: policy.provision_rate(b) for b in policy.bucket_names}
    # names: current, 1-30, 31-365, 366-730, 731-1095, 1096-1460, 1461-1825, 1825+ (from day 1826)
    assert rates == {
        "current": Decimal("0.05"), "1-30": Decimal("0.05"), "31-365": Decimal("0.05"),
        "366-730": Decimal("0.10"), "731-1095": Decimal("0.30"), "1096-1460": Decimal("0.50"),
        "1461-1825": Decimal("0.80"), "1825+": Decimal("1.00"),
    }


def test_a_written_table_is_used_as_written_and_gaps_are_zero():
    policy = Policy.model_validate({"provision": {"current": "0.3%", "1-30": "1.6%"}})
    assert policy.provision_rate("current") == Decimal("0.003")
    assert policy.provision_rate("1-30") == Decimal("0.016")
    assert policy.provision_rate("31-60") == Decimal(0)


def test_a_table_that_leaves_buckets_out_is_warned_about(ledger_dir):
    root = ledger_dir({"policy.yaml": 'provision:\n  current: "1%"\n  1-30: "2%"\n'})
    found = [d for d in run_load(root) if d.code == "W106"]
    assert len(found) == 1
    assert "31-60" in found[0].message and "365+" in found[0].message and "0%" in found[0].message
