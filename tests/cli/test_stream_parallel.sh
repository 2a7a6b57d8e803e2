# Streams signed over several threads (cli/parsign.c): `sign --lines` and `triple --count N |
# --stream` must give what one thread gives, in input order, every signature verifiable.
# One thread vs many without a knob: a batch of fewer than 16 messages is signed on one thread
# (cli/parsign.c THREADS_MIN_MSGS), so the same input fed in runs of 15 lines is the
# single-threaded oracle; ed25519 and ecdsa signatures are deterministic, so the two outputs
# must be byte-identical. Triples (random nonces, randomized sr25519) are checked line by line
# with `dbcsign verify`. Keys are the public Substrate dev keys (//Alice); no speed is asserted.
. "$(dirname "$0")/lib.sh"
# Bulk checks use the plain binary as the oracle (under `make valgrind` DBCSIGN is the memcheck
# wrapper: what is under test is each streaming run, not the checking verifies).
DV=${DBCSIGN_VG_REAL:-$DBCSIGN}
D=$DBCSIGN
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
line() { sed -n "${1}p" "$OUT"; }
nlines() { wc -l <"$OUT" | tr -d ' '; }

# one_thread FILE ARGS...: sign FILE's lines in runs of 15 (each run one thread) into $T_TMP/one.
one_thread() {
	f=$1; shift
	rm -f "$T_TMP"/part.*; : >"$T_TMP/one"
	split -l 15 "$f" "$T_TMP/part." || return 1
	for p in "$T_TMP"/part.*; do
		"$DV" sign --suri //Alice "$@" --lines <"$p" >>"$T_TMP/one" 2>"$ERR" || return 1
	done
}

