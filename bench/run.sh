#!/bin/sh
# make bench: one run, one machine — dbcsign next to the libsodium primitives and polkadot-js.
# Not a test: prints numbers, asserts nothing. Env: BUILD, DBCSIGN, BENCH_SECONDS.
set -eu
BUILD=${BUILD:-build}
DBCSIGN=${DBCSIGN:-$(pwd)/dbcsign}
secs=${BENCH_SECONDS:-1}
echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "## C (one core)"
"$BUILD/bench" "$secs"
echo "## cold process, median of 200 runs (ms)"
printf '%-44s %s\n' "dbcsign triple --suri //Alice" "$("$BUILD/bench" --cold 200 "$DBCSIGN" triple --suri //Alice) ms"
curl_so=$(ldconfig -p 2>/dev/null | awk '/libcurl.so.4 / {print $NF; exit}')
if [ -n "$curl_so" ]; then
	printf '%-44s %s\n' "same, libcurl preloaded (as if linked)" "$(LD_PRELOAD=$curl_so "$BUILD/bench" --cold 200 "$DBCSIGN" triple --suri //Alice) ms"
fi
if [ -f tests/interop/bench-pjs.mjs ] && [ -d tests/interop/node_modules/@polkadot/util-crypto ] && command -v node >/dev/null; then
	echo "## polkadot-js (pinned in tests/interop/package-lock.json)"
	node tests/interop/bench-pjs.mjs "$secs"
fi
