#!/usr/bin/env bash
# Puts the ONNX Runtime native library (from the npm package onnxruntime-node, pinned) at the path given.
# Used by setup.sh (into .tools/) and by docker/build.sh (next to the published tool). Needs npm.
set -euo pipefail
target="${1:?usage: fetch-onnxruntime.sh <target libonnxruntime.so.1>}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent onnxruntime-node@1.30.0 >/dev/null)
tar -xzf "$tmp"/onnxruntime-node-*.tgz -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
mkdir -p "$(dirname "$target")"
cp "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$target"
