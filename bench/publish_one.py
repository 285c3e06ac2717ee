"""Publish one milestone through Wagtail's action layer, as an approval does (bench/run.py's
"after publish" measurement). Run in the benchmark's environment; argument: the
milestone's id. Prints the seconds the publication took."""

import json
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from planes.models import MilestonePage  # noqa: E402


def main() -> None:
    milestone = MilestonePage.objects.get(pk=int(sys.argv[1]))
    started = time.monotonic()
    # A new revision of the published page, published: the same signals, aggregates and
    # cache invalidation as an approver's approval.
    milestone.save_revision().publish()
    print(json.dumps({"seconds": round(time.monotonic() - started, 3), "pid": os.getpid()}))


if __name__ == "__main__":
    main()
