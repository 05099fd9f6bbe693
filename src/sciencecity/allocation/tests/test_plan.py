"""Which model a cycle gets: the whole cycle when its columns or its nonzeros are few enough, else groups."""

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import columns, nonzeros, plan

from .examples import problem

# Two stations that share no request: A (2 shifts) and B (1 shift) on I0, C (1 shift) on I1, 4 shifts each.
TWO_GROUPS = problem(
    [
        {"id": "A", "shifts": 2, "instruments": ["I0"], "weight": 2},
        {"id": "B", "shifts": 1, "instruments": ["I0"], "weight": 1},
        {"id": "C", "shifts": 1, "instruments": ["I1"], "weight": 1},
    ],
    shifts=4,
    instruments=2,
)


def test_the_model_size_counts_columns_and_their_request_and_shift_entries():
    calendar = Calendar(TWO_GROUPS)
    requests = calendar.placeable()
    assert columns(calendar, requests) == 3 + 4 + 4  # A starts at 0-2, B and C at 0-3
    assert nonzeros(calendar, requests) == 3 * 3 + 4 * 2 + 4 * 2


def test_a_cycle_is_one_model_when_its_columns_or_its_nonzeros_are_few_enough():
    calendar = Calendar(TWO_GROUPS)
    assert plan(TWO_GROUPS, calendar, whole_model_columns=11).whole
    assert plan(TWO_GROUPS, calendar, whole_model_columns=10, whole_model_nonzeros=25).whole
    split = plan(TWO_GROUPS, calendar, whole_model_columns=10, whole_model_nonzeros=24)
    assert not split.whole
    assert split.groups is not None and [sorted(r.id for r in g) for g in split.groups] == [["A", "B"], ["C"]]
    assert split.milp_groups == frozenset({0, 1})  # each group within 10 columns gets a MILP of its own
