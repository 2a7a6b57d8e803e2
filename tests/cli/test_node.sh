# dbcsign node against the mock client node (tests/interop/mock-node.mjs), which follows
# ../shared/spec/dbc-node-api.md §3 and verifies every signature with polkadot-js sr25519Verify.
# Every command, the three auth modes, and the error classes (1 refused, 2 usage, 3 transport).
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
IDIR=$(cd "$(dirname "$0")/../interop" && pwd)
PEER=58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45
OTHER=fcf2cd8b99958606d260ca00c5ac00c88c242bcf8eb38e7cc3f29e9719a73f39
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
BOB=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
CHARLIE=5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y
umask 077

if ! command -v node >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then t_bad "node.js missing"; else t_skip "node.js missing"; fi
	t_done; exit $?
fi
if [ ! -d "$IDIR/node_modules/@polkadot/util-crypto" ]; then
	(cd "$IDIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || {
		t_bad "npm ci in tests/interop failed"; t_done; exit 1; }
fi

node "$IDIR/mock-node.mjs" >"$T_TMP/port" 2>"$T_TMP/mock.err" &
MOCK=$!
trap 'kill $MOCK 2>/dev/null; rm -rf "$T_TMP"' EXIT
i=0
while [ ! -s "$T_TMP/port" ] && [ $i -lt 300 ]; do
	kill -0 $MOCK 2>/dev/null || break
	sleep 0.1; i=$((i + 1))
done
PORT=$(head -n1 "$T_TMP/port")
case $PORT in
''|*[!0-9]*) t_bad "mock node did not start: $(cat "$T_TMP/mock.err")"; t_done; exit 1 ;;
esac
URL=http://127.0.0.1:$PORT
export DBCSIGN_NODE_URL=$URL
N="$D node --peer $PEER"

# The last request the mock received: {method, url, body}.
last() { curl -s "$URL/__last" >"$T_TMP/last"; }
last_url() { last; jq -r .url "$T_TMP/last"; }
last_body() { last; jq -r .body "$T_TMP/last"; }
# ok DESC: exit 0, JSON on stdout, stderr empty
ok() {
	expect_rc 0 "$1"
	if jq -e . "$OUT" >/dev/null 2>&1; then t_ok; else t_bad "$1: stdout is not JSON"; fi
	if [ ! -s "$ERR" ]; then t_ok; else t_bad "$1: stderr not empty"; fi
}
# refused CODE DESC: exit CODE, nothing on stdout, one line on stderr
refused() { expect_rc "$1" "$2"; expect_out_empty "$2"; expect_err_one_line "$2"; }

# ---- tasks (empty), and the request shape the node wants ----
t_run $N --suri //Alice tasks
ok "tasks"
[ "$(cat "$OUT")" = "[]" ] && t_ok || t_bad "no tasks yet"
last_body >"$T_TMP/b1"
[ "$(jq -r '.peer_nodes_list|join(",")' "$T_TMP/b1")" = "$PEER" ] && t_ok || t_bad "peer_nodes_list"
[ "$(jq -c .additional "$T_TMP/b1")" = "{}" ] && t_ok || t_bad "additional {}"
[ "$(jq -r .wallet "$T_TMP/b1")" = "$ALICE" ] && t_ok || t_bad "wallet field"
"$D" verify --public "$(jq -r .wallet "$T_TMP/b1")" --message "$(jq -r .nonce "$T_TMP/b1")" \
	--signature "$(jq -r .sign "$T_TMP/b1")" >/dev/null 2>&1 && t_ok || t_bad "sent triple verifies"
[ "$(last_url)" = "/api/v1/tasks" ] && t_ok || t_bad "tasks route"
t_run $N --suri //Alice tasks
last_body >"$T_TMP/b2"
[ "$(jq -r .nonce "$T_TMP/b1")" != "$(jq -r .nonce "$T_TMP/b2")" ] && t_ok || t_bad "fresh nonce per request"

