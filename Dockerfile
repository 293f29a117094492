# syntax=docker/dockerfile:1
# One image for every umt process (and the web app the API serves at /): the API (`umt serve --no-agents`), each agent's worker
# (`umt worker --agent NAME`), the outbox relay (`umt relay`), the scheduler
# (`umt scheduler`) and the migration job (`umt migrate`). See docs/operations.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- web: the web app built by Vite (docs/web.md); only its static files go further --------
FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# --- builder: the package and every dependency as wheels ---------------------------------
FROM ${PYTHON_IMAGE} AS builder

# A compiler only for a dependency that has no wheel for the target platform (most ship
# manylinux wheels); it never reaches the final stage. Versions come with the base image's
# Debian release, which the tag pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --wheel-dir /wheels .

# --- runtime: the wheels installed, no compiler, no pip cache, a user without privileges --
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UMT_HOST=0.0.0.0 \
    UMT_PORT=8000 \
    UMT_DATA_DIR=/var/lib/umt \
    UMT_WEB_DIR=/opt/umt/web

RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index /wheels/*.whl \
    && groupadd --system --gid 10001 umt \
    && useradd --system --uid 10001 --gid umt --home-dir /var/lib/umt --no-create-home \
        --shell /usr/sbin/nologin umt \
    && install --directory --owner=umt --group=umt --mode=0750 /var/lib/umt

# the web app umt serve serves at / (static files, read-only, owned by root)
COPY --from=web /web/dist /opt/umt/web

# numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd
USER 10001:10001
WORKDIR /var/lib/umt
# the API on UMT_PORT; the other processes serve their probes and metrics on UMT_PROBE_PORT
EXPOSE 8000 9464

# Liveness of whichever process runs: workers, relay and scheduler serve their probes on
# UMT_PROBE_PORT, the API on UMT_PORT. Python's own urllib: the image has no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('UMT_PROBE_PORT') or os.environ.get('UMT_PORT', '8000'); urllib.request.urlopen(f'http://127.0.0.1:{port}/health/live', timeout=2)"]

ENTRYPOINT ["umt"]
CMD ["serve", "--no-agents", "--no-migrate"]
