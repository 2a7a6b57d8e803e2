# Key-source resolution shared by every command: --suri-file/--suri-fd/--suri, passwords,
# exactly-one-source, secrets never accepted (or echoed) from argv, file checks.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
umask 077
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
# //Alice///password (substrate-crypto.md B1, computed) and the public mnemonic of
# polkadot-js toMiniSecret.spec.
ALICE_PW=5DDZ925gBq5PjNFM8yKTKWVoq1mf9veLGFHvpC6sHWXk6Wpe
PHRASE="seed sock milk update focus rotate barely fade car face mechanic mercy"

addr() { jq -r .ss58Address <"$OUT"; }

# The same key through each source kind.
printf '//Alice\n' >"$T_TMP/alice"
t_run "$D" inspect --suri //Alice --output json
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "--suri //Alice"
t_run "$D" inspect --suri-file "$T_TMP/alice" --output json
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "--suri-file PATH"
T_STDIN=$T_TMP/alice t_run "$D" inspect --suri-file - --output json
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "--suri-file -"
t_run sh -c '"$0" inspect --suri-fd 3 --output json 3<"$1"' "$D" "$T_TMP/alice"
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "--suri-fd 3"
# Pipes work as files (process substitution, /dev/fd/N).
t_run sh -c 'printf "//Alice" | "$0" inspect --suri-file /dev/stdin --output json' "$D"
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "--suri-file /dev/stdin (pipe)"
# Surrounding whitespace and CRLF are trimmed, as subkey trims a URI file.
printf '  //Alice \r\n\n' >"$T_TMP/alice_ws"
t_run "$D" inspect --suri-file "$T_TMP/alice_ws" --output json
[ "$(addr)" = "$ALICE" ] && t_ok || t_bad "SURI file whitespace trimmed"

