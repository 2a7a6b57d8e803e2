#!/bin/sh
# Every fuzz target runs over its committed corpus as a plain regression test (no libFuzzer).
set -u
BUILD=${BUILD:-build}
P=0; F=0
for t in "$BUILD"/fuzz-regress/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	dir=tests/fuzz/corpus/${name#fuzz_}
	[ -d "$dir" ] || { echo "FAIL $name: no corpus $dir"; F=$((F + 1)); continue; }
	if out=$("$t" "$dir" 2>&1); then
		n=$(echo "$out" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
		P=$((P + ${n:-0}))
	else
		echo "$out" | tail -n 20; echo "FAIL $name"; F=$((F + 1))
	fi
done
echo "fuzz-regress: $P passed, $F failed"
[ "$F" -eq 0 ]
