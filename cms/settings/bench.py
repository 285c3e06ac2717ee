"""The benchmark's content build: production settings plus the demo app, whose
`load_demo` and `generate_scale` fill the database (bench/run.py). The server
under test runs with plain production settings."""

from .production import *

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
