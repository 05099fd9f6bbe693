"""Who reviews what: a small optimisation, not a loop. Framework-free (no Django).

Each proposal gets `per_proposal` reviewers from its eligible ones (no conflict of interest), every
reviewer's load stays between the even share and the balanced level (the smallest that covers every
proposal that can be covered), and among such assignments the one with the best expertise match is
chosen. The model is a transportation problem (totally unimodular), solved as a MILP by HiGHS so that
integrality holds even if numerical noise crept into the LP.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np

from sciencecity.allocation import highs

Pair = tuple[str, str]  # (reviewer, proposal)
SHORTFALL_PENALTY = 1_000.0  # a missing review outweighs any balance or expertise
TIME_LIMIT_S = 60.0  # a panel's assignment solves in well under a second; this only guards a runaway
UNDERLOAD_PENALTY = 10.0  # a reviewer below the even share outweighs any expertise match (≤ 1 a pair)


@dataclass(frozen=True)
class AssignmentProblem:
    reviewers: tuple[str, ...]
    proposals: tuple[str, ...]
    per_proposal: int
    eligible: frozenset[Pair]
    match: Mapping[Pair, float] = field(default_factory=dict)
    fixed: frozenset[Pair] = frozenset()
    capacity: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[Pair, ...]
    load: dict[str, int]
    shortfall: dict[str, int]
    max_load: int


def assign(problem: AssignmentProblem) -> Assignment:
    """The balanced, conflict-free assignment with the best expertise match."""
    bad = problem.fixed - problem.eligible
    if bad:
        raise ValueError(f"fixed pairs with a conflict of interest: {sorted(bad)}")
    if problem.per_proposal < 1:
        raise ValueError("per_proposal must be at least 1")
    reviewers, proposals = set(problem.reviewers), set(problem.proposals)
    if not any(r in reviewers and p in proposals for r, p in problem.eligible):
        return _summary(problem, (), 0)  # nothing can be assigned (no proposal, no reviewer, all conflicted)
    eligible_count = {p: 0 for p in problem.proposals}
    for _reviewer, proposal in problem.eligible:
        if proposal in eligible_count:
            eligible_count[proposal] += 1
    unavoidable = sum(max(0, problem.per_proposal - n) for n in eligible_count.values())
    wanted = problem.per_proposal * len(problem.proposals) - unavoidable
    level = max(1, math.ceil(wanted / max(1, len(problem.reviewers))))
    while True:
        result = _solve(problem, level, floor=wanted // max(1, len(problem.reviewers)))
        if sum(result.shortfall.values()) <= unavoidable or level >= len(problem.proposals):
            return result
        level += 1


def _solve(problem: AssignmentProblem, level: int, floor: int) -> Assignment:
    pairs = sorted(
        (r, p) for r, p in problem.eligible if r in set(problem.reviewers) and p in set(problem.proposals)
    )
    reviewer_row = {r: i for i, r in enumerate(problem.reviewers)}
    proposal_row = {p: len(reviewer_row) + j for j, p in enumerate(problem.proposals)}
    n_pairs, n_props = len(pairs), len(problem.proposals)
    n_revs = len(reviewer_row)
    # Columns: one per eligible pair, a shortfall slack per proposal, an underload slack per reviewer.
    cost = np.array(
        [-problem.match.get(pair, 0.0) for pair in pairs]
        + [SHORTFALL_PENALTY] * n_props
        + [UNDERLOAD_PENALTY] * n_revs,
        dtype=float,
    )
    lower = np.array([1.0 if pair in problem.fixed else 0.0 for pair in pairs] + [0.0] * (n_props + n_revs))
    upper = np.array([1.0] * n_pairs + [float(problem.per_proposal)] * n_props + [float(floor)] * n_revs)
    starts, index, values = [0], [], []
    for reviewer, proposal in pairs:
        index += [reviewer_row[reviewer], proposal_row[proposal]]
        values += [1.0, 1.0]
        starts.append(len(index))
    for row in [*proposal_row.values(), *reviewer_row.values()]:
        index.append(row)
        values.append(1.0)
        starts.append(len(index))
    row_lower = [float(floor)] * n_revs + [float(problem.per_proposal)] * n_props
    row_upper = [float(problem.capacity.get(r, level)) for r in problem.reviewers] + [
        float(problem.per_proposal)
    ] * n_props

    h = highs.silent_solver()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(row_lower)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
    lp.row_lower_, lp.row_upper_ = np.array(row_lower), np.array(row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(cost)
    h.passModel(lp)
    # Through the engine's runner: it keeps HiGHS' per-thread scheduler consistent with other solves.
    outcome = highs.run(h, time_limit=TIME_LIMIT_S)
    if not outcome.optimal:
        raise RuntimeError(f"reviewer assignment failed: {h.modelStatusToString(h.getModelStatus())}")
    x = h.getSolution().col_value
    chosen = tuple(pair for pair, value in zip(pairs, x[:n_pairs], strict=True) if value > 0.5)
    return _summary(problem, chosen, level)


def _summary(problem: AssignmentProblem, chosen: Iterable[Pair], level: int) -> Assignment:
    chosen = tuple(chosen)
    load = {r: 0 for r in problem.reviewers}
    covered = {p: 0 for p in problem.proposals}
    for reviewer, proposal in chosen:
        load[reviewer] += 1
        covered[proposal] += 1
    shortfall = {p: problem.per_proposal - n for p, n in covered.items() if n < problem.per_proposal}
    return Assignment(pairs=chosen, load=load, shortfall=shortfall, max_load=max(load.values(), default=0))
