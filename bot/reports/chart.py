"""The digest's chart: ideas and contributors per day, and the status funnel, as one
PNG (matplotlib's Agg backend: no display, safe in a server and in tests)."""

from __future__ import annotations

import io
from typing import Any

from bot.core.messages import t

# The pipeline's order, so the funnel reads top to bottom as ideas progress.
FUNNEL_ORDER = (
    "new",
    "under_review",
    "accepted",
    "in_progress",
    "implemented",
    "declined",
    "merged",
)


def digest_png(data: dict[str, Any], locale: str | None = None) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # A Figure (not pyplot) keeps no global state: safe from several worker threads.
    figure = Figure(figsize=(9, 4.5), dpi=100)
    daily, funnel = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    days = [row["date"][5:] for row in data["daily"]]
    daily.bar(
        days,
        [row["ideas"] for row in data["daily"]],
        label=t("digests.chart_ideas", locale),
        color="#4a90d9",
    )
    daily.plot(
        days,
        [row["contributors"] for row in data["daily"]],
        color="#e8743b",
        marker="o",
        label=t("digests.chart_contributors", locale),
    )
    daily.set_title(t("digests.chart_daily", locale))
    # Counts of ideas and people: whole-number ticks, and headroom so the legend
    # (above the bars, in two columns) never hides the first day's bar.
    daily.yaxis.set_major_locator(MaxNLocator(integer=True))
    peak = max([row["ideas"] for row in data["daily"]] + [1])
    daily.set_ylim(0, peak * 1.25)
    daily.legend(loc="upper center", ncols=2, fontsize=8, frameon=False)
    step = max(1, len(days) // 10)
    daily.set_xticks(range(0, len(days), step), days[::step], rotation=45, fontsize=8)
    statuses = [s for s in FUNNEL_ORDER if s in data["funnel"]]
    statuses += sorted(s for s in data["funnel"] if s not in FUNNEL_ORDER)
    funnel.barh(
        [s.replace("_", " ") for s in statuses],
        [data["funnel"][s] for s in statuses],
        color="#6aa84f",
    )
    funnel.invert_yaxis()
    funnel.xaxis.set_major_locator(MaxNLocator(integer=True))
    funnel.set_title(t("digests.chart_funnel", locale))
    figure.tight_layout()
    buffer = io.BytesIO()
    # No timestamp in the file: the same digest gives the same bytes.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
