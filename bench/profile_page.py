"""Where a cold request spends its time: `bench/profile_page.py URL [URL...]`.

Run in the benchmark's environment (bench/run.py's settings and database), for example::

    DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=x... ALLOWED_HOSTS=127.0.0.1 \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/tablero_bench PAGE_CACHE_SECONDS=0 \\
      .venv/bin/python bench/profile_page.py /cuarto-plan-2019-2021/

Renders each URL once to warm per-process caches, then once under cProfile, and prints the
wall time, the SQL queries and their time, and the functions with the most cumulative
time in the project, Wagtail and Django's template engine; then the median of
``PROFILE_REPEAT`` (5) requests without the profiler: wall time and this process's CPU time
(the CPU time is the steadier figure on a shared machine: it leaves out waiting for the
database and for other processes).
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

INTERESTING = ("planes", "opendata", "search", "home", "wagtail", "django/template")


def profile(client: Client, url: str) -> None:
    client.get(url, HTTP_HOST="127.0.0.1")
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        profiler.disable()
        elapsed = time.perf_counter() - started
    sql = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"\n## {url}: {response.status_code}, {elapsed * 1000:.0f} ms")
    print(f"{len(queries.captured_queries)} SQL queries, {sql * 1000:.0f} ms in the database")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats("|".join(INTERESTING), 30)
    print(out.getvalue())
    walls, cpus = [], []
    for _ in range(int(os.environ.get("PROFILE_REPEAT", "5"))):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url, HTTP_HOST="127.0.0.1")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"median of {len(walls)} without the profiler: {statistics.median(walls) * 1000:.0f} ms "
        f"wall, {statistics.median(cpus) * 1000:.0f} ms CPU"
    )


if __name__ == "__main__":
    anonymous = Client()
    for url in sys.argv[1:]:
        profile(anonymous, url)