# ---- sign --lines: many threads == one thread, byte for byte (700 lines = batches of 512
# and 188, groups of 64 spread over the threads) ----
awk 'BEGIN { for (i = 1; i <= 700; i++) printf "parallel %d%s\n", i, (i % 9 ? " rent" : "") }' >"$T_TMP/l700"
awk 'BEGIN { for (i = 1; i <= 700; i++) printf "%04x%s\n", i, (i % 5 ? "" : "00ff") }' >"$T_TMP/h700"
for case in "ed25519|l700|" "ecdsa|l700|" "ed25519|l700|--wrap" "ed25519|h700|--hex-lines --wrap" \
	"ecdsa|h700|--hex-lines"; do
	sch=${case%%|*}; rest=${case#*|}; f=${rest%%|*}; extra=${rest#*|}
	# shellcheck disable=SC2086
	T_STDIN=$T_TMP/$f t_run "$D" sign --suri //Alice --scheme "$sch" --lines $extra
	expect_rc 0 "sign --lines $sch $extra, 700 lines"
	[ "$(nlines)" -eq 700 ] && t_ok || t_bad "$sch $extra: 700 signatures"
	# shellcheck disable=SC2086
	if one_thread "$T_TMP/$f" --scheme "$sch" $extra; then
		cmp -s "$OUT" "$T_TMP/one" && t_ok ||
			t_bad "sign --lines $sch $extra: threaded output differs from one thread's"
	else
		t_bad "sign --lines $sch $extra in runs of 15: $(cat "$ERR")"
	fi
done
# The oracle itself is the one-message path for a sample (dbc_signer_sign, no batch at all).
T_STDIN=$T_TMP/l700 t_run "$D" sign --suri //Alice --scheme ed25519 --lines
bad=0
for i in 1 64 65 300 512 513 700; do
	s=$("$DV" sign --suri //Alice --scheme ed25519 --message "$(sed -n "${i}p" "$T_TMP/l700")" </dev/null)
	[ "$s" = "$(line $i)" ] || bad=$((bad + 1))
done
[ $bad -eq 0 ] && t_ok || t_bad "sign --lines ed25519: $bad sampled lines differ from sign --message"

# ---- a Ledger (the software one, tests/emulator/) is not a software key: signed on one thread
# (one APDU exchange at a time on its connection; from two threads they would interleave and
# fail). Its ed25519 signatures are deterministic: the stream equals line-by-line signing. ----
EMU=${BUILD:-build}/ledger-emu
if [ -x "$EMU" ]; then
	EMU_PIDS=""
	trap 'for p in $EMU_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
	# emu NAME ARGS...: start an emulator, its port in $T_TMP/NAME.port.
	emu() {
		name=$1; shift
		"$EMU" --port-file "$T_TMP/$name.port" "$@" </dev/null >/dev/null 2>&1 &
		EMU_PIDS="$EMU_PIDS $!"
		i=0
		while [ ! -s "$T_TMP/$name.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	}
	emu gen; emu drop --drop-after 12
	L=tcp:127.0.0.1:$(cat "$T_TMP/gen.port")
	head -n 40 "$T_TMP/l700" >"$T_TMP/l40"
	T_STDIN=$T_TMP/l40 t_run "$D" sign --ledger="$L" --wrap --lines
	expect_rc 0 "Ledger sign --lines, 40 lines"
	[ "$(nlines)" -eq 40 ] && t_ok || t_bad "Ledger: 40 signatures"
	cp "$OUT" "$T_TMP/ledger40"
	: >"$T_TMP/one"
	while IFS= read -r m; do
		"$DV" sign --ledger="$L" --wrap --message "$m" </dev/null >>"$T_TMP/one" 2>"$ERR" || break
	done <"$T_TMP/l40"
	cmp -s "$T_TMP/ledger40" "$T_TMP/one" && t_ok ||
		t_bad "Ledger sign --lines differs from line-by-line signing"
	# A device that goes away mid-stream: exit 3 naming the line; the lines before it are
	# written, and they are the same signatures as before (a prefix of the full output).
	T_STDIN=$T_TMP/l40 t_run "$D" sign --ledger=tcp:127.0.0.1:"$(cat "$T_TMP/drop.port")" --wrap --lines
	expect_rc 3 "Ledger gone mid-stream"
	k=$(sed -n 's/.*stdin line \([0-9]*\).*/\1/p' "$ERR")
	if [ -n "$k" ] && [ "$k" -gt 1 ] && [ "$(nlines)" -eq $((k - 1)) ] &&
		head -n $((k - 1)) "$T_TMP/ledger40" | cmp -s - "$OUT"; then t_ok
	else t_bad "Ledger gone at line ${k:-?}: exactly the lines before it written"; fi
else
	t_skip "$EMU absent (make ledger-emu): Ledger stream"
fi

# check_json_triples DESC N [SID]: OUT holds N json triples for Alice; each nonce is 55
# base58 characters and its sign verifies over that nonce (and session_id_sign over SID);
# nonces are distinct. A triple's sign never verifies over the next line's nonce (pairing).
check_json_triples() {
	d=$1; want=$2; sid=${3:-}
	[ "$(nlines)" -eq "$want" ] && t_ok || t_bad "$d: $want triples"
	if [ -n "$sid" ]; then
		re='^\{"wallet":"'$ALICE'","nonce":"[1-9A-HJ-NP-Za-km-z]{55}","sign":"[0-9a-f]{128}","session_id":"'$sid'","session_id_sign":"[0-9a-f]{128}"\}$'
	else
		re='^\{"wallet":"'$ALICE'","nonce":"[1-9A-HJ-NP-Za-km-z]{55}","sign":"[0-9a-f]{128}"\}$'
	fi
	[ "$(grep -cE "$re" "$OUT")" -eq "$want" ] && t_ok || t_bad "$d: every line is a well-formed triple"
	bad=0; sbad=0
	sed 's/.*"nonce":"\([^"]*\)","sign":"\([0-9a-f]*\)".*"session_id_sign":"\([0-9a-f]*\)".*/\1 \2 \3/; t
	     s/.*"nonce":"\([^"]*\)","sign":"\([0-9a-f]*\)".*/\1 \2/' "$OUT" >"$T_TMP/fields"
	while read -r n s ss; do
		"$DV" verify --public "$ALICE" --message "$n" --signature "$s" >/dev/null 2>&1 || bad=$((bad + 1))
		if [ -n "$sid" ]; then
			"$DV" verify --public "$ALICE" --message "$sid" --signature "$ss" >/dev/null 2>&1 ||
				sbad=$((sbad + 1))
		fi
	done <"$T_TMP/fields"
	[ $bad -eq 0 ] && t_ok || t_bad "$d: $bad nonce signatures do not verify"
	[ $sbad -eq 0 ] && t_ok || t_bad "$d: $sbad session id signatures do not verify"
	[ "$(cut -d' ' -f1 "$T_TMP/fields" | sort -u | wc -l)" -eq "$want" ] && t_ok ||
		t_bad "$d: nonces not distinct"
	n2=$(sed -n 2p "$T_TMP/fields" | cut -d' ' -f1); s1=$(sed -n 1p "$T_TMP/fields" | cut -d' ' -f2)
	"$DV" verify --public "$ALICE" --message "$n2" --signature "$s1" >/dev/null 2>&1
	[ $? -eq 1 ] && t_ok || t_bad "$d: line 1's sign verifies over line 2's nonce"
}

# ---- triple --count: 1100 = batches of 512, 512, 76, each spread over the threads ----
t_run "$D" triple --suri //Alice --count 1100
expect_rc 0 "triple --count 1100"
check_json_triples "triple --count 1100" 1100
# One thread (15 triples: one group) gives the same shape.
t_run "$D" triple --suri //Alice --count 15
expect_rc 0 "triple --count 15"
check_json_triples "triple --count 15 (one thread)" 15

# ---- triple --stream with a session id: two signatures per triple, interleaved in the
# groups (nonce, session id, nonce, ...): each lands in its own field of its own line ----
awk 'BEGIN { for (i = 1; i <= 600; i++) print "req", i }' >"$T_TMP/req600"
T_STDIN=$T_TMP/req600 t_run "$D" triple --suri //Alice --stream --session-id sess-par.1
expect_rc 0 "triple --stream --session-id, 600 lines"
check_json_triples "triple --stream --session-id, 600 lines" 600 sess-par.1
# The nonce signature is not the session one (fields not swapped), on either batch.
for i in 1 600; do
	set -- $(sed -n "${i}p" "$T_TMP/fields")
	"$DV" verify --public "$ALICE" --message sess-par.1 --signature "$2" >/dev/null 2>&1
	[ $? -eq 1 ] && t_ok || t_bad "stream line $i: sign verifies over the session id"
	"$DV" verify --public "$ALICE" --message "$1" --signature "$3" >/dev/null 2>&1
	[ $? -eq 1 ] && t_ok || t_bad "stream line $i: session_id_sign verifies over the nonce"
done

# ---- the other formats over threaded batches: blocks whole, in order, one per triple ----
t_run "$D" triple --suri //Alice --count 100 --output text
expect_rc 0 "triple --count 100 --output text"
# 100 blocks of 3 lines, one blank line between blocks (none first or last).
awk 'NR % 4 == 1 && !/^wallet: / { bad++ } NR % 4 == 2 && !/^nonce: / { bad++ }
     NR % 4 == 3 && !/^sign: / { bad++ } NR % 4 == 0 && $0 != "" { bad++ }
     END { exit (bad > 0 || NR != 399) }' "$OUT" && t_ok || t_bad "text: 100 blocks, blank-separated"
bad=0
for b in 0 17 63 64 99; do
	n=$(line $((b * 4 + 2)) | sed 's/^nonce: //'); s=$(line $((b * 4 + 3)) | sed 's/^sign: //')
	"$DV" verify --public "$ALICE" --message "$n" --signature "$s" >/dev/null 2>&1 || bad=$((bad + 1))
done
[ $bad -eq 0 ] && t_ok || t_bad "text: $bad sampled blocks do not verify"
t_run "$D" triple --suri //Alice --count 40 --output env --session-id s-env
expect_rc 0 "triple --count 40 --output env"
awk -v sid=s-env 'NR % 5 == 1 && !/^DBC_WALLET=/ { bad++ } NR % 5 == 2 && !/^DBC_NONCE=/ { bad++ }
     NR % 5 == 3 && !/^DBC_SIGN=/ { bad++ } NR % 5 == 4 && $0 != "DBC_SESSION_ID=\047" sid "\047" { bad++ }
     NR % 5 == 0 && !/^DBC_SESSION_ID_SIGN=/ { bad++ } END { exit (bad > 0 || NR != 200) }' "$OUT" &&
	t_ok || t_bad "env: 40 groups of 5 lines in order"
n=$(line 192 | sed 's/^DBC_NONCE=//'); s=$(line 193 | sed 's/^DBC_SIGN=//')
"$DV" verify --public "$ALICE" --message "$n" --signature "$s" >/dev/null 2>&1 && t_ok ||
	t_bad "env: the last triple verifies"
t_run "$D" triple --suri //Alice --count 30 --output sign-tool
expect_rc 0 "triple --count 30 --output sign-tool"
[ "$(grep -c '^    wallet: ' "$OUT")" -eq 30 ] && [ "$(grep -c '^nonce_sign: ' "$OUT")" -eq 30 ] &&
	[ "$(nlines)" -eq 90 ] && t_ok || t_bad "sign-tool: 30 blocks of 3 lines"
n=$(line 89 | sed 's/^ *nonce: //'); s=$(line 90 | sed 's/^nonce_sign: //')
"$DV" verify --public "$ALICE" --message "$n" --signature "$s" >/dev/null 2>&1 && t_ok ||
	t_bad "sign-tool: the last triple verifies"

t_done
