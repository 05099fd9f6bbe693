"""The technical-review rule: when a proposal is feasible, not feasible, or still waiting. Framework-free.

Each requested instrument gets one verdict from its instrument scientist: feasible, feasible with changes, or
not feasible. A request names one or several alternative instruments:

- a request is feasible when at least one of its alternatives is feasible (with or without changes);
- a proposal is *not feasible* when any one of its requests is not feasible on every alternative it names;
  the panel judges the proposal as a whole, so it leaves the review rejected, with that reason;
- the outcome is decided only once every requested instrument has its verdict (until then it is pending,
  and a scientist may still change a verdict); a proposal that is not rejected is then ready for peer review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NOT_FEASIBLE = "not_feasible"


@dataclass(frozen=True)
class TechnicalOutcome:
    complete: bool  # every requested instrument has a verdict
    infeasible_requests: tuple[int, ...]  # 1-based numbers of requests not feasible on any alternative
    missing: tuple[str, ...]  # instruments still without a verdict

    @property
    def rejected(self) -> bool:
        return self.complete and bool(self.infeasible_requests)

    @property
    def ready_for_peer_review(self) -> bool:
        return self.complete and not self.infeasible_requests


def technical_outcome(requests: Iterable[Iterable[str]], verdicts: Mapping[str, str]) -> TechnicalOutcome:
    """`requests`: the alternative instruments of each request; `verdicts`: instrument → verdict."""
    requests = [tuple(alternatives) for alternatives in requests]
    wanted = list(dict.fromkeys(i for alternatives in requests for i in alternatives))
    missing = tuple(i for i in wanted if i not in verdicts)
    infeasible = tuple(
        number
        for number, alternatives in enumerate(requests, start=1)
        if alternatives and all(verdicts.get(i) == NOT_FEASIBLE for i in alternatives)
    )
    return TechnicalOutcome(complete=not missing, infeasible_requests=infeasible, missing=missing)
