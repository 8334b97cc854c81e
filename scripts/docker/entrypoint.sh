#!/usr/bin/env bash
# The codeindex container's entry point: the tool with the container's arguments (default: watch the mounted /repo).
# NuGet's and the tool's caches live under $HOME, a named volume, so restores are fast after the first start and nothing
# is written into the mounted repository but what `dotnet restore` writes (obj/), owned by the user the container runs as.
set -euo pipefail
exec dotnet /opt/codeindex/codeindex.dll "$@"
