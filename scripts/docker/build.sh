#!/usr/bin/env bash
# Builds the CodeIndex tool into <out>/app: the published CLI (framework-dependent: it runs on the .NET SDK, which
# MSBuildWorkspace needs to load projects anyway), with the default embedding model and ONNX Runtime's native library
# (from the Microsoft.ML.OnnxRuntime package) next to it. The Dockerfile's build stage runs exactly this; the test suite runs it on the host too (ComposeStackTests).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: build.sh <output folder>}"
mkdir -p "$out"
dotnet publish "$repo_root/src/CodeIndex.Cli/CodeIndex.Cli.csproj" -c Release -o "$out/app" --nologo -v q
test -f "$out/app/runtimes/linux-x64/native/libonnxruntime.so"
test -f "$out/app/models/use-lite/manifest.json"
echo "built: $out/app/codeindex.dll"
