"""The scheduled digest with two real `ideabot serve --http` processes on one PostgreSQL
database: both start after Monday 08:00 was missed, both catch up, and each admin
gets exactly one digest DM (with one chart). Runs in the PostgreSQL pass."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from storage.db import upgrade
from storage.models import JobRun
from tests.conftest import _truncate_all
from tests.e2e.test_two_processes import Cluster, _db_rows, _eventually
from tests.fakes.slack_api import FakeSlack, dm_channel_id

pytestmark = pytest.mark.postgres

ADMINS = ("U0ADMIN1", "U0ADMIN2")


@pytest.fixture
def pair(tmp_path: Path, pg_database: str | None) -> Iterator[Cluster]:
    if pg_database is None:
        pytest.skip("two replicas share one PostgreSQL database: runs in the PostgreSQL pass")
    engine = create_engine(pg_database)
    upgrade(engine)
    engine.dispose()
    _truncate_all(pg_database)
    with FakeSlack() as fake:
        built = Cluster(tmp_path, pg_database, fake)
        try:
            yield built
        finally:
            built.close()
            print(built.logs())
    _truncate_all(pg_database)


def _digests(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages_in(dm_channel_id(user))
        if m.get("blocks") and "Weekly ideas digest" in m["text"]
    ]


def test_two_replicas_send_one_scheduled_digest_to_each_admin(pair: Cluster) -> None:
    env = {
        "IDEABOT_ADMINS": ",".join(ADMINS),
        # Monday 08:00 has passed (or is now): each replica owes it at start.
        "IDEABOT_DIGEST_SCHEDULE": "0 8 * * mon",
        "IDEABOT_DIGEST_TZ": "Europe/Paris",
    }
    threads = [threading.Thread(target=pair.start, args=(name,), kwargs=env) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert len(pair.servers) == 2, pair.logs()

    def all_sent() -> bool:
        return all(_digests(pair.fake, admin) for admin in ADMINS) and len(
            pair.fake.calls_to("files.completeUploadExternal")
        ) >= len(ADMINS)

    _eventually(all_sent, timeout=90, what="the scheduled digest in each admin's DM")
    time.sleep(3)  # time for a second digest, were there one
    for admin in ADMINS:
        assert len(_digests(pair.fake, admin)) == 1, pair.logs()
    uploads = pair.fake.calls_to("files.completeUploadExternal")
    assert sorted(u.args["channel_id"] for u in uploads) == sorted(dm_channel_id(a) for a in ADMINS)
    runs = _db_rows(pair.database_url, select(JobRun.job, JobRun.status))
    assert [tuple(r) for r in runs if r[0] == "digest"] == [("digest", "done")]
    pair.fake.assert_no_violations()
