"""The problem page's forms name the domain commands they take."""

from __future__ import annotations

from problemorienterat.domain.problem import PROBLEM_STEPS
from web.pages._problem_steps import STEPS


def test_every_form_takes_a_declared_command() -> None:
    """A form whose command the Problem does not declare would never be shown."""
    for slug, form in STEPS.items():
        assert form.command in PROBLEM_STEPS, slug
        assert form.shown_with is None or form.shown_with in PROBLEM_STEPS, slug
