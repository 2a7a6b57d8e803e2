#!/bin/sh
# dbcsign hw list|version|address and --ledger signing, against the software Ledger
# (tests/emulator/) over the Speculos APDU-over-TCP protocol on 127.0.0.1.
# Expected addresses: shared vectors/ledger.json "ledger_ed25519_derivation" for
# "abandon x11 about" at m/44'/354'/0'/0'/0' (polkadot-js/common hd/ledger/index.spec.ts @ 9281daa14c;
# ss58 forms computed there and checked against polkadot-js).
. "$(dirname "$0")/lib.sh"

BUILD=${BUILD:-build}
ADDR42=5De8b1jPECML4jHRqeHoPonvYZaSufMheRcvGyt3Fhy6xxyk
ADDR0=12aRjLzT5ycoWGHwoHLoXxd5QBa6bxuqivMQSGsPonzd9MWa
PUB=0x45ba94a6b068f7330138bdb2f94e4c3fb89fc8b972c62cc398bd9e97147f79cb

# The emulator is built by the Makefile (make ledger-emu; `make test`/`cli-test` build it) with
# the same compiler and sanitizers as the binary under test.
EMU=$BUILD/ledger-emu
if [ ! -x "$EMU" ]; then
	T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $EMU missing (run make ledger-emu)"; t_done; exit 1
fi

