from decimal import Decimal

from workpackages.calculations import contract_move_problem, progress, stage_problem


def test_delivery_needs_both_a_business_case_and_a_contract_and_names_both():
    problem = stage_problem(
        current="design", target="delivery", has_business_case=False, has_contract=False
    )
    assert problem == (
        "It cannot enter delivery without an approved business case and an approved "
        "tier-2 contract."
    )


def test_delivery_names_only_the_missing_contract():
    problem = stage_problem(
        current="design", target="delivery", has_business_case=True, has_contract=False
    )
    assert problem == "It cannot enter delivery without an approved tier-2 contract."


def test_delivery_names_only_the_missing_business_case():
    problem = stage_problem(
        current="design", target="delivery", has_business_case=False, has_contract=True
    )
    assert problem == "It cannot enter delivery without an approved business case."


def test_with_both_approved_the_package_enters_delivery():
    assert (
        stage_problem(
            current="design", target="delivery", has_business_case=True, has_contract=True
        )
        is None
    )


def test_stages_move_one_at_a_time_and_never_back():
    for current, target in [("design", "evaluation"), ("evaluation", "delivery")]:
        problem = stage_problem(
            current=current, target=target, has_business_case=True, has_contract=True
        )
        assert "one stage at a time" in problem


def test_evaluation_and_closing_need_no_approvals():
    assert (
        stage_problem(
            current="delivery", target="evaluation", has_business_case=False, has_contract=False
        )
        is None
    )


def test_only_the_board_approves_a_contract():
    assert "board decision" in contract_move_problem(current="draft", target="approved")
    assert "approved by a board decision" in contract_move_problem(current="draft", target="live")
    assert contract_move_problem(current="approved", target="live") is None
    assert contract_move_problem(current="live", target="ended") is None
    assert contract_move_problem(current="ended", target="live") == "The contract has ended."


def test_progress_measures_the_share_of_the_gap_closed():
    # Holiday Activities and Food: aimed to reach 2,852 children; 2,023 engaged in 2019.
    result = progress(
        baseline=Decimal(0), target=Decimal(2852), higher_is_better=True, latest=Decimal(2023)
    )
    assert result.share_of_gap_closed == Decimal("0.709")
    assert result.met is False


def test_progress_towards_a_lower_target():
    result = progress(
        baseline=Decimal(50), target=Decimal(40), higher_is_better=False, latest=Decimal(38)
    )
    assert result.met is True
    assert result.share_of_gap_closed == Decimal("1.200")


def test_progress_without_actuals_is_unknown():
    result = progress(baseline=Decimal(0), target=Decimal(10), higher_is_better=True, latest=None)
    assert result.share_of_gap_closed is None and result.met is False
