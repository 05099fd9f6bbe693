"""What the demo calls contain, decided before anything is written: pure data from a seeded random.Random.

For each of the six SSRF beamlines, proposals are drawn (size, field, title, PI, dates) until their requested
shifts reach twice the shifts the call offers on that beamline: the calls are oversubscribed about 2x, as
SSRF's are. Each proposal is then given the stage it will be moved to. The same seed gives the same plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from sciencecity.demo.people import APPLICANTS
from sciencecity.proposals.models import AccessRoute, Proposal

S = Proposal.Status
SEED = 2026
OVERSUBSCRIPTION = 2.0
EXAMPLE_NOTE = (
    "Example record: a synthetic proposal seeded by the Science City demo; no real person wrote it."
)

BL16B1, BL19U2, BL10U1 = "st-ssrf-bl16b1", "st-ssrf-bl19u2", "st-ssrf-bl10u1"
BL02U1, BL10U2, BL09U = "st-ssrf-bl02u1", "st-ssrf-bl10u2", "st-ssrf-bl09u"
BEAMLINES = (BL16B1, BL19U2, BL10U1, BL02U1, BL10U2, BL09U)
MX = (BL02U1, BL10U2)  # the two automated crystallography beamlines: alternatives for one another


@dataclass(frozen=True)
class CycleSpec:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    offers: dict[str, int]  # 8-hour user shifts the call offers per beamline


# User shifts offered to the general call: what is left of each beamline's 8-hour shifts after machine
# studies, maintenance, in-house research and the rapid-access programme.
CYCLE_I = CycleSpec(
    "2026-I",
    dt.date(2026, 3, 1),
    dt.date(2026, 8, 31),
    {BL16B1: 54, BL19U2: 42, BL10U1: 42, BL02U1: 33, BL10U2: 33, BL09U: 54},
)
CYCLE_II = CycleSpec(
    "2026-II",
    dt.date(2026, 9, 1),
    dt.date(2027, 1, 31),
    {BL16B1: 60, BL19U2: 48, BL10U1: 45, BL02U1: 36, BL10U2: 36, BL09U: 60},
)

SIZES = {  # shifts a team asks for, by beamline
    BL16B1: (3, 6, 6, 9, 9, 12),
    BL19U2: (2, 3, 3, 4, 6),
    BL10U1: (3, 6, 6, 9, 12),
    BL02U1: (1, 2, 2, 3, 3, 4),
    BL10U2: (1, 2, 2, 3, 3, 4),
    BL09U: (6, 9, 12, 15, 18),
}
FIELDS = {
    BL16B1: ("fld-photon", "fld-ic", "fld-meddev"),
    BL19U2: ("fld-structbio", "fld-onco"),
    BL10U1: ("fld-photon", "fld-aero", "fld-ship"),
    BL02U1: ("fld-structbio", "fld-onco"),
    BL10U2: ("fld-structbio", "fld-onco"),
    BL09U: ("fld-particle", "fld-ic", "fld-photon"),
}
TITLES = {
    BL16B1: (
        "Nanoscale order in {m} during {p}",
        "GISAXS of {m} thin films after {p}",
    ),
    BL19U2: (
        "Solution structure of {b} in complex with {c}",
        "Flexibility of {b} seen by size-exclusion BioSAXS",
    ),
    BL10U1: (
        "Time-resolved USAXS of {m} during {p}",
        "Hierarchical pores in {m} followed from nanometres to microns",
    ),
    BL02U1: (
        "Crystal structures of {b} bound to {c}",
        "Fragment screening against {b}",
    ),
    BL10U2: (
        "Crystal structures of {b} bound to {c}",
        "High-throughput ligand soaking of {b}",
    ),
    BL09U: (
        "Magnetic domains in {q} imaged by XMCD-PEEM",
        "Surface chemistry of {q} by soft X-ray XAS",
    ),
}
WORDS = {
    "m": (
        "block-copolymer electrolytes",
        "perovskite nanocrystals",
        "lithium-rich cathode powders",
        "aerospace carbon-fibre composites",
        "marine-grade aluminium alloys",
        "lipid nanoparticles for vaccines",
        "silicon-anode binders",
        "mesoporous silica catalysts",
    ),
    "p": ("solvent annealing", "cycling", "heating to 600 C", "tensile loading", "drying"),
    "b": (
        "a bacterial efflux pump",
        "the SARS-CoV-2 main protease",
        "a plant photoreceptor",
        "a human kinase in the KRAS pathway",
        "an antibody Fab fragment",
        "a CRISPR-associated nuclease",
        "a malaria parasite transporter",
    ),
    "c": ("a covalent inhibitor", "its natural substrate", "a nanobody", "DNA", "a fragment hit"),
    "q": (
        "a van der Waals ferromagnet",
        "an antiferromagnetic spintronic film",
        "a topological insulator",
        "a single-atom catalyst",
    ),
}
COMPANIES = ("org-junshi", "org-comac", "org-hutchmed")  # their PIs come by the industry proprietary route
HAZARDS = {BL19U2: "biological", BL02U1: "biological", BL10U2: "biological", BL16B1: "chemical"}


@dataclass(frozen=True)
class Planned:
    key: str
    instruments: tuple[str, ...]  # the first is the team's first choice; more are alternatives
    shifts: int
    status: str
    pi: str  # username
    co_proposers: tuple[str, ...]
    field: str
    title: str
    abstract: str
    earliest: dt.date
    latest: dt.date
    unavailable: tuple[tuple[dt.date, dt.date], ...]
    sample: str
    hazard: str
    quality: float  # the latent merit the reviewers' scores scatter around
    route: str = AccessRoute.STANDARD

    @property
    def counted(self) -> bool:
        """Whether the proposal's shifts count towards oversubscription (submitted, not withdrawn)."""
        return self.status not in (S.DRAFT, S.WITHDRAWN)


