"""Every stage the solver reports while a run goes on has a name in words, in English and in Chinese."""

from django.utils import translation

from sciencecity.allocation.generate import generate
from sciencecity.allocation.solve import Progress, solve
from sciencecity.scheduling.templatetags.scheduling import STAGES, stage


def test_every_stage_the_solver_reports_is_named_in_both_languages():
    reported: list[Progress] = []
    solve(generate("small", 1, "xfel"), method="best", time_limit=3, threads=1, progress=reported.append)
    names = {p.stage for p in reported}
    assert {"greedy", "bound", "packing", "model"} <= names  # a whole cycle: every stage of the best method
    assert names <= STAGES.keys()
    for name in names | {"start", "done"}:
        with translation.override("en"):
            english = stage(name)
        with translation.override("zh-hans"):
            chinese = stage(name)
        if name != "model":  # "MILP" is the same in both
            assert chinese != english, name  # translated, not the English shown twice
