"""Reads for continuous assurance, always through the user's tenancy (see access.py).

`contract_assurance_state(*, contract)` and `contract_assurance_states(*, contracts)` give a
contract's assurance at a glance, for pages and dashboards.
"""

from safecom.assurance.selectors.state import contract_assurance_state, contract_assurance_states

__all__ = ["contract_assurance_state", "contract_assurance_states"]
