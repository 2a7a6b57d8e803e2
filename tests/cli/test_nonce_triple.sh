# dbcsign nonce / triple: formats, counts, bad input, and every printed signature checked with
# `dbcsign verify` (sr25519 over the raw nonce bytes). Key KA (seed -> 5Dy8ULx1...) is from
# ../shared/fixtures/dbc/node-auth.json (DBC-Wiki @ 66a29502, see fixtures/dbc/SOURCES.md).
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
B58='[1-9A-HJ-NP-Za-km-z]'
KA_SEED=b0afb3faa47534b5348b4ea731b75deae179b0e6f13a80bf2fe9c4307bf97fe9
KA=5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
SID=663dmJngqu1yUmENnFM6PEsaeCKXTc4XHj6NfYbnA1ooLXuMDpNLmZu

# check_sig DESC WALLET MESSAGE SIGN: verify with the verify command (exit 0 = valid).
check_sig() {
	if "$D" verify --signature "$4" --public "$2" --message "$3" >/dev/null 2>&1; then t_ok
	else t_bad "$1: signature does not verify ($2 / $3 / $4)"; fi
}
# must_not_verify DESC WALLET MESSAGE SIGN
must_not_verify() {
	"$D" verify --signature "$4" --public "$2" --message "$3" >/dev/null 2>&1
	if [ $? -eq 1 ]; then t_ok; else t_bad "$1: tampered triple verifies"; fi
}

# ---- nonce ----
t_run "$D" nonce
expect_rc 0 "nonce"
expect_out_match "^${B58}{55}\$" "nonce is 55 base58 chars"
[ "$(wc -l <"$OUT")" -eq 1 ] && t_ok || t_bad "nonce: one line"

