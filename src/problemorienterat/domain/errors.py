"""Domain errors: each names the rule that was broken, in words a working-group member knows."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the domain. ``rule`` is a stable machine-readable name."""

    rule: str = "domain-rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    """The aggregate (or an item inside it) does not exist."""

    rule = "not-found"


class InvalidValueError(DomainError):
    """A value is not acceptable for the field it was given for."""

    rule = "invalid-value"


class PersonalIdentityNumberError(InvalidValueError):
    """A free-text field holds a personnummer or samordningsnummer (never echoed back)."""

    rule = "personal-identity-number"


class RuleViolation(DomainError):
    """A rule of the SARA process (or another aggregate's life cycle) forbids the command now."""

    rule = "process-rule"


class WrongStageError(RuleViolation):
    """The command belongs to another SARA stage than the one the problem is in."""

    rule = "wrong-stage"


class CheersIncompleteError(RuleViolation):
    rule = "cheers-incomplete"


class AnalysisIncompleteError(RuleViolation):
    rule = "analysis-incomplete"


class BaselineFixedError(RuleViolation):
    rule = "baseline-fixed"


class IndicatorMismatchError(RuleViolation):
    rule = "indicator-mismatch"


class AssessmentIncompleteError(RuleViolation):
    rule = "assessment-incomplete"


class ReviewStateError(RuleViolation):
    rule = "review-state"


class ActionStateError(RuleViolation):
    rule = "action-state"


class ClosedError(RuleViolation):
    """The aggregate has ended (closed, dissolved, adopted) and no longer takes this command."""

    rule = "closed"


class DuplicateError(RuleViolation):
    """Something that must be unique already exists."""

    rule = "duplicate"


class VersionConflictError(DomainError):
    """The aggregate changed since the version the client based its command on."""

    rule = "version-conflict"

    def __init__(self, message: str, *, expected: int | None, actual: int | None) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class ConcurrentWriteError(DomainError):
    """Another command saved the same aggregate at the same moment; nothing was written."""

    rule = "concurrent-write"


class ForbiddenError(DomainError):
    """The user's role never may do this, whatever the object (the API answers 403)."""

    rule = "forbidden"