# ---- create: flags become the documented keys, numbers as strings ----
t_run $N --suri //Alice create --image ubuntu.qcow2 --desc "test vm" --os linux --bios legacy \
	--ssh-port 5684 --rdp-port 5685 --vnc-port 5904 --gpus 1 --cpus 8 --mem 16 --disk 100 \
	--data-file "" --network-name "" --public-ip "" --custom-port tcp,123 --custom-port udp,111:222 \
	--multicast 230.0.0.1:5558 --filter in,tcp,22,0.0.0.0/0,accept --filter out,all,all,0.0.0.0/0,accept
ok "create"
[ "$(jq -r .status "$OUT")" = creating ] && t_ok || t_bad "create status"
TASK=$(jq -r .task_id "$OUT")
last_body | jq -c .additional >"$T_TMP/add"
want='{"image_name":"ubuntu.qcow2","desc":"test vm","operation_system":"linux","bios_mode":"legacy","ssh_port":"5684","rdp_port":"5685","vnc_port":"5904","gpu_count":"1","cpu_cores":"8","mem_size":"16","disk_size":"100","data_file_name":"","network_name":"","public_ip":"","custom_port":["tcp,123","udp,111:222"],"multicast":["230.0.0.1:5558"],"network_filters":["in,tcp,22,0.0.0.0/0,accept","out,all,all,0.0.0.0/0,accept"]}'
[ "$(jq -cS . "$T_TMP/add")" = "$(echo "$want" | jq -cS .)" ] && t_ok || t_bad "create additional: $(cat "$T_TMP/add")"
[ "$(last_url)" = "/api/v1/tasks/start" ] && t_ok || t_bad "create route"

# --additional FILE: JSON numbers are sent as strings; flags override the file
printf '{"image_name":"old.qcow2","vnc_port":5905,"cpu_cores":2,"custom_port":["tcp,1"]}\n' >"$T_TMP/add.json"
t_run $N --suri //Alice create --additional "$T_TMP/add.json" --image new.qcow2 --task-id abcdefghij0123456789
ok "create --additional"
last_body | jq -c .additional >"$T_TMP/add2"
[ "$(jq -cS . "$T_TMP/add2")" = '{"cpu_cores":"2","custom_port":["tcp,1"],"image_name":"new.qcow2","task_id":"abcdefghij0123456789","vnc_port":"5905"}' ] && t_ok || t_bad "additional merge: $(cat "$T_TMP/add2")"
printf '{"image_name":"u.qcow2","vnc_port":5905.5}' >"$T_TMP/frac.json"
expect_bad_input "create fractional number" $N --suri //Alice create --additional "$T_TMP/frac.json"
printf '[1,2]' >"$T_TMP/arr.json"
expect_bad_input "create --additional not an object" $N --suri //Alice create --additional "$T_TMP/arr.json"
expect_bad_input "create --additional missing file" $N --suri //Alice create --additional "$T_TMP/nope.json"

