#!/usr/bin/env bash
# Parses the Mermaid diagrams of README.md and docs/*.md with Mermaid itself (the unit tests check their shape
# without a browser or node). Needs node and npm: mermaid and jsdom, at pinned versions, go into a temporary
# folder, never into the repository.
set -uo pipefail
cd "$(dirname "$0")/.."
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "check-mermaid: $tool is not on PATH"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/check-mermaid.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
if ! npm install --prefix "$work" --no-audit --no-fund --loglevel=error mermaid@11.17.2 jsdom@25.0.1 >"$work/npm.log" 2>&1; then
  cat "$work/npm.log"; echo "check-mermaid: npm install failed"; exit 1
fi
cp .ci/check-mermaid.mjs "$work/"
# Copied next to its node_modules, where node resolves the imports from.
node "$work/check-mermaid.mjs" README.md docs/*.md
