# dbcsign sign / verify: round trips for all schemes, published vectors, byte-exact
# deterministic signatures, --wrap, tampering, and bad input.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
umask 077
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
ALICE_HEX=0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d

for cmd in sign verify; do
	t_run "$D" "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_out_match "^usage: dbcsign $cmd" "$cmd --help"
done

# Flip one hex digit in the middle of a signature (keeps the shape: ecdsa's recovery byte
# and sr25519's marker bit are untouched, so the result must be "invalid", not bad input).
tamper() { printf '%s' "$1" | awk '{ c = substr($0, 41, 1); r = (c == "0") ? "1" : "0"; print substr($0, 1, 40) r substr($0, 42) }'; }

# Round trips: sign → verify for each scheme, each message form.
for scheme in sr25519 ed25519 ecdsa; do
	t_run "$D" sign --scheme "$scheme" --suri //Alice --message "hello DBC"
	expect_rc 0 "sign $scheme"
	sig=$(cat "$OUT")
	if [ "$scheme" = ecdsa ]; then re='^0x[0-9a-f]{130}$'; else re='^0x[0-9a-f]{128}$'; fi
	expect_out_match "$re" "sign $scheme: 0x-hex signature"
	if [ "$(wc -l <"$OUT")" -eq 1 ]; then t_ok; else t_bad "sign $scheme: not one line"; fi
	t_run "$D" inspect --scheme "$scheme" --suri //Alice --output json
	pub=$(jq -r .publicKey <"$OUT"); addr=$(jq -r .ss58Address <"$OUT"); spub=$(jq -r .ss58PublicKey <"$OUT")
	t_run "$D" verify --scheme "$scheme" --signature "$sig" --public "$pub" --message "hello DBC"
	expect_rc 0 "verify $scheme (hex public key)"
	expect_out "valid" "verify $scheme prints valid"
	t_run "$D" verify --scheme "$scheme" --signature "$sig" --public "$spub" --message "hello DBC"
	expect_rc 0 "verify $scheme (SS58 public key)"
	# ecdsa: the SS58 address is blake2(pub); verify recovers the key and compares.
	t_run "$D" verify --scheme "$scheme" --signature "$sig" --public "$addr" --message "hello DBC"
	expect_rc 0 "verify $scheme (SS58 address)"
	t_run "$D" verify --scheme "$scheme" --signature "$sig" --public "$pub" --message "hello DBc"
	expect_rc 1 "verify $scheme: other message"
	expect_out "invalid" "verify $scheme: other message prints invalid"
	t_run "$D" verify --scheme "$scheme" --signature "$(tamper "$sig")" --public "$pub" --message "hello DBC"
	expect_rc 1 "verify $scheme: tampered signature"
	expect_out "invalid" "verify $scheme: tampered prints invalid"
	t_run "$D" verify --scheme "$scheme" --signature "$(tamper "$sig")" --public "$addr" --message "hello DBC"
	expect_rc 1 "verify $scheme: tampered signature against the address"
	# stdin bytes and --hex are the same message.
	printf 'hello DBC' >"$T_TMP/msg"
	T_STDIN=$T_TMP/msg t_run "$D" sign --scheme "$scheme" --suri //Alice
	expect_rc 0 "sign $scheme from stdin"
	sig2=$(cat "$OUT")
	t_run "$D" verify --scheme "$scheme" --signature "$sig2" --public "$pub" --hex 0x68656c6c6f20444243
	expect_rc 0 "verify $scheme: stdin-signed == --hex message"
	T_STDIN=$T_TMP/msg t_run "$D" verify --scheme "$scheme" --signature "$sig" --public "$pub"
	expect_rc 0 "verify $scheme: message from stdin"
	# --wrap: <Bytes>..</Bytes> is signed; verifying unwrapped fails, the explicit wrap works.
	t_run "$D" sign --scheme "$scheme" --suri //Alice --message "hello DBC" --wrap
	expect_rc 0 "sign $scheme --wrap"
	wsig=$(cat "$OUT")
	t_run "$D" verify --scheme "$scheme" --signature "$wsig" --public "$pub" --message "hello DBC" --wrap
	expect_rc 0 "verify $scheme --wrap round trip"
	t_run "$D" verify --scheme "$scheme" --signature "$wsig" --public "$pub" --message "<Bytes>hello DBC</Bytes>"
	expect_rc 0 "verify $scheme: wrapped == explicit <Bytes>"
	t_run "$D" verify --scheme "$scheme" --signature "$wsig" --public "$pub" --message "<Bytes>hello DBC</Bytes>" --wrap
	expect_rc 0 "verify $scheme: --wrap leaves wrapped messages unchanged"
	t_run "$D" verify --scheme "$scheme" --signature "$wsig" --public "$pub" --message "hello DBC"
	expect_rc 1 "verify $scheme: wrapped signature vs unwrapped message"
