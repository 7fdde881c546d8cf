"""Data access for the terminal app: every function here runs in a worker thread.

The functions read rows into small frozen view objects (no ORM objects cross into the UI) and
call the domain functions of the other packages for every change. The app holds no business
rules: when a domain function is not part of this build, :class:`NotAvailableYet` is raised and
the UI shows a notification instead of guessing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from agenda.model.errors import MeetingctlError


class NotAvailableYet(MeetingctlError):
    """A feature whose domain function is not part of this build."""

    def __init__(self, feature: str) -> None:
        self.feature = feature
        super().__init__(f"{feature}: not available yet")


def domain(module: str, name: str, feature: str) -> Callable[..., Any]:
    """The domain function ``module.name``; NotAvailableYet(feature) when it does not exist."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise NotAvailableYet(feature) from None
        raise
    function = getattr(loaded, name, None)
    if function is None:
        raise NotAvailableYet(feature)
    return function


def available(module: str, name: str) -> bool:
    """Whether ``module.name`` exists in this build (used to dim unavailable bindings)."""
    try:
        domain(module, name, name)
    except NotAvailableYet:
        return False
    return True
