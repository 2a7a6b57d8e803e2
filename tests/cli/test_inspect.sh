# dbcsign inspect: subkey-compatible output for dev URIs, mnemonics, seeds and public keys,
# checked against third-party vectors, plus every bad-input class.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
umask 077
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
ALICE_HEX=0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d

t_run "$D" inspect --help
expect_rc 0 "inspect --help"
expect_out_match '^usage: dbcsign inspect' "inspect --help"
expect_out_match '--suri-file' "inspect --help lists key sources"

# //Alice sr25519, text: subkey's block byte for byte (cli-anchors.md §1.4; values from
# substrate-crypto.md B1, sp-core sr25519.rs tests and the SecretUri doc example).
t_run "$D" inspect --suri //Alice
expect_rc 0 "inspect //Alice"
expect_out "Secret Key URI \`//Alice\` is account:
  Network ID:        substrate
  Secret seed:       0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a
  Public key (hex):  $ALICE_HEX
  Account ID:        $ALICE_HEX
  Public key (SS58): $ALICE
  SS58 Address:      $ALICE" "inspect //Alice text"

# JSON: exactly subkey's `inspect --output-type json //Alice` (cli-anchors.md §1.5).
t_run "$D" inspect --suri //Alice --output json
expect_out "{
  \"accountId\": \"$ALICE_HEX\",
  \"networkId\": \"substrate\",
  \"publicKey\": \"$ALICE_HEX\",
  \"secretKeyUri\": \"//Alice\",
  \"secretSeed\": \"0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a\",
  \"ss58Address\": \"$ALICE\",
  \"ss58PublicKey\": \"$ALICE\"
}" "inspect //Alice json"
if jq -e . <"$OUT" >/dev/null; then t_ok; else t_bad "inspect json does not parse"; fi

# Other networks for Alice (sr25519.json dev_account ss58 map; polkadot-js encode.spec).
for pair in 0:15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5 polkadot:15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5 \
            2:HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F 252:xw8P6urbSAronL3zZFB7dg8p7LLSgKCUFDUgjohnf1iP434ic; do
	t_run "$D" inspect --suri //Alice --network "${pair%%:*}" --output json
	if [ "$(jq -r .ss58Address <"$OUT")" = "${pair#*:}" ]; then t_ok
	else t_bad "inspect //Alice --network ${pair%%:*}"; fi
done

# Fields are joined with '|' (not tabs: read would merge an empty first field).
# Every dev account of sr25519.json (polkadot-js keyring testing.ts, sp-core), and the uri
# vectors of ed25519.json / ecdsa.json (polkadot-js keyring, subkey output in polkadot-js/common
# #849/#1099). Each is inspected through --suri (dev URI) or, for the bare dev phrase, a file.
check_uri() { # scheme suri want_pub want_addr want_seed want_account want_ss58pub
	if [ -z "$2" ]; then
		printf '%s\n' "bottom drive obey lake curtain smoke basket hold race lonely fit walk" >"$T_TMP/dev"
		t_run "$D" inspect --scheme "$1" --suri-file "$T_TMP/dev" --output json
	else
		t_run "$D" inspect --scheme "$1" --suri "$2" --output json
	fi
	expect_rc 0 "inspect $1 '$2'"
	got=$(jq -r '[.publicKey, .ss58Address, (.secretSeed // "-"), .accountId, .ss58PublicKey] | join(" ")' <"$OUT")
	want="$3 $4 $5 $6 $7"
	if [ "$got" = "$want" ]; then t_ok; else t_bad "inspect $1 '$2': got '$got' want '$want'"; fi
}
with0x() { case $1 in 0x*|null|"") echo "$1" ;; *) echo "0x$1" ;; esac; }
if f=$(shared vectors/sr25519.json); then
	jq -r '.vectors[] | select(.kind == "dev_account") | [.suri, .public, .ss58."42", (.mini_secret // "-")] | join("|")' "$f" >"$T_TMP/v"
	n=0
	while IFS='|' read -r suri pub addr seed; do
		pub=$(with0x "$pub")
		[ "$seed" = "-" ] || seed=$(with0x "$seed")
		# Without a recorded mini secret, still require one (no soft junction in these URIs).
		if [ "$seed" = "-" ]; then
			t_run "$D" inspect --suri "$suri" --output json
			seed=$(jq -r .secretSeed <"$OUT")
			case $seed in 0x????????????????????????????????????????????????????????????????) t_ok ;; *) t_bad "$suri: no seed" ;; esac
		fi
		check_uri sr25519 "$suri" "$pub" "$addr" "$seed" "$pub" "$addr"
		n=$((n + 1))
	done <"$T_TMP/v"
	if [ "$n" -ge 8 ]; then t_ok; else t_bad "sr25519 dev accounts: only $n read"; fi
