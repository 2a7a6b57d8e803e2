#!/bin/sh
# dbcsign tx: offline signing reproduces fixtures/dbc/extrinsics.json byte for byte (ed25519
# vectors generated with @polkadot/types 16.5.6 from the DBC genesis metadata, see
# fixtures/dbc/SOURCES.md and dbc-chain.md §7), decode, the air-gapped request/sign round trip,
# and bad input (one line on stderr, nothing on stdout, exit 2).
. "$(dirname "$0")/lib.sh"

MD=$(shared fixtures/dbc/metadata-v14-spec400.scale) || { t_done; exit $?; }
VEC=$(shared fixtures/dbc/extrinsics.json) || { t_done; exit $?; }
G=0x03aa6b475a03f8baf7f83e448513b00eaab03aefa4ed64bd1d31160dce028add
MID=285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a
ADDR=5Gw54ghuAHodDGAS91DUxqvKa6PeT9bhDdns3ztBupY8pSyn
KEY=$T_TMP/ed.seed
(umask 077; echo 0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60 >"$KEY")
# Tests must not touch the network or the user's cache.
export XDG_CACHE_HOME=$T_TMP/cache
unset DBCSIGN_RPC

vec() { jq -r ".vectors[] | select(.name == \"$1\") | .$2" "$VEC"; }
OFF="--offline --metadata $MD --genesis $G --spec-version 411 --tx-version 2 --suri-file $KEY --scheme ed25519"

# --- vector A: rent_machine(id, 1, 300), immortal, nonce 0 ---
A=$(vec "rent_machine immortal ed25519" extrinsic)
t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 $OFF --nonce 0 --era immortal
expect_rc 0 "vector A"; expect_out "$A" "vector A extrinsic"
t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 $OFF --nonce 0
expect_rc 0 "offline default era"; expect_out "$A" "offline without a block is immortal"
t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 30m $OFF --nonce 0 --output json
expect_rc 0 "30m"
expect_out_match "\"extrinsic\": \"$A\"" "30m = 300 blocks (6 s blocks from Babe.ExpectedBlockTime)"
expect_out_match "\"hash\": \"$(vec "rent_machine immortal ed25519" tx_hash)\"" "vector A hash"
t_run "$DBCSIGN" tx rent --machine 0x$MID --gpus 1 --duration 300 $OFF --nonce 0
expect_rc 0 "0x-prefixed machine id"; expect_out "$A" "0x is stripped"
expect_err_match "0x prefix" "0x strip is noted"
t_run "$DBCSIGN" tx call rentMachine.rentMachine --args "[\"$MID\",1,300]" $OFF --nonce 0
expect_rc 0 "tx call"; expect_out "$A" "tx call rentMachine.rentMachine = vector A"
t_run "$DBCSIGN" tx call RentMachine.rent_machine \
	--args "{\"machineId\":\"$MID\",\"rent_gpu_num\":1,\"duration\":\"300\"}" $OFF --nonce 0
expect_rc 0 "tx call object args"; expect_out "$A" "object args, camelCase and string ints"
t_run "$DBCSIGN" tx call rentMachine.rentMachine --args "[\"0x$MID\",1,300]" $OFF --nonce 0
expect_rc 0 "tx call 0x machine id"; expect_out "$A" "MachineId args stay text even with 0x"
expect_err_match "dropped the 0x" "0x note in tx call"
expect_bad_input "tx call short machine id" "$DBCSIGN" tx call rentMachine.rentMachine --args "[\"${MID%??}\",1,300]" $OFF --nonce 0

# --- vector B: same call, mortal 64 at 1,000,000, nonce 5 ---
B=$(vec "rent_machine mortal64 ed25519" extrinsic)
H1=0x1111111111111111111111111111111111111111111111111111111111111111
t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 $OFF --nonce 5 --era 64 \
	--block-number 1000000 --block-hash $H1
expect_rc 0 "vector B"; expect_out "$B" "vector B extrinsic"

# --- vector C: confirm_rent(12345), mortal 64 at 1,000,003, nonce 6 ---
C=$(vec "confirm_rent mortal64 ed25519" extrinsic)
H2=0x2222222222222222222222222222222222222222222222222222222222222222
t_run "$DBCSIGN" tx confirm --rent-id 12345 $OFF --nonce 6 --era 64 --block-number 1000003 --block-hash $H2
expect_rc 0 "vector C"; expect_out "$C" "vector C extrinsic"

