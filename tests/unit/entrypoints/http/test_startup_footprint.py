"""What a fresh API process loads: the libraries only some requests or settings need stay out
until they are used, so a server's resident memory is its own (docs/benchmarks.md).

Each check runs in a fresh interpreter: the test process itself has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Loaded on first use only: the statistics engine (numpy, scipy) by an experiment's analysis
# or sample size, the OpenAI SDK with UMT_GENERATOR=openai, zxcvbn (13 MiB of word lists) by
# the first password set, Alembic by `umt migrate` (the schema check reads the scripts' revision
# lines itself), the tracing SDK and umt's two
# instrumentations with tracing on, Jinja by the first template, aio-pika with
# UMT_BROKER_URL, redis (and the OpenTelemetry metrics SDK it loads) with UMT_REDIS_URL.
# (Litestar loads opentelemetry.instrumentation's base itself: that is not umt's to defer.)
# Never loaded by a server: optional extras of libraries, for features umt does not use
# (httpx's command line with rich, pygments and click; structlog's rich tracebacks;
# dependency-injector's Flask support through werkzeug), see adapters/imports.py.
# Never loaded either: SQLAlchemy's ORM (umt uses Core; adapters/sql/asyncio_package.py loads
# the asyncio engine without the package that imports the ORM), and on a database the
# in-memory storage backend (container/memory_storage.py).
DEFERRED = (
    "sqlalchemy.orm",
    "umt.entrypoints.container.memory_storage",
    "umt.adapters.memory.store",
    "umt.adapters.memory.unit_of_work",
    "httpx._main",
    "rich",
    "pygments",
    "werkzeug",
    "numpy",
    "scipy",
    "statsmodels",
    "openai",
    "jinja2",
    "zxcvbn",
    "alembic",
    "redis",
    "aio_pika",
    "opentelemetry.sdk.trace",
    "opentelemetry.instrumentation.sqlalchemy",
    "opentelemetry.instrumentation.redis",
    # competitor research's parsers: loaded by the first crawl, in the process that runs it
    "trafilatura",
    "lxml",
    "feedparser",
    "datasketch",
    "protego",
    "xlsxwriter",  # the reports' XLSX exports: loaded by the first one
    "cryptography",
)

_PROBE = """
import json, sys
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings
from litestar.testing import TestClient  # after the app, as a server has httpx loaded by then

app = create_app(Settings(database_url=sys.argv[1], environment="development"))
with TestClient(app) as client:
    assert client.get("/health/live").status_code == 200
    {extra}
print(json.dumps(sorted(sys.modules)))
"""


def run_probe(tmp_path: Path, probe: str, *args: str) -> str:
    """``probe``'s standard output, run by a fresh interpreter (which must succeed)."""
    result = subprocess.run(  # noqa: S603  # our own interpreter on our own probe
        [sys.executable, "-c", probe, *args],
        env={**os.environ, "UMT_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def loaded_modules(tmp_path: Path, extra: str = "pass") -> set[str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    output = run_probe(tmp_path, _PROBE.replace("{extra}", extra), url)
    return set(json.loads(output.strip().splitlines()[-1]))


def deferred_in(modules: set[str]) -> list[str]:
    """The entries of DEFERRED of which some module is loaded."""
    return [
        prefix
        for prefix in DEFERRED
        if any(name == prefix or name.startswith(prefix + ".") for name in modules)
    ]


def test_a_started_api_process_loads_none_of_the_libraries_only_some_requests_need(
    tmp_path: Path,
) -> None:
    assert deferred_in(loaded_modules(tmp_path)) == []


_ASYNCIO_PROBE = """
import sys
from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.ext.asyncio import AsyncConnection as Named  # as a module may name it
assert "sqlalchemy.orm" not in sys.modules
import sqlalchemy.ext.asyncio as package
assert package.AsyncEngine is AsyncEngine and Named is AsyncConnection
assert package.create_async_engine is create_async_engine
assert "sqlalchemy.orm" not in sys.modules
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # loaded on first use
assert AsyncSession.__module__ == "sqlalchemy.ext.asyncio.session"
assert async_sessionmaker(class_=AsyncSession).class_ is AsyncSession
assert "sqlalchemy.orm" in sys.modules
"""


def test_the_asyncio_package_loads_the_orm_only_when_an_orm_name_is_used(
    tmp_path: Path,
) -> None:
    run_probe(tmp_path, _ASYNCIO_PROBE)


_PRIVATE_JWT_PROBE = """
import sys
from datetime import timedelta
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
assert "cryptography" not in sys.modules and "jwt" not in sys.modules
try:
    JwtAccessTokens(secret="s" * 32, issuer="i", audience="a", lifetime=timedelta(1),
                    algorithm="RS256")
except ValueError:
    pass
else:
    raise AssertionError("an algorithm its PyJWT lacks was accepted")
import jwt  # whoever imports PyJWT next gets all of it, asymmetric algorithms included
from cryptography.hazmat.primitives.asymmetric import ec
assert jwt.algorithms.has_crypto
jwt.encode({"sub": "x"}, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
"""


def test_the_access_tokens_pyjwt_leaves_cryptography_out_and_the_process_pyjwt_whole(
    tmp_path: Path,
) -> None:
    run_probe(tmp_path, _PRIVATE_JWT_PROBE)
