import datetime as dt

import pytest

from safecom.reporting.periods import previous_quarter, quarter_bounds, quarter_of


def test_quarters() -> None:
    assert quarter_of(dt.date(2026, 11, 21)) == "2026-Q4"
    assert quarter_bounds("2026-Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter_bounds("2027q1") == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert previous_quarter(dt.date(2026, 1, 5)) == "2025-Q4"
    with pytest.raises(ValueError, match="write it like 2026-Q3"):
        quarter_bounds("Q5 2026")