def plan_call(
    cycle: CycleSpec, stages: tuple[tuple[str, float], ...], extra: tuple[tuple[str, int], ...]
) -> list[Planned]:
    """Proposals filling 2x the cycle's offers, staged by `stages` weights, plus `extra` (status, count)."""
    rng = random.Random(f"{SEED}-{cycle.name}")  # noqa: S311 - demo data, reproducible on purpose
    counted: list[tuple[str, int]] = []
    for beamline in BEAMLINES:
        total, wanted = 0, round(OVERSUBSCRIPTION * cycle.offers[beamline])
        while total < wanted:
            shifts = min(rng.choice(SIZES[beamline]), wanted - total)
            counted.append((beamline, shifts))
            total += shifts
    rng.shuffle(counted)
    statuses = _spread(stages, len(counted), rng)
    extras = [(rng.choice(BEAMLINES), 2, status) for status, n in extra for _i in range(n)]
    return [
        _proposal(rng, cycle, f"{cycle.name}-{number:03d}", beamline, shifts, status)
        for number, (beamline, shifts, status) in enumerate(
            [*((b, s, st) for (b, s), st in zip(counted, statuses, strict=True)), *extras], start=1
        )
    ]


def _spread(stages: tuple[tuple[str, float], ...], n: int, rng: random.Random) -> list[str]:
    statuses = [status for status, share in stages for _i in range(round(share * n))]
    statuses = (statuses + [stages[0][0]] * n)[:n]
    rng.shuffle(statuses)
    return statuses


