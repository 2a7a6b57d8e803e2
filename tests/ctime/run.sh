#!/bin/sh
# make ctime: the constant-time check of sign/'s secret paths (tests/ctime/ctime.c) under
# valgrind memcheck must pass, and the two self-test builds (a planted secret-dependent
# branch, a planted secret-dependent table index) must fail; otherwise the check could not
# catch anything. Prints "ctime: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
B=${BUILD:-build-ctime}
supp=$here/ctime.supp
pass=0
fail=0
if ! command -v valgrind >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then echo "ctime: 0 passed, 1 failed (valgrind missing)"; exit 1; fi
	echo "ctime: 0 passed, 0 failed, 1 skipped (valgrind missing)"; exit 0
fi
out=$(mktemp); trap 'rm -f "$out"' EXIT

vg() {
	valgrind --error-exitcode=42 --track-origins=yes --suppressions="$supp" "$@" >"$out" 2>&1
}

# 1. The real check: no secret-dependent branch or index anywhere.
vg "$B/ctime/ctime"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^ctime: under valgrind' "$out" && grep -q '^ctime: all operations ran' "$out"; then
	pass=$((pass + 1)); echo "ok   ctime: sign/ secret paths are constant time"
else
	fail=$((fail + 1)); echo "FAIL ctime: sign/ secret paths (valgrind exit $rc)"; cat "$out"
fi

# 2. The self-tests: memcheck must report the planted leak (exit 42, in selftest_leak).
for n in 1 2; do
	case $n in 1) what="secret-dependent branch"; kind="Conditional jump";;
	           2) what="secret-dependent table index"; kind="Use of uninitialised value";; esac
	vg "$B/ctime/ctime-selftest$n"
	rc=$?
	if [ "$rc" -eq 42 ] && grep -q "$kind" "$out" && grep -q 'selftest_leak' "$out"; then
		pass=$((pass + 1)); echo "ok   ctime self-test $n: a $what is caught"
	else
		fail=$((fail + 1)); echo "FAIL ctime self-test $n: a $what was NOT caught (valgrind exit $rc)"
		cat "$out"
	fi
done
echo "ctime: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
