"""Problemorienterat: an event-sourced case tracker for problem-oriented crime prevention."""

__version__ = "0.1.0"
