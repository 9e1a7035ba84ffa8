"""The one application object the CLI, the API and the projections talk to."""

from __future__ import annotations

from typing import Any

from problemorienterat.application.agreements import AgreementUseCases
from problemorienterat.application.grannsamverkan import GrannsamverkanUseCases
from problemorienterat.application.idempotency import IdempotencyUseCases
from problemorienterat.application.meetings import MeetingUseCases
from problemorienterat.application.privacy import PrivacyUseCases
from problemorienterat.application.queries import QueryUseCases
from problemorienterat.application.reminders import ReminderUseCases
from problemorienterat.config import Settings, private_directory
from problemorienterat.domain.access_log import AccessLog
from problemorienterat.domain.agreement import Agreement
from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.erasure import PersonalDataErasure
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.meeting import Meeting
from problemorienterat.domain.municipality import (
    Municipality,
    ReferenceCounter,
    ReferencePrefixClaim,
)
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.reminder import ReminderDigest
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.user import (
    CalendarFeedIndex,
    IdentityIndex,
    IdentityIndexBuilt,
    InvitationIndex,
    MunicipalityUserIndex,
    MunicipalityUserIndexBuilt,
    TokenIndex,
    User,
)
from problemorienterat.domain.working_group import (
    MembershipIndex,
    MembershipIndexBuilt,
    MunicipalityGroupIndex,
    MunicipalityGroupIndexBuilt,
    WorkingGroup,
)

SNAPSHOT_EVERY = 50
"""Every aggregate is loaded from its latest snapshot plus the events since, so a long-lived
one (a working group's years of members, a user's sign-ins, the token index, a case's access
log) loads in bounded time: at most SNAPSHOT_EVERY - 1 events replayed."""
SNAPSHOTTED = (
    AccessLog,
    Agreement,
    CalendarFeedIndex,
    CitizenPromise,
    GrannsamverkanArea,
    IdentityIndex,
    IdentityIndexBuilt,
    InvitationIndex,
    Meeting,
    MembershipIndex,
    MembershipIndexBuilt,
    Municipality,
    MunicipalityGroupIndex,
    MunicipalityGroupIndexBuilt,
    MunicipalityUserIndex,
    MunicipalityUserIndexBuilt,
    PersonalDataErasure,
    Problem,
    ReferenceCounter,
    ReferencePrefixClaim,
    ReminderDigest,
    SituationPicture,
    TokenIndex,
    User,
    WorkingGroup,
)


class ProblemorienteratApp(
    AgreementUseCases,
    GrannsamverkanUseCases,
    IdempotencyUseCases,
    MeetingUseCases,
    PrivacyUseCases,
    QueryUseCases,
    ReminderUseCases,
):
    """Every use case of the tracker, on the event store the configuration names.

    The bases are the leaves of the use-case classes; a use case that needs another's check
    inherits the class defining it. No method is defined in two use-case classes, so the
    order of the bases carries no meaning (tests/unit/test_application_composition.py).
    """

    name = "problemorienterat"
    snapshotting_intervals = dict.fromkeys(SNAPSHOTTED, SNAPSHOT_EVERY)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **env: Any) -> ProblemorienteratApp:
        settings = settings or Settings()
        private_directory(settings.data_dir)
        library_env = settings.eventsourcing_env()
        library_env.update({k: str(v) for k, v in env.items()})
        return cls(env=library_env)
