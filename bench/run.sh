#!/bin/sh
# make bench: one run, one machine — dbcsign next to the libsodium/libsecp256k1 primitives and
# the pinned polkadot-js (tests/interop), with the ratios, in one table.
# Not a test: prints numbers, asserts nothing (the target lines at the end are information).
# Env: BUILD, DBCSIGN, BENCH_SECONDS (per C/JS row, default 1), BENCH_COLD_RUNS (default 200),
#      BENCH_PJS_RUNS (node cold starts, default 15), BENCH_LINES (sign --lines input, default
#      30000), BENCH_PJS_LINES (default 3000).
set -eu
BUILD=${BUILD:-build}
DBCSIGN=${DBCSIGN:-$(pwd)/dbcsign}
secs=${BENCH_SECONDS:-1}
runs=${BENCH_COLD_RUNS:-200}
pjs_runs=${BENCH_PJS_RUNS:-15}
nlines=${BENCH_LINES:-30000}
pjs_lines=${BENCH_PJS_LINES:-3000}
B=$BUILD/bench
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rows=$tmp/rows

echo "# dbcsign bench, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# libsodium $(pkg-config --modversion libsodium 2>/dev/null || echo '?'), libsecp256k1 $(pkg-config --modversion libsecp256k1 2>/dev/null || echo '?'), node $(node --version 2>/dev/null || echo absent)"

echo "## C rows (one core, ${secs}s of CPU each)" >&2
"$B" "$secs" >"$rows"