fi
if f=$(shared vectors/ed25519.json); then
	jq -r '.vectors[] | select(.kind == "uri") | [.suri, .public, .ss58."42", .seed] | join("|")' "$f" >"$T_TMP/v"
	while IFS='|' read -r suri pub addr seed; do
		check_uri ed25519 "$suri" "$(with0x "$pub")" "$addr" "$(with0x "$seed")" "$(with0x "$pub")" "$addr"
	done <"$T_TMP/v"
fi
if f=$(shared vectors/ecdsa.json); then
	jq -r '.vectors[] | select(.kind == "uri") | [.suri, .public, .ss58_account."42", .seed, .account_id, .ss58_public."42"] | join("|")' "$f" >"$T_TMP/v"
	while IFS='|' read -r suri pub addr seed acct ss58pub; do
		check_uri ecdsa "$suri" "$(with0x "$pub")" "$addr" "$(with0x "$seed")" "$(with0x "$acct")" "$ss58pub"
	done <"$T_TMP/v"
fi
# ecdsa //Alice text block: the two SS58 lines differ (substrate-crypto.md B1).
t_run "$D" inspect --scheme ecdsa --suri //Alice
expect_out_match '^  Public key \(hex\):  0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1$' "ecdsa //Alice pub"
expect_out_match '^  Account ID:        0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed$' "ecdsa //Alice account"
expect_out_match '^  Public key \(SS58\): KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL$' "ecdsa //Alice ss58 pub"
expect_out_match '^  SS58 Address:      5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X$' "ecdsa //Alice ss58 address"

# A mnemonic through stdin (--suri-file -) and through a descriptor (--suri-fd 3), with the
# password from a file / descriptor: substrate-bip39 vector 0 (password "Substrate";
# paritytech/substrate-bip39 src/lib.rs VECTORS): the mini secret is seed[0..32].
if f=$(shared vectors/substrate-bip39.json); then
	jq -r '.vectors[0].mnemonic' "$f" >"$T_TMP/m0"
	mini=0x$(jq -r '.vectors[0].mini_secret' "$f")
	printf 'Substrate\n' >"$T_TMP/pw"
	T_STDIN=$T_TMP/m0 t_run "$D" inspect --suri-file - --password-file "$T_TMP/pw" --output json
	expect_rc 0 "inspect mnemonic via stdin + --password-file"
	if jq -e --arg m "$(cat "$T_TMP/m0")" --arg s "$mini" '.secretPhrase == $m and .secretSeed == $s and (has("secretKeyUri") | not)' <"$OUT" >/dev/null
	then t_ok; else t_bad "stdin mnemonic: secretPhrase/secretSeed"; fi
	t_run sh -c '"$0" inspect --suri-fd 3 --password-fd 4 --output json 3<"$1" 4<"$2"' "$D" "$T_TMP/m0" "$T_TMP/pw"
	expect_rc 0 "inspect mnemonic via --suri-fd 3 + --password-fd 4"
	if [ "$(jq -r .secretSeed <"$OUT")" = "$mini" ]; then t_ok; else t_bad "--suri-fd 3: secretSeed"; fi
	# The same password as ///Substrate in the file: a SURI, so secretKeyUri.
	printf '%s///Substrate\n' "$(cat "$T_TMP/m0")" >"$T_TMP/m0pw"
	t_run "$D" inspect --suri-file "$T_TMP/m0pw" --output json
	if jq -e --arg s "$mini" '.secretSeed == $s and has("secretKeyUri") and (has("secretPhrase") | not)' <"$OUT" >/dev/null
	then t_ok; else t_bad "mnemonic///password: secretKeyUri + seed"; fi
	# Every substrate-bip39 vector: phrase + password → mini secret.
	jq -r '.vectors[] | select(.kind == "substrate-bip39") | [.mnemonic, .password, .mini_secret] | join("|")' "$f" >"$T_TMP/v"
	bad=0; n=0
	while IFS='|' read -r m p s; do
		printf '%s\n' "$m" >"$T_TMP/m"; printf '%s\n' "$p" >"$T_TMP/p"
		got=$("$D" inspect --suri-file "$T_TMP/m" --password-file "$T_TMP/p" --output json </dev/null | jq -r .secretSeed)
		[ "$got" = "0x$s" ] || { bad=$((bad + 1)); echo "  mismatch: $m"; }
		n=$((n + 1))
	done <"$T_TMP/v"
	if [ "$bad" -eq 0 ] && [ "$n" -eq 24 ]; then t_ok; else t_bad "substrate-bip39: $bad of $n differ"; fi
