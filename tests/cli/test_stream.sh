# Streaming modes: `sign --lines` (one message per stdin line, one signature line out) and
# `triple --count N | --stream`. Every output line is checked with `dbcsign verify`.
# Keys are the public Substrate dev keys (//Alice); no speed is asserted anywhere.
. "$(dirname "$0")/lib.sh"
# Bulk checks use the plain binary as the oracle (under `make valgrind` DBCSIGN is the memcheck
# wrapper: what is under test is each streaming run, not the hundreds of checking verifies).
DV=${DBCSIGN_VG_REAL:-$DBCSIGN}
D=$DBCSIGN
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
HEXSIG='^0x[0-9a-f]{128}$'

# check_msg DESC SIG VERIFY-ARGS...: the signature verifies for Alice over the given message.
check_msg() {
	d=$1; s=$2; shift 2
	if "$D" verify --signature "$s" --public "$ALICE" "$@" >/dev/null 2>&1; then t_ok
	else t_bad "$d: signature does not verify"; fi
}
# no_verify DESC SIG VERIFY-ARGS...: the signature must NOT verify (exit 1).
no_verify() {
	d=$1; s=$2; shift 2
	"$D" verify --signature "$s" --public "$ALICE" "$@" >/dev/null 2>&1
	if [ $? -eq 1 ]; then t_ok; else t_bad "$d: verifies over the wrong message"; fi
}
line() { sed -n "${1}p" "$OUT"; }
nlines() { wc -l <"$OUT" | tr -d ' '; }

# ---- N lines in, N verifiable signatures out, in order ----
N=40
i=1; : >"$T_TMP/msgs"
while [ $i -le $N ]; do echo "message $i: DBC rent #$((i * 7919))" >>"$T_TMP/msgs"; i=$((i + 1)); done
T_STDIN=$T_TMP/msgs t_run "$D" sign --suri //Alice --lines
expect_rc 0 "sign --lines from a file"
[ "$(nlines)" -eq $N ] && t_ok || t_bad "sign --lines: $N lines out"
[ "$(grep -cE "$HEXSIG" "$OUT")" -eq $N ] && t_ok || t_bad "sign --lines: every line is 0x + 64 bytes"
i=1
while [ $i -le $N ]; do
	check_msg "line $i" "$(line $i)" --message "$(sed -n "${i}p" "$T_TMP/msgs")"
	i=$((i + 1))
done
# Line 1's signature is not one over line 2 (order kept).
no_verify "line order" "$(line 1)" --message "$(sed -n 2p "$T_TMP/msgs")"
# Through a pipe as well (the flush-before-read rule must not lose or reorder output).
cat "$T_TMP/msgs" | "$D" sign --suri //Alice --lines >"$OUT" 2>"$ERR"; RC=$?
expect_rc 0 "sign --lines from a pipe"
[ "$(nlines)" -eq $N ] && t_ok || t_bad "pipe: $N lines out"
check_msg "pipe: last line" "$(line $N)" --message "$(sed -n "${N}p" "$T_TMP/msgs")"

# Bulk input is signed in batches (up to 512 buffered lines) split over threads, each thread
# signing groups of up to 64 lines that are verified together (batch verification): 300
# lines = one batch of several groups; every signature must still answer its own line.
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "bulk %d %s\n", i, (i % 7 ? "x" : "") }' >"$T_TMP/bulk"
T_STDIN=$T_TMP/bulk t_run "$D" sign --suri //Alice --lines
expect_rc 0 "300 lines"
[ "$(nlines)" -eq 300 ] && t_ok || t_bad "300 lines: 300 signatures"
bad=0; i=1
while [ $i -le 300 ]; do
	"$DV" verify --signature "$(line $i)" --public "$ALICE" --message "$(sed -n "${i}p" "$T_TMP/bulk")" \
		>/dev/null 2>&1 || bad=$((bad + 1))
	i=$((i + 1))
done
[ $bad -eq 0 ] && t_ok || t_bad "300 lines: $bad signatures do not verify for their line"
# A bad line inside a threaded batch: exactly the lines before it are written.
awk 'BEGIN { for (i = 1; i <= 100; i++) print (i == 70 ? "zz" : sprintf("%02x", i)) }' >"$T_TMP/bulkhex"
T_STDIN=$T_TMP/bulkhex t_run "$D" sign --suri //Alice --lines --hex-lines
expect_rc 2 "bad hex at line 70 of 100"
expect_err_match "stdin line 70" "bad line 70 named"
[ "$(nlines)" -eq 69 ] && t_ok || t_bad "bad line 70: 69 signatures written"
check_msg "bad line 70: line 69 signed" "$(line 69)" --hex 45

