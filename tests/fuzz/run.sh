#!/bin/sh
# make fuzz: each libFuzzer target runs FUZZ_SECONDS on a scratch copy of its corpus.
set -u
BUILD=${BUILD:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
P=0; F=0
for t in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t"); short=${name#fuzz_}
	work=tests/fuzz/corpus-run/$short
	rm -rf "$work"; mkdir -p "$work"
	cp tests/fuzz/corpus/"$short"/* "$work"/ 2>/dev/null
	log=$(mktemp)
	if "$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work" >"$log" 2>&1; then
		execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
		echo "$name: ${execs:-?} executions in ${secs}s, 0 crashes"
		P=$((P + 1))
	else
		# The report's head names the fault and the frames that matter; the tail the input.
		grep -v -E '^#[0-9]+\s+(NEW|REDUCE|pulse|INITED|RELOAD)' "$log" |
			grep -m 1 -A 24 -E '^==[0-9]+==|^fuzz_[a-z_]+: |^SUMMARY' || true
		tail -n 8 "$log"; echo "FAIL $name: crash (artifact in $work)"
		F=$((F + 1))
	fi
	rm -f "$log"
done
echo "fuzz: $P passed, $F failed"
[ "$F" -eq 0 ]