# Passwords: a ///password in the file, or --password-file / --password-fd overriding it.
printf '//Alice///password\n' >"$T_TMP/alice_pw"
t_run "$D" inspect --suri-file "$T_TMP/alice_pw" --output json
[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "///password in the SURI file"
printf 'password\n' >"$T_TMP/pw"
t_run "$D" inspect --suri //Alice --password-file "$T_TMP/pw" --output json
[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "--password-file"
T_STDIN=$T_TMP/pw t_run "$D" inspect --suri //Alice --password-file - --output json
[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "--password-file -"
t_run sh -c '"$0" inspect --suri //Alice --password-fd 4 --output json 4<"$1"' "$D" "$T_TMP/pw"
[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "--password-fd 4"
printf 'other\n' >"$T_TMP/pw2"
t_run "$D" inspect --suri-file "$T_TMP/alice_pw" --password-file "$T_TMP/pw2" --output json
if [ "$(addr)" != "$ALICE_PW" ] && [ "$(addr)" != "$ALICE" ]; then t_ok; else t_bad "--password-file overrides ///password"; fi
t_run "$D" inspect --suri-file "$T_TMP/alice_pw" --password-file "$T_TMP/pw" --output json
[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "override equal to ///password"
# Passwords keep inner and trailing spaces (only the line ending is dropped).
printf 'pass word \n' >"$T_TMP/pw3"
t_run "$D" inspect --suri //Alice --password-file "$T_TMP/pw3" --output json
a1=$(addr)
printf 'pass word\n' >"$T_TMP/pw4"
t_run "$D" inspect --suri //Alice --password-file "$T_TMP/pw4" --output json
a2=$(addr)
if [ -n "$a1" ] && [ "$a1" != "$a2" ]; then t_ok; else t_bad "password trailing space kept"; fi

# Loose file modes: a warning on stderr (after success only), no warning at 0600.
cp "$T_TMP/alice" "$T_TMP/alice644"; chmod 644 "$T_TMP/alice644"
t_run "$D" inspect --suri-file "$T_TMP/alice644"
expect_rc 0 "mode 644 still works"
expect_err_match 'warning: .*other users' "mode 644 warns"
chmod 600 "$T_TMP/alice"
t_run "$D" inspect --suri-file "$T_TMP/alice"
if [ ! -s "$ERR" ]; then t_ok; else t_bad "mode 600: stderr not empty"; fi

# Secrets on argv are refused, never echoed.
expect_bad_input "mnemonic in --suri" "$D" inspect --suri "$PHRASE"
expect_err_match 'suri-file -' "mnemonic refusal says how to pass it"
if grep -q 'sock' "$ERR"; then t_bad "mnemonic echoed"; else t_ok; fi
expect_bad_input "mnemonic//hard in --suri" "$D" sign --suri "$PHRASE//0" --message x
expect_bad_input "0x seed in --suri" "$D" inspect --suri 0x3132333435363738393031323334353637383930313233343536373839303132
if grep -q '3132333435' "$ERR"; then t_bad "seed echoed"; else t_ok; fi
expect_bad_input "///password in --suri" "$D" inspect --suri '//Alice///secretpw'
expect_err_match 'password-file' "///password refusal says how to pass it"
if grep -q 'secretpw' "$ERR"; then t_bad "password echoed"; else t_ok; fi
expect_bad_input "--suri=<mnemonic>" "$D" inspect "--suri=$PHRASE"
if grep -q 'sock' "$ERR"; then t_bad "--suri= value echoed"; else t_ok; fi
expect_bad_input "mnemonic as operand (sign)" "$D" sign "$PHRASE" --message x
if grep -q 'sock' "$ERR"; then t_bad "operand echoed"; else t_ok; fi

# Exactly one key source.
expect_bad_input "two sources: --suri + --suri-file" "$D" inspect --suri //Alice --suri-file "$T_TMP/alice"
expect_err_match 'exactly one' "two sources: says exactly one"
expect_bad_input "two sources: --suri-file twice" "$D" inspect --suri-file "$T_TMP/alice" --suri-file "$T_TMP/alice"
expect_bad_input "two sources: --suri-fd + --key" "$D" sign --suri-fd 0 --key main --message x
expect_bad_input "two sources: --keystore-json + --ledger" "$D" sign --keystore-json "$T_TMP/k.json" --ledger --message x
expect_bad_input "two sources: --suri + --ledger=DEV" "$D" sign --suri //Alice --ledger=/dev/hidraw0 --message x
expect_bad_input "Ledger path option without --ledger" "$D" sign --suri //Alice --account 1 --message x
expect_bad_input "--ledger-cla without --ledger" "$D" sign --suri //Alice --ledger-cla 0x90 --message x
expect_bad_input "bad --ledger-cla" "$D" sign --ledger --ledger-cla 0x1234 --message x
expect_bad_input "bad --account" "$D" sign --ledger --account -1 --message x
expect_bad_input "--account beyond 2^31" "$D" sign --ledger --account 2147483648 --message x
expect_bad_input "password without a key source" "$D" inspect --password-file "$T_TMP/pw" --public "$ALICE"
expect_bad_input "password with --ledger" "$D" sign --ledger --password-file "$T_TMP/pw" --message x
expect_bad_input "two passwords" "$D" inspect --suri //Alice --password-file "$T_TMP/pw" --password-fd 0
expect_bad_input "stdin for both SURI and password" "$D" inspect --suri-file - --password-file -
expect_bad_input "same fd for SURI and password" "$D" inspect --suri-fd 5 --password-fd 5

# File and descriptor errors name the flag.
expect_bad_input "missing SURI file" "$D" inspect --suri-file "$T_TMP/nope"
expect_err_match "--suri-file $T_TMP/nope" "missing file: names flag and path"
expect_bad_input "directory as SURI file" "$D" inspect --suri-file "$T_TMP"
expect_bad_input "empty --suri-file path" "$D" inspect --suri-file ''
: >"$T_TMP/empty"
expect_bad_input "empty SURI file" "$D" inspect --suri-file "$T_TMP/empty"
expect_err_match 'empty' "empty SURI file: says empty"
printf ' \n\n' >"$T_TMP/blank"
expect_bad_input "blank SURI file" "$D" inspect --suri-file "$T_TMP/blank"
printf '//Alice\n//Bob\n' >"$T_TMP/twolines"
expect_bad_input "two-line SURI file" "$D" inspect --suri-file "$T_TMP/twolines"
printf '//Al\000ice\n' >"$T_TMP/nul"
expect_bad_input "NUL byte in SURI file" "$D" inspect --suri-file "$T_TMP/nul"
head -c 5000 /dev/zero | tr '\0' 'a' >"$T_TMP/big"
expect_bad_input "oversized SURI file" "$D" inspect --suri-file "$T_TMP/big"
expect_bad_input "--suri-fd not open" "$D" inspect --suri-fd 7
expect_err_match '--suri-fd 7' "--suri-fd not open: names the flag"
expect_bad_input "--suri-fd 1 (stdout)" "$D" inspect --suri-fd 1
expect_bad_input "--suri-fd not a number" "$D" inspect --suri-fd 3x
expect_bad_input "missing password file" "$D" sign --suri //Alice --password-file "$T_TMP/nopw" --message x
expect_err_match "--password-file $T_TMP/nopw" "missing password file: names flag and path"
expect_bad_input "--password-fd not open" "$D" inspect --suri //Alice --password-fd 8
: >"$T_TMP/emptypw"
expect_bad_input "empty password file" "$D" inspect --suri //Alice --password-file "$T_TMP/emptypw"
printf 'a\nb\n' >"$T_TMP/pw2l"
expect_bad_input "two-line password file" "$D" inspect --suri //Alice --password-file "$T_TMP/pw2l"
expect_bad_input "--scheme unknown (key option)" "$D" sign --suri //Alice --scheme sr25519x --message x

# Secrets typed at a terminal given as stdin or as the descriptor: a prompt on the tty, one
# line read with echo off (the terminal restored), never shown on the screen.
# pty_type PROMPT LINE CMD...: run CMD with a new pseudo-terminal as stdin and controlling
# terminal (stdout/stderr to $OUT/$ERR), wait for PROMPT, type LINE (then ^D, which ends an
# echoing read-to-EOF). The screen goes to $T_TMP/screen; "echo=0|1" (at the prompt) to
# $T_TMP/echo. RC is CMD's exit code.
cat >"$T_TMP/pty_type.py" <<'PY'
import os, pty, select, sys, termios
prompt, line, out, err, screen_path, echo_path = sys.argv[1:7]
cmd = sys.argv[7:]
pid, master = pty.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    os.execvp(cmd[0], cmd)
screen = b""
def pump(until, limit):
    global screen
    while until is None or until not in screen:
        r, _, _ = select.select([master], [], [], limit)
        if not r:
            return False
        try:
            data = os.read(master, 4096)
        except OSError:
            return False
        if not data:
            return False
        screen += data
    return True
seen = pump(prompt.encode(), 10)
echo = termios.tcgetattr(master)[3] & termios.ECHO
open(echo_path, "w").write("prompt=%d echo=%d\n" % (seen, 1 if echo else 0))
os.write(master, line.encode() + b"\n\x04")
pump(None, 20)
open(screen_path, "wb").write(screen)
# A program still waiting for input after 20 s of silence is stuck: end it (a failure).
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
PY
pty_type() {
	p=$1; l=$2; shift 2
	python3 "$T_TMP/pty_type.py" "$p" "$l" "$OUT" "$ERR" "$T_TMP/screen" "$T_TMP/echo" "$@"
	RC=$?
}
# expect_typed DESC SECRET: prompt shown, echo off at the prompt, SECRET not on the screen.
expect_typed() {
	grep -q 'prompt=1' "$T_TMP/echo" && t_ok || t_bad "$1: no prompt on the terminal"
	grep -q 'echo=0' "$T_TMP/echo" && t_ok || t_bad "$1: echo on while reading"
	if sed 's/Password: //g; s/Secret phrase or URI: //g' "$T_TMP/screen" | grep -qF "$2"; then t_bad "$1: secret echoed on the terminal"; else t_ok; fi
}
if command -v python3 >/dev/null 2>&1 && python3 -c 'import pty, termios' 2>/dev/null; then
	PHRASE_ADDR=$(printf '%s\n' "$PHRASE" | "$D" inspect --suri-file - --output json | jq -r .ss58Address)
	pty_type 'Secret phrase or URI: ' "$PHRASE" "$D" triple --suri-file -
	expect_rc 0 "triple --suri-file - typed at a terminal"
	[ "$(jq -r .wallet <"$OUT")" = "$PHRASE_ADDR" ] && t_ok || t_bad "typed mnemonic: triple wallet"
	expect_typed "--suri-file - on a terminal" "sock milk"
	pty_type 'Secret phrase or URI: ' "$PHRASE" "$D" inspect --suri-fd 0 --output json
	expect_rc 0 "--suri-fd 0 typed at a terminal"
	[ "$(addr)" = "$PHRASE_ADDR" ] && t_ok || t_bad "--suri-fd 0 typed mnemonic: address"
	expect_typed "--suri-fd 0 on a terminal" "sock milk"
	pty_type 'Password: ' 'password' "$D" inspect --suri //Alice --password-file - --output json
	expect_rc 0 "--password-file - typed at a terminal"
	[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "typed password: //Alice///password"
	expect_typed "--password-file - on a terminal" password
	pty_type 'Password: ' 'password' "$D" inspect --suri //Alice --password-fd 0 --output json
	expect_rc 0 "--password-fd 0 typed at a terminal"
	[ "$(addr)" = "$ALICE_PW" ] && t_ok || t_bad "--password-fd 0 typed password"
	expect_typed "--password-fd 0 on a terminal" password
	pty_type 'Secret phrase or URI: ' '' "$D" inspect --suri-file -
	expect_rc 2 "empty line typed at a terminal"
	expect_err_match 'empty' "empty typed line: says empty"
	expect_out_empty "empty typed line: nothing on stdout"
else
	t_skip "python3 pty module not available: terminal input not tested"
fi

t_done