EMU_PIDS=""
trap 'for p in $EMU_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
# emu NAME ARGS...: start an emulator, set $PORT_NAME to its port.
emu() {
	name=$1; shift
	rm -f "$T_TMP/$name.port"
	"$EMU" --port-file "$T_TMP/$name.port" "$@" </dev/null >/dev/null 2>&1 &
	EMU_PIDS="$EMU_PIDS $!"
	i=0
	while [ ! -s "$T_TMP/$name.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	eval "PORT_$name=\$(cat \"\$T_TMP/\$name.port\")"
}
emu gen
emu legacy --app legacy --legacy-cla 90
emu reject --reject
emu locked --locked
emu dash --app dashboard
emu drop --drop-after 1
emu badlen --bad-length
G=tcp:127.0.0.1:$PORT_gen

# --- usage ---
t_run "$DBCSIGN" hw --help; expect_rc 0 "hw --help"; expect_out_match 'hw address' "help text"
expect_bad_input "no subcommand" "$DBCSIGN" hw
expect_bad_input "unknown subcommand" "$DBCSIGN" hw frobnicate
expect_bad_input "list takes no account" "$DBCSIGN" hw list --account 1
expect_bad_input "--show outside address" "$DBCSIGN" hw version --ledger="$G" --show
expect_bad_input "operand" "$DBCSIGN" hw address --ledger="$G" extra
expect_bad_input "bad tcp spec" "$DBCSIGN" hw address --ledger=tcp:127.0.0.1
expect_bad_input "other key source" "$DBCSIGN" hw address --suri //Alice
expect_bad_input "account out of range" "$DBCSIGN" hw address --ledger="$G" --account 2147483648
expect_bad_input "generic app has no sr25519" "$DBCSIGN" hw address --ledger="$G" --scheme sr25519
expect_err_match 'no sr25519' "sr25519 refusal says why"

# --- list (this machine has no Ledger; the output must still be well-formed) ---
t_run "$DBCSIGN" hw list --output json; expect_rc 0 "hw list json"
if [ "$(head -c 1 "$OUT")" = "[" ]; then t_ok; else t_bad "hw list json is an array"; fi

# --- version / address ---
t_run "$DBCSIGN" hw version --ledger="$G"; expect_rc 0 "version"
expect_out_match '^App: +Polkadot 100\.0\.13$' "app line"; expect_out_match '^Version: +100\.0\.13$' "version"
t_run "$DBCSIGN" hw version --ledger="$G" --output json; expect_rc 0 "version json"
expect_out_match '"version": "100.0.13"' "version json field"
t_run "$DBCSIGN" hw address --ledger="$G" --output json; expect_rc 0 "address json"
expect_out "{
  \"address\": \"$ADDR42\",
  \"path\": \"m/44'/354'/0'/0'/0'\",
  \"publicKey\": \"$PUB\"
}" "address json = vector (prefix 42 default)"
# the spaced form `--ledger tcp:HOST:PORT` (getopt alone only sees `--ledger=`)
t_run "$DBCSIGN" hw address --ledger "$G" --output json; expect_rc 0 "address, spaced --ledger"
expect_out_match "\"address\": \"$ADDR42\"" "spaced --ledger reaches the same device"
t_run "$DBCSIGN" hw address --ledger="$G" --network polkadot --output json
expect_out_match "\"address\": \"$ADDR0\"" "prefix 0 address = vector"
t_run "$DBCSIGN" hw address --ledger="$G" --account 5 --change 1 --index 7
expect_rc 0 "other path"; expect_out_match "^Path: +m/44'/354'/5'/1'/7'$" "path text"
if grep -q "$ADDR42" "$OUT"; then t_bad "other path gives another address"; else t_ok; fi
t_run "$DBCSIGN" hw address --ledger="$G" --show; expect_rc 0 "address --show"
expect_out_match "^Address: +$ADDR42$" "shown address"; expect_err_match 'approve' "asks to approve"

# --- device states ---
t_run "$DBCSIGN" hw address --ledger=tcp:127.0.0.1:"$PORT_reject" --show
expect_rc 1 "address rejected on the device"; expect_out_empty "rejected: no stdout"
expect_err_match 'rejected on the device' "rejection message"
if [ "$(grep -c 'dbcsign: hw address' "$ERR")" -eq 1 ]; then t_ok; else t_bad "one error line after the prompt"; fi
t_run "$DBCSIGN" hw version --ledger=tcp:127.0.0.1:"$PORT_locked"
expect_rc 3 "locked"; expect_err_match 'locked.*PIN' "locked message"
t_run "$DBCSIGN" hw address --ledger=tcp:127.0.0.1:"$PORT_dash"
expect_rc 3 "dashboard"; expect_err_match 'open the Polkadot app' "wrong app message"
t_run "$DBCSIGN" hw version --ledger=tcp:127.0.0.1:"$PORT_dash"
expect_rc 0 "version on the dashboard"; expect_out_match '^App: +BOLOS' "dashboard name"
t_run "$DBCSIGN" hw address --ledger=tcp:127.0.0.1:"$PORT_badlen"
expect_rc 3 "bad reply length"; expect_err_match 'malformed' "protocol error message"
t_run "$DBCSIGN" hw address --ledger=/nonexistent/hidraw7
expect_rc 3 "absent hidraw path"; expect_err_match 'no Ledger' "absent message"

# --- signing ---
t_run "$DBCSIGN" sign --ledger="$G" --wrap --message 'hello DBC'
expect_rc 0 "sign --wrap"; SIG=$(cat "$OUT")
t_run "$DBCSIGN" verify --scheme ed25519 --public "$ADDR42" --wrap --message 'hello DBC' --signature "$SIG"
expect_rc 0 "ledger signature verifies"; expect_out "valid" "valid"
t_run "$DBCSIGN" verify --scheme ed25519 --public "$ADDR42" --message 'hello DBC' --signature "$SIG"
expect_rc 1 "it is over the wrapped bytes"
t_run "$DBCSIGN" sign --ledger="$G" --message 'nonce'
expect_rc 2 "unwrapped refused"; expect_out_empty "unwrapped: no stdout"; expect_err_match 'wrap' "says to wrap"
t_run "$DBCSIGN" sign --ledger="$G" --scheme sr25519 --wrap --message 'x'
expect_rc 2 "sr25519 refused"; expect_err_match 'no sr25519' "sr25519 reason"
t_run "$DBCSIGN" sign --ledger="$G" --scheme ecdsa --wrap --message 'x'
expect_rc 2 "ecdsa refused"; expect_err_match 'keccak' "ecdsa reason"
t_run "$DBCSIGN" triple --ledger="$G"
expect_rc 2 "triple refused"; expect_out_empty "triple: no stdout"; expect_err_match 'sr25519' "triple reason"
t_run "$DBCSIGN" sign --ledger=tcp:127.0.0.1:"$PORT_reject" --wrap --message 'hello'
expect_rc 1 "sign rejected"; expect_out_empty "sign rejected: no stdout"
t_run "$DBCSIGN" sign --ledger=tcp:127.0.0.1:"$PORT_drop" --wrap --message 'hello'
expect_rc 3 "unplugged mid-signing"; expect_out_empty "unplug: no stdout"
t_run "$DBCSIGN" sign --ledger=tcp:127.0.0.1:1 --wrap --message 'hello'
expect_rc 3 "nothing listening"; expect_out_empty "nothing listening: no stdout"
expect_err_match 'nothing answers on tcp:127.0.0.1:1' "nothing listening message"

# --- legacy app protocol: sr25519 (default) and ed25519, unwrapped raw bytes ---
L=tcp:127.0.0.1:$PORT_legacy
for scheme in sr25519 ed25519; do
	t_run "$DBCSIGN" hw address --ledger="$L" --ledger-cla 0x90 --scheme $scheme --output json
	expect_rc 0 "legacy $scheme address"
	LPUB=$(sed -n 's/.*"publicKey": "\(0x[0-9a-f]*\)".*/\1/p' "$OUT")
	t_run "$DBCSIGN" sign --ledger="$L" --ledger-cla 0x90 --scheme $scheme --message 'nonce 1700000000'
	expect_rc 0 "legacy $scheme sign raw"; LSIG=$(cat "$OUT")
	t_run "$DBCSIGN" verify --scheme $scheme --public "$LPUB" --message 'nonce 1700000000' --signature "$LSIG"
	expect_rc 0 "legacy $scheme signature verifies"
done
t_run "$DBCSIGN" hw address --ledger="$L" --ledger-cla 0x90 --scheme ed25519 --output json
expect_out_match "\"publicKey\": \"$PUB\"" "legacy ed25519 key = generic key (same derivation)"
t_run "$DBCSIGN" hw address --ledger="$L" --ledger-cla 0x99
expect_rc 3 "wrong legacy CLA"; expect_err_match 'open the Polkadot app' "wrong CLA message"
t_run "$DBCSIGN" hw version --ledger="$L" --ledger-cla 0x90
expect_rc 0 "legacy version"
# A chain app speaking the legacy protocol can make DBC node triples (sr25519 over the raw nonce).
t_run "$DBCSIGN" triple --ledger="$L" --ledger-cla 0x90 --output json
expect_rc 0 "legacy triple"
TW=$(sed -n 's/.*"wallet":"\([^"]*\)".*/\1/p' "$OUT"); TN=$(sed -n 's/.*"nonce":"\([^"]*\)".*/\1/p' "$OUT")
TS=$(sed -n 's/.*"sign":"\([0-9a-f]*\)".*/\1/p' "$OUT")
t_run "$DBCSIGN" verify --scheme sr25519 --public "$TW" --message "$TN" --signature "0x$TS"
expect_rc 0 "legacy triple verifies over the unwrapped nonce"
t_run "$DBCSIGN" inspect --ledger="$G" --output json
expect_rc 0 "inspect --ledger"; expect_out_match "$ADDR42" "inspect shows the ledger account"

t_done