# --wait polls until the task leaves "creating" (no progress line: stderr is not a tty)
t_run $N --suri //Alice create --image ubuntu.qcow2 --vnc-port 5906 --wait --wait-interval 1
ok "create --wait"
[ "$(jq -r .status "$OUT")" = running ] && t_ok || t_bad "waited until running"
jq -e '.login_password and .ssh_port' "$OUT" >/dev/null && t_ok || t_bad "--wait prints the task detail"
case $(last_url) in /api/v1/tasks/*) t_ok ;; *) t_bad "--wait polls /tasks/ID" ;; esac

# node-side validation failures: HTTP 200 with errcode≠0 → exit 1, message on stderr
t_run $N --suri //Alice create --image ubuntu.qcow2
refused 1 "create without vnc port"
expect_err_match "vnc_port is empty" "node message relayed"
t_run $N --suri //Alice create --image ubuntu.qcow2 --vnc-port 80
refused 1 "create bad vnc port"
expect_bad_input "create without --image" $N --suri //Alice create --vnc-port 5900
expect_bad_input "create non-numeric port" $N --suri //Alice create --image u.qcow2 --vnc-port 59x
expect_bad_input "create port out of range" $N --suri //Alice create --image u.qcow2 --vnc-port 70000
expect_bad_input "create negative cpus" $N --suri //Alice create --image u.qcow2 --cpus -1
expect_bad_input "create --image twice" $N --suri //Alice create --image a.qcow2 --image b.qcow2

# ---- task detail, lifecycle ----
t_run $N --suri //Alice task "$TASK"
ok "task ID"
[ "$(jq -r .task_id "$OUT")" = "$TASK" ] && t_ok || t_bad "task detail id"
[ "$(last_url)" = "/api/v1/tasks/$TASK" ] && t_ok || t_bad "task route"
t_run $N --suri //Alice tasks
[ "$(jq length "$OUT")" -eq 3 ] && t_ok || t_bad "three tasks listed"
for op in start stop shutdown poweroff reset; do
	t_run $N --suri //Alice "$op" "$TASK"
	ok "$op"
	[ "$(last_url)" = "/api/v1/tasks/$op/$TASK" ] && t_ok || t_bad "$op route"
done
t_run $N --suri //Alice restart "$TASK"
ok "restart"
[ "$(last_url)" = "/api/v1/tasks/restart/$TASK" ] && t_ok || t_bad "restart route"
t_run $N --suri //Alice restart "$TASK" --force
ok "restart --force"
[ "$(last_url)" = "/api/v1/tasks/restart/$TASK?force_reboot=true" ] && t_ok || t_bad "restart --force query"

# ---- logs ----
t_run $N --suri //Alice logs "$TASK"
ok "logs"
[ "$(last_url)" = "/api/v1/tasks/logs/$TASK?flag=tail&line_num=100" ] && t_ok || t_bad "logs default query"
t_run $N --suri //Alice logs "$TASK" --head --lines 5
ok "logs --head --lines 5"
[ "$(last_url)" = "/api/v1/tasks/logs/$TASK?flag=head&line_num=5" ] && t_ok || t_bad "logs query"
expect_bad_input "logs --head --tail" $N --suri //Alice logs "$TASK" --head --tail
expect_bad_input "logs --lines 0" $N --suri //Alice logs "$TASK" --lines 0

# ---- modify ----
t_run $N --suri //Alice modify "$TASK" --ssh-port 2200 --cpus 2 --mem 4 --filter in,all,all,0.0.0.0/0,drop
ok "modify"
[ "$(last_body | jq -cS .additional)" = '{"new_cpu_cores":"2","new_mem_size":"4","new_network_filters":["in,all,all,0.0.0.0/0,drop"],"new_ssh_port":"2200"}' ] && t_ok || t_bad "modify fields"
expect_bad_input "modify nothing" $N --suri //Alice modify "$TASK"
expect_bad_input "modify --image (create only)" $N --suri //Alice modify "$TASK" --image x.qcow2

# ---- passwd: the new password from stdin or a file, never argv ----
printf 'n3w-Pass\n' >"$T_TMP/pw"
T_STDIN=$T_TMP/pw t_run $N --suri //Alice passwd "$TASK" --username dbc
ok "passwd (stdin)"
[ "$(last_body | jq -cS .additional)" = '{"password":"n3w-Pass","username":"dbc"}' ] && t_ok || t_bad "passwd body"
t_run $N --suri //Alice passwd "$TASK" --username dbc --new-password-file "$T_TMP/pw"
ok "passwd --new-password-file"
expect_bad_input "passwd without --username" $N --suri //Alice passwd "$TASK" --new-password-file "$T_TMP/pw"
: >"$T_TMP/empty"
expect_bad_input "passwd empty password" $N --suri //Alice passwd "$TASK" --username dbc --new-password-file "$T_TMP/empty"
expect_bad_input "passwd password on argv" $N --suri //Alice passwd "$TASK" --username dbc hunter2
printf 'line1\nline2\n' >"$T_TMP/pw2l"
expect_bad_input "passwd two-line password file" $N --suri //Alice passwd "$TASK" --username dbc --new-password-file "$T_TMP/pw2l"
head -c 257 /dev/zero | tr '\0' 'p' >"$T_TMP/pwlong"
expect_bad_input "passwd password over 256 bytes" $N --suri //Alice passwd "$TASK" --username dbc --new-password-file "$T_TMP/pwlong"
expect_bad_input "passwd missing password file" $N --suri //Alice passwd "$TASK" --username dbc --new-password-file "$T_TMP/nope"
expect_err_match "new-password-file $T_TMP/nope" "missing password file: names the flag and path"

# The password typed at a terminal (a pseudo-terminal from python3's pty module): echo off,
# asked twice; Ctrl-C at the prompt must leave the terminal's echo on.
# pty_steps STEPS CMD...: STEPS is "wait:TEXT|type:TEXT|intr" items separated by '|'. The
# screen goes to $T_TMP/screen; "echo=0|1" seen at every wait, then "final=0|1" after
# the exit, to $T_TMP/echo. RC is CMD's exit code (128+N for a signal).
cat >"$T_TMP/pty_steps.py" <<'PY'
import os, pty, select, sys, termios
steps, out, err, screen_path, echo_path = sys.argv[1:6]
cmd = sys.argv[6:]
pid, master = pty.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    os.execvp(cmd[0], cmd)
screen = b""
log = []
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
def echo():
    return 1 if termios.tcgetattr(master)[3] & termios.ECHO else 0
waited = 0
for step in steps.split("|"):
    kind, _, arg = step.partition(":")
    if kind == "wait":
        seen = pump(arg.encode(), 10)
        # Mark the prompt as consumed, so waiting for the same text again needs a new one.
        log.append("seen=%d echo=%d" % (seen, echo()))
        screen = screen.replace(arg.encode(), b"<" + str(waited).encode() + b">", 1)
        waited += 1
    elif kind == "type":
        os.write(master, arg.encode() + b"\n")
    elif kind == "intr":
        os.write(master, b"\x03")
pump(None, 20)
# A program still waiting for input after 20 s of silence is stuck: end it (a failure).
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
log.append("final=%d" % echo())
open(echo_path, "w").write("\n".join(log) + "\n")
open(screen_path, "wb").write(screen)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
PY
pty_steps() {
	st=$1; shift
	python3 "$T_TMP/pty_steps.py" "$st" "$OUT" "$ERR" "$T_TMP/screen" "$T_TMP/echo" "$@"
	RC=$?
}
if command -v python3 >/dev/null 2>&1 && python3 -c 'import pty, termios' 2>/dev/null; then
	pty_steps 'wait:new VM password: |type:tty-Pass1|wait:again: |type:tty-Pass1' $N --suri //Alice passwd "$TASK" --username dbc
	expect_rc 0 "passwd typed twice at a terminal"
	[ "$(last_body | jq -cS .additional)" = '{"password":"tty-Pass1","username":"dbc"}' ] && t_ok || t_bad "typed password sent"
	[ "$(grep -c 'seen=1 echo=0' "$T_TMP/echo")" -eq 2 ] && t_ok || t_bad "both prompts shown, echo off ($(tr '\n' ' ' <"$T_TMP/echo"))"
	grep -q 'tty-Pass1' "$T_TMP/screen" && t_bad "typed password echoed" || t_ok
	grep -q 'final=1' "$T_TMP/echo" && t_ok || t_bad "echo on after passwd"
	pty_steps 'wait:new VM password: |type:tty-Pass1|wait:again: |type:tty-Pass2' $N --suri //Alice passwd "$TASK" --username dbc
	expect_rc 2 "passwd: the two typed passwords differ"
	expect_err_match 'differ' "passwords differ message"
	expect_out_empty "passwords differ: nothing on stdout"
	pty_steps 'wait:new VM password: |intr' $N --suri //Alice passwd "$TASK" --username dbc
	[ "$RC" -eq 130 ] && t_ok || t_bad "Ctrl-C at the prompt ends passwd by SIGINT (rc $RC)"
	grep -q 'final=1' "$T_TMP/echo" && t_ok || t_bad "Ctrl-C at the prompt left the terminal echo off"
	expect_out_empty "Ctrl-C: nothing on stdout"
else
	t_skip "python3 pty module not available: terminal password not tested"
fi

# ---- session-id, then the share-a-session flow (triple --session-id) ----
t_run $N --suri //Alice session-id
ok "session-id"
SID=$(jq -r .session_id "$OUT")
echo "$SID" | grep -Eq '^[1-9A-HJ-NP-Za-km-z]{55}$' && t_ok || t_bad "session id format ($SID)"
[ "$(last_url)" = "/api/v1/mining_nodes/session_id" ] && t_ok || t_bad "session-id route"
t_run "$D" triple --suri //Alice --session-id "$SID"
SSIGN=$(jq -r .session_id_sign "$OUT")
t_run $N --session-id "$SID" --session-sign "$SSIGN" tasks
ok "tasks with a shared session"
last_body >"$T_TMP/bs"
jq -e 'has("wallet")|not' "$T_TMP/bs" >/dev/null && [ "$(jq -r .session_id "$T_TMP/bs")" = "$SID" ] && t_ok || t_bad "session body has session fields only"
t_run "$D" triple --suri //Bob --session-id "$SID"
t_run $N --session-id "$SID" --session-sign "$(jq -r .session_id_sign "$OUT")" tasks
refused 1 "session signed by a non-renter"
expect_err_match "session_id is invalid" "session refusal relayed"
expect_bad_input "session-id with a session" $N --session-id "$SID" --session-sign "$SSIGN" session-id
expect_bad_input "--session-id without --session-sign" $N --session-id "$SID" tasks
expect_bad_input "--session-sign malformed" $N --session-id "$SID" --session-sign abcd tasks
expect_bad_input "two auth modes" $N --suri //Alice --session-id "$SID" --session-sign "$SSIGN" tasks

# ---- multisig (2 of Alice, Bob, Charlie: a renter in the mock) ----
t_run "$D" triple --suri //Alice; A=$(cat "$OUT")
t_run "$D" triple --suri //Bob; B=$(cat "$OUT")
jq -n --argjson a "$A" --argjson b "$B" --arg w1 "$ALICE" --arg w2 "$BOB" --arg w3 "$CHARLIE" \
	'{multisig_accounts:{wallets:[$w1,$w2,$w3],threshold:"2",signs:[$a,$b]}}' >"$T_TMP/ms.json"
t_run $N --multisig "$T_TMP/ms.json" tasks
ok "tasks with multisig"
[ "$(last_body | jq -r '.multisig_accounts.threshold')" = 2 ] && t_ok || t_bad "multisig forwarded"
# one tampered signature: refused locally before anything is sent
jq '.multisig_accounts.signs[1].nonce = .multisig_accounts.signs[0].nonce' "$T_TMP/ms.json" >"$T_TMP/ms_bad.json"
t_run $N --multisig "$T_TMP/ms_bad.json" tasks
refused 1 "multisig with a bad signature"
jq '.multisig_accounts.threshold = "3"' "$T_TMP/ms.json" >"$T_TMP/ms_thr.json"
expect_bad_input "multisig threshold above signs" $N --multisig "$T_TMP/ms_thr.json" tasks
printf 'nope' >"$T_TMP/ms_junk.json"
expect_bad_input "multisig not JSON" $N --multisig "$T_TMP/ms_junk.json" tasks

# ---- delete ----
t_run $N --suri //Alice delete "$TASK"
ok "delete"
t_run $N --suri //Alice task "$TASK"
refused 1 "deleted task"
expect_err_match "task_id not exist" "unknown task message"

# ---- machine, images, peers (no credentials needed) ----
t_run "$D" node machine
ok "machine (no peer)"
jq -e '.mining_nodes[0].node_id' "$OUT" >/dev/null && t_ok || t_bad "mining_nodes list"
last_body | jq -e 'has("wallet")|not' >/dev/null && t_ok || t_bad "machine sends no credentials"
t_run $N --suri //Alice machine
ok "machine --peer"
last_body | jq -e 'has("wallet")|not' >/dev/null && t_ok || t_bad "machine never sends credentials"
t_run "$D" node images
ok "images"
t_run $N --suri //Alice images --image-server ID_2
ok "images --peer with key"
[ "$(jq -r .image_server "$OUT")" = ID_2 ] && t_ok || t_bad "image_server sent"
last_body | jq -e '.wallet' >/dev/null && t_ok || t_bad "images with a key sends auth"
t_run "$D" node peers
ok "peers"
[ "$(last_url)" = "/api/v1/peers/active" ] && t_ok || t_bad "peers route"
t_run "$D" node peers --global
[ "$(last_url)" = "/api/v1/peers/global" ] && t_ok || t_bad "peers --global"
t_run "$D" node peers --lan
[ "$(last_url)" = "/api/v1/peers/lan" ] && t_ok || t_bad "peers --lan"

# ---- request PATH [--body FILE]: auth fields injected ----
printf '{"additional":{}}' >"$T_TMP/body.json"
t_run $N --suri //Alice request /tasks --body "$T_TMP/body.json"
ok "request /tasks --body"
last_body >"$T_TMP/br"
[ "$(jq -r '.peer_nodes_list[0]' "$T_TMP/br")" = "$PEER" ] && jq -e '.nonce and .sign' "$T_TMP/br" >/dev/null && t_ok || t_bad "request injects peer and auth"
# no auth options: a body signed elsewhere goes out untouched
t_run "$D" triple --suri //Alice
jq --arg p "$PEER" '. + {peer_nodes_list:[$p], additional:{}}' "$OUT" >"$T_TMP/presigned.json"
t_run "$D" node request /tasks --body "$T_TMP/presigned.json"
ok "request with a pre-signed body"
[ "$(last_body | jq -r .nonce)" = "$(jq -r .nonce "$T_TMP/presigned.json")" ] && t_ok || t_bad "pre-signed body kept"
t_run "$D" node request /api/v1/mining_nodes
ok "request with /api/v1 prefix"
[ "$(last_url)" = "/api/v1/mining_nodes" ] && t_ok || t_bad "no double prefix"
expect_bad_input "request relative path" "$D" node request tasks
expect_bad_input "request without path" "$D" node request

# ---- errors ----
t_run $N --suri //Bob tasks
refused 1 "not the renter"
expect_err_match "wallet not rented" "renter refusal relayed"
t_run "$D" node --peer "$OTHER" --suri //Alice tasks
refused 3 "unknown peer (HTTP 400)"
expect_err_match "HTTP 400" "HTTP status named"
t_run "$D" node request /__nonjson
refused 3 "non-JSON reply"
t_run "$D" node request /__noerrcode
refused 3 "reply without errcode"
expect_err_match "errcode" "missing errcode named"
t_run "$D" node request /no/such/route
refused 3 "unknown route (HTTP 404)"
t_run "$D" node --timeout 1 request /__slow
refused 3 "timeout"
expect_err_match "within 1 s" "timeout named"
t_run "$D" node request /__redirect
refused 3 "redirect not followed"
expect_err_match "HTTP 302" "redirect status named"
t_run "$D" node request /__huge
refused 3 "reply over the size cap"
expect_err_match "too large" "size cap named"
t_run "$D" node --url http://127.0.0.1:1 peers
refused 3 "unreachable node"
t_run $N --suri //Alice --wallet "$BOB" tasks
refused 1 "wallet does not match the key"
expect_bad_input "malformed peer" "$D" node --peer 58fb tasks --suri //Alice
expect_bad_input "non-hex peer" "$D" node --peer "$(echo "$PEER" | sed 's/5/z/')" tasks --suri //Alice
expect_bad_input "unknown command" "$D" node frobnicate
expect_bad_input "no command" "$D" node
expect_bad_input "no auth" $N tasks
expect_bad_input "no peer" "$D" node --suri //Alice tasks
expect_bad_input "ed25519 key" $N --suri //Alice --scheme ed25519 tasks
expect_bad_input "bad task id" $N --suri //Alice task 'a/../b'
expect_bad_input "option of another command" $N --suri //Alice tasks --force
expect_bad_input "bad --url" "$D" node --url ftp://127.0.0.1/ peers
expect_bad_input "url with credentials" "$D" node --url http://u:p@127.0.0.1:1 peers
expect_bad_input "extra operand" $N --suri //Alice tasks extra
expect_bad_input "--timeout 0" "$D" node --timeout 0 peers
# --url beats a bad environment value
DBCSIGN_NODE_URL=http://127.0.0.1:1 t_run "$D" node --url "$URL" peers
ok "--url overrides DBCSIGN_NODE_URL"
t_run "$D" node --help
expect_rc 0 "node --help"

t_done
