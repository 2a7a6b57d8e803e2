#!/bin/sh
# Interop suite: polkadot-js (pinned in package-lock.json) as an oracle for dbcsign.
# Every *.test.mjs here runs under node's test runner; prints "interop: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${DBCSIGN:=$(pwd)/dbcsign}"
export DBCSIGN
if ! command -v node >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then echo "interop: 0 passed, 1 failed (node missing)"; exit 1; fi
	echo "interop: 0 passed, 0 failed, 1 skipped (node missing)"; exit 0
fi
if [ ! -d "$here/node_modules/@polkadot/util-crypto" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || {
		echo "interop: npm ci failed"; echo "interop: 0 passed, 1 failed"; exit 1; }
fi
files=$(ls "$here"/*.test.mjs 2>/dev/null)
if [ -z "$files" ]; then echo "interop: 0 passed, 0 failed"; exit 0; fi
out=$(mktemp); trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086
node --test --test-reporter=tap --test-concurrency=1 $files >"$out" 2>&1
rc=$?
grep -E '^not ok|^# (Subtest|fail|pass)' "$out" | grep -v '^# Subtest' 
grep -B2 -A20 '^not ok' "$out" | head -100
pass=$(grep -E '^# pass ' "$out" | tail -n1 | awk '{print $3}')
fail=$(grep -E '^# fail ' "$out" | tail -n1 | awk '{print $3}')
skip=$(grep -E '^# skipped ' "$out" | tail -n1 | awk '{print $3}')
echo "interop: ${pass:-0} passed, ${fail:-1} failed${skip:+, $skip skipped}"
[ "$rc" -eq 0 ]