# --- vector D: relet_machine(12345, 14400), immortal, nonce 7, tip 1e12 ---
D=$(vec "relet_machine immortal ed25519 tip" extrinsic)
t_run "$DBCSIGN" tx relet --rent-id 12345 --duration 1d $OFF --nonce 7 --tip 1000000000000 --era immortal
expect_rc 0 "vector D"; expect_out "$D" "vector D extrinsic (1d = 14400 blocks)"

# --- decode ---
t_run "$DBCSIGN" tx decode "$D" --metadata "$MD" --output json
expect_rc 0 "decode D"
if [ "$(jq -r '.call.pallet + "." + .call.call + " " + .call.args.rent_id + " " + (.call.args.relet_duration|tostring) + " " + (.nonce|tostring) + " " + .tip + " " + .signer + " " + .hash' "$OUT")" = \
	"RentMachine.relet_machine 12345 14400 7 1000000000000 $ADDR $(vec "relet_machine immortal ed25519 tip" tx_hash)" ]; then t_ok; else t_bad "decode D fields"; fi
t_run "$DBCSIGN" tx decode "$B" --metadata "$MD"
expect_rc 0 "decode B text"
expect_out_match "mortal, period 64, phase 0" "era shown"
expect_out_match "machine_id: \"$MID\"" "machine id shown as text"
expect_out_match "^signer: +$ADDR \\(ed25519\\)" "signer shown as SS58"
E=$(vec "rent_machine immortal sr25519 (nondeterministic sig)" extrinsic)
t_run "$DBCSIGN" tx decode "$E" --metadata "$MD" --output json
expect_rc 0 "decode sr25519 E"
expect_out_match '"signature_type": "sr25519"' "sr25519 signature type"
echo "$C" >"$T_TMP/c.hex"
t_run "$DBCSIGN" tx decode "$T_TMP/c.hex" --metadata "$MD" --output json
expect_rc 0 "decode from a hex file"; expect_out_match '"era": \{"period": 64, "phase": 3\}' "phase 3"
# metadata as hex text (what state_getMetadata returns) and as raw bytes without the prefix
od -An -v -tx1 "$MD" | tr -d ' \n' | sed 's/^.\{8\}/0x/' >"$T_TMP/md.hex"
t_run "$DBCSIGN" tx decode "$C" --metadata "$T_TMP/md.hex"
expect_rc 0 "metadata as hex text"
tail -c +5 "$MD" >"$T_TMP/md.raw"
t_run "$DBCSIGN" tx decode "$C" --metadata "$T_TMP/md.raw"
expect_rc 0 "metadata without the length prefix"

# --- air-gapped: request (offline here), sign, decode ---
t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 --offline --metadata "$MD" \
	--genesis $G --spec-version 411 --tx-version 2 --nonce 0 --era immortal --unsigned \
	--from $ADDR -o "$T_TMP/req.json"
