from safecom.contracts import lifecycle


def test_forward_one_step_at_a_time() -> None:
    assert lifecycle.transition_problem("planning", "tender") is None
    assert "cannot move to live" in (lifecycle.transition_problem("planning", "live") or "")


def test_back_one_step_and_cancel_before_live_need_a_reason() -> None:
    assert lifecycle.transition_problem("awarded", "tender") is None
    assert lifecycle.needs_reason("awarded", "tender")
    assert lifecycle.transition_problem("tender", "ended") is None
    assert lifecycle.needs_reason("tender", "ended")
    assert not lifecycle.needs_reason("planning", "tender")


def test_live_ends_only_through_decommissioning() -> None:
    assert lifecycle.allowed_next("live") == ["decommissioning"]
    assert lifecycle.allowed_next("decommissioning") == ["ended"]
    assert lifecycle.allowed_next("ended") == []


def test_unknown_and_same_stage_are_explained() -> None:
    assert "not a stage" in (lifecycle.transition_problem("planning", "signed") or "")
    assert "already at" in (lifecycle.transition_problem("live", "live") or "")


def test_model_choices_follow_the_lifecycle() -> None:
    from safecom.contracts.models import Contract

    assert Contract.Stage.values == list(lifecycle.STAGES)
    assert dict(Contract.Stage.choices) == lifecycle.STAGE_LABELS
