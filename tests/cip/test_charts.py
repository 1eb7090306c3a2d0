from decimal import Decimal

from django.template.loader import render_to_string

from cip.charts import bar_chart, line_chart, nice_ticks
from cip.money import format_money_short


def test_ticks_are_round_and_reach_the_maximum():
    assert nice_ticks(798000) == [0, 200000, 400000, 600000, 800000]
    assert nice_ticks(9.3) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(100)[-1] == 100


def test_a_bar_chart_scales_its_bars_to_the_top_tick():
    chart = bar_chart(
        "Secured by financial year",
        [("2019/20", Decimal(798000)), ("2020/21", Decimal(400000))],
        formatter=format_money_short,
    )
    first, second = chart.bars
    assert first.text == "£798k"
    assert abs(second.height / first.height - 400000 / 798000) < 0.001
    assert chart.ticks[-1].label == "£800k"


def test_the_bar_chart_renders_as_an_accessible_svg_with_its_numbers_as_a_table():
    chart = bar_chart("Placements by type", [("Foster", 412), ("Residential", 63)])
    html = render_to_string("charts/_bar.html", {"chart": chart})
    assert 'role="img"' in html
    assert '<title id="chart-placements-by-type-title">Placements by type</title>' in html
    assert "Foster: 412; Residential: 63" in html
    assert '<th scope="row" class="govuk-table__header">Residential</th>' in html
    assert "style=" not in html and "<script" not in html


def test_a_line_chart_keeps_gaps_and_distinguishes_series_by_more_than_colour():
    chart = line_chart(
        "Savings realised against projected",
        ["2020/21", "2021/22", "2022/23"],
        [
            ("Projected", [Decimal(82000), Decimal(164000), Decimal(246000)]),
            ("Realised", [Decimal(60000), Decimal(150000), None]),
        ],
        formatter=format_money_short,
    )
    projected, realised = chart.series
    assert len(realised.points) == 2
    assert (projected.dash, projected.colour) != (realised.dash, realised.colour)
    assert projected.dash != realised.dash
    assert chart.rows[2] == ("2022/23", ["£246k", "–"])
    html = render_to_string("charts/_line.html", {"chart": chart})
    assert 'stroke-dasharray="6 3"' in html
    assert "Realised: 2020/21 £60k, 2021/22 £150k" in html
