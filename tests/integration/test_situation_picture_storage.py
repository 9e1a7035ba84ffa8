"""The lägesbild's figures and list through the API, on SQLite and PostgreSQL: figures and a
CSV file stored and shown, a bad file refused by line with nothing written, and a
municipality's lägesbilder listed from the views (year, draft or adopted, observations)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import SYSTEM

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role


@pytest.fixture
def api(store_app: ProblemorienteratApp, tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(Settings(data_dir=tmp_path), application=store_app)) as c:
        yield c


def _headers(app: ProblemorienteratApp, role: Role) -> dict[str, str]:
    token = app.add_user(
        SYSTEM,
        name=f"Test {role.value}",
        organisation=Organisation.KOMMUN,
        role=role,
        municipalities=["1882"],
    ).token
    return {"Authorization": f"Bearer {token}"}


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_figures_and_the_list_of_lagesbilder_are_stored_and_shown(
    store_app: ProblemorienteratApp, api: TestClient[Litestar]
) -> None:
    bra = _headers(store_app, Role.BRA)
    member = _headers(store_app, Role.MEMBER)
    older = _ok(
        api.post(
            "/api/v1/situation-pictures",
            json={"municipality": "1882", "year": 2025, "summary": "Förra året."},
            headers=bra,
        )
    )["id"]
    _ok(
        api.post(
            f"/api/v1/situation-pictures/{older}/adoption",
            json={"adopted_on": "2025-02-10"},
            headers=bra,
        )
    )
    picture = _ok(
        api.post(
            "/api/v1/situation-pictures",
            json={"municipality": "1882", "year": 2026, "summary": "I år."},
            headers=bra,
        )
    )["id"]
    base = f"/api/v1/situation-pictures/{picture}"
    centrum = _ok(
        api.post(
            f"{base}/observations",
            json={
                "area": "Centrum",
                "description": "Klotter.",
                "trend": "increasing",
                "source": "Polisen",
            },
            headers=bra,
        )
    )["item_id"]
    recorded = api.post(
        f"{base}/observations/{centrum}/figures",
        json={
            "indicator": "Anmälda skadegörelsebrott",
            "unit": "count",
            "points": [{"period": "2025 H2", "value": 45}, {"period": "2025 H1", "value": 38}],
        },
        headers=bra,
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.headers["location"] == base
    refused = api.post(
        f"{base}/observations/{centrum}/figures",
        json={
            "indicator": "Anmälda skadegörelsebrott",
            "unit": "count",
            "points": [{"period": "2025 H1", "value": 1}, {"period": "2025 H3", "value": 2.5}],
        },
        headers=bra,
    )
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("points[1].period", "period-format"),
        ("points[1].value", "value-whole"),
    ]

    bad = api.post(
        f"{base}/figures/import",
        json={
            "csv": "område;indikator;enhet;period;värde\nCentrum;Otrygga;procent;2025;101\n"
            "Valla;Otrygga;procent;2025;30\n"
        },
        headers=bra,
    )
    assert bad.status_code == 422
    problem = bad.json()
    assert problem["rule"] == "invalid-figures"
    assert [(e["line"], e["field"], e["rule"]) for e in problem["errors"]] == [
        (2, "värde", "value-percent"),
        (3, "område", "area-unknown"),
    ]
    imported = _ok(
        api.post(
            f"{base}/figures/import",
            json={
                "csv": "område;indikator;enhet;period;värde\nCentrum;Otrygga;procent;2025;31,5\n"
            },
            headers=bra,
        )
    )

    store_app.forget_cached_aggregates()
    shown = _ok(api.get(base, headers=member))
    assert [(f["indicator"], f["unit"], f["points"]) for f in shown["figures"]] == [
        (
            "Anmälda skadegörelsebrott",
            "count",
            [{"period": "2025 H1", "value": 38.0}, {"period": "2025 H2", "value": 45.0}],
        ),
        ("Otrygga", "percent", [{"period": "2025", "value": 31.5}]),
    ]
    assert shown["version"] == imported["version"]

    listed = _ok(
        api.get(
            "/api/v1/municipalities/1882/situation-pictures",
            params={"min_position": imported["position"]},
            headers=member,
        )
    )
    assert listed["caught_up"] is True
    assert [
        (i["year"], i["status"], i["adopted_on"], i["observation_count"]) for i in listed["items"]
    ] == [(2026, "draft", None, 1), (2025, "adopted", "2025-02-10", 0)]
    assert (
        api.get("/api/v1/municipalities/1980/situation-pictures", headers=member).status_code == 404
    )
