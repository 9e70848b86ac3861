from __future__ import annotations

from typing import Any

import pytest

from safecom.contracts.services import contract_change_stage

pytestmark = pytest.mark.django_db


def test_auditors_see_and_export_only_their_organisations_trail(world: Any, client: Any) -> None:
    contract_change_stage(
        actor=world.users["commissioner"], contract=world.contract_a, to_stage="tender"
    )
    contract_change_stage(actor=world.outsider, contract=world.contract_b, to_stage="tender")
    client.force_login(world.users["auditor"])
    page = client.get("/audit/").content.decode()
    assert world.contract_a.reference in page and world.contract_b.reference not in page
    exported = client.get("/audit/export.csv").content.decode("utf-8-sig")
    assert world.contract_a.reference in exported and world.contract_b.reference not in exported
    assert "Audit trail" in page


def test_people_without_the_permission_do_not_get_the_trail(world: Any, client: Any) -> None:
    client.force_login(world.users["commissioner"])
    assert client.get("/audit/").status_code == 404
    assert "Audit trail</a>" not in client.get("/").content.decode()