echo "## cold processes (median of $runs runs)" >&2
umask 077
printf '0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a\n' >"$tmp/alice.seed" # //Alice's public dev seed
# cold KEY LABEL CMD...: rows KEY (median wall ms) and KEY_cpu (median CPU ms of the process).
cold() {
	key=$1; label=$2; shift 2
	"$B" --cold "$runs" "$@" | awk -F'\t' -v k="$key" -v l="$label" \
		'{ printf "%s\t%s\t%s\n%s_cpu\t%s\t%s (CPU time)\n", k, $1, l, k, $2, l }' >>"$rows"
}
cold cold.true "fork+exec of /bin/true (process floor)" /bin/true
cold cold.version "dbcsign --version" "$DBCSIGN" --version
cold cold.triple "dbcsign triple --suri //Alice" "$DBCSIGN" triple --suri //Alice
cold cold.triple_seed "dbcsign triple --suri-file (0x seed: no PBKDF2)" "$DBCSIGN" triple --suri-file "$tmp/alice.seed"
curl_so=$(ldconfig -p 2>/dev/null | awk '/libcurl.so.4 / {print $NF; exit}')
if [ -n "$curl_so" ]; then
	(LD_PRELOAD=$curl_so; export LD_PRELOAD
	 cold cold.triple_curl "same, libcurl preloaded (as if linked)" "$DBCSIGN" triple --suri //Alice)
fi

echo "## streams ($nlines lines)" >&2
awk -v n="$nlines" 'BEGIN { for (i = 1; i <= n; i++) printf "DBC message %d: rent machine %d\n", i, i * 7919 }' >"$tmp/lines"
"$B" --stream "$tmp/lines" "$DBCSIGN" sign --suri //Alice --lines |
	awk -F'\t' '{ printf "stream.sign\t%s\tsign --lines (wall)\nstream.sign_cpu\t%s\tsign --lines (CPU time)\n", $1, $2 }' >>"$rows"
"$B" --stream "$tmp/lines" "$DBCSIGN" triple --suri //Alice --stream |
	awk -F'\t' '{ printf "stream.triple\t%s\ttriple --stream (wall)\nstream.triple_cpu\t%s\ttriple --stream (CPU time)\n", $1, $2 }' >>"$rows"
# The same streams held to one core (taskset): the single-thread rates. (sign --lines still
# starts its helper threads, which then share that core; so does triple.)
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	"$B" --stream "$tmp/lines" taskset -c 0 "$DBCSIGN" sign --suri //Alice --lines |
		awk -F'\t' '{ printf "stream1.sign\t%s\tsign --lines, one core (wall)\nstream1.sign_cpu\t%s\tsign --lines, one core (CPU time)\n", $1, $2 }' >>"$rows"
	"$B" --stream "$tmp/lines" taskset -c 0 "$DBCSIGN" triple --suri //Alice --stream |
		awk -F'\t' '{ printf "stream1.triple\t%s\ttriple --stream, one core (wall)\nstream1.triple_cpu\t%s\ttriple --stream, one core (CPU time)\n", $1, $2 }' >>"$rows"
fi

pjs=tests/interop/bench-pjs.mjs
if [ -f "$pjs" ] && [ -d tests/interop/node_modules/@polkadot/util-crypto ] && command -v node >/dev/null; then
	echo "## polkadot-js (pinned in tests/interop/package-lock.json)" >&2
	node "$pjs" "$secs" >>"$rows"
	"$B" --cold "$pjs_runs" node "$pjs" --triple |
		awk -F'\t' '{ printf "pjs.cold\t%s\tnode: keyring //Alice + 1 sign, cold\npjs.cold_cpu\t%s\tsame (CPU time)\n", $1, $2 }' >>"$rows"
	head -n "$pjs_lines" "$tmp/lines" >"$tmp/pjs_lines"
	"$B" --stream "$tmp/pjs_lines" node "$pjs" --stream |
		awk -F'\t' '{ printf "pjs.stream\t%s\tnode readline + pair.sign (wall)\npjs.stream_cpu\t%s\tsame (CPU time)\n", $1, $2 }' >>"$rows"
fi
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The table. Rates of the C and JS rows are per second of CPU time (see bench/bench.c);
# cold rows are median wall times, with CPU-time rows next to them; stream rows give both.
# Ratios compare speeds (for latencies, the inverse ratio of times): > 1 means
# dbcsign is faster than polkadot-js, or reaches that fraction of the primitive's speed.
awk -F'\t' '
{ v[$1] = $2; lab[$1] = $3 }
function fmt(k, ms) {
	if (!(k in v)) return "-"
	return ms ? sprintf("%.2f ms", v[k]) : sprintf("%.0f/s", v[k])
}
function ratio(a, b, ms) {
	if (!(a in v) || !(b in v) || v[a] == 0 || v[b] == 0) return "-"
	return sprintf("%.2f", ms ? v[b] / v[a] : v[a] / v[b])
}
function row(name, d, p, j, ms) {
	printf "| %-46s | %12s | %12s | %12s | %8s | %8s |\n", name, fmt(d, ms), fmt(p, ms), fmt(j, ms), ratio(d, j, ms), ratio(d, p, ms)
}
END {
	printf "| %-46s | %12s | %12s | %12s | %8s | %8s |\n", "operation", "dbcsign", "limit", "polkadot-js", "÷ pjs", "÷ limit"
	printf "|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------------", "-------------:", "-------------:", "-------------:", "---------:", "---------:"
	row("sr25519 sign", "dbc.sr_sign", "prim.base", "pjs.sr_sign", 0)
	row("sr25519 verify", "dbc.sr_verify", "prim.var", "pjs.sr_verify", 0)
	row("sr25519 sign + verify (every dbcsign signature)", "dbc.sr_signer", "", "pjs.sr_signer", 0)
	row("sr25519 batch verify, 64 of one key, per sig", "dbc.sr_verify_batch", "prim.var", "pjs.sr_verify", 0)
	row("sr25519 sign + batch verify (64 at a time)", "dbc.sr_signer_batch", "", "pjs.sr_signer", 0)
	row("ed25519 sign", "dbc.ed_sign", "prim.ed_sign", "pjs.ed_sign", 0)
	row("ed25519 verify", "dbc.ed_verify", "prim.ed_verify", "pjs.ed_verify", 0)
	row("ecdsa sign", "dbc.ecdsa_sign", "prim.ecdsa_sign", "pjs.ecdsa_sign", 0)
	row("ecdsa verify", "dbc.ecdsa_verify", "prim.ecdsa_recover", "pjs.ecdsa_verify", 0)
	row("mnemonic -> sr25519 key", "dbc.mnemonic", "prim.pbkdf2", "pjs.mnemonic", 0)
	row("keystore decrypt (scrypt N=2^15)", "dbc.keystore", "prim.scrypt15", "pjs.keystore", 0)
	row("triple --suri //Alice, cold process", "cold.triple", "cold.true", "pjs.cold", 1)
	row("  same, libcurl preloaded", "cold.triple_curl", "cold.true", "pjs.cold", 1)
	row("  same, 0x seed file (no PBKDF2)", "cold.triple_seed", "cold.true", "pjs.cold", 1)
	row("  dbcsign --version (start-up only)", "cold.version", "cold.true", "", 1)
	row("triple --suri //Alice, cold, CPU time", "cold.triple_cpu", "cold.true_cpu", "pjs.cold_cpu", 1)
	row("  same, 0x seed file, CPU time", "cold.triple_seed_cpu", "cold.true_cpu", "pjs.cold_cpu", 1)
	row("sign --lines, lines/s (wall)", "stream.sign", "dbc.sr_signer_batch", "pjs.stream", 0)
	row("sign --lines, lines/s (CPU time)", "stream.sign_cpu", "dbc.sr_signer_batch", "pjs.stream_cpu", 0)
	row("  same, one core (taskset), wall", "stream1.sign", "dbc.sr_signer_batch", "pjs.stream", 0)
	row("triple --stream, triples/s (wall)", "stream.triple", "dbc.sr_signer_batch", "", 0)
	row("triple --stream, triples/s (CPU time)", "stream.triple_cpu", "dbc.sr_signer_batch", "", 0)
	row("  same, one core (taskset), wall", "stream1.triple", "dbc.sr_signer_batch", "", 0)
	print ""
	print "limit column:"
	n = split("prim.base prim.var prim.ed_sign prim.ed_verify prim.ecdsa_sign prim.ecdsa_recover prim.pbkdf2 prim.scrypt15 cold.true dbc.sr_signer_batch", ks, " ")
	for (i = 1; i <= n; i++) if (ks[i] in v) printf "  %-20s %s\n", ks[i], lab[ks[i]]
	print ""
	print "targets (issue 8):"
	t("sr25519 sign >= 40000/s", v["dbc.sr_sign"] >= 40000, v["dbc.sr_sign"])
	t("sr25519 verify >= 10000/s", v["dbc.sr_verify"] >= 10000, v["dbc.sr_verify"])
	t("triple cold <= 3 ms", v["cold.triple"] <= 3, v["cold.triple"])
	t("sign --lines >= 30000 lines/s (CPU time)", v["stream.sign_cpu"] >= 30000, v["stream.sign_cpu"])
	t("sign --lines >= 30000 lines/s (wall, threads)", v["stream.sign"] >= 30000, v["stream.sign"])
}
function t(what, ok, val) { printf "  %-44s %-7s (%.2f)\n", what, ok ? "met" : "MISSED", val }
' "$rows"
echo
echo "raw rows:"
cat "$rows"
