"""The national-scale benchmark (`make bench`): see README, "Rendimiento".

1. A fresh PostgreSQL database with the demo content; SQL queries per request
   counted at demo scale (bench/targets.py).
2. National-scale content (`generate_scale`: 10 plans, 300 commitments, 3,000
   milestones, 15,000 evidence items, 6,000 updates, 200 pending submissions);
   queries counted again.
3. gunicorn with the production settings on 127.0.0.1, driven by wrk (16
   connections) on every target, cold (page cache off) then warm (page cache
   on, in Redis), plus the admin views as one logged-in approver.
4. Results as JSON and a Markdown table in bench/results/, with each target's
   ratio to the baseline (a bare Django view on the same server) and the
   issue's targets checked.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk_report.lua"
#: bench/run.sh exports PG_URL_BASE (with a password on a fresh PostgreSQL install).
PG_URL_BASE = "postgres://postgres@127.0.0.1:5432"
#: Seconds of unmeasured load before each measurement.
WARMUP_SECONDS = 2

#: The issue's cold-cache p95 targets (ms) and the warm-cache share of the baseline.
COLD_P95_MS = {
    "plan": 150,
    "commitment": 100,
    "milestone": 100,
    "api_commitments": 150,
    "search": 250,
}
CSV_EXPORT_MS = 1000
ADMIN_MS = 500
WARM_MIN_RATIO = 0.5


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql],
        check=True,
        capture_output=True,
    )


def targets(env: dict) -> dict:
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "targets.py")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Server:
    """gunicorn with the production settings, in its own process group."""

    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "cms.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{self.base}/salud/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, cookie: str = "") -> int:
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status


def wrk(url: str, connections: int, duration: int, cookie: str = "") -> dict:
    """Measure ``url``; a short unmeasured run first, so every gunicorn worker has loaded
    its code and opened its database connection (first requests are not the steady state)."""
    _wrk(url, connections, WARMUP_SECONDS, cookie)
    return _wrk(url, connections, duration, cookie)


def _wrk(url: str, connections: int, duration: int, cookie: str = "") -> dict:
    threads = min(2, connections)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",  # a slow answer is measured, not counted as an error
            "-s",
            str(LUA),
            url,
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        check=True,
        capture_output=True,
        text=True,
    )
    match = re.search(r"^BENCH_JSON (.*)$", result.stdout, re.MULTILINE)
    if not match:
        raise SystemExit(f"wrk gave no summary for {url}:\n{result.stdout}{result.stderr}")
    data = json.loads(match.group(1))
    data["error_count"] = sum(data["errors"].values())
    return data


def bench_env(args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"{os.environ.get('PG_URL_BASE', PG_URL_BASE)}/{args.database}",
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "BASE_URL": f"http://127.0.0.1:{args.port}",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "CACHE_DIR": str(ROOT / "var" / "bench-cache"),
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    return env


def build_content(env: dict, args) -> dict:
    log(f"Base de datos nueva: {args.database}")
    psql(f"DROP DATABASE IF EXISTS {args.database}")
    psql(f"CREATE DATABASE {args.database}")
    # The content commands live in the demo app, which production settings leave out.
    build_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.bench"}
    manage(build_env, "migrate", "--noinput")
    manage(build_env, "setup_roles")
    manage(build_env, "load_demo")
    demo = targets(env)
    if args.scale == "demo":
        return demo
    log("Escala nacional: generate_scale")
    started = time.monotonic()
    manage(build_env, "generate_scale", "--pending-submissions", "200")
    log(f"generate_scale tardó {time.monotonic() - started:.0f} s")
    return demo


def run_public(server: Server, paths: dict, args, *, warm: bool) -> dict:
    results = {}
    for name, path in paths.items():
        if warm:
            server.get(path)  # store it in the page cache
        log(f"{'tibio' if warm else 'frío'}: {name} {path}")
        results[name] = wrk(server.base + path, args.connections, args.duration)
    baseline = results["baseline"]["rps"]
    for data in results.values():
        data["ratio_to_baseline"] = round(data["rps"] / baseline, 3) if baseline else None
    return results


#: After a publication: the pages that show the published milestone, and their p95 target.
AFTER_PUBLISH = ("home", "plan", "commitment")
AFTER_PUBLISH_P95_MS = 50
#: Resident memory per gunicorn worker after the run.
WORKER_RSS_MB = 200


def after_publish(server: Server, paths: dict, env: dict, args) -> dict:
    """Publish one milestone through Wagtail's action layer, then load the home page, its
    plan and its commitment at once (the connections shared among them) for the measured
    seconds that follow: what readers get right after an approval."""
    for name in AFTER_PUBLISH:
        server.get(paths[name])  # warm, as on a reporting day before the approval
    milestone_id = paths["api_milestone"].rstrip("/").rsplit("/", 1)[1]
    published = json.loads(
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "publish_one.py"), milestone_id],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    log(f"después de publicar (la publicación tardó {published['seconds']} s)")
    share = max(1, args.connections // len(AFTER_PUBLISH))
    with ThreadPoolExecutor(len(AFTER_PUBLISH)) as pool:
        runs = {
            name: pool.submit(_wrk, server.base + paths[name], share, args.duration)
            for name in AFTER_PUBLISH
        }
        results = {name: run.result() for name, run in runs.items()}
    return {"publish_seconds": published["seconds"], **results}


def generation_times(server: Server, files: dict) -> dict:
    """Seconds one request takes to generate each download of the largest plan (page cache
    off, so each is generated, not served from the cache), and its size."""
    times = {}
    for name, path in files.items():
        started = time.monotonic()
        with urllib.request.urlopen(server.base + path, timeout=300) as response:
            size = len(response.read())
        times[name] = {"seconds": round(time.monotonic() - started, 3), "bytes": size}
    return times


def worker_memory_mb(server: Server) -> list[float]:
    """Resident memory (VmRSS) of each gunicorn worker, in MB."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    sizes = []
    for pid in children.read_text().split():
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def check_targets(report: dict) -> list[dict]:
    cold, warm = report["cold"], report["warm"]
    checks = []

    def add(what, value, limit, ok):
        checks.append({"target": what, "value": value, "limit": limit, "met": bool(ok)})

    for mode in ("cold", "warm", "admin"):
        for name, data in report[mode].items():
            add(f"{mode} {name}: errors", data["error_count"], 0, data["error_count"] == 0)
    for name, data in warm.items():
        if name != "baseline":
            ratio = data["ratio_to_baseline"]
            add(f"warm {name}: rps / baseline", ratio, WARM_MIN_RATIO, ratio >= WARM_MIN_RATIO)
    for name, limit in COLD_P95_MS.items():
        add(f"cold {name}: p95 ms", cold[name]["p95_ms"], limit, cold[name]["p95_ms"] <= limit)
    single = report["single_client"]["csv_export"]
    add("CSV export, one client: p95 ms", single["p95_ms"], CSV_EXPORT_MS, single["p95_ms"] <= 1000)
    for name, data in report["admin"].items():
        add(f"{name}: p95 ms", data["p95_ms"], ADMIN_MS, data["p95_ms"] <= ADMIN_MS)
    for name in AFTER_PUBLISH:
        data = report["after_publish"][name]
        add(f"after publish {name}: errors", data["error_count"], 0, data["error_count"] == 0)
        p95 = data["p95_ms"]
        add(f"after publish {name}: p95 ms", p95, AFTER_PUBLISH_P95_MS, p95 <= AFTER_PUBLISH_P95_MS)
    largest = max(report["memory_mb"])
    add("memory per worker: MB (largest)", largest, WORKER_RSS_MB, largest <= WORKER_RSS_MB)
    return checks


