from briefs.calculations import decision_problem, move_problem


def test_only_a_board_decision_agrees_a_brief():
    assert "board decision" in move_problem(current="draft", target="agreed")


def test_a_draft_brief_cannot_skip_agreement():
    assert "agreed by a board decision" in move_problem(current="draft", target="in_design")


def test_an_agreed_brief_moves_into_design_once_each_side_has_a_lead():
    assert move_problem(current="agreed", target="in_design") is None


def test_design_cannot_start_without_a_lead_from_each_side():
    problem = move_problem(
        current="agreed", target="in_design", has_council_lead=False, has_partner_lead=False
    )
    assert (
        problem == "Name a design team lead from the council and the partner before design starts."
    )


def test_design_names_only_the_missing_side():
    problem = move_problem(current="agreed", target="in_design", has_partner_lead=False)
    assert "the partner" in problem and "the council" not in problem


def test_recommendations_need_recording_before_the_brief_says_they_are_made():
    problem = move_problem(
        current="in_design", target="recommendations_made", has_recommendations=False
    )
    assert problem == "Record the design team's recommendations first."


def test_a_brief_cannot_skip_a_stage_or_go_back():
    assert "one stage at a time" in move_problem(current="agreed", target="closed")
    assert "one stage at a time" in move_problem(current="recommendations_made", target="in_design")


def test_a_closed_brief_goes_nowhere():
    assert move_problem(current="closed", target="in_design") == "The brief is closed."


def test_the_board_decides_only_on_draft_briefs():
    assert decision_problem(current="draft") is None
    assert decision_problem(current="agreed") is not None
