"""Mean, spread, per-reviewer z-scores and the deterministic order, against figures worked out by hand."""

import math

import pytest

from sciencecity.review.ranking import (
    SortKey,
    apply_moves,
    order_by_score,
    population_std,
    ranking,
    reviewer_zscores,
    spread,
)

Z1 = 2 / math.sqrt(8 / 3)  # reviewer r1 on A: (5 - 3) / sqrt(8/3) = 1.224745


def test_the_population_standard_deviation_of_5_3_1_is_the_square_root_of_eight_thirds():
    assert population_std([5, 3, 1]) == pytest.approx(math.sqrt(8 / 3))
    assert population_std([4]) == 0.0
    assert spread([3, 4, 2]).__dict__ == pytest.approx({"low": 2, "high": 4, "std": math.sqrt(2 / 3)})


def test_a_reviewer_with_one_score_or_one_value_contributes_zero():
    z = reviewer_zscores([(1, 10, 5), (2, 10, 4), (2, 11, 4), (3, 11, 2), (3, 12, 4)])
    assert z[(1, 10)] == 0.0  # one score
    assert z[(2, 10)] == z[(2, 11)] == 0.0  # the same score everywhere
    assert z[(3, 11)] == pytest.approx(-1.0) and z[(3, 12)] == pytest.approx(1.0)


def test_ties_fall_to_the_other_score_then_more_reviews_then_the_earlier_submission_then_the_id():
    keys = {
        1: SortKey(4.0, 0.1, 2, 100.0, 1),
        2: SortKey(4.0, 0.3, 2, 100.0, 2),  # better second score
        3: SortKey(4.0, 0.1, 3, 100.0, 3),  # more reviews
        4: SortKey(4.0, 0.1, 2, 50.0, 4),  # submitted earlier
        5: SortKey(4.0, 0.1, 2, 100.0, 0),  # same as 1 but lower id
        6: SortKey(None, None, 0, 1.0, 6),  # unscored: last
        7: SortKey(4.5, -2.0, 1, 999.0, 7),
    }
    assert order_by_score(keys) == [7, 2, 3, 4, 5, 1, 6]


def test_moves_replay_in_order_and_stop_at_the_ends():
    assert apply_moves([1, 2, 3, 4], [(3, 1)]) == [1, 3, 2, 4]
    assert apply_moves([1, 2, 3, 4], [(3, 1), (3, 1), (3, 5)]) == [3, 1, 2, 4]
    assert apply_moves([1, 2, 3, 4], [(1, -9), (99, 1)]) == [2, 3, 4, 1]


def test_the_raw_ranking_orders_by_mean_with_the_hand_computed_figures(scenario):
    rows = ranking(scenario.call)
    names = {p.pk: name for name, p in scenario.proposals.items()}
    assert [names[r.proposal.pk] for r in rows] == ["A", "B", "C"]
    by_name = {names[r.proposal.pk]: r for r in rows}
    assert [by_name[n].mean for n in "ABC"] == [4.5, 3.0, 2.5]
    assert by_name["A"].normalised == pytest.approx(Z1 / 2)
    assert by_name["B"].normalised == pytest.approx(-1 / 3)
    assert by_name["C"].normalised == pytest.approx((1 - Z1) / 2)
    assert by_name["B"].scores == (3, 4, 2) and by_name["B"].n_reviews == 3
    b_spread = by_name["B"].spread
    assert b_spread is not None and (b_spread.low, b_spread.high) == (2, 4)
    assert b_spread.std == pytest.approx(math.sqrt(2 / 3))
    assert [r.rank for r in rows] == [1, 2, 3]
    assert {r.requested for r in rows} == {12} and {r.recommended for r in rows} == {None}
    assert [v.verdict for v in by_name["A"].verdicts] == ["feasible"]


def test_a_normalising_call_ranks_by_the_mean_z_score(scenario):
    scenario.call.normalise_scores = True
    scenario.call.save(update_fields=["normalise_scores"])
    names = {p.pk: name for name, p in scenario.proposals.items()}
    assert [names[r.proposal.pk] for r in ranking(scenario.call)] == ["A", "C", "B"]


def test_a_panel_ranking_lists_only_the_panels_proposals(scenario, facility):
    from sciencecity.review.models import Panel

    other = Panel.objects.create(facility=facility, name_en="Other")
    other.calls.add(scenario.call)
    assert len(ranking(scenario.call, scenario.panel)) == 3
    assert ranking(scenario.call, other) == []
