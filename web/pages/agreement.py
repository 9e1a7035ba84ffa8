"""Samverkansöverenskommelse: the agreement between the kommun and its lokalpolisområde, in
force or the latest, with its parties, signatories, period, purpose and commitments, its
revisions with what each changed, and its termination.

The rules are the API's (:mod:`api.routes.agreements`): every reader of the municipality
(members, lokala BRÅ, auditors) reads it; only lokala BRÅ records a signed agreement, revises
and terminates it. The agreement's history (every event, who and when) is for the overseers
(lokala BRÅ and auditors) at ``/overenskommelse/{id}/historik``; opening it is recorded in the
agreement's access log, as for a problem's history.

``/overenskommelse`` shows the agreement in force today (else the newest); a user of several
municipalities picks one with ``?kommun=``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import Field

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.agreements import ReviseAgreement, TerminateAgreement
from problemorienterat.contracts.commands.fields import Body, MunicipalityCode, Name, Text
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    OVERSEERS,
    READERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.agreement import Agreement, Revision, Signatory
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.history_text import actor_text
from problemorienterat.labels import field_label
from web.forms import Form, FormData, parse_form
from web.navigation import AGREEMENT_PATH
from web.pages._municipal import Municipality, application_of, day, moment, municipality_for
from web.rendering import render, see_other
from web.session import flash

CONFIRM_TERMINATION = "Bekräfta att överenskommelsen ska sägas upp."

EVENT_LABELS = {
    "Signed": "Överenskommelsen undertecknad",
    "Revised": "Överenskommelsen reviderad",
    "Terminated": "Överenskommelsen uppsagd",
}


class SignAgreementForm(Body):
    """The API's SignAgreement as the page asks for it: one signatory for the kommun and one
    for the police (the usual two), the parties and commitments as repeated fields."""

    municipality: MunicipalityCode
    police_area: Name
    purpose: Text
    parties: Annotated[list[Name], Field(min_length=2, max_length=20)]
    commitments: Annotated[list[Text], Field(min_length=1, max_length=100)]
    kommun_signatory: Name
    kommun_title: Name
    polis_signatory: Name
    polis_title: Name
    valid_from: date
    valid_until: date | None = None

    def signatories(self) -> list[Signatory]:
        return [
            Signatory(self.kommun_signatory, self.kommun_title, Organisation.KOMMUN),
            Signatory(self.polis_signatory, self.polis_title, Organisation.POLIS),
        ]


class TerminateAgreementForm(TerminateAgreement):
    """TerminateAgreement with the page's confirmation."""

    confirm: bool = False


@dataclass(frozen=True)
class RevisionRow:
    """A revision with what it changed: the commitments added and those taken away."""

    number: int
    summary: str
    valid_from: date
    added: tuple[str, ...]
    removed: tuple[str, ...]


def revision_rows(original: list[str], revisions: list[Revision]) -> list[RevisionRow]:
    """Each revision against the commitments before it (the signed ones for the first)."""
    rows = []
    before = list(original)
    for number, revision in enumerate(revisions, start=1):
        after = list(revision.commitments)
        rows.append(
            RevisionRow(
                number=number,
                summary=revision.summary,
                valid_from=revision.valid_from,
                added=tuple(c for c in after if c not in before),
                removed=tuple(c for c in before if c not in after),
            )
        )
        before = after
    return rows


def agreement_path(agreement_id: UUID | str) -> str:
    return f"{AGREEMENT_PATH}/{agreement_id}"


def _today() -> date:
    return swedish_today()


def current_agreement(agreements: list[Agreement], today: date) -> Agreement | None:
    """The agreement in force on ``today``, else the newest (``agreements`` newest first)."""
    in_force = [a for a in agreements if a.in_force_on(today)]
    if in_force:
        return in_force[0]
    return agreements[0] if agreements else None


def _page(
    request: Request[Any, Any, Any],
    principal: Principal,
    municipality: Municipality | None,
    agreement: Agreement | None,
    *,
    refused: dict[str, Form[Any]] | None = None,
    status_code: int = 200,
) -> Template:
    application = application_of(request)
    if municipality is None:
        return render(request, "overenskommelse.html.j2", municipality=None, agreement=None)
    agreements = application.agreements_of(municipality.code)
    today = _today()
    rows: list[RevisionRow] = []
    if agreement is not None and agreement.revisions:
        original = application.load(Agreement, agreement.id, version=1).commitments
        rows = revision_rows(original, agreement.revisions)
    # The sign form when none is in force (and again with its errors after a refused one).
    none_in_force = not any(a.in_force_on(today) for a in agreements)
    may_sign = principal.role in BRA_ONLY and (none_in_force or "sign" in (refused or {}))
    return render(
        request,
        "overenskommelse.html.j2",
        status_code=status_code,
        municipality=municipality,
        agreement=agreement,
        agreements=agreements,
        in_force=agreement is not None and agreement.in_force_on(today),
        revisions=rows,
        may_change=principal.role in BRA_ONLY
        and agreement is not None
        and not agreement.is_terminated,
        may_sign=may_sign,
        may_read_history=principal.role in OVERSEERS,
        refused=refused or {},
        day=day,
        today=today,
        agreement_path=agreement_path,
        Organisation=Organisation,
    )


@get(AGREEMENT_PATH, name="agreement-current", sync_to_thread=True)
def current(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun)
    agreement = None
    if municipality is not None:
        agreement = current_agreement(application.agreements_of(municipality.code), _today())
    return _page(request, principal, municipality, agreement)


