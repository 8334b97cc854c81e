#!/usr/bin/env bash
# Healthy when the watch daemon of the mounted repository holds its lock (it is alive and watching): `status` reads it from
# PostgreSQL's pg_locks, so a hung or dead daemon is unhealthy. Used by the codeindex service of docker-compose.yml.
set -euo pipefail
repo="${1:-/repo}"
dotnet "${CODEINDEX_DLL:-/opt/codeindex/codeindex.dll}" status --repo "$repo" --json | grep -q '"watched": *true'