# 1100 lines = three batches (512, 512, 76) of several groups each; a sample around every
# group and batch boundary is checked, and with --wrap (the message a group verifies is the
# wrapped one, rebuilt per line).
awk 'BEGIN { for (i = 1; i <= 1100; i++) printf "big %d\n", i }' >"$T_TMP/big"
T_STDIN=$T_TMP/big t_run "$D" sign --suri //Alice --lines --wrap
expect_rc 0 "1100 lines"
[ "$(nlines)" -eq 1100 ] && t_ok || t_bad "1100 lines: 1100 signatures"
bad=0
for i in 1 2 63 64 65 128 129 255 256 257 511 512 513 600 1023 1024 1025 1099 1100; do
	"$DV" verify --signature "$(line $i)" --public "$ALICE" --message "<Bytes>big $i</Bytes>" \
		>/dev/null 2>&1 || bad=$((bad + 1))
done
[ $bad -eq 0 ] && t_ok || t_bad "1100 lines: $bad sampled signatures do not verify for their line"
no_verify "--wrap: the bare line is not what was signed" "$(line 600)" --message "big 600"
[ "$(sort -u "$OUT" | wc -l)" -eq 1100 ] && t_ok || t_bad "1100 lines: all signatures distinct"
# A bad line in the second batch, in the middle of a group: the 599 lines before it are
# written (whichever thread signed them), nothing after it.
awk 'BEGIN { for (i = 1; i <= 1100; i++) print (i == 600 ? "0xabc" : sprintf("%04x", i)) }' >"$T_TMP/bighex"
T_STDIN=$T_TMP/bighex t_run "$D" sign --suri //Alice --lines --hex-lines
expect_rc 2 "bad hex at line 600 of 1100"
expect_err_match "stdin line 600" "bad line 600 named"
[ "$(nlines)" -eq 599 ] && t_ok || t_bad "bad line 600: 599 signatures written"
check_msg "bad line 600: line 599 signed" "$(line 599)" --hex 0257
check_msg "bad line 600: line 513 signed" "$(line 513)" --hex 0201

# ---- empty line = the empty message (one line in, one line out); CRLF; last line without \n;
# NUL bytes are message bytes ----
printf 'a\n\nworld\r\nlast' >"$T_TMP/mixed"
T_STDIN=$T_TMP/mixed t_run "$D" sign --suri //Alice --lines
expect_rc 0 "mixed lines"
[ "$(nlines)" -eq 4 ] && t_ok || t_bad "mixed: 4 signatures for 4 lines"
check_msg "first line" "$(line 1)" --message a
check_msg "empty line is the empty message" "$(line 2)" --message ''
check_msg "CRLF: \\r\\n is dropped" "$(line 3)" --message world
no_verify "CRLF: the \\r is not signed" "$(line 3)" --hex 776f726c640d
check_msg "last line without newline" "$(line 4)" --message last
printf 'a\000b\n' >"$T_TMP/nul"
T_STDIN=$T_TMP/nul t_run "$D" sign --suri //Alice --lines
expect_rc 0 "NUL in a line"
check_msg "NUL byte is signed" "$(line 1)" --hex 610062
# No input: no output, success.
t_run "$D" sign --suri //Alice --lines
expect_rc 0 "empty stdin"; expect_out_empty "empty stdin"

# ---- over-long line: exact cap accepted, one byte more refused with the line number ----
CAP=1048576
{ echo first; head -c $CAP /dev/zero | tr '\0' x; echo; } >"$T_TMP/cap"
T_STDIN=$T_TMP/cap t_run "$D" sign --suri //Alice --lines
expect_rc 0 "a line of exactly $CAP bytes"
[ "$(nlines)" -eq 2 ] && t_ok || t_bad "cap: two signatures"
{ echo first; head -c $((CAP + 1)) /dev/zero | tr '\0' x; echo; echo third; } >"$T_TMP/long"
T_STDIN=$T_TMP/long t_run "$D" sign --suri //Alice --lines
expect_rc 2 "over-long line"
expect_err_match "line 2 is longer than $CAP bytes" "over-long line: names the line and the cap"
expect_err_one_line "over-long line"
# The stream stops at the bad line; what came before stays written.
[ "$(nlines)" -eq 1 ] && t_ok || t_bad "over-long line: the earlier signature is kept, none after"
check_msg "over-long line: line 1 signed" "$(line 1)" --message first
# Over-long without any newline at all (a binary blob piped by mistake).
head -c $((CAP + 100)) /dev/zero | tr '\0' y >"$T_TMP/blob"
T_STDIN=$T_TMP/blob t_run "$D" sign --suri //Alice --lines
expect_rc 2 "blob without newline"; expect_out_empty "blob without newline"

