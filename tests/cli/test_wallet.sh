# dbcsign wallet new/import/list/show/export/remove/passwd, the --key/--keystore-json key
# sources, file modes, and refusals. Fixtures: vectors/keystore/ (polkadot-js/common
# packages/keyring/src/index.spec.ts, pair/toJson.spec.ts @ 9281daa14c; two generated with
# @polkadot/keyring 14.0.3 — vectors/keystore/SOURCES.md).
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
umask 077
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
DBCSIGN_HOME=$T_TMP/cfg/dbcsign/wallets
export DBCSIGN_HOME
W=$DBCSIGN_HOME
printf 'correct horse\n' >"$T_TMP/pw"
printf 'battery staple\n' >"$T_TMP/npw"
: >"$T_TMP/empty"

# Without a controlling terminal (setsid) the mnemonic is never written to stderr (CI logs
# and journald keep it): `new` refuses unless --phrase-fd N names where it goes.
NOTTY=
if command -v setsid >/dev/null 2>&1; then NOTTY="setsid -w"; fi
jf() { jq -r "$1" <"$OUT"; }
mode() { stat -c %a "$1"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# scrypt N written in a keystore file (u32 LE after the 32-byte salt).
scrypt_n() { jq -r .encoded <"$1" | base64 -d | od -An -tu4 -j32 -N4 | tr -d ' '; }
PH=$T_TMP/phrase_out

# ---- new ----
t_run $NOTTY "$D" wallet new alice --password-file "$T_TMP/pw" --phrase-fd 3 3>"$PH"
expect_rc 0 "wallet new"
expect_out_match '^SS58 Address: +5' "new prints the address"
[ "$(mode "$T_TMP/cfg")" = 700 ] && [ "$(mode "$W")" = 700 ] && t_ok || t_bad "wallet dirs 0700 ($(mode "$W"))"
[ "$(mode "$W/alice.json")" = 600 ] && t_ok || t_bad "key file 0600 ($(mode "$W/alice.json"))"
[ "$(scrypt_n "$W/alice.json")" = 32768 ] && t_ok || t_bad "default scrypt N=2^15"
[ "$(wc -l <"$PH")" -eq 1 ] && grep -Eq '^[a-z]+( [a-z]+){11}$' "$PH" && t_ok || t_bad "--phrase-fd: one line of 12 words"
phrase=$(cat "$PH")
if [ -n "$phrase" ] && ! grep -qF "$phrase" "$OUT" && ! grep -qF "$phrase" "$ERR"; then t_ok; else t_bad "mnemonic neither on stdout nor stderr"; fi
[ ! -s "$ERR" ] && t_ok || t_bad "--phrase-fd: stderr empty"
# The phrase written is the stored key's.
cp "$OUT" "$T_TMP/new_out"
t_run "$D" inspect --suri-file "$PH" --output json
grep -qF "$(jf .ss58Address)" "$T_TMP/new_out" && t_ok || t_bad "mnemonic derives the stored address"
alice_sum=$(sum "$W/alice.json")
if [ -n "$NOTTY" ]; then
	# No terminal and no --phrase-fd: refused before anything is stored, phrase nowhere.
	expect_bad_input "new without a terminal or --phrase-fd" $NOTTY "$D" wallet new nophrase --password-file "$T_TMP/pw"
	expect_err_match 'give --phrase-fd N' "refusal says how: --phrase-fd N"
	[ ! -e "$W/nophrase.json" ] && t_ok || t_bad "nothing stored without a place for the phrase"
	if grep -Eq '[a-z]+( [a-z]+){11}' "$ERR"; then t_bad "a phrase on stderr"; else t_ok; fi
fi
for bad in 0 1 2 3x -1 ''; do
	expect_bad_input "--phrase-fd '$bad'" "$D" wallet new pfd --password-file "$T_TMP/pw" --phrase-fd "$bad"
done
expect_bad_input "--phrase-fd not open" "$D" wallet new pfd --password-file "$T_TMP/pw" --phrase-fd 7
expect_err_match 'not open for writing' "--phrase-fd not open: says so"
expect_bad_input "--phrase-fd open read-only" "$D" wallet new pfd --password-file "$T_TMP/pw" --phrase-fd 3 3<"$T_TMP/pw"
[ ! -e "$W/pfd.json" ] && t_ok || t_bad "nothing stored on a bad --phrase-fd"
expect_bad_input "--phrase-fd is only for new" "$D" wallet import pfd --suri //Alice --new-password-file "$T_TMP/pw" --phrase-fd 3 3>"$PH"
# The phrase cannot be written (a full device; a pipe whose reader has gone): exit 3, and
# the new key is not kept, since nobody has its phrase. No death by SIGPIPE.
t_run sh -c '"$0" wallet new gone --password-file "$1" --phrase-fd 3 3>/dev/full' "$D" "$T_TMP/pw"
expect_rc 3 "--phrase-fd write failure (ENOSPC)"
expect_err_one_line "--phrase-fd write failure: one line"
[ ! -e "$W/gone.json" ] && t_ok || t_bad "ENOSPC: the new key is not kept"
t_run python3 -c 'import os, sys
r, w = os.pipe(); os.close(r); os.dup2(w, 3); os.close(w)
os.execvp(sys.argv[1], sys.argv[1:])' "$D" wallet new gone --password-file "$T_TMP/pw" --phrase-fd 3
expect_rc 3 "--phrase-fd to a pipe without a reader"
[ ! -e "$W/gone.json" ] && t_ok || t_bad "EPIPE: the new key is not kept"

t_run $NOTTY "$D" wallet new bob --scheme ed25519 --words 24 --scrypt-n 17 --password-file "$T_TMP/pw" --phrase-fd 3 3>"$PH"
expect_rc 0 "new ed25519 24 words 2^17"
grep -qE '^[a-z]+( [a-z]+){23}$' "$PH" && t_ok || t_bad "24-word mnemonic"
[ "$(scrypt_n "$W/bob.json")" = 131072 ] && t_ok || t_bad "--scrypt-n 17 writes N=2^17"
t_run "$D" wallet show bob --output json
[ "$(jf .scheme)" = ed25519 ] && t_ok || t_bad "show scheme ed25519"

# Refusals: existing name, bad names, empty password, no password source, bad options.
t_run "$D" wallet new alice --password-file "$T_TMP/pw"
expect_rc 2 "existing name without --force"
expect_err_match 'already exists' "existing name message"
[ "$(sum "$W/alice.json")" = "$alice_sum" ] && t_ok || t_bad "existing file untouched"
for bad in 'a/b' '..' '../x' '.hidden' 'sp ace' "$(printf '%070d' 0)"; do
	expect_bad_input "bad name '$bad'" "$D" wallet new "$bad" --password-file "$T_TMP/pw"
done
expect_bad_input "empty password refused" "$D" wallet new carol --password-file "$T_TMP/empty"
[ ! -e "$W/carol.json" ] && t_ok || t_bad "nothing stored for an empty password"
if [ -n "$NOTTY" ]; then
	t_run setsid -w "$D" wallet new carol --phrase-fd 3 3>"$PH"
	expect_rc 2 "no password and no terminal"
	[ ! -e "$W/carol.json" ] && t_ok || t_bad "nothing stored without a password"
fi
expect_bad_input "--scrypt-n 16" "$D" wallet new carol --scrypt-n 16 --password-file "$T_TMP/pw"
expect_bad_input "--words 13" "$D" wallet new carol --words 13 --password-file "$T_TMP/pw"
expect_bad_input "unknown subcommand" "$D" wallet frobnicate
expect_bad_input "missing NAME" "$D" wallet show
expect_bad_input "option of another subcommand" "$D" wallet list --yes
t_run "$D" wallet new alice --force --password-file "$T_TMP/pw" --phrase-fd 3 3>"$PH"
expect_rc 0 "--force replaces"
[ "$(sum "$W/alice.json")" != "$alice_sum" ] && t_ok || t_bad "--force wrote a new key"
[ "$(mode "$W/alice.json")" = 600 ] && t_ok || t_bad "replaced file 0600"

# ---- import: polkadot-js fixtures ----
import_fixture() { # NAME FILE PASSWORD WANT_PUB
	f=$(shared "vectors/keystore/$2") || return 0
	printf '%s' "$3" >"$T_TMP/fpw"
	t_run "$D" wallet import "$1" --from-json "$f" --password-file "$T_TMP/fpw"
	expect_rc 0 "import $2"
	t_run "$D" wallet show "$1" --output json
	[ "$(jf .publicKey)" = "$4" ] && t_ok || t_bad "import $2: public key $(jf .publicKey)"
}
import_fixture v3b64 pjs-v3-sr25519-base64.json version3 0x7a5469a761fce7b83f0b0b8fba53d039923fb38efe1b411262b78577a1bcdd5d
import_fixture v3hex pjs-v3-sr25519-hex.json version3 0x7a5469a761fce7b83f0b0b8fba53d039923fb38efe1b411262b78577a1bcdd5d
import_fixture p44 pjs-v3-sr25519-prefix44.json 1 0x044adc4365288575acaaa1544e983b7e24255ad298fa0d09df8f4e96c458a923
import_fixture v2 pjs-v2-sr25519.json versionTwo 0x189ebb96ba6af26fe8a6483670547462cb517ea8b2c3a3561eb78f350fd27365
import_fixture v0 pjs-v0-ed25519.json testing 0xd172a74cda4c865912c32ba0a80a57ae69abae410e5ccb59dee84e2f4432db4f
import_fixture ec pjs-v3-ecdsa.json testing 0x02fde629668eb2bcc7d748f40a7e597f7c7b363498ff3db31f03ce4854937883ad
import_fixture gen17 gen-v3-sr25519-alice-n17.json dbc-signer-test 0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d
t_run "$D" wallet show gen17 --output json
[ "$(jf .ss58Address)" = "$ALICE" ] && t_ok || t_bad "2^17 fixture imports as //Alice"
[ "$(scrypt_n "$W/gen17.json")" = 32768 ] && t_ok || t_bad "stored copy rewritten at 2^15"
t_run "$D" wallet show ec --output json
# ecdsa: the SS58 address is of blake2b-256(pub) (manifest: DHL8HK... at prefix 2).
[ "$(jf .accountId | cut -c1-2)" = 0x ] && [ "$(jf .accountId)" != "$(jf .publicKey)" ] && t_ok || t_bad "ecdsa account id is hashed"

if f=$(shared vectors/keystore/pjs-v3-sr25519-base64.json); then
	t_run "$D" wallet import wrongpw --from-json "$f" --password-file "$T_TMP/pw"
	expect_rc 1 "import with wrong password"
	expect_err_match 'wrong password' "wrong password message"
	expect_out_empty "wrong password: no stdout"
	[ ! -e "$W/wrongpw.json" ] && t_ok || t_bad "nothing stored on wrong password"
	ln -s "$f" "$T_TMP/link.json"
	expect_bad_input "--from-json symlink" "$D" wallet import l --from-json "$T_TMP/link.json" --password-file "$T_TMP/pw"
	expect_err_match 'not a regular file' "symlink message"
	expect_bad_input "--from-json directory" "$D" wallet import l --from-json "$T_TMP" --password-file "$T_TMP/pw"
	# Tampered: one character of `encoded` changed → wrong password / MAC failure, exit 1.
	jq -c '.encoded |= (.[0:100] + (if .[100:101] == "A" then "B" else "A" end) + .[101:])' "$f" >"$T_TMP/tampered.json"
	printf version3 >"$T_TMP/v3pw"
	t_run "$D" wallet import t --from-json "$T_TMP/tampered.json" --password-file "$T_TMP/v3pw"
	expect_rc 1 "tampered encoded"
	jq -c '.encoded |= .[0:60]' "$f" >"$T_TMP/trunc.json"
	expect_bad_input "truncated encoded" "$D" wallet import t --from-json "$T_TMP/trunc.json" --password-file "$T_TMP/v3pw"
	jq -c '.encoding.type = ["scrypt","aes"]' "$f" >"$T_TMP/type.json"
	expect_bad_input "unknown encoding.type" "$D" wallet import t --from-json "$T_TMP/type.json" --password-file "$T_TMP/v3pw"
	jq -c '.encoded = 5' "$f" >"$T_TMP/num.json"
	expect_bad_input "encoded is a number" "$D" wallet import t --from-json "$T_TMP/num.json" --password-file "$T_TMP/v3pw"
	head -c 100 "$f" >"$T_TMP/cut.json"
	expect_bad_input "cut JSON" "$D" wallet import t --from-json "$T_TMP/cut.json" --password-file "$T_TMP/v3pw"
	expect_bad_input "--from-json and a key source" "$D" wallet import t --from-json "$f" --suri //Alice
	[ ! -e "$W/t.json" ] && t_ok || t_bad "nothing stored for bad input"
	# A new password at import.
	t_run "$D" wallet import renew --from-json "$f" --password-file "$T_TMP/v3pw" --new-password-file "$T_TMP/npw"
	expect_rc 0 "import with a new password"
	t_run "$D" sign --key renew --password-file "$T_TMP/npw" --message hi
	expect_rc 0 "new password unlocks the import"
fi
if f=$(shared vectors/keystore/pjs-v3-ethereum.json); then
	printf password >"$T_TMP/ethpw"
	expect_bad_input "ethereum keystore refused" "$D" wallet import eth --from-json "$f" --password-file "$T_TMP/ethpw"
fi
if f=$(shared vectors/keystore/pjs-v3-ed25519-unencrypted.json); then
	# Unencrypted source: stored only under a new, non-empty password.
	t_run "$D" wallet import plain --from-json "$f" --new-password-file "$T_TMP/npw"
	expect_rc 0 "import unencrypted with a new password"
	jq -e '.encoding.type == ["scrypt","xsalsa20-poly1305"]' "$W/plain.json" >/dev/null && t_ok || t_bad "stored encrypted"
	expect_bad_input "unencrypted, empty new password" "$D" wallet import plain2 --from-json "$f" --new-password-file "$T_TMP/empty"
fi

# ---- import: key sources ----
t_run "$D" wallet import ali --suri //Alice --new-password-file "$T_TMP/pw"
expect_rc 0 "import --suri //Alice"
t_run "$D" wallet show ali --output json
[ "$(jf .ss58Address)" = "$ALICE" ] && t_ok || t_bad "imported //Alice address"
t_run "$D" wallet import alix --suri //Alice --scheme ecdsa --scrypt-n 17 --new-password-fd 3 3<"$T_TMP/pw"
expect_rc 0 "import ecdsa --new-password-fd"
[ "$(jq -r .address "$W/alix.json" | cut -c1-4)" = 0x02 ] && t_ok || t_bad "ecdsa address written as hex public key"
if f=$(shared vectors/keystore/gen-v3-ed25519-alice-n17.json); then
	printf dbc-signer-test >"$T_TMP/gpw"
	t_run "$D" wallet import ed17 --keystore-json "$f" --password-file "$T_TMP/gpw"
	expect_rc 0 "import --keystore-json"
	t_run "$D" wallet show ed17 --output json
	[ "$(jf .ss58Address)" = 5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu ] && t_ok || t_bad "ed25519 //Alice from 2^17 file"
	# --keystore-json as a signing key source, directly.
	t_run "$D" sign --keystore-json "$f" --password-file "$T_TMP/gpw" --message hello
	expect_rc 0 "sign --keystore-json"
	sig=$(cat "$OUT")
	t_run "$D" verify --scheme ed25519 --signature "$sig" --public 5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu --message hello
	expect_rc 0 "keystore signature verifies"
	# A repeated member name: polkadot-js takes the last, cJSON the first; refused.
	sed 's/^{/{"address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",/' "$f" >"$T_TMP/dup.json"
	expect_bad_input "keystore with a duplicate address" "$D" sign --keystore-json "$T_TMP/dup.json" --password-file "$T_TMP/gpw" --message hello
	expect_err_match "duplicate key 'address'" "duplicate member named"
	expect_bad_input "import a keystore with a duplicate address" "$D" wallet import dup --from-json "$T_TMP/dup.json" --password-file "$T_TMP/gpw"
	expect_err_match "duplicate key 'address'" "import: duplicate member named"
	[ ! -e "$W/dup.json" ] && t_ok || t_bad "nothing stored for a duplicate-key keystore"
	t_run sh -c '"$0" sign --keystore-json "$1" --password-fd 3 --message hello 3<"$2"' "$D" "$f" "$T_TMP/gpw"
	expect_rc 0 "sign --keystore-json --password-fd 3"
	T_STDIN=$T_TMP/gpw t_run "$D" sign --keystore-json "$f" --password-file - --message hello
	expect_rc 0 "sign --keystore-json --password-file -"
	[ "$(cat "$OUT")" != "" ] && t_ok || t_bad "--keystore-json --password-file -: signature printed"
fi
expect_bad_input "import --ledger refused" "$D" wallet import x --ledger

# ---- list / show ----
t_run "$D" wallet list
expect_rc 0 "list"
grep -qE "^ali	sr25519	$ALICE\$" "$OUT" && t_ok || t_bad "list line: name, scheme, address"
t_run "$D" wallet list --output json
[ "$(jq -r '.[] | select(.name == "ali") | .ss58Address' <"$OUT")" = "$ALICE" ] && t_ok || t_bad "list json"
[ "$(jq -r '.[0].name' <"$OUT")" = ali ] && t_ok || t_bad "list sorted"
t_run "$D" wallet show ali
expect_out_match "^Public key \\(hex\\): +0xd43593c715fdd31c" "show public key"
if ! grep -qi 'encoded\|secret\|seed' "$OUT"; then t_ok; else t_bad "show prints no secret"; fi
expect_bad_input "show missing name" "$D" wallet show nobody
t_run env DBCSIGN_HOME="$T_TMP/none" "$D" wallet list
expect_rc 0 "list without a wallet directory"
expect_out_empty "empty list"
[ ! -e "$T_TMP/none" ] && t_ok || t_bad "list creates nothing"

# ---- --key in other commands ----
t_run "$D" sign --key ali --password-file "$T_TMP/pw" --message hello
expect_rc 0 "sign --key"
sig=$(cat "$OUT")
t_run "$D" verify --signature "$sig" --public "$ALICE" --message hello
expect_rc 0 "--key signature verifies"
t_run "$D" sign --key ali --password-file "$T_TMP/npw" --message hello
expect_rc 1 "sign --key wrong password"
expect_err_match 'wrong password' "sign wrong password message"
expect_out_empty "no signature on wrong password"
# A streamed password (stdin, a descriptor) is read once: the keystore must use that copy,
# not read the spent stream again ("empty input").
t_run sh -c '"$0" sign --key ali --password-fd 3 --message hi 3<"$1"' "$D" "$T_TMP/pw"
expect_rc 0 "sign --key --password-fd 3"
grep -q '^0x' "$OUT" && t_ok || t_bad "--password-fd 3: signature printed"
T_STDIN=$T_TMP/pw t_run "$D" sign --key ali --password-file - --message hi
expect_rc 0 "sign --key --password-file -"
T_STDIN=$T_TMP/pw t_run "$D" triple --key ali --password-file -
expect_rc 0 "triple --key --password-file -"
t_run sh -c '"$0" triple --key ali --password-fd 3 3<"$1"' "$D" "$T_TMP/npw"
expect_rc 1 "triple --key --password-fd 3, wrong password"
expect_err_match 'wrong password' "streamed wrong password: says so (not empty input)"
t_run "$D" sign --key ali --scheme ed25519 --password-file "$T_TMP/pw" --message hello
expect_rc 2 "--scheme contradicting the keystore"
expect_bad_input "--key missing" "$D" sign --key nobody --password-file "$T_TMP/pw" --message hi
expect_bad_input "--key bad name" "$D" sign --key ../ali --password-file "$T_TMP/pw" --message hi
ln -s "$W/ali.json" "$W/evil.json"
expect_bad_input "--key symlinked entry" "$D" sign --key evil --password-file "$T_TMP/pw" --message hi
expect_bad_input "show symlinked entry" "$D" wallet show evil
rm -f "$W/evil.json"
if [ -n "$NOTTY" ]; then
	t_run setsid -w "$D" sign --key ali --message hi
	[ "$RC" -ne 0 ] && t_ok || t_bad "--key without password source or terminal fails"
	expect_out_empty "no signature without a password"
fi

# ---- export ----
t_run "$D" wallet export ali -o "$T_TMP/ali-export.json"
expect_rc 0 "export -o"
expect_out_empty "export -o prints nothing"
[ "$(mode "$T_TMP/ali-export.json")" = 600 ] && t_ok || t_bad "export file 0600"
cmp -s "$T_TMP/ali-export.json" "$W/ali.json" && t_ok || t_bad "export is the stored keystore"
t_run "$D" wallet export ali
cmp -s "$OUT" "$W/ali.json" && t_ok || t_bad "export to stdout"
printf 'keep me\n' >"$T_TMP/exists.json"
t_run "$D" wallet export ali -o "$T_TMP/exists.json"
expect_rc 2 "export over an existing file"
[ "$(cat "$T_TMP/exists.json")" = "keep me" ] && t_ok || t_bad "existing export target untouched"
t_run "$D" wallet export ali -o "$T_TMP/exists.json" --force
expect_rc 0 "export --force"
cmp -s "$T_TMP/exists.json" "$W/ali.json" && t_ok || t_bad "export --force replaced it"
ln -s "$T_TMP/exists.json" "$T_TMP/exlink.json"
t_run "$D" wallet export bob -o "$T_TMP/exlink.json" --force
expect_rc 2 "export onto a symlink refused"
cmp -s "$T_TMP/exists.json" "$W/ali.json" && t_ok || t_bad "symlink target untouched"
ls -a "$T_TMP" | grep -q '\.tmp-' && t_bad "temp file left by export" || t_ok
# An export imports back (same address).
t_run "$D" wallet import ali-copy --from-json "$T_TMP/ali-export.json" --password-file "$T_TMP/pw"
expect_rc 0 "re-import export"
t_run "$D" wallet show ali-copy --output json
[ "$(jf .ss58Address)" = "$ALICE" ] && t_ok || t_bad "re-imported address"

# ---- passwd ----
before=$(sum "$W/ali.json")
t_run "$D" wallet passwd ali --password-file "$T_TMP/npw" --new-password-file "$T_TMP/npw"
expect_rc 1 "passwd with wrong current password"
[ "$(sum "$W/ali.json")" = "$before" ] && t_ok || t_bad "file unchanged after wrong password"
expect_bad_input "passwd to empty" "$D" wallet passwd ali --password-file "$T_TMP/pw" --new-password-file "$T_TMP/empty"
[ "$(sum "$W/ali.json")" = "$before" ] && t_ok || t_bad "file unchanged after empty new password"
t_run "$D" wallet passwd ali --password-file "$T_TMP/pw" --new-password-file "$T_TMP/npw"
expect_rc 0 "passwd"
[ "$(mode "$W/ali.json")" = 600 ] && t_ok || t_bad "0600 after passwd"
t_run "$D" sign --key ali --password-file "$T_TMP/pw" --message hi
expect_rc 1 "old password rejected after passwd"
t_run "$D" sign --key ali --password-file "$T_TMP/npw" --message hi
expect_rc 0 "new password works after passwd"
t_run "$D" wallet show ali --output json
[ "$(jf .ss58Address)" = "$ALICE" ] && t_ok || t_bad "same key after passwd"
ls -A "$W" | grep -q '^\.' && t_bad "temp files in wallet dir" || t_ok

# ---- remove ----
if [ -n "$NOTTY" ]; then
	t_run setsid -w "$D" wallet remove bob
	expect_rc 2 "remove without --yes and without a terminal"
	[ -e "$W/bob.json" ] && t_ok || t_bad "bob kept"
fi
t_run "$D" wallet remove bob --yes
expect_rc 0 "remove --yes"
[ ! -e "$W/bob.json" ] && t_ok || t_bad "bob removed"
expect_bad_input "remove again" "$D" wallet remove bob --yes
expect_bad_input "remove bad name" "$D" wallet remove .. --yes
t_run "$D" wallet list
grep -q '^bob	' "$OUT" && t_bad "removed key still listed" || t_ok

# ---- the terminal (a pty from script(1)): no echo, mnemonic on the tty, confirmations ----
# tty_run "ANSWER1|ANSWER2..." CMD...: each answer is typed after the next prompt appears
# (the reader turns echo off before it prints the prompt, so this does not race).
tty_run() {
	answers=$1; shift
	: >"$T_TMP/screen"
	rm -f "$T_TMP/ttyin"; mkfifo "$T_TMP/ttyin"
	script -qec "$* >$T_TMP/tty.out 2>$T_TMP/tty.err" /dev/null <"$T_TMP/ttyin" >"$T_TMP/screen" &
	spid=$!
	exec 7>"$T_TMP/ttyin"
	seen=0
	old_ifs=$IFS; IFS='|'
	for a in $answers; do
		seen=$((seen + 1)); i=0
		while [ "$(grep -cE 'password|Password|\[y/N\]' "$T_TMP/screen")" -lt "$seen" ] && [ $i -lt 200 ]; do
			i=$((i + 1)); sleep 0.05
		done
		[ $i -ge 200 ] && t_bad "tty_run: no prompt before answer $seen"
		printf '%s\n' "$a" >&7
	done
	IFS=$old_ifs
	exec 7>&-
	wait "$spid"
	RC=$?
}
if command -v script >/dev/null 2>&1 && command -v mkfifo >/dev/null 2>&1; then
	tty_run 'tty-secret-pw|tty-secret-pw' "$D" wallet new viatty
	expect_rc 0 "new with passwords typed on the terminal"
	grep -q tty-secret-pw "$T_TMP/screen" && t_bad "password echoed" || t_ok
	grep -qE '^    [a-z]+( [a-z]+){11}' "$T_TMP/screen" && t_ok || t_bad "mnemonic shown on the terminal"
	[ ! -s "$T_TMP/tty.err" ] && t_ok || t_bad "nothing on stderr with a terminal"
	grep -qE '^SS58 Address' "$T_TMP/tty.out" && ! grep -qE '^    [a-z]+ [a-z]+' "$T_TMP/tty.out" && t_ok || t_bad "stdout: address only"
	tty_run 'tty-secret-pw|other-pw' "$D" wallet new viatty2
	expect_rc 2 "mismatched repeat refused"
	[ ! -e "$W/viatty2.json" ] && t_ok || t_bad "nothing stored on mismatch"
	tty_run 'tty-secret-pw' "$D" sign --key viatty --message hi
	expect_rc 0 "--key password typed on the terminal"
	grep -q '^0x' "$T_TMP/tty.out" && t_ok || t_bad "signature printed"
	tty_run 'wrong' "$D" sign --key viatty --message hi
	expect_rc 1 "wrong password on the terminal"
	tty_run 'n' "$D" wallet remove viatty
	[ "$RC" -ne 0 ] && [ -e "$W/viatty.json" ] && t_ok || t_bad "remove answered no keeps the key"
	tty_run 'y' "$D" wallet remove viatty
	[ "$RC" -eq 0 ] && [ ! -e "$W/viatty.json" ] && t_ok || t_bad "remove answered yes"
fi

# A wallet directory others can read: warned about after success only.
chmod 755 "$W"
t_run "$D" wallet list
expect_err_match 'accessible by other users' "loose directory warning"
t_run "$D" wallet show nobody
expect_err_one_line "failure prints one line even with a loose directory"
chmod 700 "$W"

# An option another wallet subcommand takes is refused by name, whichever way it is spelled
# (the value given as a separate word is not mistaken for the option).
expect_bad_input "list --words 12" "$D" wallet list --words 12
expect_err_match "wallet list: option '--words' does not apply here" "list --words 12: names --words"
expect_bad_input "list --words=12" "$D" wallet list --words=12
expect_err_match "option '--words' does not apply" "list --words=12: names --words"
expect_bad_input "show alice -o FILE" "$D" wallet show alice -o "$T_TMP/x.json"
expect_err_match "wallet show: option '-o' does not apply here" "show -o: names -o"

t_done