done
# sr25519 signatures are randomized: two signatures of one message differ, both verify.
s1=$("$D" sign --suri //Alice --message x </dev/null); s2=$("$D" sign --suri //Alice --message x </dev/null)
if [ -n "$s1" ] && [ "$s1" != "$s2" ]; then t_ok; else t_bad "sr25519: two signatures are equal or empty"; fi
# The empty message can be signed explicitly.
t_run "$D" sign --suri //Alice --hex ''
expect_rc 0 "sign --hex '' (empty message)"
t_run "$D" verify --signature "$(cat "$OUT")" --public "$ALICE" --message ''
expect_rc 0 "verify empty message"

# Published sr25519 signatures: `echo -n abc | subkey sign //Alice` (paritytech/substrate
# #3383; substrate-crypto.md B3), and every verify vector of the shared files.
t_run "$D" verify --signature 0x0a8957f6e37a6025baa67395dcb86d7a5a543b65f880d8d3c73c77d4a7e08f718e068233c3d05b1e60467a21446a1d8be319e41f71ddb1c572ff4c3b76913d84 --public "$ALICE" --message abc
expect_rc 0 "verify published Alice 'abc'"
expect_out "valid" "verify published Alice 'abc' prints valid"
t_run "$D" verify --signature 0a8957f6e37a6025baa67395dcb86d7a5a543b65f880d8d3c73c77d4a7e08f718e068233c3d05b1e60467a21446a1d8be319e41f71ddb1c572ff4c3b76913d84 --public "$ALICE_HEX" --message abd
expect_rc 1 "published Alice 'abc' signature over 'abd'"
# sc-cli verify.rs SIG2: --hex message.
t_run "$D" verify --signature 0x026342225155056ea797118c1c8c8b3cc002aa2020c36f4217fa3c302783a572ad3dcd38c231cbaf86cadb93984d329c963ceac0685cc1ee4c1ed50fa443a68f --public "$ALICE" --hex aabbcc
expect_rc 0 "verify sc-cli SIG2 (--hex)"
# schnorrkel #77 / polkadot-js wasm: a signature over <Bytes>message to sign</Bytes>.
W_PUB=0xf84d048da2ddae2d9d8fd6763f469566e8817a26114f39408de15547f6d47805
W_SIG=0x48ce2c90e08651adfc8ecef84e916f6d1bb51ebebd16150ee12df247841a5437951ea0f9d632ca165e6ab391532e75e701be6a1caa88c8a6bcca3511f55b4183
t_run "$D" verify --signature $W_SIG --public $W_PUB --message "message to sign" --wrap
expect_rc 0 "published wrapped signature with --wrap"
t_run "$D" verify --signature $W_SIG --public $W_PUB --message "message to sign"
expect_rc 1 "published wrapped signature without --wrap"

run_verify_vectors() { # scheme file
	# verify_by_account (ecdsa, polkadot-js verify.spec): the 32-byte account id as --public.
	jq -r '.vectors[] | select((.kind == "verify" or .kind == "verify_by_account")
	                           and (.implementation_dependent | not))
	       | [(.public // .account_id), .message_hex, .signature, (.valid | tostring)] | join("|")' "$2" >"$T_TMP/v"
	n=0; bad=0
	while IFS='|' read -r pub mh sig valid; do
		if [ "$valid" = true ]; then want=0; else want=1; fi
		"$D" verify --scheme "$1" --public "$pub" --hex "$mh" --signature "$sig" </dev/null >/dev/null 2>&1
		rc=$?
		[ "$rc" -eq "$want" ] || { bad=$((bad + 1)); echo "  $1 vector $n: exit $rc, want $want"; }
		n=$((n + 1))
	done <"$T_TMP/v"
	if [ "$bad" -eq 0 ] && [ "$n" -gt 0 ]; then t_ok; else t_bad "$1 verify vectors: $bad of $n wrong"; fi
}
if f=$(shared vectors/sr25519.json); then run_verify_vectors sr25519 "$f"; fi
if f=$(shared vectors/ed25519.json); then run_verify_vectors ed25519 "$f"; fi
if f=$(shared vectors/ecdsa.json); then run_verify_vectors ecdsa "$f"; fi

# ecdsa by SS58 account address of another network (prefix 5; polkadot-js verify.spec).
t_run "$D" verify --scheme ecdsa --public XyFVXiGaHxoBhXZkSh6NS2rjFyVaVNUo5UiZDqZbuSfUdji --message "hello world" \
	--signature 0x994638ee586d2c5dbd9bacacbc35d9b7e9018de8f7892f00c900db63bc57b1283e2ee7bc51a9b1c1dae121ac4f4b9e2a41cd1d6bf4bb3e24d7fed6faf6d85e0501
expect_rc 0 "ecdsa verify by SS58 account (prefix 5)"
t_run "$D" verify --scheme ecdsa --public XyFVXiGaHxoBhXZkSh6NS2rjFyVaVNUo5UiZDqZbuSfUdji --message "hello worle" \
	--signature 0x994638ee586d2c5dbd9bacacbc35d9b7e9018de8f7892f00c900db63bc57b1283e2ee7bc51a9b1c1dae121ac4f4b9e2a41cd1d6bf4bb3e24d7fed6faf6d85e0501
expect_rc 1 "ecdsa verify by SS58 account, other message"

# Deterministic schemes sign byte-exactly: ed25519 (RFC 8032 test 1, sp-core ed25519.rs;
# polkadot-js sign.spec) and ecdsa (sp-core ecdsa.rs, RFC 6979 nonces).
sign_vectors() { # scheme file
	jq -r '.vectors[] | select(.kind == "sign") | [.seed, .message_hex, .signature] | join("|")' "$2" >"$T_TMP/v"
	n=0; bad=0
	while IFS='|' read -r seed mh sig; do
		case $seed in 0x*) ;; *) seed=0x$seed ;; esac
		case $sig in 0x*) ;; *) sig=0x$sig ;; esac
		printf '%s\n' "$seed" >"$T_TMP/seed"
		got=$("$D" sign --scheme "$1" --suri-file "$T_TMP/seed" --hex "$mh" </dev/null)
		[ "$got" = "$sig" ] || { bad=$((bad + 1)); echo "  $1 sign vector $n: got $got want $sig"; }
		n=$((n + 1))
	done <"$T_TMP/v"
	if [ "$bad" -eq 0 ] && [ "$n" -gt 0 ]; then t_ok; else t_bad "$1 sign vectors: $bad of $n differ"; fi
}
if f=$(shared vectors/ed25519.json); then sign_vectors ed25519 "$f"; fi
if f=$(shared vectors/ecdsa.json); then sign_vectors ecdsa "$f"; fi
# One pinned here too, so the check runs even without the shared folder.
printf '0x3132333435363738393031323334353637383930313233343536373839303132\n' >"$T_TMP/seed"
t_run "$D" sign --scheme ed25519 --suri-file "$T_TMP/seed" --message abcd
expect_out 0x1c3aceeff9463bbfa628dbdaebaa194f0a5e09c5227e0196f6441cee241aaca3a85acad37ef639d42b1858c5f071764c25515b6eec32908664dfdcee22b9d307 "ed25519 sign byte-exact (polkadot-js sign.spec)"
# The key from a descriptor, the message from stdin.
printf 'abcd' >"$T_TMP/abcd"
t_run sh -c '"$0" sign --scheme ed25519 --suri-fd 3 3<"$1" <"$2"' "$D" "$T_TMP/seed" "$T_TMP/abcd"
expect_out 0x1c3aceeff9463bbfa628dbdaebaa194f0a5e09c5227e0196f6441cee241aaca3a85acad37ef639d42b1858c5f071764c25515b6eec32908664dfdcee22b9d307 "ed25519 sign: key on fd 3, message on stdin"

