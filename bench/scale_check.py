"""Two app servers, shared state, real parts (`make scale-check`; README, "A escala").

1. A local S3-compatible object store (moto's server mode) with one bucket.
2. A fresh PostgreSQL database with the demo, its documents uploaded to that bucket.
3. Two gunicorn servers (production settings) on two ports, sharing the database and one
   Redis (sessions in the database, page cache and its invalidation in Redis), and the
   django-tasks database worker (`manage.py db_worker`) that sends the e-mails.
4. Checks, each through HTTP as people would act:
   - a document uploaded through server A is served, byte for byte, by server B (and it is
     in the bucket, not on A's disk);
   - an editor's submission approved through A (Wagtail's workflow action) is on B's next
     anonymous request of the milestone, its commitment and its plan, although B had those
     pages in the shared page cache;
   - the e-mails that approval causes are sent by the worker, not by the request;
   - load spread over both servers (wrk on each at once) gives no error.
Writes bench/results/scale-check.md; exits non-zero if a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import email
import json
import os
import subprocess
import sys
import time
from email.header import decode_header, make_header
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # noqa: E402  (bench/run.py: the benchmark's servers and helpers)
    PG_URL_BASE,
    PYTHON,
    RESULTS,
    ROOT,
    Server,
    log,
    manage,
    psql,
)

VAR = ROOT / "var" / "scale-check"
BUCKET = "tablero-scale-check"
#: A one-page PDF (the upload rules check a document's first bytes).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class ObjectStore:
    """moto's S3-compatible server on 127.0.0.1, for the length of the check."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self):
        log(f"S3 local (moto) en {self.url}")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                requests.get(self.url, timeout=1)
                return self
            time.sleep(0.2)
        raise SystemExit("moto_server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id="scale-check",
            aws_secret_access_key="scale-check",  # noqa: S106  (moto accepts any)
            region_name="us-east-1",
        )


class Worker:
    """`manage.py db_worker`: runs the queued background tasks (the e-mails)."""

    def __init__(self, env: dict):
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.5"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=(VAR / "worker.log").open("w"),
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def scale_env(args, store: ObjectStore) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"{os.environ.get('PG_URL_BASE', PG_URL_BASE)}/{args.database}",
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": "scale-check-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "BASE_URL": f"http://127.0.0.1:{args.port}",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": args.redis,
        "PAGE_CACHE_SECONDS": "600",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(VAR / "mail"),
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": store.url,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "scale-check",
        "AWS_SECRET_ACCESS_KEY": "scale-check",
        # Documents must not land on a server's disk: nothing is written here.
        "MEDIA_ROOT": str(VAR / "media-must-stay-empty"),
    }
    env.pop("CACHE_URL", None)
    return env


def build(env: dict, args) -> dict:
    log(f"Base de datos nueva: {args.database}")
    psql(f"DROP DATABASE IF EXISTS {args.database}")
    psql(f"CREATE DATABASE {args.database}")
    manage(env, "collectstatic", "--noinput")
    build_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "TASKS_BACKEND": "immediate",
    }
    manage(build_env, "migrate", "--noinput")
    manage(build_env, "setup_roles")
    log("Demostración (sus documentos van al bucket)")
    manage(build_env, "load_demo")
    subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.core.cache import cache; cache.clear()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "scale_fixture.py")],
        cwd=ROOT,
        env={
            **env,
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        },
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def session(base: str, cookie: str) -> requests.Session:
    browser = requests.Session()
    name, value = cookie.split("=", 1)
    browser.cookies.set(name, value, domain="127.0.0.1")
    browser.get(f"{base}/admin/", timeout=30).raise_for_status()  # sets the CSRF cookie
    # Production marks the CSRF cookie Secure; this check speaks plain HTTP on 127.0.0.1
    # (behind a TLS proxy in production), so hand it back as a browser on HTTPS would.
    token = next(c.value for c in browser.cookies if c.name == "csrftoken")
    browser.cookies.set("csrftoken", token, domain="127.0.0.1")
    browser.headers["Referer"] = f"{base}/admin/"
    return browser


def csrf(browser: requests.Session) -> str:
    return next(c.value for c in browser.cookies if c.name == "csrftoken")


