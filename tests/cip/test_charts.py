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


def test_line_markers_have_their_own_shapes_and_the_outer_labels_fit_the_chart():
    names = ["Circle", "Square", "Diamond", "Triangle"]
    chart = line_chart("Four series", ["2019/20", "2020/21"], [(n, [1, 2]) for n in names])
    html = render_to_string("charts/_line.html", {"chart": chart})
    assert html.count("<circle") == 2 and html.count("<rect") == 2
    assert html.count("<polygon") == 4
    diamond, triangle = chart.series[2].points[0], chart.series[3].points[0]
    assert len(diamond.polygon.split()) == 4 and len(triangle.polygon.split()) == 3
    # A centred label of about 50 pixels stays inside the drawing at both ends.
    first_x, last_x = chart.labels[0][0], chart.labels[-1][0]
    assert first_x - 25 >= 0 and last_x + 25 <= chart.width


# --- horizontal bars (appended with the board's dashboard) -----------------------------------


def test_horizontal_bars_scale_to_the_top_tick_and_keep_a_row_for_a_missing_value():
    from cip.charts import horizontal_bar_chart

    chart = horizontal_bar_chart(
        "Children looked after per 10,000",
        [
            ("This council", Decimal("40.5")),
            ("Statistical neighbours", Decimal(51)),
            ("England", None),
        ],
        formatter=lambda v: "Not recorded" if v is None else str(v),
    )
    council, neighbours, england = chart.bars
    assert chart.ticks[-1].label == "60"
    assert abs(council.width / neighbours.width - 40.5 / 51) < 0.001
    assert england.width == 0 and england.text == "Not recorded"
    assert council.y < neighbours.y < england.y
    assert chart.height == 8 + 3 * 30 + 28


def test_horizontal_bars_can_pick_out_a_row_by_colour_and_cycle_the_rest():
    from cip.charts import horizontal_bar_chart

    chart = horizontal_bar_chart(
        "Rates", [("Us", 1), ("A", 2), ("B", 3)], colours=("#1d70b8", "#505a5f")
    )
    assert [bar.colour for bar in chart.bars] == ["#1d70b8", "#505a5f", "#1d70b8"]


def test_the_horizontal_bar_chart_renders_accessibly_with_its_numbers_as_a_table():
    from cip.charts import horizontal_bar_chart

    chart = horizontal_bar_chart(
        "Average weekly cost by category",
        [("Fostering: independent agency (IFA)", Decimal("890.02"))],
        formatter=format_money_short,
    )
    html = render_to_string("dashboard/_hbar_chart.html", {"chart": chart})
    assert 'role="img"' in html
    assert '<title id="chart-average-weekly-cost-by-category-title">' in html
    assert "Fostering: independent agency (IFA): £890.02" in html
    assert (
        '<th scope="row" class="govuk-table__header">Fostering: independent agency (IFA)</th>'
        in html
    )
    assert "style=" not in html and "<script" not in html
