"""The forms helper: a form becomes the API's body model, errors become Swedish messages on
their fields, and the field macro renders them accessibly."""

from __future__ import annotations

from datetime import date

import pytest

from problemorienterat.contracts.commands.problems import (
    EvaluateProcess,
    RecordFollowUp,
    ReturnAssessment,
)
from problemorienterat.domain.errors import (
    InvalidValueError,
    NotFoundError,
    PersonalIdentityNumberError,
    VersionConflictError,
    WrongStageError,
)
from web.app import web_parts
from web.forms import parse_form


def test_a_valid_form_becomes_the_api_body_model() -> None:
    """Strings from the form are the model's types; the hidden version is the expected one."""
    form = parse_form(
        ReturnAssessment,
        {
            "_csrf_token": "x",
            "expected_version": "7",
            "comments": "Saknar uppföljning.",
            "minutes_reference": "",
        },
    )
    assert form.ok
    assert form.body() == ReturnAssessment(comments="Saknar uppföljning.")
    assert form.expected_version == 7


def test_nested_fields_decimal_commas_and_checkboxes() -> None:
    """``measure.value`` "12,5" is 12.5 in the nested model; an unticked box is False."""
    follow_up = parse_form(
        RecordFollowUp,
        {
            "measure.indicator": "Anmälda stölder",
            "measure.area": "Centrum",
            "measure.period_start": "2026-01-01",
            "measure.period_end": "2026-03-31",
            "measure.value": "12,5",
        },
    )
    assert follow_up.ok, follow_up.errors
    assert follow_up.body().measure.value == 12.5
    assert follow_up.body().measure.period_end == date(2026, 3, 31)
    evaluation = parse_form(EvaluateProcess, {"summary": "Enligt plan."})
    assert evaluation.ok
    assert evaluation.body().carried_out_as_planned is False


def test_invalid_input_gives_swedish_messages_per_field_and_runs_nothing() -> None:
    """Empty required fields, a bad date and an unknown field are 422 with a Swedish text
    on each field; the use case is not run."""
    form = parse_form(
        RecordFollowUp,
        {
            "measure.indicator": "",
            "measure.area": "Centrum",
            "measure.period_start": "igår",
            "measure.period_end": "2026-03-31",
            "measure.value": "tolv",
            "extra": "x",
        },
    )
    assert not form.ok
    assert form.status_code == 422
    assert form.errors["measure.indicator"] == "Fältet måste fyllas i."
    assert form.errors["measure.period_start"] == "Ange ett datum som ÅÅÅÅ-MM-DD."
    assert form.errors["measure.value"].startswith("Ange ett tal")
    assert form.errors["extra"] == "Fältet hör inte till formuläret."
    assert form.run(lambda: pytest.fail("must not run")) is None


def test_a_personnummer_is_never_echoed_back() -> None:
    """The domain refuses a personnummer: the message is shown without it and the value is
    removed from what the form re-renders."""
    form = parse_form(ReturnAssessment, {"comments": "Gäller 19121212-1212, se bilaga."})

    def refuse() -> None:
        raise PersonalIdentityNumberError("comments contains 19121212-1212", field="comments")

    assert form.run(refuse) is None
    assert form.status_code == 422
    assert "19121212" not in form.errors["comments"]
    assert "personnummer" in form.errors["comments"]
    assert form.value("comments") == ""


def test_a_newer_version_is_a_conflict_with_the_swedish_reload_text() -> None:
    """A stale expected version: 409, the form-level message, and ``conflict`` for the link."""
    form = parse_form(ReturnAssessment, {"comments": "Ok.", "expected_version": "3"})

    def stale() -> None:
        raise VersionConflictError("The version you changed was 3", expected=3, actual=4)

    assert form.run(stale) is None
    assert form.status_code == 409
    assert form.conflict
    assert form.form_errors[0].startswith(
        "Ärendet har ändrats av någon annan sedan du öppnade sidan"
    )


def test_domain_errors_land_on_their_field_or_on_the_form() -> None:
    """A domain error naming a nested field lands on it; a process rule is form-level (409)."""
    form = parse_form(
        RecordFollowUp,
        {
            "measure.indicator": "Stölder",
            "measure.area": "Centrum",
            "measure.period_start": "2026-03-01",
            "measure.period_end": "2026-03-31",
            "measure.value": "3",
        },
    )

    def bad_period() -> None:
        raise InvalidValueError("The period ends before it starts.", field="period_end")

    form.run(bad_period)
    assert form.errors == {"measure.period_end": "Perioden slutar innan den börjar."}
    ruled = parse_form(ReturnAssessment, {"comments": "Ok."})

    def wrong_stage() -> None:
        raise WrongStageError("belongs to another stage")

    ruled.run(wrong_stage)
    assert ruled.status_code == 409
    assert ruled.form_errors == [
        "Det steget hör till ett annat skede i SARA än det problemet är i nu."
    ]


def test_an_unknown_object_is_not_a_form_error() -> None:
    """NotFoundError without a field propagates (the page answers 404)."""
    form = parse_form(ReturnAssessment, {"comments": "Ok."})

    def missing() -> None:
        raise NotFoundError("No problem with that id.")

    with pytest.raises(NotFoundError):
        form.run(missing)


def test_the_field_macro_renders_the_error_next_to_the_labelled_field() -> None:
    """label for=id, the error with its id in aria-describedby, aria-invalid, the input
    kept; the summary lists the error with a link to the field."""
    engine = web_parts(None).template_config.engine_instance
    form = parse_form(ReturnAssessment, {"comments": "", "minutes_reference": "<b>§ 12</b>"})
    html = engine.engine.from_string(
        '{% import "_forms.html.j2" as forms with context %}'
        "{{ forms.summary(form) }}"
        '{{ forms.field(form, "comments", kind="textarea") }}'
        '{{ forms.field(form, "minutes_reference") }}'
    ).render(form=form, current_path="/")
    assert '<label for="f-comments">Kommentarer</label>' in html
    assert 'id="f-comments-error"' in html
    assert 'aria-describedby="f-comments-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#f-comments"' in html
    assert 'role="alert"' in html
    assert 'value="&lt;b&gt;§ 12&lt;/b&gt;"' in html