expect_rc 0 "unsigned request"; expect_out_empty "request goes to the file"
if jq -e '.type == "dbcsign-signing-request" and .nonce == 0 and .from == "'$ADDR'" and .call_decoded.call == "rent_machine"' "$T_TMP/req.json" >/dev/null; then t_ok; else t_bad "request fields"; fi
expect_bad_input "sign asks without a tty" "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519
expect_err_match "^dbcsign: no terminal to confirm on: pass --yes$" "no tty: the single error line, no summary first"
# Online without --yes and without a terminal: refused before contacting the node.
expect_bad_input "online without a tty" "$DBCSIGN" tx confirm --rent-id 1 --rpc http://127.0.0.1:9 --suri-file "$KEY" --scheme ed25519
expect_err_match "no terminal to confirm on" "online without a tty: message"
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes -o "$T_TMP/signed.json"
expect_rc 0 "tx sign"
if [ "$(jq -r .extrinsic "$T_TMP/signed.json")" = "$A" ]; then t_ok; else t_bad "signed request = vector A"; fi
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri //Alice --scheme ed25519 --yes
expect_rc 1 "wrong key for the request"; expect_out_empty "wrong key prints nothing"
t_run "$DBCSIGN" tx decode "$T_TMP/signed.json" --metadata "$MD" --output json
expect_rc 0 "decode signed.json"; expect_out_match '"rent_gpu_num":1' "decoded args"
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes -o "$T_TMP/signed.json"
expect_rc 2 "refuses to overwrite"
# The summary shows the blake2b-256 of the metadata it decodes with (nothing authenticates a
# request's metadata: DBC has no CheckMetadataHash); --metadata FILE uses a trusted copy.
MDH=0x$(tail -c +5 "$MD" | b2sum -l 256 | cut -c1-64)
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_rc 0 "sign shows the metadata hash"
expect_err_match "metadata: blake2b-256 $MDH \(from the request, unauthenticated" "request metadata hash shown"
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes --metadata "$MD"
expect_rc 0 "sign with a trusted metadata file"; expect_out_match "\"extrinsic\": \"$A\"" "same bytes with --metadata"
expect_err_match "metadata: blake2b-256 $MDH \(from .*metadata-v14-spec400.scale\)" "trusted metadata named"
# Malformed requests (cli/tx_request.c): one line naming the member, exit 2.
jq 'del(.genesis)' "$T_TMP/req.json" >"$T_TMP/rq1.json"
expect_bad_input "request without genesis" "$DBCSIGN" tx sign "$T_TMP/rq1.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "rq1.json: missing \"genesis\"" "request without genesis: message"
jq '.nonce = -1' "$T_TMP/req.json" >"$T_TMP/rq2.json"
expect_bad_input "request with nonce -1" "$DBCSIGN" tx sign "$T_TMP/rq2.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "\"nonce\" must be a whole number" "nonce -1: message"
jq '.era = "mortal"' "$T_TMP/req.json" >"$T_TMP/rq3.json"
expect_bad_input "request with a bad era" "$DBCSIGN" tx sign "$T_TMP/rq3.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "\"era\" must be \"immortal\" or an object" "bad era: message"
jq '.version = 2' "$T_TMP/req.json" >"$T_TMP/rq4.json"
expect_bad_input "request version 2" "$DBCSIGN" tx sign "$T_TMP/rq4.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "not a version-1 dbcsign signing request" "version 2: message"
jq '.call = "0xzz"' "$T_TMP/req.json" >"$T_TMP/rq5.json"
expect_bad_input "request call not hex" "$DBCSIGN" tx sign "$T_TMP/rq5.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "\"call\" is not hex" "call not hex: message"

# A call that the metadata cannot show is never signed, even with --yes (security review 3).
jq '.call = .call + "00"' "$T_TMP/req.json" >"$T_TMP/reqtrail.json"
expect_bad_input "tx sign: call with a byte left over" "$DBCSIGN" tx sign "$T_TMP/reqtrail.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "does not decode with this metadata.*refusing to sign" "left-over byte: message"
jq '.call = "0xfe0001"' "$T_TMP/req.json" >"$T_TMP/requnk.json"
expect_bad_input "tx sign: call of an unknown pallet" "$DBCSIGN" tx sign "$T_TMP/requnk.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "refusing to sign" "unknown pallet: message"

# a payload over 256 bytes is signed as its blake2b-256 (substrate-crypto.md A9), and says so
R300=0x$(head -c 300 /dev/zero | od -An -v -tx1 | tr -d ' \n')
t_run "$DBCSIGN" tx call system.remark --args "[\"$R300\"]" --offline --metadata "$MD" --genesis $G \
	--spec-version 411 --tx-version 2 --nonce 0 --unsigned --from $ADDR -o "$T_TMP/long.json"
expect_rc 0 "long request"
t_run "$DBCSIGN" tx sign "$T_TMP/long.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_rc 0 "sign long payload"; expect_err_match "signs: +blake2b-256 of the payload \(payload 3[0-9][0-9] bytes\)" "hashing shown"
t_run "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes
expect_err_match "signs: +the payload itself \(payload 152 bytes\)" "no hashing for 152 bytes"

