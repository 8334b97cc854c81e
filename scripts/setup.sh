#!/usr/bin/env bash
# Installs what CodeIndex needs and is missing, idempotently:
#   PostgreSQL server + headers, pgvector (distribution package, else Debian's source package),
#   the ChromaDB server (npm chromadb, pinned),
#   docker-compose (Debian's, to validate the compose file).
# Safe to run again: every step checks first. Tested on Debian 12; other systems: best effort.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${CODEINDEX_TOOLS_DIR:-$repo_root/.tools}"
log() { printf 'setup: %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="__none__"; fi
fi
as_root() {
  if [ "$SUDO" = "__none__" ]; then
    log "need root to run: $*  (re-run this script as root or install sudo)"; exit 1
  fi
  $SUDO "$@"
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install these yourself: $*"; exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- PostgreSQL server -------------------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/initdb" ]; then
  log "installing PostgreSQL server"
  apt_install postgresql
fi
PGBIN="$(pg_bindir)"
PGMAJOR="$(basename "$(dirname "$PGBIN")")"
log "PostgreSQL $PGMAJOR at $PGBIN"

# --- pgvector ----------------------------------------------------------------------------------
sharedir="$("$PGBIN/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$PGMAJOR")"
if [ ! -x "$PGBIN/pg_config" ]; then
  apt_install "postgresql-server-dev-$PGMAJOR"
  sharedir="$("$PGBIN/pg_config" --sharedir)"
fi
if [ ! -f "$sharedir/extension/vector.control" ]; then
  if apt-cache show "postgresql-$PGMAJOR-pgvector" >/dev/null 2>&1 || { [ "$apt_updated" -eq 0 ] && as_root apt-get update -qq && apt_updated=1 && apt-cache show "postgresql-$PGMAJOR-pgvector" >/dev/null 2>&1; }; then
    log "installing postgresql-$PGMAJOR-pgvector"
    apt_install "postgresql-$PGMAJOR-pgvector"
  else
    log "pgvector is not packaged for this release: building Debian's source package (trixie)"
    apt_install "postgresql-server-dev-$PGMAJOR" dpkg-dev build-essential
    src_list=/etc/apt/sources.list.d/codeindex-pgvector-src.sources
    if [ ! -f "$src_list" ]; then
      # The machine's own Debian mirror: first "URIs:" (deb822) or "deb URL" (one-line) entry that is not security.
      mirror="$({ grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true; } \
        | grep -oE 'https?://[^ ]*/debian/?' | grep -v security | head -n 1 || true)"
      mirror="${mirror:-http://deb.debian.org/debian}"
      printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" | as_root tee "$src_list" >/dev/null
      as_root apt-get update -qq
    fi
    build_dir="$(mktemp -d)"
    chmod 755 "$build_dir"
    (cd "$build_dir" && apt-get source -qq pgvector >/dev/null 2>&1 || apt-get source pgvector)
    src="$(ls -d "$build_dir"/pgvector-*/ | head -n 1)"
    make -s -C "$src" PG_CONFIG="$PGBIN/pg_config" >/dev/null
    as_root make -s -C "$src" PG_CONFIG="$PGBIN/pg_config" install >/dev/null
    rm -rf "$build_dir"
  fi
fi
log "pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$sharedir/extension/vector.control")"

# --- ChromaDB server (npm chromadb, pinned to a build that runs on glibc 2.36) ------------------
chroma_dir="$tools_dir/chroma"
if [ ! -x "$chroma_dir/node_modules/.bin/chroma" ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "installing the ChromaDB server (npm chromadb@3.0.14)"
  mkdir -p "$chroma_dir"
  cp "$repo_root/tools/chroma/package.json" "$chroma_dir/package.json"
  [ -f "$repo_root/tools/chroma/package-lock.json" ] && cp "$repo_root/tools/chroma/package-lock.json" "$chroma_dir/"
  (cd "$chroma_dir" && npm install --silent --no-audit --no-fund >/dev/null)
fi
log "ChromaDB server at $chroma_dir/node_modules/.bin/chroma"

# --- docker-compose (validates docker-compose.yml client-side; no Docker engine is needed) ----------
if ! command -v docker-compose >/dev/null 2>&1; then
  log "installing docker-compose (to validate docker-compose.yml; the tests run 'docker-compose config')"
  apt_install docker-compose
fi
log "done"
