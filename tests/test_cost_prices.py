"""Prices as data and the monthly bill, against bills worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import sre_lab as sl


def month_of(service, requests_per_day, start="2026-10-01", days=31, errors=0):
    dates = pd.date_range(start, periods=days, tz="UTC")
    return pd.DataFrame({"date": dates, "service": service, "requests": requests_per_day, "errors": errors})


def test_price_lists_carry_vendor_source_and_date():
    for table in (sl.PRICES, sl.PRICE_CATALOG):
        assert list(table.columns) == ["item", "unit", "usd", "vendor", "source", "as_of"]
        assert (table["vendor"].str.len() > 0).all() and (table["source"].str.len() > 0).all()
        assert pd.to_datetime(table["as_of"]).notna().all()
    assert sl.PRICES["item"].tolist() == list(sl.PRICE_ITEMS)
    # ops_facts.md §4.1: CloudWatch Logs standard ingest $0.50/GB, storage $0.03/GB-month.
    prices = sl.PRICES.set_index("item")["usd"]
    assert prices["ingest"] == 0.50 and prices["storage_hot"] == 0.03 and prices["query"] == 0.005
    catalog = sl.PRICE_CATALOG
    assert ((catalog["vendor"].str.startswith("New Relic")) & (catalog["usd"] == 0.30)).any()
    assert ((catalog["vendor"].str.startswith("Grafana")) & (catalog["usd"] == 0.40)).any()


def test_a_month_with_three_storage_tiers_and_a_swapped_price_worked_by_hand():
    volumes = sl.telemetry_volumes(month_of("notifications", 100_000))
    bill = sl.monthly_bill(volumes, prices={"ingest": 0.30}, retention_days={"hot": 7, "warm": 23, "cold": 60})
    # Per request: logs 4 x 300 B + 0.02 x 350 B = 1,207 B; spans 2 x 600 B = 1,200 B.
    logs_gb_day, spans_gb_day = 100_000 * 1_207 / 1e9, 100_000 * 1_200 / 1e9
    metrics_gb_day = 76 * 5_760 * 1.5 / 1e9          # 76 series, a sample every 15 s, 1.5 B
    ingested = 31 * (logs_gb_day + spans_gb_day)
    tiers = 7 * 0.03 + 23 * 0.023 + 60 * 0.0125      # GB-months held per GB a day, priced
    expected = {
        "ingest": ingested * 0.30,
        "storage_hot": (logs_gb_day + spans_gb_day + metrics_gb_day) * 7 * 0.03,
        "storage_warm": (logs_gb_day + spans_gb_day + metrics_gb_day) * 23 * 0.023,
        "storage_cold": (logs_gb_day + spans_gb_day + metrics_gb_day) * 60 * 0.0125,
        "query": ingested * 0.005,
        "series": 76 * 0.05,
        "licence": 2 * 15.0,
    }
    got = bill.groupby("component")["usd"].sum()
    for component, usd in expected.items():
        assert got[component] == pytest.approx(usd, rel=1e-9), component
    assert bill["usd"].sum() == pytest.approx(2.23851 + 0.3584023 + 0.0009777 + 0.0373085 + 3.8 + 30, abs=1e-6)
    assert tiers == pytest.approx(1.489)
    assert set(bill["month"]) == {"2026-10"} and set(bill["days"]) == {31}


def test_a_month_half_covered_pays_half_its_monthly_charges():
    bill = sl.monthly_bill(sl.telemetry_volumes(month_of("payment", 1_000, start="2026-11-01", days=15)))
    licence = bill.loc[bill["component"] == "licence"]
    assert licence["usd"].item() == pytest.approx(4 * 15.0 * 15 / 30)
    assert licence["signal"].item() == ""
    series = bill.loc[bill["component"] == "series", "usd"].item()
    assert series == pytest.approx(152 * 0.05 / 2)


def test_a_modified_copy_of_prices_is_accepted():
    prices = sl.PRICES.copy()
    prices.loc[prices["item"] == "host_licence", "usd"] = 0.0
    bill = sl.monthly_bill(sl.telemetry_volumes(month_of("search", 10)), prices=prices)
    assert bill.loc[bill["component"] == "licence", "usd"].sum() == 0.0
    assert sl.PRICES.set_index("item").loc["host_licence", "usd"] == 15.0


def test_a_year_of_bills_for_microcorp():
    bill = sl.monthly_bill(sl.telemetry_volumes())
    months = bill.groupby("month")["usd"].sum()
    assert len(months) == 13                       # 2025-11 (29 days) ... 2026-11 (1 day)
    assert bill.groupby("month")["days"].max().iloc[[0, -1]].tolist() == [29, 1]
    full = months.iloc[1:-1]
    assert full.is_monotonic_increasing or full.iloc[-1] > full.iloc[0]   # traffic grows


def test_retention_per_signal():
    volumes = sl.telemetry_volumes(month_of("payment", 1_000_000))
    bill = sl.monthly_bill(volumes, retention_days={"logs": {"hot": 30, "cold": 335}, "spans": {"hot": 7}})
    spans_hot = bill.loc[(bill["signal"] == "spans") & (bill["component"] == "storage_hot"), "quantity"].item()
    assert spans_hot == pytest.approx(1_000_000 * 1_800 / 1e9 * 7)
    assert not ((bill["signal"] == "spans") & (bill["component"] == "storage_cold")).any()
    # metrics keep the default: 30 days hot
    assert ((bill["signal"] == "metrics") & (bill["component"] == "storage_hot")).any()


@pytest.mark.parametrize("kwargs, error, text", [
    (dict(prices={"ingest": -1}), ValueError, "prices['ingest'] must be a price in USD >= 0; got -1."),
    (dict(prices={"egress": 1}), ValueError, "prices must be a dict whose keys are price items"),
    (dict(prices=sl.PRICES.iloc[1:]), ValueError, "prices must be a list with every item of sl.PRICES; "
                                                  "got a list without 'ingest'."),
    (dict(prices=pd.concat([sl.PRICES, sl.PRICES.iloc[:1]])), ValueError,
     "prices must be a list with one row per item; got two rows for 'ingest'."),
    (dict(retention_days={"hot": -1}), ValueError, "retention_days['hot'] must be a number of days in [0, 36500]"),
    (dict(retention_days={"frozen": 30}), ValueError, "retention_days must be a dict {tier: days}"),
    (dict(query_scan_ratio=-2), ValueError, "query_scan_ratio must be a number >= 0 and <= 1e+06; got -2."),
])
def test_bill_messages(kwargs, error, text):
    volumes = sl.telemetry_volumes(month_of("payment", 10, days=2))
    with pytest.raises(error) as info:
        sl.monthly_bill(volumes, **kwargs)
    assert str(info.value).startswith(text)
