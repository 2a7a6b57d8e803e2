#!/bin/sh
# End-to-end: dbcsign tx against DBC's REAL runtime. chopsticks (npm @acala-network/chopsticks
# 1.5.1, pinned in package-lock.json) runs the genesis runtime (spec 400, tx 1) of
# $DBCSIGN_SHARED/fixtures/dbc/dbc-spec-v4.json offline on 127.0.0.1 (see fixtures/dbc/SOURCES.md,
# spec/environment.md §6). The test seeds a rentable machine into storage with dev_setStorage
# (facts from DeepBrainChain-MainChain @ 19707fa8, the spec-400 source: pallets/rent-machine
# rent_machine_by_block / confirm_rent / relet_machine_by_block, online-profile get_machine_price,
# dbc-price-ocw get_dbc_amount_by_value, generic-func pay_fixed_tx_fee), then drives
# rent → confirm → relet with sr25519 and ed25519 keys through the default flow, the air-gapped
# flow (--unsigned → tx sign with no network → tx submit --wait) and --offline, and checks that
# the runtime's own outcome (events, module errors, invalid-transaction reasons) is decoded by name.
# One chopsticks for the whole suite, always stopped.
T_NAME=e2e
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/chain.sh"
# On failure, say whether the node died (the OOM killer has been seen here) and show its errors;
# then the closing count line, which must be the last line.
e2e_done() {
	if [ "$T_FAIL" -gt 0 ] && [ -n "$E2E_PID" ]; then
		kill -0 "$E2E_PID" 2>/dev/null || echo "e2e: chopsticks (pid $E2E_PID) is no longer running"
		[ -f "$T_TMP/chopsticks.log" ] && grep -E 'ERROR|FATAL' "$T_TMP/chopsticks.log" | tail -n 5 | sed 's/^/  chopsticks: /'
	fi
	e2e_stop
	t_done
}
e2e_cleanup() { e2e_stop; rm -rf "$T_TMP"; }
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM HUP

for tool in node curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		if [ "${CI:-}" = true ]; then T_FAIL=$((T_FAIL + 1)); echo "FAIL e2e: $tool not installed"
		else t_skip "$tool not installed"; fi
		t_done; exit $?
	fi
done
# The suite takes minutes: test one fixed copy of the binary, even if it is rebuilt meanwhile.
if [ -f "$DBCSIGN" ] && cp "$DBCSIGN" "$T_TMP/dbcsign"; then DBCSIGN=$T_TMP/dbcsign; fi
# Tests must not touch the user's cache or a default node.
export XDG_CACHE_HOME=$T_TMP/cache
unset DBCSIGN_RPC
MD=$(shared fixtures/dbc/metadata-v14-spec400.scale) || { t_done; exit $?; }
if ! e2e_start; then
	# shared() already counted a missing genesis; anything else is a real failure.
	[ -e "$DBCSIGN_SHARED/fixtures/dbc/dbc-spec-v4.json" ] && T_FAIL=$((T_FAIL + 1))
	t_done; exit $?
fi
RPC="--rpc $E2E_URL"

# ---------------------------------------------------------------- helpers
# expect_json JQ_EXPR WANT DESC: a field of the JSON on stdout
expect_json() {
	got=$(jq -r "$1" "$OUT" 2>/dev/null)
	if [ "$got" = "$2" ]; then t_ok; else t_bad "$3: $1 = '$got', want '$2'"; fi
}
# expect_module_error NAME DESC: ExtrinsicFailed decoded by name, exit 1
expect_module_error() {
	expect_rc 1 "$2"
	expect_err_match "failed in block #[0-9]+: rentMachine\\.$1( |\$)" "$2: rentMachine.$1 by name"
}
rent_id_of_out() { sed -n 's/^rent_id: //p' "$OUT"; }
# airgap FROM "KEY SOURCE ARGS" TX-ARGS...: online request (address only) → offline signature.
# tx sign runs with DBCSIGN_RPC on a closed port and no --rpc: it must not need the network.
airgap() {
	ag_from=$1; ag_key=$2; shift 2
	rm -f "$T_TMP/req.json" "$T_TMP/signed.json"
	t_run "$DBCSIGN" tx "$@" $RPC --unsigned --from "$ag_from" -o "$T_TMP/req.json"
	expect_rc 0 "air-gapped request: tx $*"
	t_run env DBCSIGN_RPC=http://127.0.0.1:9 "$DBCSIGN" tx sign "$T_TMP/req.json" $ag_key --yes \
		-o "$T_TMP/signed.json"
	expect_rc 0 "air-gapped offline signature: tx $*"
}
# flip_sig_byte HEX: the extrinsic with byte 40 (inside the 64-byte signature, which starts at
# byte 37: 2-byte compact length, 0x84, 0x00, 32-byte signer, signature type) XOR 1.
flip_sig_byte() {
	fb_pre=$(printf %s "$1" | cut -c1-82)
	fb_b=$(printf %s "$1" | cut -c83-84)
	fb_post=$(printf %s "$1" | cut -c85-)
	printf '%s%02x%s\n' "$fb_pre" $((0x$fb_b ^ 1)) "$fb_post"
}

