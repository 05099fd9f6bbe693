"""Every stage the solver reports while a run goes on has a name in words, in English and in Chinese."""

from django.utils import translation

from sciencecity.allocation.generate import generate
from sciencecity.allocation.solve import STAGES as SOLVER_STAGES
from sciencecity.allocation.solve import Progress, solve
from sciencecity.scheduling.templatetags.scheduling import STAGES, stage


def test_every_stage_the_solver_declares_is_named_in_both_languages():
    assert set(SOLVER_STAGES) <= STAGES.keys()
    for name in (*SOLVER_STAGES, "start", "done"):
        with translation.override("en"):
            english = stage(name)
        with translation.override("zh-hans"):
            chinese = stage(name)
        if name != "model":  # "MILP" is the same in both
            assert chinese != english, name  # translated, not the English shown twice


def test_the_solver_reports_only_the_stages_it_declares():
    reported: list[Progress] = []
    solve(generate("small", 1, "xfel"), method="best", time_limit=3, threads=1, progress=reported.append)
    names = [p.stage for p in reported]
    assert names[0] == "greedy"
    assert set(names) <= set(SOLVER_STAGES)
    # in the declared order: a stage reported again (a bound per LP round, a MILP per target) never goes back
    order = [SOLVER_STAGES.index(n) for n in names]
    assert order == sorted(order)
