"""The scheduled digest: which fire a run belongs to (cron in a time zone), who gets
it (each admin's DM and the digest channel), the week before the fire as its content,
and one digest per fire however many processes run, a missed fire sent once at start."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.digests import Digest
from bot.core.models import NewIdea
from bot.errors import ConfigurationError
from bot.jobs import catalogue
from bot.jobs.cron import cron_period, cron_trigger
from bot.jobs.digest import Recipient, digest_job
from bot.jobs.runner import Job, JobRunner
from retrieval.embeddings import LocalEmbedder
from tests.conftest import TEST_TEAM

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)  # a Tuesday
MONDAY_8 = "2026-11-23T08:00:00+00:00"


class Recorder:
    """A transport that keeps what it was asked to deliver."""

    def __init__(self, fail_for: str | None = None) -> None:
        self.sent: list[tuple[str, Recipient, Digest]] = []
        self.fail_for = fail_for
        self.lock = threading.Lock()

    def teams(self) -> list[str]:
        return [TEST_TEAM]

    def deliver(self, team_id: str, recipient: Recipient, digest: Digest) -> None:
        if self.fail_for is not None and recipient.user_id == self.fail_for:
            raise RuntimeError("Slack said no")
        with self.lock:
            self.sent.append((team_id, recipient, digest))

    def who(self) -> list[str]:
        return [r.user_id or f"#{r.channel}" for _, r, _ in self.sent]


@pytest.fixture
def digest_settings(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("IDEABOT_ADMINS", "UADMIN,UADMIN2")
    monkeypatch.setenv("IDEABOT_DIGEST_CHANNEL", "C0DIGEST")
    return Settings()


@pytest.fixture
def two(digest_settings: Settings, embedder: LocalEmbedder) -> Iterator[list[Container]]:
    """Two processes on one database."""
    built = [Container(digest_settings), Container(digest_settings)]
    for container in built:
        container.__dict__["embedder"] = embedder
    yield built
    for container in built:
        container.close()


def _job(settings: Settings, recorder: Recorder) -> Job:
    job = digest_job(settings, recorder)
    assert job is not None
    return job


def _seed(container: Container) -> None:
    for title, when in [
        ("Bike racks at the north entrance", datetime(2026, 11, 17, 9, tzinfo=UTC)),
        ("Solar panels on the warehouse roof", datetime(2026, 11, 20, 15, tzinfo=UTC)),
        ("Quiet room on the second floor", datetime(2026, 11, 23, 9, tzinfo=UTC)),  # after 08:00
        ("Older idea from the week before", datetime(2026, 11, 12, 9, tzinfo=UTC)),
    ]:
        container.ideas.create(
            NewIdea(
                team_id=TEST_TEAM,
                title=title,
                description=title,
                author_id="UAUTHOR",
                created_at=when,
            )
        )


def test_period_keys_name_the_latest_fire_in_the_schedules_zone() -> None:
    weekly = cron_period(cron_trigger("0 8 * * mon", "UTC", "IDEABOT_DIGEST_SCHEDULE"))
    assert weekly(NOW) == MONDAY_8
    assert weekly(datetime(2026, 11, 23, 7, 59, tzinfo=UTC)) == "2026-11-16T08:00:00+00:00"
    assert weekly(datetime(2026, 11, 23, 8, 0, tzinfo=UTC)) == MONDAY_8
    # Crontab counts 1 as Monday (APScheduler 3 on its own would say Tuesday).
    numbered = cron_period(cron_trigger("0 8 * * 1", "UTC", "IDEABOT_DIGEST_SCHEDULE"))
    assert numbered(NOW) == MONDAY_8
    # 08:00 in Paris is 07:00 UTC in November.
    paris = cron_period(cron_trigger("0 8 * * mon", "Europe/Paris", "IDEABOT_DIGEST_SCHEDULE"))
    assert paris(NOW) == "2026-11-23T08:00:00+01:00"
    assert paris(datetime(2026, 11, 23, 7, 30, tzinfo=UTC)) == "2026-11-23T08:00:00+01:00"
    every_minute = cron_period(cron_trigger("* * * * *", "UTC", "IDEABOT_DIGEST_SCHEDULE"))
    assert every_minute(NOW + timedelta(seconds=59)) == "2026-11-24T10:30:00+00:00"


@pytest.mark.parametrize("bad", ["0 8 * *", "0 25 * * mon", "0 8 * * funday", "0 8 30 2 *"])
def test_a_bad_schedule_is_refused_with_the_setting_named(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="IDEABOT_DIGEST_SCHEDULE"):
        cron_trigger(bad, "UTC", "IDEABOT_DIGEST_SCHEDULE")
    with pytest.raises(ConfigurationError, match="IDEABOT_DIGEST_TZ"):
        cron_trigger("0 8 * * mon", "Mars/Olympus", "IDEABOT_DIGEST_SCHEDULE")


def test_each_admin_and_the_channel_get_the_week_before_the_fire(
    two: list[Container], digest_settings: Settings
) -> None:
    container = two[0]
    _seed(container)
    recorder = Recorder()
    assert JobRunner(container, [_job(digest_settings, recorder)]).run_once(
        _job(digest_settings, recorder), NOW
    )
    assert recorder.who() == ["UADMIN", "UADMIN2", "#C0DIGEST"]
    digests = {id(d) for _, _, d in recorder.sent}
    assert len(digests) == 1  # built once, sent three times
    data = recorder.sent[0][2].to_dict()
    assert data["period"] == {"start": "2026-11-16T08:00:00+00:00", "end": MONDAY_8}
    assert data["new_ideas"] == 2 and data["previous_new_ideas"] == 1
    assert {i["title"] for i in data["top_ideas"]} == {
        "Bike racks at the north entrance",
        "Solar panels on the warehouse roof",
    }


def test_two_processes_send_one_digest_per_fire(
    two: list[Container], digest_settings: Settings
) -> None:
    recorder = Recorder()
    job = _job(digest_settings, recorder)
    runners = [JobRunner(c, [job]) for c in two]
    start = threading.Barrier(2)
    results: list[bool] = []

    def run(runner: JobRunner) -> None:
        start.wait()
        results.append(runner.run_once(job, NOW))

    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [False, True]
    assert recorder.who() == ["UADMIN", "UADMIN2", "#C0DIGEST"]
    # Later the same week: the same fire, nothing more; the next Monday: the next one.
    assert runners[1].run_once(job, NOW + timedelta(days=3)) is False
    assert runners[0].run_once(job, NOW + timedelta(days=7)) is True
    assert len(recorder.sent) == 6
    assert recorder.sent[-1][2].to_dict()["period"]["end"] == "2026-11-30T08:00:00+00:00"


def test_a_fire_missed_during_downtime_is_sent_once_at_start(
    two: list[Container], digest_settings: Settings
) -> None:
    recorder = Recorder()
    job = _job(digest_settings, recorder)
    # Both processes were down on Monday 08:00; both start on Tuesday.
    for container in two:
        JobRunner(container, [job], clock=lambda: NOW).catch_up()
    assert recorder.who() == ["UADMIN", "UADMIN2", "#C0DIGEST"]
    assert recorder.sent[0][2].to_dict()["period"]["end"] == MONDAY_8


def test_one_recipient_failing_does_not_resend_to_the_others(
    two: list[Container], digest_settings: Settings
) -> None:
    recorder = Recorder(fail_for="UADMIN")
    job = _job(digest_settings, recorder)
    runner = JobRunner(two[0], [job])
    assert runner.run_once(job, NOW) is True
    assert runner.run_once(job, NOW) is False  # not retried: the others have it
    assert recorder.who() == ["UADMIN2", "#C0DIGEST"]


def test_no_schedule_or_no_one_to_send_to_means_no_job(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IDEABOT_DIGEST_SCHEDULE", "off")
    assert digest_job(Settings(), Recorder()) is None
    monkeypatch.setenv("IDEABOT_DIGEST_SCHEDULE", "0 8 * * mon")
    monkeypatch.setenv("IDEABOT_ADMINS", "")
    assert digest_job(Settings(), Recorder()) is None
    monkeypatch.setenv("IDEABOT_ADMINS", "UADMIN")
    names = [j.name for j in catalogue.jobs(Settings(), Recorder())]
    assert names == ["prune_bookkeeping", "challenge_deadlines", "digest"]
    assert [j.name for j in catalogue.jobs()] == ["prune_bookkeeping", "challenge_deadlines"]
    # The Monday-08:00 default in the configured zone.
    job = digest_job(Settings(), Recorder())
    assert job is not None and job.period(NOW) == MONDAY_8
    monkeypatch.setenv("IDEABOT_DIGEST_TZ", "America/New_York")
    job = digest_job(Settings(), Recorder())
    assert job is not None and job.period(NOW) == "2026-11-23T08:00:00-05:00"