# ---- --hex-lines, --wrap, other schemes ----
printf '0x68656c6c6f\n776f726c64\n\n' >"$T_TMP/hex"
T_STDIN=$T_TMP/hex t_run "$D" sign --suri //Alice --lines --hex-lines
expect_rc 0 "--hex-lines"
check_msg "--hex-lines with 0x" "$(line 1)" --message hello
check_msg "--hex-lines without 0x" "$(line 2)" --message world
check_msg "--hex-lines empty line" "$(line 3)" --message ''
printf '00\nzz\n00\n' >"$T_TMP/badhex"
T_STDIN=$T_TMP/badhex t_run "$D" sign --suri //Alice --lines --hex-lines
expect_rc 2 "--hex-lines bad hex"
expect_err_match "line 2" "--hex-lines bad hex names the line"
[ "$(nlines)" -eq 1 ] && t_ok || t_bad "--hex-lines bad hex: stops at line 2"
printf 'hello\n<Bytes>hi</Bytes>\n' >"$T_TMP/wrap"
T_STDIN=$T_TMP/wrap t_run "$D" sign --suri //Alice --lines --wrap
expect_rc 0 "--lines --wrap"
check_msg "--wrap wraps" "$(line 1)" --message hello --wrap
check_msg "--wrap keeps a wrapped line" "$(line 2)" --message '<Bytes>hi</Bytes>'
for sch in ed25519 ecdsa; do
	pub=$("$D" inspect --suri //Alice --scheme $sch </dev/null | sed -n 's/.*Public key (hex): *//p')
	printf 'one\ntwo\n' >"$T_TMP/s"
	T_STDIN=$T_TMP/s t_run "$D" sign --suri //Alice --scheme $sch --lines
	expect_rc 0 "$sch --lines"
	if "$D" verify --scheme $sch --public "$pub" --signature "$(line 2)" --message two >/dev/null 2>&1
	then t_ok; else t_bad "$sch --lines: line 2 verifies"; fi
done

# ---- a keystore key: unlocked once (one password from a file), then every line signed ----
mkdir -m 700 "$T_TMP/wallets" && printf 'stream pass\n' >"$T_TMP/pw" && chmod 600 "$T_TMP/pw"
if DBCSIGN_HOME=$T_TMP/wallets "$D" wallet new k --password-file "$T_TMP/pw" --phrase-fd 3 \
	3>"$T_TMP/phrase" </dev/null >/dev/null 2>"$ERR"; then
	addr=$(DBCSIGN_HOME=$T_TMP/wallets "$D" wallet show k --output json </dev/null |
		sed -n 's/.*"ss58Address": *"\([^"]*\)".*/\1/p')
	printf 'one\ntwo\nthree\n' >"$T_TMP/k3"
	DBCSIGN_HOME=$T_TMP/wallets "$D" sign --key k --password-file "$T_TMP/pw" --lines \
		<"$T_TMP/k3" >"$OUT" 2>"$ERR"; RC=$?
	expect_rc 0 "sign --key --lines"
	[ "$(nlines)" -eq 3 ] && t_ok || t_bad "keystore: 3 signatures"
	if "$D" verify --public "$addr" --signature "$(line 3)" --message three >/dev/null 2>&1
	then t_ok; else t_bad "keystore: line 3 verifies against the wallet address"; fi
else
	t_bad "wallet new for the keystore test: $(cat "$ERR")"
fi

# ---- refusals (exit 2, nothing on stdout, one line naming the flag) ----
expect_bad_input "--lines with --message" "$D" sign --suri //Alice --lines --message x
expect_err_match "--message" "--lines with --message names it"
expect_bad_input "--lines with --hex" "$D" sign --suri //Alice --lines --hex 00
expect_bad_input "--hex-lines without --lines" "$D" sign --suri //Alice --hex-lines
expect_err_match "--hex-lines" "--hex-lines named"
expect_bad_input "--lines with --suri-file -" "$D" sign --suri-file - --lines
expect_err_match "stdin" "--lines with --suri-file - says stdin is taken"

# ---- interactive reader: each answer arrives while stdin is still open ----
# A helper writes one line, waits for its answer, then writes the next. Without the flush
# before each read, the first `read` would wait forever: `timeout` turns that into a failure.
interactive() {
	rm -f "$T_TMP/fifo_in" "$T_TMP/fifo_out"; mkfifo "$T_TMP/fifo_in" "$T_TMP/fifo_out" || return 1
	"$@" <"$T_TMP/fifo_in" >"$T_TMP/fifo_out" 2>"$ERR" &
	bg=$!
	timeout 30 sh -c 'exec 3>"$1" 4<"$2"
		echo hello >&3; IFS= read -r a <&4 || exit 1; echo "$a"
		echo world >&3; IFS= read -r b <&4 || exit 1; echo "$b"' sh "$T_TMP/fifo_in" "$T_TMP/fifo_out" >"$OUT"
	RC=$?
	wait $bg
}
if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	interactive "$D" sign --suri //Alice --lines
	expect_rc 0 "interactive sign --lines: each answer before the next request"
	check_msg "interactive line 1" "$(line 1)" --message hello
	check_msg "interactive line 2" "$(line 2)" --message world
	interactive "$D" triple --suri //Alice --stream
	expect_rc 0 "interactive triple --stream"
	[ "$(nlines)" -eq 2 ] && t_ok || t_bad "interactive triple --stream: two triples"
else
	t_skip "mkfifo/timeout absent: interactive tests"
fi

# ---- triple --count N and --stream: every triple verifies, nonces distinct ----
# check_triples DESC N: OUT holds N json triples for Alice, each signature over its nonce.
check_triples() {
	[ "$(nlines)" -eq "$2" ] && t_ok || t_bad "$1: $2 triples"
	bad=0
	while IFS= read -r j; do
		w=$(echo "$j" | sed -n 's/.*"wallet":"\([^"]*\)".*/\1/p')
		n=$(echo "$j" | sed -n 's/.*"nonce":"\([^"]*\)".*/\1/p')
		s=$(echo "$j" | sed -n 's/.*"sign":"\([0-9a-f]*\)".*/\1/p')
		[ "$w" = "$ALICE" ] || bad=1
		"$DV" verify --public "$w" --message "$n" --signature "$s" >/dev/null 2>&1 || bad=1
	done <"$OUT"
	[ $bad -eq 0 ] && t_ok || t_bad "$1: every triple verifies"
	[ "$(sed 's/.*"nonce":"\([^"]*\)".*/\1/' "$OUT" | sort -u | wc -l)" -eq "$2" ] && t_ok ||
		t_bad "$1: distinct nonces"
}
t_run "$D" triple --suri //Alice --count 5
expect_rc 0 "triple --count 5"
check_triples "triple --count 5" 5
# --count does not read stdin: it must not consume a terminal-less stdin either.
echo unread | "$D" triple --suri //Alice --count 2 >"$OUT" 2>"$ERR"; RC=$?
expect_rc 0 "triple --count with data on stdin"
check_triples "triple --count 2" 2
printf 'x\n\nsession-ignored\r\nlast' >"$T_TMP/req"
T_STDIN=$T_TMP/req t_run "$D" triple --suri //Alice --stream
expect_rc 0 "triple --stream"
check_triples "triple --stream: one per line" 4
# More triples than one signing group (32 triples, 64 signatures with a session id).
awk 'BEGIN { for (i = 1; i <= 70; i++) print "req", i }' >"$T_TMP/req70"
T_STDIN=$T_TMP/req70 t_run "$D" triple --suri //Alice --stream --session-id s-1
expect_rc 0 "triple --stream, 70 lines, session id"
check_triples "triple --stream: 70 triples" 70
bad=0
for i in 1 32 33 64 65 70; do
	s=$(line $i | sed -n 's/.*"session_id_sign":"\([0-9a-f]*\)".*/\1/p')
	"$DV" verify --public "$ALICE" --message s-1 --signature "$s" >/dev/null 2>&1 || bad=1
done
[ $bad -eq 0 ] && t_ok || t_bad "triple --stream: session id signatures verify"
t_run "$D" triple --suri //Alice --count 40
expect_rc 0 "triple --count 40"
check_triples "triple --count 40 (two groups)" 40
t_run "$D" triple --suri //Alice --stream
expect_rc 0 "triple --stream, no input"; expect_out_empty "triple --stream, no input"
T_STDIN=$T_TMP/long t_run "$D" triple --suri //Alice --stream
expect_rc 2 "triple --stream over-long line"
expect_err_match "line 2 is longer" "triple --stream over-long line named"
expect_bad_input "triple --count with --stream" "$D" triple --suri //Alice --count 2 --stream
expect_bad_input "triple --stream with --suri-file -" "$D" triple --suri-file - --stream

t_done
