"""Typed readers of environment variables: the only place settings come from."""

from __future__ import annotations

import os

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def env_csp(name: str, default: dict[str, list[str]]) -> dict[str, list[str]]:
    """A Content-Security-Policy as written in the header ("default-src 'self'; img-src 'self' data:")."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    policy: dict[str, list[str]] = {}
    for directive in raw.split(";"):
        words = directive.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy
