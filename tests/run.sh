#!/bin/sh
# Runs test suites and prints one closing line "N passed, N failed[, N skipped]".
# Usage: tests/run.sh all|unit|cli|interop|e2e|fuzz   (env: BUILD, DBCSIGN, DBCSIGN_SHARED)
set -u
BUILD=${BUILD:-build}
DBCSIGN=${DBCSIGN:-$(pwd)/dbcsign}
DBCSIGN_SHARED=${DBCSIGN_SHARED:-../shared}
export DBCSIGN DBCSIGN_SHARED BUILD
what=${1:-all}
P=0; F=0; S=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

# Run one test program; add its closing counts. A program that ends without a count line
# or exits non-zero with zero failures counts as one failure.
run_one() {
	name=$1; shift
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '([0-9]+) passed, ([0-9]+) failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: no result line (exit $rc)"
		F=$((F + 1)); return
	fi
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	s=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || true)
	P=$((P + p)); F=$((F + f)); S=$((S + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exit $rc"; F=$((F + 1))
	fi
}

suite_unit() {
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		run_one "$(basename "$t")" "$t"
	done
}
suite_cli() {
	for t in tests/cli/test_*.sh; do
		[ -f "$t" ] || continue
		run_one "$(basename "$t")" sh "$t"
	done
}
suite_interop() {
	[ -f tests/interop/run.sh ] && run_one interop sh tests/interop/run.sh
}
suite_e2e() {
	[ -f tests/e2e/run.sh ] && run_one e2e sh tests/e2e/run.sh
}
suite_fuzz() {
	[ -f tests/fuzz/regress.sh ] && run_one fuzz-regress sh tests/fuzz/regress.sh
}

case $what in
all) suite_unit; suite_cli; suite_fuzz; suite_interop; suite_e2e ;;
unit) suite_unit ;;
cli) suite_cli ;;
interop) suite_interop ;;
e2e) suite_e2e ;;
fuzz) suite_fuzz ;;
*) echo "usage: tests/run.sh all|unit|cli|interop|e2e|fuzz" >&2; exit 2 ;;
esac
if [ "$S" -gt 0 ]; then
	echo "$P passed, $F failed, $S skipped"
else
	echo "$P passed, $F failed"
fi
[ "$F" -eq 0 ]