def check_upload(a: Server, b: Server, fixture: dict, store: ObjectStore, env: dict) -> dict:
    browser_a = session(a.base, fixture["cookie"])
    response = browser_a.post(
        f"{a.base}/admin/documents/multiple/add/",
        data={"csrfmiddlewaretoken": csrf(browser_a)},
        files={"files[]": ("informe-escala.pdf", PDF, "application/pdf")},
        timeout=60,
    )
    response.raise_for_status()
    doc_id = response.json()["doc_id"]
    browser_b = session(b.base, fixture["cookie"])
    served = browser_b.get(f"{b.base}/documentos/{doc_id}/informe-escala.pdf", timeout=60)
    keys = [o["Key"] for o in store.client().list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    on_disk = list(Path(env["MEDIA_ROOT"]).rglob("*")) if Path(env["MEDIA_ROOT"]).exists() else []
    return {
        "check": "un documento subido por A lo sirve B",
        "ok": served.status_code == 200
        and served.content == PDF
        and any(k.endswith(".pdf") and "informe-escala" in k for k in keys)
        and not on_disk,
        "detail": f"documento {doc_id}: B respondió {served.status_code}, "
        f"{len(served.content)} bytes (iguales: {served.content == PDF}); "
        f"{len(keys)} objetos en el bucket; {len(on_disk)} archivos en disco local",
    }


def check_publish(a: Server, b: Server, fixture: dict) -> dict:
    paths = fixture["paths"]
    before = {name: requests.get(b.base + path, timeout=60) for name, path in paths.items()}
    cached = {name: requests.get(b.base + path, timeout=60) for name, path in paths.items()}
    browser_a = session(a.base, fixture["cookie"])
    approve = browser_a.post(
        f"{a.base}/admin/pages/workflow/action/{fixture['milestone_id']}/approve/"
        f"{fixture['task_state_id']}/",
        data={"csrfmiddlewaretoken": csrf(browser_a), "comment": ""},
        timeout=60,
        allow_redirects=False,
    )
    after = {name: requests.get(b.base + path, timeout=60) for name, path in paths.items()}
    new, old = fixture["new_title"], fixture["old_title"]
    # The milestone's title is on its page and its commitment's; the plan shows the
    # commitment's figures: B must render all three again (a MISS) after the approval.
    shows_title = ("milestone", "commitment")
    ok = (
        approve.status_code == 302
        and all(r.status_code == 200 and new not in r.text for r in before.values())
        and all(r.headers.get("X-Cache") == "HIT" for r in cached.values())
        and all(r.status_code == 200 and r.headers.get("X-Cache") == "MISS" for r in after.values())
        and all(new in after[name].text for name in shows_title)
    )
    return {
        "check": "una aprobación en A se ve en la siguiente petición anónima a B",
        "ok": ok,
        "detail": "B tenía en caché: "
        + ", ".join(f"{n} {r.headers.get('X-Cache')}" for n, r in cached.items())
        + f"; aprobación en A: {approve.status_code}; «{old}» → «{new}»; después en B: "
        + ", ".join(
            f"{n} {r.status_code} {r.headers.get('X-Cache')}"
            + (f" título nuevo {'sí' if new in r.text else 'NO'}" if n in shows_title else "")
            for n, r in after.items()
        ),
    }


def check_mail(env: dict) -> dict:
    folder = Path(env["EMAIL_FILE_PATH"])
    deadline = time.monotonic() + 60
    files = []
    while time.monotonic() < deadline:
        files = [f for f in folder.glob("*.log") if f.stat().st_size] if folder.exists() else []
        if files:
            break
        time.sleep(0.5)
    subjects = []
    for f in files:
        # The file backend writes each message followed by a line of dashes.
        for chunk in f.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                raw = email.message_from_string(chunk.strip())["Subject"] or ""
                subjects.append(str(make_header(decode_header(raw))).strip())
    return {
        "check": "los correos de la aprobación los envía el trabajador de tareas",
        "ok": bool(subjects),
        "detail": f"{len(subjects)} correos: " + "; ".join(subjects[:3]),
    }


def check_load(a: Server, b: Server, fixture: dict, args) -> dict:
    results = {}
    for name, path in {"home": "/", **fixture["paths"]}.items():
        procs = []
        for server in (a, b):
            procs.append(
                subprocess.Popen(
                    [
                        PYTHON,
                        "-c",
                        _WRK_CALL,
                        server.base + path,
                        str(args.connections // 2),
                        str(args.duration),
                    ],
                    cwd=ROOT / "bench",
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        runs = [json.loads(p.communicate()[0]) for p in procs]
        results[name] = {
            "requests": sum(r["requests"] for r in runs),
            "rps": round(sum(r["rps"] for r in runs), 1),
            "p95_ms": max(r["p95_ms"] for r in runs),
            "errors": sum(r["error_count"] for r in runs),
        }
    total_errors = sum(r["errors"] for r in results.values())
    return {
        "check": "carga repartida en los dos servidores, sin errores",
        "ok": total_errors == 0,
        "detail": "; ".join(
            f"{n}: {r['requests']} peticiones, {r['rps']} por segundo, p95 {r['p95_ms']} ms, "
            f"{r['errors']} errores"
            for n, r in results.items()
        ),
        "load": results,
    }


_WRK_CALL = (
    "import json, sys; from run import _wrk; "
    "print(json.dumps(_wrk(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="tablero_scale_check")
    parser.add_argument("--port", type=int, default=8101, help="server A; B is the next port")
    parser.add_argument("--s3-port", type=int, default=9101)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections in all")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    for old in (VAR / "mail").glob("*"):
        old.unlink()
    with ObjectStore(args.s3_port) as store:
        store.client().create_bucket(Bucket=BUCKET)
        env = scale_env(args, store)
        fixture = build(env, args)
        env_b = {**env, "BASE_URL": f"http://127.0.0.1:{args.port + 1}"}
        with (
            Server(env, args.port, args.workers) as a,
            Server(env_b, args.port + 1, args.workers) as b,
            Worker(env),
        ):
            log(f"Servidores A {a.base} y B {b.base}, un Redis, un PostgreSQL, un bucket")
            checks = [
                check_upload(a, b, fixture, store, env),
                check_publish(a, b, fixture),
                check_mail(env),
                check_load(a, b, fixture, args),
            ]
    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "workers_per_server": args.workers,
        "checks": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale-check.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lines = [
        f"# Tablero scale check, {report['generated_at']}",
        "",
        f"Two gunicorn servers ({args.workers} workers each, production settings), one "
        "PostgreSQL, one Redis, documents on a local S3-compatible server (moto), the "
        "django-tasks database worker.",
        "",
        "| check | result | detail |",
        "|---|---|---|",
        *(f"| {c['check']} | {'yes' if c['ok'] else '**NO**'} | {c['detail']} |" for c in checks),
    ]
    (RESULTS / "scale-check.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(0 if all(c["ok"] for c in checks) else 1)


if __name__ == "__main__":
    main()