t_run "$D" nonce --count 20
expect_rc 0 "nonce --count 20"
[ "$(grep -cE "^${B58}{55}\$" "$OUT")" -eq 20 ] && t_ok || t_bad "20 well-formed nonces"
[ "$(sort -u "$OUT" | wc -l)" -eq 20 ] && t_ok || t_bad "20 distinct nonces"
t_run "$D" nonce -n 3
[ "$(wc -l <"$OUT")" -eq 3 ] && t_ok || t_bad "nonce -n 3"
# A nonce decodes (Base58Check) to a v4 UUID: checked through node's own Base58 when available.
if command -v node >/dev/null 2>&1 && [ -d "$(dirname "$0")/../interop/node_modules/@polkadot/util-crypto" ]; then
	n=$(head -n1 "$OUT")
	u=$(cd "$(dirname "$0")/../interop" && node --input-type=module -e "
import { base58Decode, sha256AsU8a } from '@polkadot/util-crypto';
import { u8aToString, u8aEq } from '@polkadot/util';
const b = base58Decode(process.argv[1]); const p = b.subarray(0, b.length - 4);
const ok = u8aEq(sha256AsU8a(sha256AsU8a(p)).subarray(0, 4), b.subarray(b.length - 4));
console.log(ok ? u8aToString(p) : 'BADCHECKSUM');" "$n")
	if echo "$u" | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'; then t_ok
	else t_bad "nonce $n decodes to '$u', not a lowercase v4 UUID"; fi
fi
expect_bad_input "nonce --count 0" "$D" nonce --count 0
expect_bad_input "nonce --count x" "$D" nonce --count x
expect_bad_input "nonce --count 100001" "$D" nonce --count 100001
expect_bad_input "nonce operand" "$D" nonce extra
expect_bad_input "nonce unknown option" "$D" nonce --bogus
expect_bad_input "nonce --count twice" "$D" nonce --count 1 --count 2
t_run "$D" nonce --help
expect_rc 0 "nonce --help"
expect_out_match "Base58Check" "nonce --help text"

# ---- triple: json (default) ----
t_run "$D" triple --suri //Alice
expect_rc 0 "triple json"
w=$(jq -r .wallet "$OUT"); n=$(jq -r .nonce "$OUT"); s=$(jq -r .sign "$OUT")
[ "$w" = "$ALICE" ] && t_ok || t_bad "triple wallet is //Alice's SS58-42 ($w)"
echo "$n" | grep -Eq "^${B58}{55}\$" && t_ok || t_bad "triple nonce format ($n)"
echo "$s" | grep -Eq '^[0-9a-f]{128}$' && t_ok || t_bad "triple sign: 128 lowercase hex, no 0x ($s)"
[ "$(jq -r 'keys_unsorted|join(",")' "$OUT")" = "wallet,nonce,sign" ] && t_ok || t_bad "json keys"
check_sig "triple json" "$w" "$n" "$s"
tampered=$(echo "$n" | sed 's/^\(.\)./\1z/')
[ "$tampered" != "$n" ] || tampered=$(echo "$n" | sed 's/^\(.\)./\1y/')
must_not_verify "triple json tampered nonce" "$w" "$tampered" "$s"
must_not_verify "triple json other wallet" "$KA" "$n" "$s"

# seed file → the documented wallet KA
printf '0x%s\n' "$KA_SEED" >"$T_TMP/ka.suri"; chmod 600 "$T_TMP/ka.suri"
t_run "$D" triple --suri-file "$T_TMP/ka.suri" --wallet "$KA"
expect_rc 0 "triple with KA seed"
[ "$(jq -r .wallet "$OUT")" = "$KA" ] && t_ok || t_bad "KA seed gives wallet $KA"
check_sig "triple KA" "$KA" "$(jq -r .nonce "$OUT")" "$(jq -r .sign "$OUT")"

# ---- json with session ----
t_run "$D" triple --suri //Alice --session-id "$SID" --output json
expect_rc 0 "triple json session"
[ "$(jq -r 'keys_unsorted|join(",")' "$OUT")" = "wallet,nonce,sign,session_id,session_id_sign" ] && t_ok || t_bad "json session keys"
[ "$(jq -r .session_id "$OUT")" = "$SID" ] && t_ok || t_bad "session_id echoed"
check_sig "triple session nonce" "$ALICE" "$(jq -r .nonce "$OUT")" "$(jq -r .sign "$OUT")"
check_sig "triple session_id_sign" "$ALICE" "$SID" "$(jq -r .session_id_sign "$OUT")"

# ---- --count with json: one object per line, each verifies, nonces distinct ----
t_run "$D" triple --suri //Alice --count 4 -o json
expect_rc 0 "triple --count 4"
[ "$(wc -l <"$OUT")" -eq 4 ] && t_ok || t_bad "4 json lines"
[ "$(jq -r .nonce "$OUT" | sort -u | wc -l)" -eq 4 ] && t_ok || t_bad "4 distinct nonces"
jq -r '[.wallet,.nonce,.sign]|@tsv' "$OUT" >"$T_TMP/trip"
while IFS="$(printf '\t')" read -r w n s; do check_sig "triple --count line" "$w" "$n" "$s"; done <"$T_TMP/trip"

# ---- env: eval-able ----
t_run "$D" triple --suri //Alice -o env --session-id "$SID"
expect_rc 0 "triple env"
expect_out_match '^DBC_WALLET=5' "env DBC_WALLET"
[ "$(grep -c '^DBC_[A-Z_]*=' "$OUT")" -eq 5 ] && t_ok || t_bad "env: 5 variables"
(
	eval "$(cat "$OUT")"
	"$D" verify --signature "$DBC_SIGN" --public "$DBC_WALLET" --message "$DBC_NONCE" >/dev/null 2>&1 &&
	"$D" verify --signature "$DBC_SESSION_ID_SIGN" --public "$DBC_WALLET" --message "$DBC_SESSION_ID" >/dev/null 2>&1 &&
	[ "$DBC_SESSION_ID" = "$SID" ]
) && t_ok || t_bad "env output evals and verifies"
# a session id with shell metacharacters is quoted, so eval cannot run it
t_run "$D" triple --suri //Alice -o env --session-id 'a;touch_x'
expect_rc 0 "triple env odd session id"
( cd "$T_TMP" && eval "$(cat "$OUT")" && [ "$DBC_SESSION_ID" = 'a;touch_x' ] && [ ! -e touch_x ] ) && t_ok || t_bad "env quoting"

# ---- text ----
t_run "$D" triple --suri //Alice -o text
expect_rc 0 "triple text"
expect_out_match "^wallet: $ALICE\$" "text wallet line"
check_sig "triple text" "$ALICE" "$(sed -n 's/^nonce: //p' "$OUT")" "$(sed -n 's/^sign: //p' "$OUT")"

# ---- sign-tool: DBC's exact layout ----
t_run "$D" triple --suri //Alice -o sign-tool --session-id "$SID"
expect_rc 0 "triple sign-tool"
[ "$(sed -n 1p "$OUT")" = "    wallet: $ALICE" ] && t_ok || t_bad "sign-tool line 1"
sed -n 2p "$OUT" | grep -Eq "^     nonce: ${B58}{55}\$" && t_ok || t_bad "sign-tool line 2"
sed -n 3p "$OUT" | grep -Eq '^nonce_sign: [0-9a-f]{128}$' && t_ok || t_bad "sign-tool line 3"
[ "$(sed -n 4p "$OUT")" = "      session_id: $SID" ] && t_ok || t_bad "sign-tool line 4"
sed -n 5p "$OUT" | grep -Eq '^ session_id_sign: [0-9a-f]{128}$' && t_ok || t_bad "sign-tool line 5"
check_sig "triple sign-tool nonce" "$ALICE" "$(sed -n 's/^     nonce: //p' "$OUT")" "$(sed -n 's/^nonce_sign: //p' "$OUT")"
check_sig "triple sign-tool session" "$ALICE" "$SID" "$(sed -n 's/^ session_id_sign: //p' "$OUT")"

# ---- refusals ----
expect_bad_input "triple without key" "$D" triple
expect_bad_input "triple ed25519" "$D" triple --suri //Alice --scheme ed25519
expect_err_match "sr25519" "ed25519 refusal names sr25519"
expect_bad_input "triple ecdsa" "$D" triple --suri //Alice --scheme ecdsa
expect_bad_input "triple --output hex" "$D" triple --suri //Alice --output hex
expect_bad_input "triple bad session id" "$D" triple --suri //Alice --session-id 'a b'
expect_bad_input "triple empty session id" "$D" triple --suri //Alice --session-id ''
expect_bad_input "triple --count 0" "$D" triple --suri //Alice --count 0
expect_bad_input "triple operand" "$D" triple --suri //Alice "$KA_SEED"
expect_bad_input "triple bad --wallet" "$D" triple --suri //Alice --wallet notanaddress
t_run "$D" triple --suri //Alice --wallet "$KA"
expect_rc 1 "triple --wallet mismatch"
expect_out_empty "triple --wallet mismatch"
expect_err_one_line "triple --wallet mismatch"
t_run "$D" triple --help
expect_rc 0 "triple --help"

t_done
