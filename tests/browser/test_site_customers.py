"""The customers table: filters, search, the count and sorting (app.js), and the
table without JavaScript."""

from __future__ import annotations

import pytest

ALL = {
    "dongfang-plastics", "guanghui-optics", "haiyue-logistics", "hartley-design", "huaxin-electronics",
    "jiangnan-machinery", "kaida-electric", "krause-gmbh", "lion-gate-trading", "longsheng-building",
    "pacific-rim-robotics", "ruitai-medical", "thornbury-components", "xinhe-food", "yongfeng-packaging",
}
# Outstanding in the base currency (CNY at the company's rates), smallest first: Pacific Rim
# (USD 16,820 ≈ ¥119,422) comes after 海悦 (¥85,430) although 16,820 < 85,430.
BY_OUTSTANDING = [
    "lion-gate-trading", "kaida-electric", "hartley-design", "thornbury-components", "dongfang-plastics",
    "xinhe-food", "haiyue-logistics", "pacific-rim-robotics", "huaxin-electronics", "krause-gmbh",
    "yongfeng-packaging", "guanghui-optics", "ruitai-medical", "jiangnan-machinery", "longsheng-building",
]
# The zh site sorts Chinese names in pinyin order (东方 dōng … 永丰 yǒng), then Latin names.
BY_NAME_ZH = [
    "dongfang-plastics", "guanghui-optics", "haiyue-logistics", "huaxin-electronics", "jiangnan-machinery",
    "kaida-electric", "longsheng-building", "ruitai-medical", "xinhe-food", "yongfeng-packaging",
    "hartley-design", "krause-gmbh", "lion-gate-trading", "pacific-rim-robotics", "thornbury-components",
]

VISIBLE_IDS = """() => Array.from(document.querySelectorAll('#customer-table tbody tr'))
  .filter(r => !r.hidden && r.offsetParent !== null)
  .map(r => r.querySelector('a').getAttribute('href').replace('customers/', '').replace('.html', ''))"""


@pytest.fixture
def customers(page, base_url):
    page.goto(f"{base_url}zh/customers.html")
    return page


def shown(page) -> list[str]:
    return page.evaluate(VISIBLE_IDS)


def count(page) -> str:
    return page.locator("form.filters .count").text_content()


@pytest.mark.parametrize("field, value, expected", [
    ("owner", "Chen Yu", {"hartley-design", "krause-gmbh", "lion-gate-trading", "pacific-rim-robotics",
                          "thornbury-components", "xinhe-food"}),
    ("grade", "D", {"dongfang-plastics", "kaida-electric", "longsheng-building", "yongfeng-packaging"}),
    ("step", "final_notice", {"haiyue-logistics", "thornbury-components"}),
    ("step", "paused", {"guanghui-optics", "hartley-design", "krause-gmbh", "xinhe-food"}),
    ("tag", "export", {"hartley-design", "krause-gmbh", "lion-gate-trading", "pacific-rim-robotics",
                       "thornbury-components"}),
])
def test_each_filter_shows_the_matching_customers_and_counts_them(customers, field, value, expected):
    assert set(shown(customers)) == ALL and count(customers) == "15 / 15"
    customers.select_option(f"form.filters select[name={field}]", value)
    assert set(shown(customers)) == expected
    assert count(customers) == f"{len(expected)} / 15"
    customers.select_option(f"form.filters select[name={field}]", "")
    assert set(shown(customers)) == ALL and count(customers) == "15 / 15"


def test_filters_combine_with_each_other_and_with_the_search(customers):
    customers.select_option("select[name=owner]", "王静")
    assert set(shown(customers)) == {"dongfang-plastics", "haiyue-logistics", "huaxin-electronics",
                                     "jiangnan-machinery", "kaida-electric"}
    customers.select_option("select[name=grade]", "B")
    assert shown(customers) == ["jiangnan-machinery"] and count(customers) == "1 / 15"
    customers.fill("input[name=q]", "电器")
    assert shown(customers) == [] and count(customers) == "0 / 15"


@pytest.mark.parametrize("query, expected", [
    ("光辉", {"guanghui-optics"}),                      # Chinese name
    ("LOGISTICS", {"haiyue-logistics"}),                # id, case-insensitive
    ("antriebstechnik", {"krause-gmbh"}),               # name
    ("litigation", {"yongfeng-packaging"}),             # tag
    ("no such customer", set()),
])
def test_the_search_box_matches_names_ids_and_tags(customers, query, expected):
    customers.fill("input[name=q]", query)
    assert set(shown(customers)) == expected
    assert count(customers) == f"{len(expected)} / 15"


def test_sorting_by_outstanding_compares_amounts_in_the_base_currency(customers):
    header = customers.locator("#customer-table th", has_text="未收金额")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert shown(customers) == BY_OUTSTANDING
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert shown(customers) == BY_OUTSTANDING[::-1]


def test_sorting_by_name_works_both_ways(customers):
    header = customers.locator("#customer-table th", has_text="客户")
    header.click()
    assert shown(customers) == BY_NAME_ZH
    header.press("Enter")  # the keyboard sorts too
    assert shown(customers) == BY_NAME_ZH[::-1]


def test_sorting_keeps_the_filter(customers):
    customers.select_option("select[name=tag]", "export")
    customers.locator("#customer-table th", has_text="未收金额").click()
    assert shown(customers) == [c for c in BY_OUTSTANDING if c in {
        "hartley-design", "krause-gmbh", "lion-gate-trading", "pacific-rim-robotics", "thornbury-components"}]


def test_without_javascript_every_customer_shows_and_the_dead_filters_are_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}zh/customers.html")
        rows = page.locator("#customer-table tbody tr")
        assert rows.count() == 15
        assert all(rows.nth(i).is_visible() for i in range(15))
        assert not page.locator("form.filters").is_visible()
        page.goto(f"{base_url}zh/customers/xinhe-food.html")
        assert page.locator("h1").is_visible() and page.locator("ol.timeline > li").count() == 4
    finally:
        context.close()
