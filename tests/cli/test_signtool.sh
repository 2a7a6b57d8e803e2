# sign_tool compatibility: byte layout against DBC's golden output (../shared/fixtures/dbc/
# sign_tool-output.txt, transcribed from DBC-Wiki session_id_sign.png @ 66a29502; format per
# DBC-AIComputingNet src/sign_tool/main.cpp @ 603ac9db), signatures checked with verify,
# the argv warning, exit codes, the `sign_tool` link name, and the argv scrubbing.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
KA_SEED=b0afb3faa47534b5348b4ea731b75deae179b0e6f13a80bf2fe9c4307bf97fe9
KA=5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4
KB=5HgVTsXnUBmaL5F2RBjKmXMoAeG9Avuyk9tmgnnVx28u2ZrS
SID=663dmJngqu1yUmENnFM6PEsaeCKXTc4XHj6NfYbnA1ooLXuMDpNLmZu
B58='[1-9A-HJ-NP-Za-km-z]'

check_sig() {
	if "$D" verify --signature "$4" --public "$2" --message "$3" >/dev/null 2>&1; then t_ok
	else t_bad "$1: signature does not verify"; fi
}
# The random parts (nonce, both signatures) masked, everything else byte for byte.
mask() { sed -e 's/^\(     nonce: \).*/\1NONCE/' -e 's/^\(nonce_sign: \).*/\1SIG/' -e 's/^\( session_id_sign: \).*/\1SIG/' "$1"; }

# ---- the golden run: same wallet, seed and session id as the DBC-Wiki screenshot ----
t_run "$D" sign-tool "$KA" "$KA_SEED" "$SID"
expect_rc 0 "sign-tool ok"
if g=$(shared fixtures/dbc/sign_tool-output.txt); then
	mask "$g" >"$T_TMP/golden.masked"
	mask "$OUT" >"$T_TMP/ours.masked"
	if cmp -s "$T_TMP/golden.masked" "$T_TMP/ours.masked"; then t_ok; else t_bad "layout differs from the golden file"; diff "$T_TMP/golden.masked" "$T_TMP/ours.masked"; fi
	[ "$(wc -c <"$OUT")" -eq "$(wc -c <"$g")" ] && t_ok || t_bad "same byte count as the golden file"
	# a trailing newline on the last line, like std::endl
	[ "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" = '\n' ] && t_ok || t_bad "ends with newline"
fi
sed -n 2p "$OUT" | grep -Eq "^     nonce: ${B58}{55}\$" && t_ok || t_bad "nonce line"
nonce=$(sed -n 's/^     nonce: //p' "$OUT")
check_sig "nonce_sign" "$KA" "$nonce" "$(sed -n 's/^nonce_sign: //p' "$OUT")"
check_sig "session_id_sign" "$KA" "$SID" "$(sed -n 's/^ session_id_sign: //p' "$OUT")"
expect_err_match "private key was given on the command line" "argv warning"
expect_err_match "^dbcsign: warning:" "warning prefix"

# ---- 2 arguments: three lines; 0x-prefixed seed accepted as DBC does ----
t_run "$D" sign-tool "$KA" "0x$KA_SEED"
expect_rc 0 "sign-tool 0x seed"
[ "$(wc -l <"$OUT")" -eq 3 ] && t_ok || t_bad "three lines without session id"
[ "$(sed -n 1p "$OUT")" = "    wallet: $KA" ] && t_ok || t_bad "wallet line"
check_sig "0x seed nonce_sign" "$KA" "$(sed -n 's/^     nonce: //p' "$OUT")" "$(sed -n 's/^nonce_sign: //p' "$OUT")"
# an empty session id is ignored, as in DBC (session_id.empty())
t_run "$D" sign-tool "$KA" "$KA_SEED" ""
[ "$RC" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq 3 ] && t_ok || t_bad "empty session id: three lines"

# ---- the hex public key is accepted as wallet too (sc-cli style verify) ----
t_run "$D" sign-tool 5437db36c5532df3a5937b62563d71c372a74e73d71f1edc4b3836718541c510 "$KA_SEED"
expect_rc 0 "hex public key as wallet"