# Bad input: exit 2, nothing on stdout, one stderr line.
SIG64=0x0a8957f6e37a6025baa67395dcb86d7a5a543b65f880d8d3c73c77d4a7e08f718e068233c3d05b1e60467a21446a1d8be319e41f71ddb1c572ff4c3b76913d84
expect_bad_input "sign: no key source" "$D" sign --message x
expect_bad_input "sign: two key sources" "$D" sign --suri //Alice --suri-fd 0 --message x
expect_bad_input "sign: mnemonic on argv" "$D" sign --suri "seed sock milk update focus rotate barely fade car face mechanic mercy" --message x
expect_bad_input "sign: empty stdin message" "$D" sign --suri //Alice
head -c 16777217 /dev/zero >"$T_TMP/huge"
T_STDIN=$T_TMP/huge expect_bad_input "sign: stdin message over 16 MiB" "$D" sign --suri //Alice
head -c 16777216 /dev/zero >"$T_TMP/huge"
T_STDIN=$T_TMP/huge t_run "$D" sign --suri //Alice --scheme ed25519
expect_rc 0 "sign: stdin message of exactly 16 MiB"
rm -f "$T_TMP/huge"
expect_bad_input "sign: odd --hex" "$D" sign --suri //Alice --hex abc
expect_bad_input "sign: non-hex --hex" "$D" sign --suri //Alice --hex zz
expect_bad_input "sign: --message and --hex" "$D" sign --suri //Alice --message a --hex 00
expect_bad_input "sign: unknown scheme" "$D" sign --suri //Alice --scheme rsa --message x
expect_bad_input "sign: soft derivation on ed25519" "$D" sign --suri //Alice/x --scheme ed25519 --message x
printf '//Alice\n' >"$T_TMP/alice"
T_STDIN=$T_TMP/alice expect_bad_input "sign: stdin carries the key and no message" "$D" sign --suri-file -
expect_bad_input "sign: operand" "$D" sign --suri //Alice hello
expect_bad_input "sign: unknown option" "$D" sign --suri //Alice --message x --detached
expect_bad_input "verify: missing --signature" "$D" verify --public "$ALICE" --message abc
expect_bad_input "verify: missing --public" "$D" verify --signature $SIG64 --message abc
expect_bad_input "verify: 63-byte signature" "$D" verify --signature "${SIG64%??}" --public "$ALICE" --message abc
expect_bad_input "verify: 65-byte sr25519 signature" "$D" verify --signature "${SIG64}00" --public "$ALICE" --message abc
expect_bad_input "verify: 64-byte ecdsa signature" "$D" verify --scheme ecdsa --signature $SIG64 --public KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL --message abc
expect_bad_input "verify: odd signature hex" "$D" verify --signature "${SIG64}0" --public "$ALICE" --message abc
expect_bad_input "verify: wrong SS58 checksum" "$D" verify --signature $SIG64 --public 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ --message abc
expect_bad_input "verify: 31-byte public key" "$D" verify --signature $SIG64 --public "${ALICE_HEX%??}" --message abc
# Public keys no signer can have: malformed input (exit 2 "invalid public key"), not "invalid".
ZERO32=0x$(printf '%064d' 0)
ONE32=0x01$(printf '%062d' 0)
NONCANON=0x$(printf 'f%.0s' $(seq 62))7f
for k in "$ZERO32" "$ONE32" "$NONCANON" 5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM; do
	expect_bad_input "verify: sr25519 key $k" "$D" verify --signature $SIG64 --public "$k" --message abc
	expect_err_match 'invalid public key' "verify: sr25519 key $k: message"
done
# ed25519: the identity (y = 1), a point of order 4 (all zero) and of order 2 (y = -1).
for k in "$ZERO32" "$ONE32" 0xec$(printf 'f%.0s' $(seq 60))7f; do
	expect_bad_input "verify: ed25519 key $k" "$D" verify --scheme ed25519 --signature $SIG64 --public "$k" --message abc
	expect_err_match 'invalid public key' "verify: ed25519 key $k: message"
done
expect_bad_input "verify: unknown scheme" "$D" verify --scheme sr25519x --signature $SIG64 --public "$ALICE" --message abc
expect_bad_input "verify: empty stdin message" "$D" verify --signature $SIG64 --public "$ALICE"
expect_bad_input "verify: odd --hex" "$D" verify --signature $SIG64 --public "$ALICE" --hex 616
expect_bad_input "verify: operand" "$D" verify --signature $SIG64 --public "$ALICE" --message abc extra

t_done