def _proposal(
    rng: random.Random, cycle: CycleSpec, key: str, beamline: str, shifts: int, status: str
) -> Planned:
    instruments: tuple[str, ...] = (beamline,)
    if beamline in MX and rng.random() < 0.15:
        instruments = (beamline, next(b for b in MX if b != beamline))
    words = {k: rng.choice(v) for k, v in WORDS.items()}
    title = rng.choice(TITLES[beamline]).format(**words)
    field = rng.choice(FIELDS[beamline])
    pi = rng.choice(APPLICANTS)
    others = [p for p in APPLICANTS if p != pi]
    co_proposers = tuple(p.username for p in rng.sample(others, rng.choice((0, 0, 0, 1, 1, 2))))
    days = (cycle.ends_on - cycle.starts_on).days
    earliest = cycle.starts_on + dt.timedelta(days=rng.randrange(0, days // 2))
    latest = min(cycle.ends_on, earliest + dt.timedelta(days=rng.choice((45, 60, 90, 120))))
    unavailable: tuple[tuple[dt.date, dt.date], ...] = ()
    if rng.random() < 0.3:
        first = earliest + dt.timedelta(days=rng.randrange(5, 25))
        unavailable = ((first, first + dt.timedelta(days=rng.choice((2, 4, 6)))),)
    return Planned(
        key=key,
        instruments=instruments,
        shifts=shifts,
        status=status,
        pi=pi.username,
        co_proposers=co_proposers,
        field=field,
        title=title,
        abstract=abstract(title, shifts),
        earliest=earliest,
        latest=latest,
        unavailable=unavailable,
        sample=words["b"] if beamline in (BL19U2, *MX) else words["m"] if beamline != BL09U else words["q"],
        hazard=HAZARDS.get(beamline, "none"),
        quality=round(rng.uniform(1.6, 4.9), 2),
        route=AccessRoute.INDUSTRY if pi.organisation in COMPANIES else AccessRoute.STANDARD,
    )


def persona_plans(base: Planned, spec: CycleSpec) -> list[Planned]:
    """Alice's draft (samples still missing) and submitted proposal, erin's industry proprietary one."""

    def persona(key: str, pi: str, beamline: str, status: str, title: str, **kw: object) -> Planned:
        return dataclasses.replace(
            base,
            key=key,
            pi=pi,
            instruments=(beamline,),
            status=status,
            title=title,
            abstract=abstract(title, 6),
            co_proposers=(),
            shifts=6,
            earliest=spec.starts_on + dt.timedelta(days=100),
            latest=spec.ends_on,
            unavailable=(),
            **kw,  # type: ignore[arg-type]
        )

    return [
        persona(
            "alice-draft",
            "alice",
            BL19U2,
            S.DRAFT,
            "Assembly of tau protein fibrils followed by BioSAXS",
            sample="",
            field="fld-structbio",
        ),
        persona(
            "alice-submitted",
            "alice",
            BL16B1,
            S.SUBMITTED,
            "Crystallisation of biodegradable polyesters under shear",
            field="fld-photon",
            hazard="chemical",
        ),
        persona(
            "erin-industry",
            "erin",
            BL10U1,
            S.SUBMITTED,
            "Porosity of a new contrast-agent carrier for medical imaging",
            route=AccessRoute.INDUSTRY,
            field="fld-meddev",
            sample="Contrast-agent carrier powder",
            hazard="nanomaterial",
        ),
    ]


def closed_persona_plans(base: Planned, spec: CycleSpec) -> list[Planned]:
    """Alice's proposal in the ranked call, strong enough to be scheduled: the proposer's side of a
    published schedule (her dates, her calendar feed) has someone to show it to."""
    title = "Time-resolved BioSAXS of a bacterial transporter opening"
    return [
        dataclasses.replace(
            base,
            key="alice-ranked",
            pi="alice",
            instruments=(BL19U2,),
            status=S.RANKED,
            title=title,
            abstract=abstract(title, 6),
            co_proposers=(),
            shifts=6,
            earliest=spec.starts_on + dt.timedelta(days=30),
            latest=spec.starts_on + dt.timedelta(days=150),
            unavailable=(),
            field="fld-structbio",
            quality=4.8,
        )
    ]


def abstract(title: str, shifts: int) -> str:
    """At least 20 words, as submission asks, ending with the example-record note."""
    return (
        f"{title}. We ask for {shifts} shift{'s' if shifts > 1 else ''} of eight hours to measure a "
        "series of samples that our group prepared and characterised in the laboratory, following up earlier "
        "results and testing a model that predicts how structure and function change with composition and "
        "conditions. "
        f"{EXAMPLE_NOTE}"
    )


def noise(*parts: object) -> random.Random:
    """A random stream of its own for one (proposal, reviewer) pair: scores do not depend on order."""
    return random.Random("-".join(str(p) for p in (SEED, *parts)))  # noqa: S311 - reproducible on purpose
