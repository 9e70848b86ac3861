import datetime as dt
import xml.etree.ElementTree as ET

from safecom.reporting.charts import line_chart, rag_stacked_bars


def test_rag_bars_are_valid_svg_with_an_accessible_description() -> None:
    svg = rag_stacked_bars(
        [("Workforce", {"red": 2, "green": 8}), ("Returns <late>", {"amber": 1})],
        title="Portfolio by area",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    desc = root.find("{http://www.w3.org/2000/svg}desc").text  # type: ignore[union-attr]
    assert "Workforce: 2 red, 0 amber, 8 green" in desc and "Returns <late>" in desc


def test_line_chart_handles_no_data_and_draws_series() -> None:
    assert "No snapshots yet" in line_chart([], title="Trend", y_label="Red")
    day = dt.date(2026, 11, 1)
    svg = line_chart(
        [("Red", "#d4351c", [(day, 3), (day + dt.timedelta(days=7), 1)])],
        title="Red cells over time",
        y_label="Red",
    )
    assert "from 3 to 1" in svg and "<polyline" in svg
    ET.fromstring(svg)
