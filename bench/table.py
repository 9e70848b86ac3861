"""The figures table in docs/performance.md, between the bench:table markers.

Only the text between the markers is rewritten; the prose around it is each area's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE = ROOT / "docs" / "performance.md"
START = "<!-- bench:table:start -->"
END = "<!-- bench:table:end -->"
AREA_TITLES = {
    "workforce": "Workforce import",
    "documents": "Document checker",
    "dashboard": "Dashboard",
    "reminders": "Reminder sweep",
    "http": "HTTP load",
}


def number(value: Any) -> str:
    """Three significant figures, thousands separated; whole numbers as they are."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _meets(f: dict[str, Any] | None) -> str:
    if not f:
        return ""
    return {True: "yes", False: "**no**", None: ""}[f.get("meets")]


def _growth(tenth: dict[str, Any] | None, large: dict[str, Any] | None) -> str:
    if not tenth or not large or not tenth.get("value"):
        return "–"
    if tenth.get("unit") != large.get("unit"):
        return "–"
    return f"{large['value'] / tenth['value']:.2g}×"


def _baseline(f: dict[str, Any] | None) -> str:
    if not f or f.get("baseline") is None:
        return ""
    ratio = f" (ratio {number(f['ratio'])})" if f.get("ratio") is not None else ""
    return f"{f['baseline_name']}: {number(f['baseline'])} {f['unit']}{ratio}"


def render(results: dict[str, Any]) -> str:
    figures = results.get("figures", {})
    tenth, large = figures.get("tenth", {}), figures.get("large", {})
    names: list[str] = []
    for scale in (large, tenth):
        names += [n for n in scale if n not in names]
    env = results.get("environment", {})
    lines = [
        START,
        "",
        "<!-- Written by `make bench` (bench/run.py); edit the prose outside the markers. -->",
        "",
        f"Last run of `make bench` (all areas or some; each area's own date is under the "
        f"table): {env.get('date', '?')} on {env.get('cpus', '?')} CPUs, "
        f"PostgreSQL {env.get('postgresql', '?')}, Python {env.get('python', '?')}; "
        f"1-minute load average {number((env.get('load_average') or [None])[0])} at the start"
        + (
            f", {number(env['load_average_end'][0])} at the end"
            if env.get("load_average_end")
            else ""
        )
        + ". Tenth scale: 200 providers, 500 contracts, 25,000 staff; large: 2,000 providers, "
        "5,000 contracts, 250,000 staff. Raw figures with their notes: `bench/results.json`.",
        "",
        "| area | figure | tenth | large | large ÷ tenth | baseline, ratio | target "
        "| meets: tenth / large |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    by_area: dict[str, list[str]] = {}
    for name in names:
        f = large.get(name) or tenth.get(name) or {}
        by_area.setdefault(f.get("area", "?"), []).append(name)
    for area in list(AREA_TITLES) + sorted(set(by_area) - set(AREA_TITLES)):
        for name in by_area.get(area, []):
            t, g = tenth.get(name), large.get(name)
            unit = (g or t or {}).get("unit", "")
            meets = " / ".join(_meets(f) or "–" for f in (t, g))
            lines.append(
                f"| {AREA_TITLES.get(area, area)} | {_cell(name)} ({unit}) "
                f"| {number(t['value']) if t else '–'} | {number(g['value']) if g else '–'} "
                f"| {_growth(t, g)} | {_cell(_baseline(g or t))} "
                f"| {(g or t or {}).get('target', '')} | {meets} |"
            )
    lines += ["", "When each area was last measured (1-minute load average at its end):", ""]
    for area, scales in sorted(results.get("runs", {}).items()):
        when = ", ".join(
            f"{scale} {env['date']} ({number(env['load_average'][0])})"
            for scale, env in (
                (k, r.get("environment"))
                for k, r in sorted(scales.items())
                if r.get("status") == "measured"
            )
            if env
        )
        if when:
            lines.append(f"- {AREA_TITLES.get(area, area)}: {when}")
    missing = []
    for area, scales in sorted(results.get("runs", {}).items()):
        for scale, run in sorted(scales.items()):
            if run.get("status") != "measured":
                missing.append(f"{area} at {scale} scale: {run.get('status')}, {run.get('reason')}")
    if missing:
        lines += ["", "Not measured in the last run:", ""]
        lines += [f"- {m}" for m in missing]
    lines += ["", END]
    return "\n".join(lines)


def write_table(results: dict[str, Any]) -> None:
    text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else "# Performance\n"
    table = render(results)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        text = head + table + tail
    else:
        # Near the top: after the title line.
        first, _, rest = text.partition("\n")
        text = f"{first}\n\n{table}\n{rest}"
    PERFORMANCE.write_text(text, encoding="utf-8")
