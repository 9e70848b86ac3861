from safecom.accounts import roles


def test_each_role_fits_only_its_kinds_of_organisation() -> None:
    assert roles.role_fits_organisation("provider_hr", "provider")
    assert not roles.role_fits_organisation("provider_hr", "commissioner")
    assert roles.role_fits_organisation("qa_officer", "partnership")
    assert roles.role_fits_organisation("auditor", "provider")
    assert not roles.role_fits_organisation("no_such_role", "provider")


def test_auditor_is_read_only() -> None:
    writes = {p for r in roles.ROLES.values() for p in r.permissions} - {
        roles.VIEW,
        roles.AUDIT_VIEW,
    }
    assert not any(roles.role_allows("auditor", p) for p in writes)


def test_only_commissioners_change_contracts() -> None:
    holders = {code for code in roles.ROLES if roles.role_allows(code, roles.CONTRACT_STAGE)}
    assert holders == {"commissioner"}
