"""Allocation of a cycle's instrument time to ranked requests, with a certified bound.

Framework-free: imports nothing from Django.
"""

from sciencecity.allocation.check import CheckReport, check
from sciencecity.allocation.model import (
    Assignment,
    Cap,
    Instrument,
    Pin,
    Problem,
    ProblemError,
    Request,
    Solution,
    Unscheduled,
    dump,
    load,
    load_solution,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
    solution_to_dict,
)
from sciencecity.allocation.solve import METHODS, PRODUCTION, Progress, solve

__all__ = [
    "METHODS",
    "PRODUCTION",
    "Assignment",
    "Cap",
    "CheckReport",
    "Instrument",
    "Pin",
    "Problem",
    "ProblemError",
    "Progress",
    "Request",
    "Solution",
    "Unscheduled",
    "check",
    "dump",
    "load",
    "load_solution",
    "problem_from_dict",
    "problem_to_dict",
    "solution_from_dict",
    "solution_to_dict",
    "solve",
]