def markdown(report: dict) -> str:
    lines = [
        f"# Tablero benchmark, {report['generated_at']}",
        "",
        f"{report['machine']}; PostgreSQL; gunicorn {report['workers']} workers (sync); "
        f"wrk {report['connections']} connections × {report['duration']} s per target; "
        f"national scale: {report['content']}.",
        "",
        "| target | queries demo | queries national | cold rps | cold p50 | cold p95 | cold p99 "
        "| cold ÷ baseline | warm rps | warm p50 | warm p95 | warm p99 | warm ÷ baseline "
        "| errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in report["cold"]:
        c, w = report["cold"][name], report["warm"][name]
        lines.append(
            f"| {name} | {report['queries']['demo'].get(name, '')} "
            f"| {report['queries']['national'].get(name, '')} "
            f"| {c['rps']:.0f} | {c['p50_ms']:.1f} | {c['p95_ms']:.1f} | {c['p99_ms']:.1f} "
            f"| {c['ratio_to_baseline']:.2f} "
            f"| {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p95_ms']:.1f} | {w['p99_ms']:.1f} "
            f"| {w['ratio_to_baseline']:.2f} | {c['error_count'] + w['error_count']} |"
        )
    lines += [
        "",
        "Times in ms. Cold: page cache off; warm: page cache on (Redis).",
        "",
        "| one logged-in approver / one client | queries | rps | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    one = {**report["admin"], **report["single_client"]}
    for name, d in one.items():
        lines.append(
            f"| {name} | {report['queries']['national'].get(name, '')} | {d['rps']:.1f} "
            f"| {d['p50_ms']:.1f} | {d['p95_ms']:.1f} | {d['p99_ms']:.1f} | {d['error_count']} |"
        )
    after = report["after_publish"]
    lines += [
        "",
        f"After publishing one milestone (Wagtail's action layer, {after['publish_seconds']} s), "
        f"the next {report['duration']} s, home, plan and commitment loaded at once:",
        "",
        "| page | requests | rps | p50 | p95 | p99 | max | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in AFTER_PUBLISH:
        d = after[name]
        lines.append(
            f"| {name} | {d['requests']} | {d['rps']:.0f} | {d['p50_ms']:.1f} "
            f"| {d['p95_ms']:.1f} | {d['p99_ms']:.1f} | {d['max_ms']:.1f} | {d['error_count']} |"
        )
    lines += [
        "",
        "Resident memory per gunicorn worker after the run (MB): "
        + ", ".join(str(m) for m in report["memory_mb"]),
    ]
    lines += [
        "",
        "Generation of the largest plan's downloads and reports (one request, page cache off):",
        "",
        "| file | seconds | bytes |",
        "|---|---|---|",
        *(
            f"| {name} | {d['seconds']:.2f} | {d['bytes']:,} |"
            for name, d in report["generated"].items()
        ),
    ]
    lines += ["", "| target | value | limit | met |", "|---|---|---|---|"]
    for check in report["checks"]:
        lines.append(
            f"| {check['target']} | {check['value']} | {check['limit']} "
            f"| {'yes' if check['met'] else '**NO**'} |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cores = os.cpu_count()
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return f"{cores} cores {cpu}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="tablero_bench")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--reuse", action="store_true", help="keep the existing benchmark database")
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the database, measure nothing"
    )
    parser.add_argument(
        "--scale",
        choices=["national", "demo"],
        default="national",
        help="demo: only the demo content (a quick check that the build and the run work)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument(
        "--strict", action="store_true", help="exit with an error if a target is missed"
    )
    args = parser.parse_args()

    env = bench_env(args)
    # Pages render with the production settings' manifest storage: the static files and
    # their manifest must exist before the first page is rendered (targets.py does).
    log("collectstatic")
    manage(env, "collectstatic", "--noinput")
    demo_file = ROOT / "var" / f"{args.database}-demo-queries.json"
    if args.reuse and demo_file.exists():
        demo_queries = json.loads(demo_file.read_text())
    else:
        demo_queries = build_content(env, args)["queries"]
        demo_file.parent.mkdir(parents=True, exist_ok=True)
        demo_file.write_text(json.dumps(demo_queries))
    if args.prepare_only:
        log("Base de datos lista (--prepare-only): no se mide nada")
        return
    national = targets(env)
    paths = national["public"]

    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "content": "10 plans, 300 commitments, 3,000 milestones, 15,000 evidence items, "
        "6,000 updates, 200 pending submissions"
        if args.scale == "national"
        else "the demo only (--scale demo: a smoke run, not the national-scale figures)",
        "paths": {**paths, **national["admin"]},
        "queries": {"demo": demo_queries, "national": national["queries"]},
    }

    with Server({**env, "PAGE_CACHE_SECONDS": "0"}, args.port, args.workers) as server:
        report["cold"] = run_public(server, paths, args, warm=False)
        log("un cliente: exportación CSV")
        report["single_client"] = {
            "csv_export": wrk(server.base + paths["csv_export"], 1, args.duration)
        }
        log("generación de descargas del plan más grande")
        report["generated"] = generation_times(server, national["generated"])
        report["admin"] = {}
        for name, path in national["admin"].items():
            log(f"administrador: {name} {path}")
            report["admin"][name] = wrk(server.base + path, 1, args.duration, national["cookie"])

    redis_env = {**env, "PAGE_CACHE_SECONDS": "600", "REDIS_URL": args.redis}
    subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.core.cache import cache; cache.clear()",
        ],
        cwd=ROOT,
        env=redis_env,
        check=True,
    )
    with Server(redis_env, args.port, args.workers) as server:
        report["warm"] = run_public(server, paths, args, warm=True)
        report["after_publish"] = after_publish(server, paths, redis_env, args)
        report["memory_mb"] = worker_memory_mb(server)

    report["checks"] = check_targets(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "latest" if args.scale == "national" else "latest-demo"
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    table = markdown(report)
    (RESULTS / f"{stem}.md").write_text(table)
    print(table)
    missed = [c for c in report["checks"] if not c["met"]]
    log(f"{len(report['checks']) - len(missed)} de {len(report['checks'])} metas cumplidas")
    for check in missed:
        log(f"NO cumplida: {check['target']} = {check['value']} (meta {check['limit']})")
    errors = any(c["target"].endswith("errors") for c in missed)
    sys.exit(1 if errors or (missed and args.strict) else 0)


if __name__ == "__main__":
    main()