# --- bad input ---
expect_bad_input "machine id 63 chars" "$DBCSIGN" tx rent --machine ${MID%?} --gpus 1 --duration 300 $OFF --nonce 0
expect_err_match "64 hex" "machine id message"
expect_bad_input "machine id not hex" "$DBCSIGN" tx rent --machine ${MID%?}g --gpus 1 --duration 300 $OFF --nonce 0
expect_bad_input "machine id 32 bytes" "$DBCSIGN" tx rent --machine ${MID}${MID} --gpus 1 --duration 300 $OFF --nonce 0
expect_bad_input "duration not multiple of 300" "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 301 $OFF --nonce 0
expect_err_match "multiple of 300" "duration message"
expect_bad_input "duration 10m" "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 10m $OFF --nonce 0
expect_bad_input "duration 0" "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 0 $OFF --nonce 0
expect_bad_input "duration over 60 days" "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 61d $OFF --nonce 0
expect_bad_input "duration 7s" "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 7s $OFF --nonce 0
expect_bad_input "gpus 0" "$DBCSIGN" tx rent --machine $MID --gpus 0 --duration 300 $OFF --nonce 0
expect_bad_input "relet under 100 blocks" "$DBCSIGN" tx relet --rent-id 1 --duration 99 $OFF --nonce 0
expect_err_match "at least 100" "relet message"
expect_bad_input "rent id over u64" "$DBCSIGN" tx confirm --rent-id 18446744073709551616 $OFF --nonce 0
expect_bad_input "rent id not a number" "$DBCSIGN" tx confirm --rent-id 12a $OFF --nonce 0
expect_bad_input "rent id negative" "$DBCSIGN" tx confirm --rent-id -1 $OFF --nonce 0
t_run "$DBCSIGN" tx confirm --rent-id 18446744073709551615 $OFF --nonce 0
expect_rc 0 "rent id u64 max"
expect_bad_input "unknown pallet" "$DBCSIGN" tx call noSuchPallet.rentMachine --args '[]' $OFF --nonce 0
expect_err_match "unknown pallet 'noSuchPallet'" "pallet message"
expect_bad_input "unknown call" "$DBCSIGN" tx call rentMachine.rentMachines --args '[]' $OFF --nonce 0
expect_err_match "unknown call 'rentMachines'" "call message"
expect_bad_input "unknown argument" "$DBCSIGN" tx call rentMachine.confirmRent --args '{"rentid":1,"x":2}' $OFF --nonce 0
expect_err_match "unknown argument 'x'" "argument message"
expect_bad_input "missing argument" "$DBCSIGN" tx call rentMachine.reletMachine --args '{"rent_id":1}' $OFF --nonce 0
expect_bad_input "args not JSON" "$DBCSIGN" tx call rentMachine.confirmRent --args '[1' $OFF --nonce 0
expect_bad_input "u32 overflow in args" "$DBCSIGN" tx call rentMachine.reletMachine --args '[1,4294967296]' $OFF --nonce 0
expect_bad_input "not Pallet.method" "$DBCSIGN" tx call confirmRent --args '[1]' $OFF --nonce 0
printf 'meta\017\000\000' >"$T_TMP/v15.scale"
expect_bad_input "metadata v15" "$DBCSIGN" tx confirm --rent-id 1 --offline --metadata "$T_TMP/v15.scale" \
	--genesis $G --spec-version 411 --tx-version 2 --nonce 0 --suri-file "$KEY" --scheme ed25519
expect_err_match "unsupported metadata version 15" "v15 message"
printf 'meta\015\000' >"$T_TMP/v13.scale"
expect_bad_input "metadata v13 (decode)" "$DBCSIGN" tx decode "$C" --metadata "$T_TMP/v13.scale"
expect_err_match "unsupported metadata version 13" "v13 message"
printf 'hello world' >"$T_TMP/junk"
expect_bad_input "not metadata" "$DBCSIGN" tx decode "$C" --metadata "$T_TMP/junk"
head -c 1000 "$MD" >"$T_TMP/trunc.scale"
expect_bad_input "truncated metadata" "$DBCSIGN" tx decode "$C" --metadata "$T_TMP/trunc.scale"
expect_bad_input "offline without nonce" "$DBCSIGN" tx confirm --rent-id 1 $OFF
expect_bad_input "bad genesis" "$DBCSIGN" tx confirm --rent-id 1 --offline --metadata "$MD" --genesis 0x1234 \
	--spec-version 411 --tx-version 2 --nonce 0 --suri-file "$KEY" --scheme ed25519
