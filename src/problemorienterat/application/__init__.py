"""The application service: use cases that load, check, act and save."""

from problemorienterat.application.app import ProblemorienteratApp
from problemorienterat.application.results import CommandResult

__all__ = ["CommandResult", "ProblemorienteratApp"]
