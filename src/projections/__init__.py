"""Read models of the tracker, kept current from the event store.

:class:`ProjectionService` is what the API calls: the problem index, the BRÅ overview, the
group boards and the citizen-promise follow-up, each per municipality, plus read-your-writes
(:meth:`ProjectionService.wait_for`) and the in-process runner.
"""

from projections._database import UnsupportedStoreError
from projections.results import (
    BraOverview,
    CitizenPromiseFollowUp,
    GroupBoard,
    Page,
    ProblemSummary,
    ViewStatus,
)
from projections.service import ProjectionService, ViewsNotReadyError

__all__ = [
    "BraOverview",
    "CitizenPromiseFollowUp",
    "GroupBoard",
    "Page",
    "ProblemSummary",
    "ProjectionService",
    "UnsupportedStoreError",
    "ViewStatus",
    "ViewsNotReadyError",
]