expect_bad_input "era without block" "$DBCSIGN" tx confirm --rent-id 1 $OFF --nonce 0 --era 64
expect_bad_input "block number without hash" "$DBCSIGN" tx confirm --rent-id 1 $OFF --nonce 0 --block-number 5
expect_bad_input "no key source" "$DBCSIGN" tx confirm --rent-id 1 --offline --metadata "$MD" --genesis $G \
	--spec-version 411 --tx-version 2 --nonce 0
expect_bad_input "unsigned without --from" "$DBCSIGN" tx confirm --rent-id 1 --unsigned -o "$T_TMP/x.json"
expect_bad_input "unknown subcommand" "$DBCSIGN" tx rents
expect_bad_input "unknown option" "$DBCSIGN" tx confirm --rent-id 1 --bogus
expect_bad_input "decode garbage hex" "$DBCSIGN" tx decode 0x1234 --metadata "$MD"
expect_bad_input "decode truncated" "$DBCSIGN" tx decode "${C%??}" --metadata "$MD"
expect_bad_input "decode not hex" "$DBCSIGN" tx decode 0xzz --metadata "$MD"
expect_bad_input "bad --rpc scheme" "$DBCSIGN" tx decode "$C" --rpc ftp://example.org
expect_bad_input "mnemonic on argv" "$DBCSIGN" tx confirm --rent-id 1 $OFF --nonce 0 --suri "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

# --- hostile metadata (security review): generated V14 blobs, tests/unit/test_metadata.c has
# the same layout. Type 0 is (), type k is (k-1, k-1), then one pallet with one call taking
# one argument of type DEPTH. Names are bytes from the arguments (printf escapes allowed).
nested_md() {
	node --input-type=module -e '
const [depth, pallet, call, field] = [Number(process.argv[1]), process.argv[2], process.argv[3], process.argv[4]];
const b = [...Buffer.from("meta"), 14];
const str = (s) => { const x = Buffer.from(s, "latin1"); b.push(x.length << 2, ...x); };
b.push((depth + 2) << 2);
for (let k = 0; k <= depth; k++) {
	b.push(k << 2, 0, 0, 4);
	if (k === 0) b.push(0); else b.push(8, (k - 1) << 2, (k - 1) << 2);
	b.push(0);
}
b.push((depth + 1) << 2, 0, 0, 1, 4); str(call);
b.push(4, 1); str(field); b.push(depth << 2, 0, 0, 0, 0, 0);
b.push(4); str(pallet); b.push(0, 1, (depth + 1) << 2, 0, 0, 0, 0);
b.push(0, 4, 0, 0);
process.stdout.write(Buffer.from(b));' "$@"
}
if command -v node >/dev/null 2>&1; then
	# 44 nested pairs of empty tuples: 2^44 values from 4 bytes; must stop at the work budget.
	nested_md 44 P f x >"$T_TMP/m44.scale"
	expect_bad_input "nested metadata" "$DBCSIGN" tx decode 0x0c040000 --metadata "$T_TMP/m44.scale"
	expect_err_match "does not decode.*metadata" "nested metadata: says why"
	# Names with terminal escapes (the summary of `tx sign` shows them) or spaces are refused.
	nested_md 3 "$(printf '\033[1A\033[2KBal')" f x >"$T_TMP/mesc.scale"
	expect_bad_input "escape in a pallet name" "$DBCSIGN" tx decode 0x0c040000 --metadata "$T_TMP/mesc.scale"
	expect_err_match "malformed|invalid" "escape in a pallet name: message"
	if grep -q "$(printf '\033')" "$ERR"; then t_bad "raw ESC on stderr"; else t_ok; fi
	nested_md 3 P "rent machine" x >"$T_TMP/msp.scale"
	expect_bad_input "space in a call name" "$DBCSIGN" tx decode 0x0c040000 --metadata "$T_TMP/msp.scale"
	nested_md 3 P f "$(printf 'x\r')" >"$T_TMP/mcr.scale"
	expect_bad_input "CR in a field name" "$DBCSIGN" tx decode 0x0c040000 --metadata "$T_TMP/mcr.scale"
	# In `tx sign` the metadata is the request's own: same refusal before anything is shown.
	jq --arg m "0x$(od -An -v -tx1 "$T_TMP/mesc.scale" | tr -d ' \n')" '.metadata = $m' "$T_TMP/req.json" >"$T_TMP/reqesc.json"
	expect_bad_input "tx sign: escape in the request's metadata" "$DBCSIGN" tx sign "$T_TMP/reqesc.json" --suri-file "$KEY" --scheme ed25519 --yes
	if grep -q "$(printf '\033')" "$ERR"; then t_bad "raw ESC on stderr"; else t_ok; fi
	nested_md 3 P f x >"$T_TMP/m3.scale"
	# A request whose metadata is not the trusted file is refused, with both hashes.
	expect_bad_input "tx sign --metadata: different metadata" "$DBCSIGN" tx sign "$T_TMP/req.json" --suri-file "$KEY" --scheme ed25519 --yes --metadata "$T_TMP/m3.scale"
	expect_err_match "request's metadata \(blake2b-256 $MDH\) is not .*m3.scale \(0x[0-9a-f]{64}\): refusing to sign" "metadata mismatch message"
	t_run "$DBCSIGN" tx decode 0x0c040000 --metadata "$T_TMP/m3.scale"
	expect_rc 0 "shallow nest decodes"; expect_out_match "call: +P\.f" "shallow nest call"
