"""Everything the assurance page of one contract shows, read once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from safecom.assurance.constants import DELIVERY_STAGES, RECENT_MONTHS
from safecom.assurance.models import Allegation, SafeguardingReturn
from safecom.assurance.selectors import records
from safecom.assurance.selectors.allegations import with_timeliness
from safecom.assurance.selectors.duties import Duty, annual_interval, contract_duties
from safecom.assurance.selectors.returns import STATUS_LABELS, annual_reports_of, return_status
from safecom.assurance.selectors.risk import ContractRisk, contract_risks
from safecom.contracts.models import Contract
from safecom.rules.assurance import add_months


@dataclass
class ContractOverview:
    contract: Contract
    today: dt.date
    since: dt.date
    in_delivery: bool
    risk: ContractRisk
    meetings: list[Any]
    open_actions: list[Any]
    metrics: list[Any]
    returns: list[Any]
    annual_reports: list[Any]
    annual_interval: Any
    checks: list[Any]
    allegations: list[Any]
    reviews: list[Any]
    briefings: list[Any]
    decommissioning: Any
    duties: list[Duty] = field(default_factory=list)

    @property
    def duty_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.duties:
            out[d.state] = out.get(d.state, 0) + 1
        return out


def contract_overview(*, contract: Contract, today: dt.date | None = None) -> ContractOverview:
    today = today or timezone.localdate()
    since = add_months(today, -RECENT_MONTHS)
    rets = list(
        SafeguardingReturn.objects.filter(contract=contract)
        .select_related("template")
        .order_by("-period_start", "pk")
    )
    for r in rets:
        r.status = return_status(r, today)  # type: ignore[attr-defined]
        r.status_label, r.status_class = STATUS_LABELS[r.status]  # type: ignore[attr-defined]
    overview = ContractOverview(
        contract=contract,
        today=today,
        since=since,
        in_delivery=contract.stage in DELIVERY_STAGES,
        risk=contract_risks(contracts=[contract], today=today)[contract.pk],
        meetings=records.meetings_of(contract=contract),
        open_actions=records.open_actions_of(contract=contract),
        metrics=records.metrics_of(contract=contract),
        returns=rets,
        annual_reports=list(annual_reports_of(contract_id=contract.pk)),
        annual_interval=annual_interval(contract.pk),
        checks=records.checks_of(contract=contract),
        allegations=with_timeliness(
            Allegation.objects.filter(contract=contract).select_related("recorded_by")
        ),
        reviews=records.reviews_of(contract=contract, today=today),
        briefings=records.briefings_received(contract=contract, since=since),
        decommissioning=records.decommissioning_of(contract=contract),
    )
    overview.duties = contract_duties(overview)
    return overview
