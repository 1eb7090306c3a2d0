from reports import calculations


def test_a_blank_line_starts_a_new_paragraph_and_single_lines_stay_together():
    blocks = calculations.parse("First line\nstill the first.\n\nSecond.")
    assert [b.lines for b in blocks] == [["First line", "still the first."], ["Second."]]


def test_lettered_lines_become_sub_points_of_the_paragraph_above():
    blocks = calculations.parse("It is recommended that -\n(a) one;\nb. two;\nc) three\ngoes on")
    (block,) = blocks
    assert block.lines == ["It is recommended that -"]
    assert [(p.label, p.lines) for p in block.points] == [
        ("(a)", ["one;"]),
        ("(b)", ["two;"]),
        ("(c)", ["three", "goes on"]),
    ]


def test_roman_and_numbered_sub_points_keep_their_labels():
    (block,) = calculations.parse("Lines:\n(1) first\n(ii) second")
    assert [p.label for p in block.points] == ["(1)", "(ii)"]


def test_a_single_line_that_starts_like_a_label_is_plain_text():
    (block,) = calculations.parse("a. b. c. is how the alphabet begins")
    assert block.points == []
    assert block.lines == ["a. b. c. is how the alphabet begins"]


def test_bullets_are_unlabelled_points():
    (block,) = calculations.parse("Advantages:\n- bespoke capacity\n* co-investment")
    assert [(p.label, p.text) for p in block.points] == [
        ("", "bespoke capacity"),
        ("", "co-investment"),
    ]


def test_hashes_make_unnumbered_sub_headings():
    blocks, after = calculations.number(
        [(True, "## Current Position\n\nOne.\n\n### Detail\n\nTwo.")]
    )
    assert [(b.heading_level, b.number, b.text) for b in blocks[0]] == [
        (3, None, "Current Position"),
        (None, 1, "One."),
        (4, None, "Detail"),
        (None, 2, "Two."),
    ]
    assert after == 3


def test_paragraphs_are_numbered_consecutively_through_every_numbered_section():
    sections = [
        (True, "One.\n\nTwo."),
        (False, "Jane Moore\nTel: 0116 305 2649"),
        (True, ""),
        (True, "Three.\n(a) with a point\n\nFour."),
    ]
    blocks, after = calculations.number(sections)
    assert [[b.number for b in section] for section in blocks] == [[1, 2], [None], [], [3, 4]]
    assert after == 5


def test_windows_line_endings_and_stray_blank_lines_do_not_add_paragraphs():
    blocks = calculations.parse("\r\n\r\nOne.\r\n\r\n\r\n\r\nTwo.\r\n\r\n")
    assert [b.text for b in blocks] == ["One.", "Two."]


def test_markup_is_kept_as_plain_text():
    (block,) = calculations.parse("<script>alert(1)</script>")
    assert block.lines == ["<script>alert(1)</script>"]