else
	t_skip "node missing: hostile metadata tests"
fi

# --- online, against a scripted JSON-RPC node (tests/cli/mock_rpc.mjs) ---
MOCK_PID=""
mock_start() {
	rm -f "$T_TMP/port" "$T_TMP/submitted"
	node "$(dirname "$0")/mock_rpc.mjs" "$1" "$MD" "$T_TMP/port" "$T_TMP/submitted" >/dev/null 2>&1 &
	MOCK_PID=$!
	i=0
	while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=http://127.0.0.1:$(cat "$T_TMP/port" 2>/dev/null)
}
mock_stop() { [ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null; wait "$MOCK_PID" 2>/dev/null; MOCK_PID=""; }
if command -v node >/dev/null 2>&1; then
	FIN=0xf1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1
	# What the node context implies: nonce 7, mortal 64 from the finalized #1000000.
	t_run "$DBCSIGN" tx confirm --rent-id 1 $OFF --nonce 7 --era 64 --block-number 1000000 --block-hash $FIN
	WANT=$(cat "$OUT")
	mock_start ok
	t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --suri-file "$KEY" --scheme ed25519
	expect_rc 2 "online without --yes and no tty"
	if [ ! -e "$T_TMP/submitted" ]; then t_ok; else t_bad "submitted without confirmation"; fi
	t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes --no-wait
	expect_rc 0 "online submit"
	if [ "$(cat "$T_TMP/submitted" 2>/dev/null)" = "$WANT" ]; then t_ok; else t_bad "submitted bytes = offline build with the node's context"; fi
	expect_err_match "fee: +0\\.123000000000000 DBC" "fee estimate shown"
	expect_err_match "confirm_rent" "call shown before submitting"
	if [ "$(ls "$XDG_CACHE_HOME/dbcsign/" | grep -cE "^metadata-${G#0x}-411-[0-9a-f]{16}\.scale$")" = 1 ]; then t_ok; else t_bad "metadata cached per (genesis, spec, node URL)"; fi
	WS=$(echo "$URL" | sed 's|^http://|ws://|')
	t_run "$DBCSIGN" tx decode "$WANT" --rpc "$WS" --output json
	expect_rc 0 "ws:// URL served over http"; expect_out_match '"nonce": 7' "decode via node metadata"
	# air-gapped: request online, sign offline, same bytes
	t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --unsigned --from $ADDR -o "$T_TMP/oreq.json"
	expect_rc 0 "online unsigned request"
	t_run "$DBCSIGN" tx sign "$T_TMP/oreq.json" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 0 "sign the online request"
	if [ "$(jq -r .extrinsic "$OUT")" = "$WANT" ]; then t_ok; else t_bad "air-gapped bytes = online bytes"; fi
	cp "$OUT" "$T_TMP/osigned.json"
	rm -f "$T_TMP/submitted"
	t_run "$DBCSIGN" tx submit "$T_TMP/osigned.json" --rpc "$URL"
	expect_rc 0 "tx submit signed.json"
	if [ "$(cat "$T_TMP/submitted" 2>/dev/null)" = "$WANT" ]; then t_ok; else t_bad "tx submit sent the signed bytes"; fi
	# a signed file for another chain is refused before anything is sent
	jq '.genesis = "0x4545454545454545454545454545454545454545454545454545454545454545"' "$T_TMP/osigned.json" >"$T_TMP/other.json"
	rm -f "$T_TMP/submitted"
	expect_bad_input "genesis mismatch" "$DBCSIGN" tx submit "$T_TMP/other.json" --rpc "$URL"
	expect_err_match "another chain" "genesis mismatch message"
	if [ ! -e "$T_TMP/submitted" ]; then t_ok; else t_bad "nothing submitted on genesis mismatch"; fi
	jq '.spec_version = 400' "$T_TMP/osigned.json" >"$T_TMP/oldspec.json"
	expect_bad_input "spec mismatch" "$DBCSIGN" tx submit "$T_TMP/oldspec.json" --rpc "$URL"
	expect_bad_input "rent id not u64 (online)" "$DBCSIGN" tx confirm --rent-id x --rpc "$URL" --suri-file "$KEY" --yes
	mock_stop

	mock_start imported
	t_run "$DBCSIGN" tx submit "$WANT" --rpc "$URL"
	expect_rc 0 "already imported = success"
	expect_out "$(jq -r .hash "$T_TMP/osigned.json")" "hash of the resent bytes"
	mock_stop

	mock_start invalid
	t_run "$DBCSIGN" tx submit "$WANT" --rpc "$URL"
	expect_rc 1 "invalid transaction"; expect_out_empty "invalid prints nothing"
	expect_err_match "rejected.*bad signature" "rejection message"; expect_err_one_line "invalid: one line"
	mock_stop

	for m in rpcerror http500 malformed; do
		mock_start $m
		t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
		expect_rc 3 "$m"; expect_out_empty "$m: stdout"; expect_err_one_line "$m: one line"
		mock_stop
	done
	expect_err_match "not a JSON-RPC" "malformed message"

	mock_start hang
	DBCSIGN_RPC_TIMEOUT=1 t_run "$DBCSIGN" tx decode "$WANT" --rpc "$URL"
	expect_rc 3 "timeout"; expect_err_match "timed out" "timeout message"
	mock_stop

	mock_start rentok
	t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 0 "rent followed into a block"
	expect_out_match "^included in block #1000001 0xb1b1" "inclusion reported"
	expect_out_match "^rent_id: 42$" "rent_id from the Rent event"
	expect_out_match "^event: rentMachine.Rent \\[\"42\",\"5[1-9A-HJ-NP-Za-km-z]{47}\",\"$MID\",1,300,\"0\"\\]" "Rent event decoded (renter as SS58, id as text)"
	mock_stop
	mock_start rentok
	t_run "$DBCSIGN" tx rent --machine $MID --gpus 1 --duration 300 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes --output json
	expect_rc 0 "rent json"
	if jq -e '.success == true and .rent_id == "42" and .block_number == 1000001 and .index == 1' "$OUT" >/dev/null; then t_ok; else t_bad "rent json fields"; fi
	mock_stop
	mock_start rentfail
	t_run "$DBCSIGN" tx confirm --rent-id 42 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 1 "module error is a failure"
	expect_err_match "failed in block #1000001: rentMachine.MachineNotRentable" "module error by name"
	mock_stop
	mock_start rentfail
	t_run "$DBCSIGN" tx confirm --rent-id 42 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes --output json
	expect_rc 1 "module error json"
	if jq -e '.success == false and .error.name == "rentMachine.MachineNotRentable"' "$OUT" >/dev/null; then t_ok; else t_bad "error json"; fi
	mock_stop

	# Error docs come from the node's metadata: escapes are shown as text, never run.
	mock_start evildoc
	XDG_CACHE_HOME=$T_TMP/cacheevil t_run "$DBCSIGN" tx confirm --rent-id 42 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 1 "hostile error doc: still a failure"
	expect_err_match 'MachineNotRentable: Bad\\x1b\[2K\\x1b\[1Aok' "hostile error doc escaped"
	if grep -q "$(printf '\033')" "$ERR"; then t_bad "raw ESC on stderr"; else t_ok; fi
	mock_stop

	# Block numbers: "0x" and 1 to 16 hex digits, at most u32 (DBC's BlockNumber); strtoull
	# took "0x-1" as 2^64-1.
	for n in 0x-1 0x+10 "0x 10" 0x 0x100000000 0x1g; do
		mock_start "num=$n"
		t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
		expect_rc 3 "header number '$n' refused"; expect_out_empty "header number '$n': stdout"
		expect_err_match "chain_getHeader.*number" "header number '$n': message"
		if [ -s "$T_TMP/submitted" ]; then t_bad "header number '$n': submitted"; else t_ok; fi
		mock_stop
	done
	# A best block far ahead of the next one to look at is not walked block by block.
	mock_start jump
	XDG_CACHE_HOME=$T_TMP/cachejump t_run "$DBCSIGN" tx confirm --rent-id 42 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 3 "best block jump"
	expect_err_match "jumped from #1000000 to #4294967295: not following it; resend the same signed bytes" "best block jump: message"
	mock_stop

	# Server text in an RPC error is escaped: one line, no escape sequence reaches the terminal.
	mock_start evilerror
	XDG_CACHE_HOME=$T_TMP/cacheerr t_run "$DBCSIGN" tx decode "$WANT" --rpc "$URL"
	expect_rc 3 "hostile RPC error"; expect_err_one_line "hostile RPC error: one line"
	expect_err_match 'busy\\x1b\[2K\\x0aforged: ok' "hostile RPC error escaped"
	if grep -q "$(printf '\033')" "$ERR"; then t_bad "raw ESC on stderr"; else t_ok; fi
	mock_stop

	# Cache poisoning (security review 5): what a hostile node sent is cached for that node only;
	# a later session against another node (started while the first still runs, so the ports
	# and URLs differ) fetches and shows that node's own metadata.
	mock_start evildoc
	EVIL_PID=$MOCK_PID; EVIL_URL=$URL
	XDG_CACHE_HOME=$T_TMP/cachepoison t_run "$DBCSIGN" tx decode "$WANT" --rpc "$EVIL_URL"
	expect_rc 0 "hostile node: decode (fills its cache entry)"
	mock_start rentfail
	XDG_CACHE_HOME=$T_TMP/cachepoison t_run "$DBCSIGN" tx confirm --rent-id 42 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 1 "honest node after a hostile one"
	expect_err_match "metadata: blake2b-256 $MDH \(from the node\)" "honest node's own metadata, not the hostile cache entry"
	if grep -q 'Bad' "$ERR"; then t_bad "hostile doc from the cache shown"; else t_ok; fi
	mock_stop
	MOCK_PID=$EVIL_PID; mock_stop
	if [ "$(ls "$T_TMP/cachepoison/dbcsign/" | grep -c '^metadata-')" = 2 ]; then t_ok; else t_bad "one cache entry per node"; fi

	# Stale bytes found in no recent block: a rejection that keeps the node's reason (the
	# look-back's own calls used to blank it).
	mock_start stale
	t_run "$DBCSIGN" tx submit "$WANT" --wait --rpc "$URL"
	expect_rc 1 "stale and not included"; expect_out_empty "stale: stdout"
	expect_err_match "rejected by the node: the nonce was already used.*not in the last [0-9]+ blocks" "stale: reason kept"
	mock_stop

	mock_start submithang
	rm -f "$T_TMP/submitted.all"
	DBCSIGN_RPC_TIMEOUT=1 t_run "$DBCSIGN" tx confirm --rent-id 1 --rpc "$URL" --suri-file "$KEY" --scheme ed25519 --yes
	expect_rc 3 "submit never answered"; expect_out_empty "submit timeout: stdout"
	expect_err_match "resend the same signed bytes: dbcsign tx submit $WANT" "resend hint with the same bytes"
	if [ "$(sort -u "$T_TMP/submitted.all" 2>/dev/null)" = "$WANT" ] && [ "$(wc -l <"$T_TMP/submitted.all")" -eq 3 ]; then
		t_ok; else t_bad "three attempts, all with the same signed bytes"; fi
	mock_stop

	mock_start v15
	XDG_CACHE_HOME=$T_TMP/cache15 expect_bad_input "node metadata v15" "$DBCSIGN" tx decode "$WANT" --rpc "$URL"
	expect_err_match "unsupported metadata version 15" "node v15 message"
	mock_stop

	t_run "$DBCSIGN" tx decode "$WANT" --rpc http://127.0.0.1:9
	expect_rc 3 "connection refused"; expect_err_one_line "refused: one line"
else
	t_skip "node missing: online tests"
fi

t_done