fi
# No password: polkadot-js toMiniSecret.spec / keyring index.spec (substrate-crypto.md B2).
printf 'seed sock milk update focus rotate barely fade car face mechanic mercy\n' >"$T_TMP/m1"
T_STDIN=$T_TMP/m1 t_run "$D" inspect --suri-file - --scheme ed25519 --output json
if jq -e '.secretSeed == "0x4d1ab2a57929edfd018aaa974e62ed557e3f54b4104acabedf73c8f5a1dbb029"
          and .ss58Address == "5DkQP32jP4DVJLWWBRBoZF2tpWjqFrcrTBo6H5NcSk7MxKCC"' <"$OUT" >/dev/null
then t_ok; else t_bad "seed sock milk ... ed25519"; fi
# Text header for a bare phrase.
T_STDIN=$T_TMP/m1 t_run "$D" inspect --suri-file -
expect_out_match '^Secret phrase:       seed sock milk update focus rotate barely fade car face mechanic mercy$' "phrase header"

# A 0x seed (subkey README): secretKeyUri, and the seed is the seed.
printf '0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d\n' >"$T_TMP/seed"
t_run "$D" inspect --suri-file "$T_TMP/seed" --output json
if jq -e '.publicKey == "0xfec70cfbf1977c6965b5af10a4534a6a35d548eb14580594d0bc543286892515"
          and .ss58Address == "5Hpm9fq3W3dQgwWpAwDS2ZHKAdnk86QRCu7iX4GnmDxycrte"
          and .secretSeed == "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d"
          and has("secretKeyUri")' <"$OUT" >/dev/null
then t_ok; else t_bad "0x seed (subkey README)"; fi

# Soft junction: no seed (subkey prints n/a; JSON omits secretSeed). //Alice/1 from B1.
t_run "$D" inspect --suri //Alice/1
expect_out_match '^  Secret seed:       n/a$' "//Alice/1: seed n/a"
expect_out_match '^  SS58 Address:      5FUdx3xPJdh2ZdD7DwPQRN2eMAFVUKpfPeoEZZiSraow9iVQ$' "//Alice/1 address"
t_run "$D" inspect --suri //Alice/1 --output json
if jq -e 'has("secretSeed") | not' <"$OUT" >/dev/null; then t_ok; else t_bad "//Alice/1 json has a seed"; fi

# --public: SS58 of any prefix (re-encoded with --network), or hex.
t_run "$D" inspect --public "$ALICE" --output json
if jq -e --arg h "$ALICE_HEX" --arg a "$ALICE" '.publicKey == $h and .ss58Address == $a and .publicKeyUri == $a
          and (has("secretSeed") | not) and (has("secretPhrase") | not)' <"$OUT" >/dev/null
then t_ok; else t_bad "inspect --public SS58"; fi
t_run "$D" inspect --public HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F
expect_out_match "^  SS58 Address:       $ALICE\$" "--public kusama address re-encoded at 42"
expect_out_match '^Public Key URI `HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F` is account:$' "--public header"
expect_out_match '^  Network ID/Version: substrate$' "--public network line"
t_run "$D" inspect --public "$ALICE_HEX" --network 0 --output json
if [ "$(jq -r .ss58Address <"$OUT")" = 15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5 ]; then t_ok; else t_bad "--public hex --network 0"; fi
t_run "$D" inspect --scheme ecdsa --public 0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1 --output json
if jq -e '.accountId == "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed"
          and .ss58Address == "5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X"
          and .ss58PublicKey == "KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL"' <"$OUT" >/dev/null
then t_ok; else t_bad "--public ecdsa 33-byte hex"; fi
t_run "$D" inspect --scheme ecdsa --public KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL
expect_out_match '^  SS58 Address:       5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X$' "--public ecdsa SS58 key"
# Public soft derivation (sr25519): //Alice/1 == public(//Alice)/1.
t_run "$D" inspect --public "$ALICE/1"
expect_out_match '^  SS58 Address:       5FUdx3xPJdh2ZdD7DwPQRN2eMAFVUKpfPeoEZZiSraow9iVQ$' "--public ALICE/1"