# ---------------------------------------------------------------- the node
t_run e2e_result state_getRuntimeVersion '[]'
expect_json '.specName + " " + (.specVersion|tostring) + " " + (.transactionVersion|tostring)' \
	"DeepBrainChain 400 1" "chopsticks runs DBC's genesis runtime"
G=$(e2e_result chain_getBlockHash '[0]' | tr -d '"')
# chopsticks reports its own block-0 hash (0x4545…45), not mainnet's 0x03aa6b47…: read it, never assume.
case $G in 0x????????????????????????????????????????????????????????????????) t_ok ;;
*) t_bad "genesis hash from the node: '$G'" ;; esac

# ---------------------------------------------------------------- keys and accounts
DBC=1000000000000000          # 1 DBC = 10^15 planck
FUNDS=1000000$DBC             # 1,000,000 DBC each
addr_of() { "$DBCSIGN" inspect "$@" --output json </dev/null | jq -r .ss58Address; }
ALICE=$(addr_of --suri //Alice)                    # sr25519, default flow
BOB_ED=$(addr_of --suri //Bob --scheme ed25519)    # ed25519, default flow
ED_KEY=$T_TMP/ed.seed                              # ed25519 seed from a file, air-gapped flow
(umask 077; echo 0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60 >"$ED_KEY")
ED=$(addr_of --suri-file "$ED_KEY" --scheme ed25519)
ED_SIGNER="--suri-file $ED_KEY --scheme ed25519"
SR_KEY=$T_TMP/sr.suri                              # sr25519 from a file, air-gapped flow
(umask 077; echo //Ferdie >"$SR_KEY")
SR=$(addr_of --suri-file "$SR_KEY")
SR_SIGNER="--suri-file $SR_KEY"
EC=$(addr_of --suri //Alice --scheme ecdsa)        # ecdsa: account = blake2_256(compressed key)
# The ed25519 seed also as an encrypted wallet key (polkadot-js keystore) for one air-gapped signature.
export DBCSIGN_HOME=$T_TMP/wallets
PW=$T_TMP/pw
(umask 077; echo "e2e wallet password" >"$PW")
t_run "$DBCSIGN" wallet import e2e-ed --suri-file "$ED_KEY" --scheme ed25519 --new-password-file "$PW"
expect_rc 0 "wallet import of the ed25519 seed"
STASH=$(addr_of --suri //Charlie)                  # machine owner (receives the rent)
POT=$(addr_of --suri //Dave)                       # RentMachine.RentFeePot
# fixed, independently known addresses (RFC 8032 test 1 seed and //Alice: dbc-chain.md §7)
if [ "$ED" = 5Gw54ghuAHodDGAS91DUxqvKa6PeT9bhDdns3ztBupY8pSyn ] &&
	[ "$ALICE" = 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY ]; then t_ok; else t_bad "test addresses"; fi
for a in "$ALICE" "$BOB_ED" "$ED" "$SR" "$EC"; do
	if e2e_fund "$a" "$FUNDS"; then t_ok; else t_bad "dev_setStorage funding $a"; fi
done

# ---------------------------------------------------------------- a rentable machine
# rent_machine needs: OnlineProfile.MachinesInfo[id] Online with committee gpu_num > 0 (else it
# returns Ok doing nothing), StandardGPUPointPrice (price per day = gpu_price × calc_point /
# gpu_point × rented/total), DBCPriceOCW.AvgPrice (USD×10^6 per DBC), GenericFunc.FixedTxFee (the
# 10 DBC order fee, slashed to the treasury); confirm/relet pay the rent to machine_stash and
# RentMachine.RentFeePot. M1: 4 GPUs, Online. M2: not yet verified (CommitteeVerifying). M3: 8 GPUs.
M1=285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a
M2=8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48
M3=d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d
MX=00000000000000000000000000000000000000000000000000000000000000ff   # never bonded
machine() {  # machine ID STATUS GPUS
	printf '[["%s"],{"controller":"%s","machine_stash":"%s","machine_status":"%s","machine_info_detail":{"committee_upload_info":{"machine_id":"%s","gpu_num":%s,"calc_point":1000}}}]' \
		"$1" "$STASH" "$STASH" "$2" "$1" "$3"
}
SEED="{\"OnlineProfile\":{\"MachinesInfo\":[$(machine $M1 Online 4),$(machine $M2 CommitteeVerifying 1),$(machine $M3 Online 8)],
 \"StandardGPUPointPrice\":{\"gpu_point\":1000,\"gpu_price\":5000}},
 \"DbcPriceOCW\":{\"AvgPrice\":1000},
 \"GenericFunc\":{\"FixedTxFee\":\"10$(printf %015d 0)\"},
 \"RentMachine\":{\"RentFeePot\":\"$POT\"}}"
if e2e_set "$SEED"; then t_ok; else t_bad "dev_setStorage: seeding machines"; fi
# Read the seed back with polkadot-js, so a failure later cannot come from a half-seeded chain.
t_run node "$E2E_DIR/query.mjs" "$E2E_URL" rentMachine.rentFeePot dbcPriceOCW.avgPrice \
	onlineProfile.standardGPUPointPrice "onlineProfile.machinesInfo:[\"$M1\"]" "system.account:[\"$ED\"]"
if [ "$RC" -eq 0 ] && [ "$(jq -sc '[.[0], .[1], .[2].gpuPrice, .[3].machineInfoDetail.committeeUploadInfo.gpuNum, (.[4].data.free|tostring)]' "$OUT")" = \
	"[\"$POT\",1000,5000,4,\"$FUNDS\"]" ]; then t_ok; else t_bad "seeded storage reads back"; fi

# ================================================================ default flow, sr25519 (//Alice)
t_run "$DBCSIGN" tx rent --machine $M1 --gpus 1 --duration 300 $RPC --suri //Alice --yes
expect_rc 0 "sr25519 rent"
expect_out_match "^event: rentMachine\\.Rent \\[\"[0-9]+\",\"$ALICE\",\"$M1\",1,300," "sr25519: Rent event decoded"
expect_out_match '^event: genericFunc\.TxFeeToTreasury' "the 10 DBC order fee was charged"
expect_out_match '^event: system\.ExtrinsicSuccess' "sr25519 rent: ExtrinsicSuccess"
RID_A=$(rent_id_of_out)
case $RID_A in [0-9]*) t_ok ;; *) t_bad "sr25519 rent: rent_id printed" ;; esac
t_run "$DBCSIGN" tx confirm --rent-id "$RID_A" $RPC --suri //Alice --yes
expect_rc 0 "sr25519 confirm"
expect_out_match "^event: rentMachine\\.ConfirmRent \\[\"$RID_A\",\"$ALICE\",\"$M1\",1,300," "sr25519: ConfirmRent event"
expect_out_match "^event: balances\\.Transfer \\{\"from\":\"$ALICE\",\"to\":\"$STASH\"" "rent paid to the machine's stash"
t_run "$DBCSIGN" tx relet --rent-id "$RID_A" --duration 100 $RPC --suri //Alice --yes
expect_rc 0 "sr25519 relet"
expect_out_match "^event: rentMachine\\.Relet \\[\"$RID_A\",\"$ALICE\",\"$M1\",1,100," "sr25519: Relet event (100 blocks)"

# ================================================================ default flow, ed25519 (//Bob), JSON
t_run "$DBCSIGN" tx rent --machine $M1 --gpus 1 --duration 1h $RPC --suri //Bob --scheme ed25519 --yes --output json
expect_rc 0 "ed25519 rent (json)"
expect_json '.success' true "ed25519 rent: success"
expect_json '[.events[] | select(.name == "rentMachine.Rent") | .data[1], .data[3], .data[4]] | join(" ")' \
	"$BOB_ED 1 600" "ed25519: Rent event (1h = 600 blocks with the chain's 6 s block time)"
RID_B=$(jq -r '.rent_id // empty' "$OUT")
case $RID_B in [0-9]*) if [ "$RID_B" != "$RID_A" ]; then t_ok; else t_bad "new rent_id"; fi ;;
*) t_bad "ed25519 rent: rent_id in JSON" ;; esac
t_run "$DBCSIGN" tx confirm --rent-id "$RID_B" $RPC --suri //Bob --scheme ed25519 --yes --output json
expect_rc 0 "ed25519 confirm"
expect_json '[.events[].name] | index("rentMachine.ConfirmRent") != null' true "ed25519: ConfirmRent event"
t_run "$DBCSIGN" tx relet --rent-id "$RID_B" --duration 30m $RPC --suri //Bob --scheme ed25519 --yes --output json
expect_rc 0 "ed25519 relet"
expect_json '[.events[] | select(.name == "rentMachine.Relet") | .data[0], .data[4]] | join(" ")' \
	"$RID_B 300" "ed25519: Relet event (30m = 300 blocks)"

# ================================================================ default flow, ecdsa (//Alice)
# Not required by DBC renters, but dbcsign offers it: the runtime recovers the key from the
# 65-byte signature over blake2_256(payload) and must find the blake2 account.
t_run "$DBCSIGN" tx rent --machine $M3 --gpus 1 --duration 300 $RPC --suri //Alice --scheme ecdsa --yes
expect_rc 0 "ecdsa rent"
expect_out_match "^event: rentMachine\\.Rent \\[\"[0-9]+\",\"$EC\",\"$M3\",1,300," "ecdsa: Rent event for the blake2 account"
RID_C=$(rent_id_of_out)
t_run "$DBCSIGN" tx confirm --rent-id "$RID_C" $RPC --suri //Alice --scheme ecdsa --yes
expect_rc 0 "ecdsa confirm"
expect_out_match "^event: rentMachine\\.ConfirmRent \\[\"$RID_C\",\"$EC\"," "ecdsa: ConfirmRent event"

# ================================================================ air-gapped, ed25519 seed file
airgap "$ED" "$ED_SIGNER" rent --machine $M1 --gpus 1 --duration 600
cp "$T_TMP/req.json" "$OUT"
expect_json '.genesis + " " + (.spec_version|tostring) + " " + (.tx_version|tostring) + " " + .from' \
	"$G 400 1 $ED" "request: genesis, versions and signer read from the node"
cp "$T_TMP/signed.json" "$T_TMP/rent-ed.json"
HASH_ED=$(jq -r .hash "$T_TMP/rent-ed.json")
t_run "$DBCSIGN" tx submit "$T_TMP/rent-ed.json" --wait $RPC
expect_rc 0 "air-gapped ed25519 rent submitted"
expect_out_match "^hash: $HASH_ED\$" "the node included the hash tx sign announced"
expect_out_match "^event: rentMachine\\.Rent \\[\"[0-9]+\",\"$ED\",\"$M1\",1,600," "air-gapped ed25519: Rent event"
RID_E=$(rent_id_of_out)
BLOCK_E=$(sed -n 's/^included in block #\([0-9]*\).*/\1/p' "$OUT")
case $RID_E in [0-9]*) t_ok ;; *) t_bad "air-gapped ed25519: rent_id" ;; esac