def _agreement_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotFoundException from None


def _agreement(
    application: ProblemorienteratApp, principal: Principal, agreement_id: str, roles: Any
) -> Agreement:
    uuid = _agreement_id(agreement_id)
    return municipal_object(principal, lambda: application.get_agreement(uuid), roles)


@get(f"{AGREEMENT_PATH}/{{agreement_id:str}}", name="agreement", sync_to_thread=True)
def one(
    request: Request[Any, Any, Any],
    agreement_id: FromPath[str],
    principal: NamedDependency[Principal],
) -> Template:
    application = application_of(request)
    agreement = _agreement(application, principal, agreement_id, READERS)
    municipality = municipality_for(application, principal, agreement.municipality)
    return _page(request, principal, municipality, agreement)


@dataclass(frozen=True)
class HistoryLine:
    version: int
    time: Any
    label: str
    who: str
    changes: tuple[str, ...]


@get(
    f"{AGREEMENT_PATH}/{{agreement_id:str}}/historik", name="agreement-history", sync_to_thread=True
)
def history(
    request: Request[Any, Any, Any],
    agreement_id: FromPath[str],
    principal: NamedDependency[Principal],
) -> Template:
    """Every event of the agreement, for lokala BRÅ and auditors (the read is recorded)."""
    if principal.role not in OVERSEERS:
        raise NotFoundException
    application = application_of(request)
    agreement = _agreement(application, principal, agreement_id, OVERSEERS)
    entries = application.read_history(principal.actor, agreement.id)
    lines = [
        HistoryLine(
            version=e.version,
            time=moment(e.timestamp),
            label=EVENT_LABELS.get(e.event_type, e.event_type),
            who=actor_text(e.actor),
            changes=()
            if e.event_type == "Signed"
            else tuple(field_label(str(c["field"])) for c in e.changes),
        )
        for e in entries
    ]
    municipality = municipality_for(application, principal, agreement.municipality)
    return render(
        request,
        "overenskommelse_historik.html.j2",
        agreement=agreement,
        municipality=municipality,
        lines=lines,
        back=agreement_path(agreement.id),
    )


@post(AGREEMENT_PATH, sync_to_thread=True, status_code=303)
def sign(
    request: Request[Any, Any, Any], data: FormData, principal: NamedDependency[Principal]
) -> Template | Redirect:
    """Record a signed agreement (lokala BRÅ only)."""
    application = application_of(request)
    form = parse_form(SignAgreementForm, data)
    code = str(form.value("municipality") or "")
    check_municipal_object(principal, municipality=code, roles=BRA_ONLY)

    def signed() -> UUID:
        body = form.body()
        return application.sign_agreement(
            principal.actor,
            municipality=body.municipality,
            police_area=body.police_area,
            purpose=body.purpose,
            parties=list(body.parties),
            signatories=body.signatories(),
            commitments=list(body.commitments),
            valid_from=body.valid_from,
            valid_until=body.valid_until,
        ).aggregate_id

    agreement_id = form.run(signed)
    if agreement_id is None:
        municipality = municipality_for(application, principal, code)
        status = 422 if form.status_code == 200 else form.status_code
        return _page(
            request, principal, municipality, None, refused={"sign": form}, status_code=status
        )
    flash(request, "Överenskommelsen är registrerad.")
    return see_other(agreement_path(agreement_id))


def _change(
    request: Request[Any, Any, Any],
    principal: Principal,
    agreement_id: str,
    *,
    name: str,
    form: Form[Any],
    act: Any,
    done: str,
) -> Template | Redirect:
    application = application_of(request)
    agreement = _agreement(application, principal, agreement_id, BRA_ONLY)
    result = form.run(lambda: act(application, agreement))
    if result is None:
        municipality = municipality_for(application, principal, agreement.municipality)
        status = 422 if form.status_code == 200 else form.status_code
        return _page(
            request, principal, municipality, agreement, refused={name: form}, status_code=status
        )
    flash(request, done)
    return see_other(agreement_path(agreement.id))


@post(f"{AGREEMENT_PATH}/{{agreement_id:str}}/revidering", sync_to_thread=True, status_code=303)
def revise(
    request: Request[Any, Any, Any],
    agreement_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(ReviseAgreement, data)
    return _change(
        request,
        principal,
        agreement_id,
        name="revise",
        form=form,
        act=lambda app, agreement: app.revise_agreement(
            principal.actor,
            agreement.id,
            summary=form.body().summary,
            commitments=list(form.body().commitments),
            valid_from=form.body().valid_from,
            expected_version=form.expected_version,
        ),
        done="Revideringen är registrerad.",
    )


@post(f"{AGREEMENT_PATH}/{{agreement_id:str}}/uppsagning", sync_to_thread=True, status_code=303)
def terminate(
    request: Request[Any, Any, Any],
    agreement_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(TerminateAgreementForm, data)
    if form.ok and not form.body().confirm:
        form.add_error("confirm", CONFIRM_TERMINATION)
    return _change(
        request,
        principal,
        agreement_id,
        name="terminate",
        form=form,
        act=lambda app, agreement: app.terminate_agreement(
            principal.actor,
            agreement.id,
            reason=form.body().reason,
            on=form.body().on,
            expected_version=form.expected_version,
        ),
        done="Överenskommelsen är uppsagd.",
    )


ROUTES = [current, one, history, sign, revise, terminate]