# Bad input classes: exit 2, nothing on stdout, one stderr line.
printf 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonz\n' >"$T_TMP/badword"
expect_bad_input "wrong word" "$D" inspect --suri-file "$T_TMP/badword"
expect_err_match '--suri-file' "wrong word: names the flag"
printf 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon\n' >"$T_TMP/badsum"
expect_bad_input "bad checksum" "$D" inspect --suri-file "$T_TMP/badsum"
expect_err_match 'checksum' "bad checksum: says checksum"
printf 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n' >"$T_TMP/badlen"
expect_bad_input "11 words" "$D" inspect --suri-file "$T_TMP/badlen"
printf '0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c9\n' >"$T_TMP/shortseed"
expect_bad_input "bad hex length (31-byte seed)" "$D" inspect --suri-file "$T_TMP/shortseed"
expect_bad_input "bad hex length (--public 31 bytes)" "$D" inspect --public 0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da2
expect_bad_input "odd hex (--public)" "$D" inspect --public 0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27
expect_bad_input "wrong SS58 checksum" "$D" inspect --public 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ
expect_err_match 'checksum' "SS58 checksum: says checksum"
expect_bad_input "bad base58 character" "$D" inspect --public 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKut0Y
# Keys that cannot exist get no addresses: exit 2 "invalid public key" (sr25519: not a
# canonical ristretto255 point or the identity; ed25519: not a prime-order-subgroup point).
ZERO32=0x$(printf '%064d' 0)
ONE32=0x01$(printf '%062d' 0)
for k in "$ZERO32" "$ONE32" 0x$(printf 'f%.0s' $(seq 62))7f 5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM "$ZERO32/1"; do
	expect_bad_input "sr25519 --public $k" "$D" inspect --public "$k"
	expect_err_match 'invalid public key' "sr25519 --public $k: message"
done
for k in "$ZERO32" "$ONE32" 0xec$(printf 'f%.0s' $(seq 60))7f; do
	expect_bad_input "ed25519 --public $k" "$D" inspect --scheme ed25519 --public "$k"
	expect_err_match 'invalid public key' "ed25519 --public $k: message"
done
t_run "$D" inspect --scheme ed25519 --public 0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee
expect_rc 0 "a real ed25519 key (//Alice) still inspects"
expect_bad_input "ecdsa --public with a 32-byte key" "$D" inspect --scheme ecdsa --public "$ALICE_HEX"
expect_bad_input "ecdsa --public not on the curve" "$D" inspect --scheme ecdsa --public 0x050a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1
expect_bad_input "unknown scheme" "$D" inspect --scheme ed448 --suri //Alice
expect_bad_input "soft derivation on ed25519" "$D" inspect --scheme ed25519 --suri //Alice/soft
expect_err_match 'soft' "soft on ed25519: says soft"
expect_bad_input "soft derivation on ecdsa" "$D" inspect --scheme ecdsa --suri /soft
expect_bad_input "public soft derivation on ed25519" "$D" inspect --scheme ed25519 --public "$ALICE/1"
expect_bad_input "public hard derivation" "$D" inspect --public "$ALICE//1"
: >"$T_TMP/empty"
expect_bad_input "empty SURI file" "$D" inspect --suri-file "$T_TMP/empty"
expect_bad_input "empty stdin" "$D" inspect --suri-file -
expect_bad_input "empty --suri" "$D" inspect --suri ''
expect_bad_input "mnemonic on argv" "$D" inspect --suri "seed sock milk update focus rotate barely fade car face mechanic mercy"
expect_err_match 'suri-file -|suri-fd' "mnemonic on argv: says how to pass it"
if grep -q 'sock' "$ERR"; then t_bad "mnemonic on argv: echoed in the error"; else t_ok; fi
expect_bad_input "0x seed on argv" "$D" inspect --suri 0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d
expect_bad_input "mnemonic as an operand" "$D" inspect "seed sock milk update focus rotate barely fade car face mechanic mercy"
expect_bad_input "two key sources" "$D" inspect --suri //Alice --suri-file "$T_TMP/m1"
expect_bad_input "key source and --public" "$D" inspect --suri //Alice --public "$ALICE"
expect_bad_input "no key source" "$D" inspect
expect_bad_input "unknown option" "$D" inspect --suri //Alice --frobnicate
expect_bad_input "bad --output" "$D" inspect --suri //Alice --output yaml
expect_bad_input "bad --network" "$D" inspect --suri //Alice --network 47
expect_bad_input "SURI grammar" "$D" inspect --suri '//'

t_done