# Resubmitting the very same signed extrinsic later: success with the same hash and block,
# never re-signed (the node answers "stale"; dbcsign finds the bytes in a recent block).
NONCE_ED=$(e2e_nonce "$ED")
t_run "$DBCSIGN" tx submit "$T_TMP/rent-ed.json" --wait $RPC
expect_rc 0 "resubmitting an included extrinsic is success"
expect_out_match "^hash: $HASH_ED\$" "resubmit: same hash"
expect_out_match "^included in block #$BLOCK_E " "resubmit: found in the block it went into"
if [ "$(e2e_nonce "$ED")" = "$NONCE_ED" ]; then t_ok; else t_bad "resubmit sent nothing new"; fi

airgap "$ED" "--key e2e-ed --password-file $PW" confirm --rent-id "$RID_E"   # the same key, from an encrypted wallet
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC --output json
expect_rc 0 "air-gapped ed25519 confirm"
expect_json '[.events[] | select(.name == "rentMachine.ConfirmRent") | .data[0]] | join(" ")' "$RID_E" "air-gapped ed25519: ConfirmRent"
airgap "$ED" "$ED_SIGNER" relet --rent-id "$RID_E" --duration 150
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_rc 0 "air-gapped ed25519 relet"
expect_out_match "^event: rentMachine\\.Relet \\[\"$RID_E\",\"$ED\",\"$M1\",1,150," "air-gapped ed25519: Relet (no multiple-of-300 rule)"

