"""Read models of the tracker, kept current from the event store.

:class:`ProjectionService` is what the API calls: the problem index, the BRÅ overview, the
group boards and the citizen-promise follow-up (one module each in :mod:`projections.views`),
each per municipality, plus read-your-writes (:meth:`ProjectionService.wait_for`) and the
in-process runner.
"""

from projections._database import UnsupportedStoreError
from projections.service import ProjectionService, ViewsNotReadyError, ViewStatus
from projections.views.board import GroupBoard
from projections.views.follow_up import CitizenPromiseFollowUp
from projections.views.overview import BraOverview
from projections.views.problem_index import Page, ProblemSummary

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
