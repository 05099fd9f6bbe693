"""scripts/allocation_reference.py: which side of a gap the reference MILP shows to be weak."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "allocation_reference.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("allocation_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_weak_side_names_the_schedule_the_bound_both_or_neither():
    weak_side = _script().weak_side
    assert weak_side(7305.6, 7319.0, "feasible", 7312.3, 7312.3) == "schedule + bound"
    assert weak_side(7312.3, 7319.0, "feasible", 7312.3, 7312.3) == "bound"
    assert weak_side(1747.3, 1749.3, "feasible", 1748.4, 1749.3) == "schedule"
    assert weak_side(6845.5, 6845.5, "optimal", 6845.5, 6845.5) == "-"
    assert weak_side(1522.2, None, "feasible", 1522.2, 1522.7) == "-"


def test_recorded_best_reads_the_small_best_runs_only(tmp_path):
    runs = [
        {
            "family": "xfel",
            "size": "small",
            "seed": 1,
            "label": "best",
            "objective": 1.0,
            "bound": 2.0,
            "status": "feasible",
        },
        {
            "family": "xfel",
            "size": "small",
            "seed": 1,
            "label": "greedy",
            "objective": 0.5,
            "bound": None,
            "status": "feasible",
        },
        {
            "family": "xfel",
            "size": "medium",
            "seed": 1,
            "label": "best",
            "objective": 9.0,
            "bound": 9.0,
            "status": "optimal",
        },
    ]
    path = tmp_path / "runs.json"
    path.write_text(json.dumps({"runs": runs}), encoding="utf-8")
    assert _script().recorded_best(path) == {("xfel", 1): (1.0, 2.0, "feasible")}
    assert _script().recorded_best(tmp_path / "missing.json") == {}