# ================================================================ air-gapped, sr25519 SURI file
airgap "$SR" "$SR_SIGNER" rent --machine $M1 --gpus 1 --duration 300
t_run "$DBCSIGN" tx decode "$T_TMP/signed.json" $RPC --output json
expect_rc 0 "decode the signed request against the node"
expect_json '.signer + " " + .signature_type + " " + .call.pallet + "." + .call.call + " " + .call.args.machine_id' \
	"$SR sr25519 RentMachine.rent_machine $M1" "decoded: signer, scheme, call and machine id as text"
SIGNED_SR=$(jq -r .extrinsic "$T_TMP/signed.json")
# A tampered signature must be rejected by the runtime, clearly, and nothing may land.
NONCE_SR=$(e2e_nonce "$SR")
BAD=$(flip_sig_byte "$SIGNED_SR")
if [ "$BAD" != "$SIGNED_SR" ] && [ ${#BAD} -eq ${#SIGNED_SR} ]; then t_ok; else t_bad "tampering helper"; fi
t_run "$DBCSIGN" tx submit "$BAD" --wait $RPC
expect_rc 1 "tampered signature rejected"
expect_err_match "bad signature|badProof|bad proof" "tampered: the message names the bad signature"
expect_err_one_line "tampered: one error line"
expect_out_empty "tampered: nothing on stdout"
if [ "$(e2e_nonce "$SR")" = "$NONCE_SR" ]; then t_ok; else t_bad "tampered extrinsic changed the nonce"; fi
# ...while the untampered bytes go through.
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_rc 0 "air-gapped sr25519 rent"
expect_out_match "^event: rentMachine\\.Rent \\[\"[0-9]+\",\"$SR\",\"$M1\",1,300," "air-gapped sr25519: Rent event"
RID_S=$(rent_id_of_out)
airgap "$SR" "$SR_SIGNER" confirm --rent-id "$RID_S"
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_rc 0 "air-gapped sr25519 confirm"
expect_out_match "^event: rentMachine\\.ConfirmRent \\[\"$RID_S\",\"$SR\"," "air-gapped sr25519: ConfirmRent"
airgap "$SR" "$SR_SIGNER" relet --rent-id "$RID_S" --duration 2h
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_rc 0 "air-gapped sr25519 relet"
expect_out_match "^event: rentMachine\\.Relet \\[\"$RID_S\",\"$SR\",\"$M1\",1,1200," "air-gapped sr25519: Relet (2h = 1200 blocks)"
# The air-gapped path reports a module error exactly like the default flow (exit 1, by name).
airgap "$SR" "$SR_SIGNER" confirm --rent-id 424242
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_module_error Unknown "air-gapped confirm of a rent id that does not exist"

# ================================================================ --offline (explicit context)
N=$(e2e_nonce "$ALICE")
t_run "$DBCSIGN" tx relet --rent-id "$RID_A" --duration 300 --offline --metadata "$MD" --genesis "$G" \
	--spec-version 400 --tx-version 1 --nonce "$N" --era immortal --suri //Alice --output json
expect_rc 0 "--offline relet"
cp "$OUT" "$T_TMP/offline.json"
t_run "$DBCSIGN" tx submit "$T_TMP/offline.json" --wait $RPC
expect_rc 0 "--offline extrinsic (immortal era, shared genesis metadata) accepted"
expect_out_match "^event: rentMachine\\.Relet \\[\"$RID_A\",\"$ALICE\"" "--offline: Relet event"

# ================================================================ module errors, by name
# M1's 4 GPUs are all rented now.
t_run "$DBCSIGN" tx rent --machine $M1 --gpus 1 --duration 300 $RPC --suri //Alice --yes
expect_module_error GPUNotEnough "rent a fully rented machine"
t_run "$DBCSIGN" tx rent --machine $MX --gpus 1 --duration 300 $RPC --suri //Alice --yes
expect_module_error Unknown "rent a machine that does not exist"
t_run "$DBCSIGN" tx rent --machine $M2 --gpus 1 --duration 300 $RPC --suri //Bob --scheme ed25519 --yes
expect_module_error MachineNotRentable "rent a machine that is not online"
# The runtime's own half-hour rule (tx call skips dbcsign's client-side check).
t_run "$DBCSIGN" tx call RentMachine.rent_machine --args "[\"$M3\",1,301]" $RPC --suri //Alice --yes
expect_module_error OnlyHalfHourAllowed "runtime: duration not a multiple of 300"
t_run "$DBCSIGN" tx confirm --rent-id 999999 $RPC --suri //Alice --yes --output json
expect_rc 1 "confirm a rent id that does not exist (json)"
expect_json '.success | tostring' false "json: success false"
expect_json '.error.name' rentMachine.Unknown "json: error by name"
t_run "$DBCSIGN" tx confirm --rent-id "$RID_A" $RPC --suri //Alice --yes
expect_module_error NoOrderExist "confirm a rent twice"
t_run "$DBCSIGN" tx relet --rent-id "$RID_A" --duration 300 $RPC --suri //Bob --scheme ed25519 --yes
expect_module_error NotMachineRenter "relet someone else's rent"
t_run "$DBCSIGN" tx call rentMachine.reletMachine --args "[$RID_A,99]" $RPC --suri //Alice --yes
expect_module_error ReletTooShort "runtime: relet shorter than 100 blocks"
# dbcsign's own check refuses the same relet before anything is signed or sent.
N=$(e2e_nonce "$ALICE")
expect_bad_input "client-side: relet shorter than 100 blocks" \
	"$DBCSIGN" tx relet --rent-id "$RID_A" --duration 99 $RPC --suri //Alice --yes
if [ "$(e2e_nonce "$ALICE")" = "$N" ]; then t_ok; else t_bad "client-side refusal submitted something"; fi
# An account with no funds: the node refuses the transaction (invalid: payment).
t_run "$DBCSIGN" tx confirm --rent-id "$RID_A" $RPC --suri //Eve --yes
expect_rc 1 "unfunded account rejected"
expect_err_match "rejected.*(fee|payment)" "unfunded: reason named"

# ================================================================ stale bytes that never landed
# A signed extrinsic whose nonce was used meanwhile by ANOTHER extrinsic is not "already
# included": the look-back must not find it, the command fails (exit 1) and says why.
airgap "$ED" "$ED_SIGNER" confirm --rent-id "$RID_E"
cp "$T_TMP/signed.json" "$T_TMP/old.json"
t_run "$DBCSIGN" tx confirm --rent-id 777777 $RPC --suri-file "$ED_KEY" --scheme ed25519 --yes
expect_module_error Unknown "another extrinsic takes the nonce"
t_run "$DBCSIGN" tx submit "$T_TMP/old.json" --wait $RPC
expect_rc 1 "stale extrinsic (nonce used by other bytes) is a rejection, not success"
expect_out_empty "stale: nothing reported as included"
expect_err_match "stale|already used|outdated" "stale: the reason is named"

# ================================================================ what the runtime stored (read with polkadot-js)
# Independent of dbcsign's event decoding: RentInfo per order (renter, status, total blocks
# rented = rent + relets), the machine's rented GPU count and status.
if node "$E2E_DIR/query.mjs" "$E2E_URL" "rentMachine.rentInfo:[$RID_A]" "rentMachine.rentInfo:[$RID_B]" \
	"rentMachine.rentInfo:[$RID_E]" "rentMachine.rentInfo:[$RID_S]" "onlineProfile.machineRentedGPU:[\"$M1\"]" \
	"onlineProfile.machinesInfo:[\"$M1\"]" "rentMachine.userOrder:[\"$ALICE\"]" >"$OUT" 2>"$ERR"; then
	t_ok
	order() {  # LINE WHO BLOCKS
		if sed -n "$1p" "$OUT" | jq -e --arg who "$2" --argjson n "$3" \
			'.renter == $who and .rentStatus == "Renting" and .gpuNum == 1 and .stakeAmount == 0 and .rentEnd - .rentStart == $n' >/dev/null
		then t_ok; else t_bad "stored order $1: want renter $2, Renting, 1 GPU, $3 blocks"; fi
	}
	order 1 "$ALICE" 700     # 300 + relet 100 + --offline relet 300
	order 2 "$BOB_ED" 900    # 1h + 30m
	order 3 "$ED" 750        # 600 + 150
	order 4 "$SR" 1500       # 300 + 2h
	if [ "$(sed -n 5p "$OUT")" = 4 ]; then t_ok; else t_bad "M1: 4 GPUs rented"; fi
	if sed -n 6p "$OUT" | jq -e '.machineStatus | (if type == "string" then . else keys[0] end) | ascii_downcase == "rented"' >/dev/null; then t_ok; else t_bad "M1 status Rented"; fi
	if sed -n 7p "$OUT" | jq -e --argjson id "$RID_A" 'index($id) != null' >/dev/null; then t_ok; else t_bad "Alice's order list"; fi
else
	t_bad "query.mjs (polkadot-js storage reads)"
fi

# ================================================================ a wait that times out, then the same bytes again
# Manual block mode: nothing is included until dev_newBlock, so the wait must time out (exit 3)
# and say how to resend the SAME signed bytes; resending them (pending, then included) is
# success with the same hash, and the account's nonce moves by one.
if e2e_rpc dev_setBlockBuildMode '["Manual"]' | grep -qv '"error"'; then t_ok; else t_bad "manual block mode"; fi
N=$(e2e_nonce "$ED")
airgap "$ED" "$ED_SIGNER" relet --rent-id "$RID_E" --duration 100
H=$(jq -r .hash "$T_TMP/signed.json")
X=$(jq -r .extrinsic "$T_TMP/signed.json")
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait --timeout 2 $RPC
expect_rc 3 "wait timed out (no block is built)"
expect_err_match "$H.*not in a block" "timeout: names the hash"
expect_err_match "tx submit $X" "timeout: tells how to resend the same bytes"
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --no-wait $RPC
expect_rc 0 "the same bytes again while pending"; expect_out "$H" "pending resend: same hash"
e2e_result dev_newBlock '[]' >/dev/null
e2e_rpc dev_setBlockBuildMode '["Instant"]' >/dev/null
t_run "$DBCSIGN" tx submit "$T_TMP/signed.json" --wait $RPC
expect_rc 0 "after the block: the resent extrinsic is success"
expect_out_match "^hash: $H\$" "after the block: same hash"
expect_out_match "^event: rentMachine\\.Relet \\[\"$RID_E\",\"$ED\",\"$M1\",1,100," "after the block: the Relet event"
if [ "$(e2e_nonce "$ED")" = "$((N + 1))" ]; then t_ok; else t_bad "three submissions used one nonce"; fi

# ================================================================ 200 blocks later
# chopsticks' unsafeBlockHeight builds the next block with a chosen number (building 200 blocks
# one by one takes minutes). Hooks of the skipped blocks do not run, so an unconfirmed order
# outlives its 150-block confirmation window, and a 64-block era signed before is dead.
t_run "$DBCSIGN" tx rent --machine $M3 --gpus 2 --duration 300 $RPC --suri //Alice --yes
expect_rc 0 "rent on M3"
RID_X=$(rent_id_of_out)
airgap "$SR" "$SR_SIGNER" relet --rent-id "$RID_S" --duration 300
cp "$T_TMP/signed.json" "$T_TMP/late.json"
NUM=$(e2e_result chain_getHeader '[]' | jq -r .number)
if e2e_result dev_newBlock "[{\"unsafeBlockHeight\":$((NUM + 200))}]" >/dev/null; then t_ok; else t_bad "jump 200 blocks"; fi
t_run "$DBCSIGN" tx confirm --rent-id "$RID_X" $RPC --suri //Alice --yes
expect_module_error ExpiredConfirm "confirm after the 150-block window"
N=$(e2e_nonce "$SR")
t_run "$DBCSIGN" tx submit "$T_TMP/late.json" --wait $RPC
expect_rc 1 "air-gapped extrinsic submitted after its era ended"
expect_err_match "era|ancientBirthBlock" "expired era: reason named"
if [ "$(e2e_nonce "$SR")" = "$N" ]; then t_ok; else t_bad "expired extrinsic changed the nonce"; fi

e2e_done
