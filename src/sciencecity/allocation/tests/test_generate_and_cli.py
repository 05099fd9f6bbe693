import json
import subprocess
import sys

import pytest

from sciencecity.allocation.__main__ import main
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.generate import generate
from sciencecity.allocation.model import Instrument, Problem, Request, dump, load


def test_instances_are_calibrated_as_documented():
    problem = generate("small", 4)
    calendar = Calendar(problem)
    opened = [calendar.open_shifts(i.id) for i in problem.instruments]
    assert problem.shifts == 540 and len(problem.instruments) == 10 and len(problem.requests) == 200
    assert all(200 <= n <= 300 for n in opened)
    oversubscription = sum(r.shifts for r in problem.requests) / sum(opened)
    assert 1.7 <= oversubscription <= 2.3
    unplaceable = sum(not calendar.has_any_start(r) for r in problem.requests)
    assert unplaceable <= 0.1 * len(problem.requests)


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    assert generate("small", 5) == generate("small", 5)
    assert generate("small", 5) != generate("small", 6)


def test_the_cli_generates_solves_and_checks(tmp_path, capsys):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    assert main(["generate", "--size", "small", "--seed", "1", "-o", str(problem)]) == 0
    assert main(["solve", str(problem), "--method", "best", "--time-limit", "8", "-o", str(solution)]) == 0
    data = json.loads(solution.read_text())
    assert data["format"] == "sciencecity-allocation-solution/1"
    assert data["bound"] >= data["objective"] and data["status"] in {"optimal", "feasible"}
    assert main(["check", str(problem), str(solution)]) == 0
    assert "feasible" in capsys.readouterr().out


def test_solve_in_a_fresh_process_prints_its_summary_and_nothing_of_highs(tmp_path):
    """HiGHS writes a banner to standard output from the first solver object of a process; `solve` prints
    only its own summary line (a fresh interpreter, since this one may have made solver objects already)."""
    problem = Problem(
        name="two",
        shifts=4,
        instruments=(Instrument("I0"),),
        requests=(Request("R0", 2, ("I0",), 3.0, 0, 3), Request("R1", 2, ("I0",), 1.0, 0, 3)),
    )
    dump(problem, tmp_path / "p.json")
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            sys.executable,
            "-m",
            "sciencecity.allocation",
            "solve",
            str(tmp_path / "p.json"),
            "--method",
            "best",
            "--time-limit",
            "5",
            "-o",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[0].startswith("optimal: objective 4.0"), done.stdout
    assert len(done.stdout.splitlines()) == 1 and "HiGHS" not in done.stdout + done.stderr


def test_a_process_without_standard_output_still_makes_solvers():
    code = "import os; os.close(1); from sciencecity.allocation.highs import silent_solver; silent_solver()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)  # noqa: S603
    assert done.returncode == 0, done.stderr


def test_check_exits_1_and_lists_the_violations_of_a_broken_solution(tmp_path, capsys):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    main(["generate", "--size", "small", "--seed", "1", "-o", str(problem)])
    main(["solve", str(problem), "--method", "greedy", "-o", str(solution)])
    data = json.loads(solution.read_text())
    first, second = data["assignments"][:2]
    data["assignments"][1] = {**first, "request": second["request"]}  # moved onto the first one's shifts
    solution.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["check", str(problem), str(solution)]) == 1
    err = capsys.readouterr().err
    assert "infeasible" in err and "shares shifts" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [("[]", "must be a JSON object"), ('{"format": "x"}', "format must be"), ("{", "not JSON")],
)
def test_a_malformed_problem_file_is_refused_without_a_traceback(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["solve", str(path), "-o", str(tmp_path / "s.json")]) == 2
    assert message in capsys.readouterr().err


def test_generated_files_load_back(tmp_path):
    path = tmp_path / "p.json"
    main(["generate", "--size", "small", "--seed", "2", "-o", str(path)])
    assert load(path) == generate("small", 2)


def test_bench_makes_only_the_runs_asked_for_besides_the_two_baselines(tmp_path):
    out = tmp_path / "RESULTS.md"
    argv = [
        "bench",
        "--families",
        "xfel",
        "--sizes",
        "small",
        "--seeds",
        "1",
        "--quick",
        "--output",
        str(out),
    ]
    assert main([*argv, "--methods", "greedy"]) == 0
    table = out.read_text()
    assert "--methods greedy" in table
    assert "| xfel | small | 2 | 1 | greedy+repair |" in table
    assert "| xfel | small | 2 | 1 | best" not in table and "bound (LP)" not in table


def test_bench_refuses_a_run_it_does_not_know(capsys):
    assert main(["bench", "--methods", "magic"]) == 2
    assert "unknown run 'magic'" in capsys.readouterr().err


def test_bench_rewrites_its_own_section_of_the_results_and_keeps_the_web_benchmarks(tmp_path):
    out = tmp_path / "RESULTS.md"
    web = "<!-- bench-web:start -->\n# Web benchmark\n| / | 12 |\n<!-- bench-web:end -->"
    notes = "### Reading the web benchmark\nnotes outside every section"
    out.write_text(
        f"<!-- bench-allocation:start -->\nold figures\n<!-- bench-allocation:end -->\n\n{web}\n\n{notes}\n"
    )
    argv = [
        "bench",
        "--families",
        "xfel",
        "--sizes",
        "small",
        "--seeds",
        "1",
        "--quick",
        "--output",
        str(out),
    ]
    assert main([*argv, "--methods", "greedy"]) == 0
    text = out.read_text()
    assert "old figures" not in text
    assert "| xfel | small | 2 | 1 | greedy+repair |" in text
    assert text.count(web) == 1
    assert text.count(notes) == 1
    assert text.index("<!-- bench-allocation:end -->") < text.index("<!-- bench-web:start -->")


def test_a_partial_bench_run_keeps_the_runs_recorded_before_and_replaces_those_it_repeats(tmp_path):
    out = tmp_path / "RESULTS.md"

    def bench(family: str, seeds: str) -> str:
        argv = ["bench", "--families", family, "--sizes", "small", "--seeds", seeds, "--quick"]
        assert main([*argv, "--methods", "greedy", "--output", str(out)]) == 0
        return str(out.read_text())

    bench("xfel", "1")
    bench("neutron", "1")
    text = bench("xfel", "1,2")
    for row in ("| xfel | small | 2 | 1 | greedy |", "| xfel | small | 2 | 2 | greedy |"):
        assert text.count(row) == 1  # seed 1 re-run: its record replaced, not repeated
    assert "| neutron | small | 2 | 1 | greedy |" in text  # kept from the run before
    assert "| xfel | small | 2 | greedy | 1,2 |" in text  # the summary over every seed recorded
    assert text.count("--methods greedy`") == 3  # every invocation listed
