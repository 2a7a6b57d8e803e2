# Start-up footprint: commands that need neither network nor a Ledger must not load libcurl
# or hidapi/libudev (they are dlopen()ed on first use: cli/net/http.c, hw/io_hidapi.c).
# Structural checks only (which libraries load), no timing. Needs ldd and glibc's LD_DEBUG.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN

if ! command -v ldd >/dev/null 2>&1; then
	t_skip "ldd absent"; t_done; exit $?
fi
ldd "$D" >"$OUT" 2>"$ERR"; RC=$?
expect_rc 0 "ldd dbcsign"
expect_out_match "libsodium" "ldd works on the binary (lists libsodium)"
for lib in libcurl libhidapi libudev libssl libcrypto; do
	if grep -q "$lib" "$OUT"; then t_bad "$lib is linked: it loads at every start"; else t_ok; fi
done

# What the dynamic loader actually opens for an offline command, and for a Ledger one.
LD_DEBUG=files "$D" triple --suri //Alice >/dev/null 2>"$ERR" </dev/null; RC=$?
expect_rc 0 "triple under LD_DEBUG"
if grep -q "file=libsodium" "$ERR"; then
	t_ok
	for lib in libcurl libhidapi libudev; do
		if grep -q "file=$lib" "$ERR"; then t_bad "triple loads $lib"; else t_ok; fi
	done
	LD_DEBUG=files "$D" hw list >/dev/null 2>"$ERR" </dev/null
	if grep -q "file=libhidapi-hidraw" "$ERR"; then t_ok; else t_bad "hw list does not load hidapi"; fi
else
	t_skip "LD_DEBUG not supported (not glibc?)"
fi
t_done
