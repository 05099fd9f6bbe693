"""Seeded instances calibrated on public statistics of synchrotron user programmes.

Calibration (docs/reference/allocation-format.md gives the sources and reasoning):
- a cycle of six months in 8-hour shifts: 540 shifts;
- each instrument open to peer-review users for 200-300 shifts; the rest is start-up shutdown, a
  machine-development day every two weeks, maintenance and in-house/commissioning blocks;
- oversubscription about 2 by shifts (requested shifts / open shifts), as Diamond and ALS report;
- stations come in technique families of 1-4 (e.g. several SAXS or MX end-stations); a request names 1-3
  compatible stations of one family, the first preferred;
- review scores 1-5, weight = score x shifts; 35% of requests have a date window, 25% unavailable dates;
- 12% of requests are industrial (proprietary) and capped at 8% of the open shifts.
"""

from __future__ import annotations

import numpy as np

from sciencecity.allocation.families import FAMILIES
from sciencecity.allocation.model import Cap, Instrument, Problem, Request

SIZES = {"small": (200, 10), "medium": (2000, 40), "large": (10000, 120)}
FAMILY_NAMES = ("synchrotron", *FAMILIES)
SHIFTS = 540
OVERSUBSCRIPTION = 2.0
INDUSTRY_SHARE = 0.12
INDUSTRY_CAP = 0.08
MAX_LENGTH = 36  # the longest experiment fits between two machine days


def _down(rng: np.random.Generator, target_open: int) -> list[tuple[int, int]]:
    closed = np.zeros(SHIFTS, dtype=bool)
    closed[: rng.integers(30, 61)] = True  # start-up after the shutdown
    closed[SHIFTS - rng.integers(0, 31) :] = True
    day = int(rng.integers(0, 14))
    for fortnight in range(0, SHIFTS, 42):  # a machine-development day every two weeks
        closed[fortnight + 3 * day : fortnight + 3 * day + 3] = True
    while (~closed).sum() > target_open:  # maintenance, in-house and commissioning blocks
        length = int(rng.integers(6, 22))
        first = int(rng.integers(0, SHIFTS - length))
        closed[first : first + length] = True
    return _ranges(closed)


def _ranges(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def generate(size: str, seed: int, family: str = "synchrotron") -> Problem:
    """A seeded instance of the family (`synchrotron`, the default, or one of `families.FAMILIES`)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    if family != "synchrotron":
        if family not in FAMILIES:
            raise ValueError(f"family must be one of {', '.join(FAMILY_NAMES)}")
        return FAMILIES[family](size, seed)
    n_requests, n_instruments = SIZES[size]
    rng = np.random.default_rng(seed)
    instruments = []
    open_total = 0
    for k in range(n_instruments):
        target = int(rng.integers(200, 301))
        down = _down(rng, target)
        open_total += SHIFTS - sum(b - a + 1 for a, b in down)
        instruments.append(Instrument(f"I{k:03d}", tuple(down)))
    families: list[list[str]] = []
    k = 0
    while k < n_instruments:
        width = int(rng.choice([1, 2, 3, 4], p=[0.2, 0.35, 0.3, 0.15]))
        families.append([inst.id for inst in instruments[k : k + width]])
        k += width
    family_weight = np.array([len(f) for f in families], dtype=float)
    family_weight /= family_weight.sum()
    mean_length = OVERSUBSCRIPTION * open_total / n_requests
    raw = rng.lognormal(0.0, 0.6, n_requests)
    lengths = np.clip(np.round(raw / raw.mean() * mean_length), 1, MAX_LENGTH).astype(int)
    requests = []
    for r in range(n_requests):
        stations = families[int(rng.choice(len(families), p=family_weight))]
        count = int(min(len(stations), rng.choice([1, 2, 3], p=[0.45, 0.35, 0.2])))
        chosen = tuple(str(x) for x in rng.permutation(stations)[:count])
        length = int(lengths[r])
        score = round(float(1 + 4 * rng.beta(2.5, 2.0)), 1)
        earliest, latest = 0, SHIFTS - 1
        if rng.random() < 0.35:
            width = int(rng.integers(max(3 * length, 90), 401))
            earliest = int(rng.integers(0, SHIFTS - width + 1))
            latest = earliest + width - 1
        blocked = []
        if rng.random() < 0.25:
            for _ in range(int(rng.integers(1, 3))):
                span = int(rng.integers(3, 22))
                first = int(rng.integers(0, SHIFTS - span))
                blocked.append((first, first + span - 1))
        tags = [f"org:O{int(rng.integers(0, 60)):02d}"]
        if rng.random() < INDUSTRY_SHARE:
            tags.append("industry")
        requests.append(
            Request(
                id=f"P-{r:05d}",
                shifts=length,
                instruments=chosen,
                weight=round(score * length, 1),
                earliest=earliest,
                latest=latest,
                score=score,
                blocked=tuple(blocked),
                tags=tuple(tags),
            )
        )
    caps = (Cap("industry", int(INDUSTRY_CAP * open_total)),)
    return Problem(f"{size}-{seed}", SHIFTS, tuple(instruments), tuple(requests), caps)
