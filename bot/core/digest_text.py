"""A digest as text for people: markdown sections (the CLI file, the shell, and the
Slack sections, which share the lines). Anonymous authors are never named: the
digest holds no author names except the leaderboard's, which excludes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.messages import t

MAX_LINES = 10


def _change(now: int, before: int) -> str:
    diff = now - before
    return f"+{diff}" if diff > 0 else str(diff) if diff < 0 else "±0"


def _ref(value: Any) -> str:
    return f"#{value}" if isinstance(value, int) else str(value)


def _date(iso: str) -> date | str:
    # A date: the catalogue writes it the reader's way (Babel); text it cannot read stays.
    try:
        return date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)


def title(data: dict[str, Any], locale: str | None = None, scheduled: bool = False) -> str:
    key = "digests.scheduled_title" if scheduled else "digests.title"
    period = data["period"]
    return t(key, locale, start=_date(period["start"]), end=_date(period["end"]))


def headline(data: dict[str, Any], locale: str | None = None) -> list[str]:
    days = round(data["days"])
    return [
        t(
            "digests.new_ideas",
            locale,
            count=data["new_ideas"],
            previous=data["previous_new_ideas"],
            change=_change(data["new_ideas"], data["previous_new_ideas"]),
            days=days,
        ),
        t(
            "digests.contributors",
            locale,
            count=data["contributors"],
            previous=data["previous_contributors"],
            change=_change(data["contributors"], data["previous_contributors"]),
        ),
    ]


def sections(data: dict[str, Any], locale: str | None = None) -> list[tuple[str, list[str]]]:
    """(heading, lines) in reading order; a section with nothing says so."""
    nothing = [t("digests.nothing", locale)]
    out: list[tuple[str, list[str]]] = []

    def add(heading: str, lines: list[str]) -> None:
        out.append((heading, lines or nothing))

    add(
        t("digests.heading_top", locale),
        [
            t("digests.idea_line", locale, ref=_ref(i["id"]), title=i["title"], votes=i["votes"])
            for i in data["top_ideas"]
        ],
    )
    add(
        t("digests.heading_gained", locale),
        [
            t(
                "digests.gained_line",
                locale,
                ref=_ref(g["id"]),
                title=g["title"],
                gained=g["gained"],
                votes=g["votes"],
            )
            for g in data["top_gained"]
        ],
    )
    add(
        t("digests.heading_themes", locale),
        [
            t(
                "digests.theme_line",
                locale,
                label=theme["label"],
                size=theme["size"],
                new=t("digests.theme_new", locale) if theme["new"] else "",
                examples="; ".join(f"{_ref(e['id'])} {e['title']}" for e in theme["examples"]),
            )
            for theme in data["themes"]
        ],
    )
    add(
        t("digests.heading_duplicates", locale),
        [
            t("digests.duplicate_line", locale, refs=", ".join(_ref(r) for r in group))
            for group in data["duplicate_refs"][:MAX_LINES]
        ],
    )
    add(t("digests.heading_decisions", locale), [_decision(d, locale) for d in data["decisions"]])
    add(
        t("digests.heading_waiting", locale, days=data["review_delay_days"]),
        _waiting(data, locale),
    )
    add(t("digests.heading_challenges", locale), _challenges(data["challenges"], locale))
    add(
        t("digests.heading_departments", locale),
        [_department(d, locale) for d in data["departments"]],
    )
    add(
        t("digests.heading_leaderboard", locale),
        [
            t(
                "digests.leader_line",
                locale,
                rank=n,
                name=row["name"] or row["user"],
                points=row["points"],
            )
            for n, row in enumerate(data["leaderboard"], start=1)
        ],
    )
    return out


def _decision(d: dict[str, Any], locale: str | None) -> str:
    values = {
        "ref": _ref(d["id"]),
        "title": d["title"],
        "from_status": (d["from"] or "new").replace("_", " "),
        "to_status": d["to"].replace("_", " "),
    }
    if d["to"] == "declined" and d["reason"]:
        return t("digests.decision_reason", locale, reason=d["reason"], **values)
    return t("digests.decision_line", locale, **values)


def _waiting(data: dict[str, Any], locale: str | None) -> list[str]:
    lines = [
        t(
            "digests.waiting_line",
            locale,
            ref=_ref(w["id"]),
            title=w["title"],
            since=_date(w["since"]),
        )
        for w in data["waiting_review_details"][:MAX_LINES]
    ]
    total = len(data["waiting_review"])
    if total > len(lines):
        lines.append(t("digests.waiting_more", locale, count=total - len(lines)))
    return lines


def _challenges(c: dict[str, Any], locale: str | None) -> list[str]:
    def line(entry: dict[str, Any]) -> str:
        deadline = (
            t("digests.challenge_deadline", locale, deadline=_date(entry["deadline"]))
            if entry["deadline"]
            else ""
        )
        return "    " + t(
            "digests.challenge_line",
            locale,
            title=entry["title"],
            ideas=entry["ideas"],
            participants=entry["participants"],
            deadline=deadline,
        )

    lines = [t("digests.challenge_open", locale, count=c["open_count"])]
    lines += [line(e) for e in c["open"][:MAX_LINES]]
    lines.append(t("digests.challenge_closing", locale, count=c["closing_soon_count"]))
    lines += [line(e) for e in c["closing_soon"][:MAX_LINES]]
    lines.append(t("digests.challenge_closed", locale, count=c["closed_count"]))
    lines += [line(e) for e in c["closed"][:MAX_LINES]]
    return lines


def _department(d: dict[str, Any], locale: str | None) -> str:
    if d["share"] is None:
        return t(
            "digests.department_line_no_people",
            locale,
            name=d["name"],
            contributors=d["contributors"],
            ideas=d["ideas"],
        )
    return t(
        "digests.department_line",
        locale,
        name=d["name"],
        contributors=d["contributors"],
        people=d["people"],
        share=d["share"],
        ideas=d["ideas"],
    )


def markdown(data: dict[str, Any], chart: str | None = None, locale: str | None = None) -> str:
    lines = [f"# {title(data, locale)}", ""]
    lines += [f"- {line.replace('*', '**')}" for line in headline(data, locale)]
    lines.append("")
    for heading, body in sections(data, locale):
        lines += [f"## {heading}", ""]
        lines += [
            f"- {_md(line)}" if not line.startswith("    ") else f"  - {_md(line.strip())}"
            for line in body
        ]
        lines.append("")
    if chart:
        lines += [
            f"## {t('digests.heading_chart', locale)}",
            "",
            f"![{t('digests.chart_caption', locale)}]({chart})",
            "",
        ]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Idea text is data: markdown that would format or link is shown literally."""
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "#"):
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())