# ---- mismatch: DBC's message on stdout, exit 1 (DBC: 0) ----
t_run "$D" sign-tool "$KB" "$KA_SEED" "$SID"
expect_rc 1 "mismatch exit 1"
[ "$(cat "$OUT")" = "input wallet & wallet_private_key is error!" ] && [ "$(wc -c <"$OUT")" -eq 44 ] && t_ok || t_bad "mismatch message bytes"
t_run "$D" sign-tool "not-a-wallet" "$KA_SEED"
expect_rc 1 "undecodable wallet: exit 1"
expect_out "input wallet & wallet_private_key is error!" "undecodable wallet message"

# ---- usage: DBC's text, exit 1 ----
t_run "$D" sign-tool "$KA"
expect_rc 1 "usage exit 1"
printf 'usage: \n  sign_tool [wallet] [wallet_private_key] [session_id](\345\217\257\351\200\211)\n' >"$T_TMP/usage"
cmp -s "$OUT" "$T_TMP/usage" && t_ok || t_bad "usage bytes"
t_run "$D" sign-tool
expect_rc 1 "no args exit 1"
cmp -s "$OUT" "$T_TMP/usage" && t_ok || t_bad "usage bytes (no args)"

# ---- malformed seed: one line on stderr, nothing on stdout, exit 1 ----
for bad in zz "${KA_SEED}00" "$(echo "$KA_SEED" | cut -c1-62)" "0x" "bottom drive obey lake curtain smoke basket hold race lonely fit walk"; do
	t_run "$D" sign-tool "$KA" "$bad"
	expect_rc 1 "bad seed '$bad'"
	expect_out_empty "bad seed"
	expect_err_match "64 hex" "bad seed message"
	[ "$(grep -vc 'warning' "$ERR")" -eq 1 ] && t_ok || t_bad "bad seed: one error line"
done

# ---- invoked through a link named sign_tool (argv[0]) ----
ln -s "$D" "$T_TMP/sign_tool"
t_run "$T_TMP/sign_tool" "$KA" "$KA_SEED" "$SID"
expect_rc 0 "sign_tool link"
[ "$(sed -n 1p "$OUT")" = "    wallet: $KA" ] && [ "$(sed -n 4p "$OUT")" = "      session_id: $SID" ] && t_ok || t_bad "sign_tool link layout"
check_sig "sign_tool link" "$KA" "$(sed -n 's/^     nonce: //p' "$OUT")" "$(sed -n 's/^nonce_sign: //p' "$OUT")"
t_run "$T_TMP/sign_tool"
expect_rc 1 "sign_tool link usage"
cmp -s "$OUT" "$T_TMP/usage" && t_ok || t_bad "sign_tool link usage bytes"

# ---- argv scrubbing: while the process is blocked writing stdout into a full pipe (after
# the seed was moved out), its /proc/PID/cmdline must not contain the seed. ----
if command -v python3 >/dev/null 2>&1 && [ -r /proc/self/cmdline ]; then
	python3 - "$D" "$KA" "$KA_SEED" >"$T_TMP/scrub" 2>&1 <<'EOF'
import fcntl, os, subprocess, sys, time
d, wallet, seed = sys.argv[1:4]
r, w = os.pipe()
fl = fcntl.fcntl(w, fcntl.F_GETFL)
fcntl.fcntl(w, fcntl.F_SETFL, fl | os.O_NONBLOCK)
try:
    while True:
        os.write(w, b"x" * 4096)
except BlockingIOError:
    pass
fcntl.fcntl(w, fcntl.F_SETFL, fl)
er, ew = os.pipe()
p = subprocess.Popen([d, "sign-tool", wallet, seed], stdout=w, stderr=ew)
os.close(w); os.close(ew)
# The warning is printed after the scrub and before stdout is written: wait for it.
buf = b""
while b"\n" not in buf:
    chunk = os.read(er, 4096)
    if not chunk:
        break
    buf += chunk
with open(f"/proc/{p.pid}/cmdline", "rb") as f:
    cmdline = f.read()
state = "seed-visible" if seed.encode() in cmdline else "scrubbed"
wallet_ok = wallet.encode() in cmdline
# drain so the child can finish
while os.read(r, 65536):
    pass
p.wait()
print(state, "wallet-kept" if wallet_ok else "wallet-lost", p.returncode)
EOF
	if [ "$(cat "$T_TMP/scrub")" = "scrubbed wallet-kept 0" ]; then t_ok; else t_bad "argv scrubbing: $(cat "$T_TMP/scrub")"; fi
else
	t_skip "argv scrubbing (python3 or /proc missing)"
fi

t_done
