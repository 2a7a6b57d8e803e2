# dbcsign generate: new mnemonics, subkey-style text/JSON output, and its bad inputs.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
# Tests that print a secret: keep the tmp copies private.
umask 077

# --help: usage on stdout, exit 0.
t_run "$D" generate --help
expect_rc 0 "generate --help"
expect_out_match '^usage: dbcsign generate' "generate --help"

# Default: sr25519, 12 words, network 42, the 7-line subkey block.
t_run "$D" generate
expect_rc 0 "generate"
if [ "$(wc -l <"$OUT")" -eq 7 ]; then t_ok; else t_bad "generate: want 7 lines"; fi
expect_out_match '^Secret phrase:       ([a-z]+ ){11}[a-z]+$' "generate: 12-word phrase line"
expect_out_match '^  Network ID:        substrate$' "generate: network line"
expect_out_match '^  Secret seed:       0x[0-9a-f]{64}$' "generate: seed line"
expect_out_match '^  Public key \(hex\):  0x[0-9a-f]{64}$' "generate: public key line"
expect_out_match '^  Account ID:        0x[0-9a-f]{64}$' "generate: account line"
expect_out_match '^  Public key \(SS58\): 5[1-9A-HJ-NP-Za-km-z]{47}$' "generate: ss58 public line"
expect_out_match '^  SS58 Address:      5[1-9A-HJ-NP-Za-km-z]{47}$' "generate: ss58 address line"

# The printed phrase re-derives to the printed key (generate and inspect agree; the
# phrase passes the BIP39 checksum).
sed -n 's/^Secret phrase: *//p' "$OUT" >"$T_TMP/phrase"
pub=$(sed -n 's/^  Public key (hex): *//p' "$OUT")
seed=$(sed -n 's/^  Secret seed: *//p' "$OUT")
T_STDIN=$T_TMP/phrase t_run "$D" inspect --suri-file -
expect_rc 0 "inspect of the generated phrase"
expect_out_match "^  Public key \\(hex\\):  $pub\$" "generated phrase → same public key"
expect_out_match "^  Secret seed:       $seed\$" "generated phrase → same seed"

# Two runs give different phrases (OS randomness; 2^-128 chance of a false failure).
t_run "$D" generate
if [ "$(sed -n 's/^Secret phrase: *//p' "$OUT")" != "$(cat "$T_TMP/phrase")" ]; then t_ok
else t_bad "generate: two runs gave the same phrase"; fi

# JSON: subkey's field names, alphabetical; each word count; each scheme.
for words in 12 15 18 21 24; do
	t_run "$D" generate --words "$words" --output json
	expect_rc 0 "generate --words $words --output json"
	n=$(jq -r .secretPhrase <"$OUT" | wc -w)
	if [ "$n" -eq "$words" ]; then t_ok; else t_bad "--words $words: got $n words"; fi
done
for scheme in sr25519 ed25519 ecdsa; do
	t_run "$D" generate --scheme "$scheme" --output json
	expect_rc 0 "generate --scheme $scheme"
	keys=$(jq -r 'keys_unsorted | join(",")' <"$OUT")
	if [ "$keys" = "accountId,networkId,publicKey,secretPhrase,secretSeed,ss58Address,ss58PublicKey" ]
	then t_ok; else t_bad "generate $scheme JSON keys: $keys"; fi
	# Same key again from the phrase, via inspect with the same scheme.
	jq -r .secretPhrase <"$OUT" >"$T_TMP/phrase"
	jq -S . <"$OUT" >"$T_TMP/gen.json"
	T_STDIN=$T_TMP/phrase t_run "$D" inspect --scheme "$scheme" --suri-file - --output json
	if jq -S . <"$OUT" | cmp -s - "$T_TMP/gen.json"; then t_ok
	else t_bad "generate $scheme: inspect of the phrase differs"; fi
done
# ecdsa: 33-byte public key; the account id is blake2(pub), so the two SS58 forms differ.
t_run "$D" generate --scheme ecdsa --output json
if jq -e '(.publicKey | test("^0x0[23][0-9a-f]{64}$")) and (.accountId | test("^0x[0-9a-f]{64}$"))
          and .ss58PublicKey != .ss58Address and .publicKey != .accountId' <"$OUT" >/dev/null
then t_ok; else t_bad "generate ecdsa: key shapes"; fi

# --network: number or name, re-encodes the addresses.
t_run "$D" generate --network 0 --output json
if jq -e '.networkId == "polkadot" and (.ss58Address | startswith("1"))' <"$OUT" >/dev/null
then t_ok; else t_bad "generate --network 0"; fi
t_run "$D" generate --network kusama
expect_out_match '^  Network ID:        kusama$' "generate --network kusama"
t_run "$D" generate --network dbc
expect_out_match '^  Network ID:        substrate$' "generate --network dbc (= 42)"

# Bad input: exit 2, nothing on stdout, one line on stderr.
expect_bad_input "generate --words 13" "$D" generate --words 13
expect_err_match '--words' "generate --words 13 names the flag"
expect_bad_input "generate --words x" "$D" generate --words x
expect_bad_input "generate unknown scheme" "$D" generate --scheme sr25518
expect_err_match '--scheme' "unknown scheme names the flag"
expect_bad_input "generate reserved network 46" "$D" generate --network 46
expect_bad_input "generate network out of range" "$D" generate --network 16384
expect_bad_input "generate unknown network name" "$D" generate --network nosuchchain
expect_bad_input "generate --output xml" "$D" generate --output xml
expect_bad_input "generate unknown option" "$D" generate --bogus
expect_bad_input "generate operand" "$D" generate extra
expect_bad_input "generate missing value" "$D" generate --words

t_done
