# Fault injection on the wire (issue 7 §4): a server that cuts HTTP replies mid-way
# (tests/fault/drop_server.py: half the headers, half the body, a cut chunk, a reset, nothing),
# against `dbcsign node tasks` (client-node API) and a `dbcsign tx` RPC read (`tx decode
# --rpc`, which reads the genesis hash, runtime version and metadata); and a Ledger on the TCP
# transport that goes away mid-reply or without replying (`hw version`, `hw address`).
# Every case: exit 3 (network/device), nothing on stdout, one "dbcsign: ..." line on stderr.
# Hostile replies (an error text with a newline and terminal escape sequences) must not reach
# the terminal raw: every diagnostic goes through cli/util.c, which escapes control characters.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
SRV=$(cd "$(dirname "$0")/../fault" && pwd)/drop_server.py
PEER=58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45
# A confirmRent(12345) call (fixtures/dbc/extrinsics.json "confirm_rent"); the RPC reads come
# before it is looked at.
CALL=0x6f023930000000000000
if ! command -v python3 >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then t_bad "python3 missing"; else t_skip "python3 missing"; fi
	t_done; exit $?
fi
SPID=
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; rm -rf "$T_TMP"' EXIT
start() {
	rm -f "$T_TMP/port"
	python3 "$SRV" "$1" "$T_TMP/port" 2>"$T_TMP/srv.err" &
	SPID=$!
	i=0
	while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$T_TMP/port" 2>/dev/null)
	[ -n "$PORT" ] && t_ok || t_bad "$1: server did not start"
}
stop() { kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; SPID=; }
dropped() { # DESC
	expect_rc 3 "$1"; expect_out_empty "$1"; expect_err_one_line "$1"
	expect_err_match '^dbcsign: ' "$1: message"
}

for m in half-headers half-body chunk-cut reset empty; do
	start $m
	U=http://127.0.0.1:$PORT
	t_run "$D" node --url "$U" --peer $PEER --timeout 10 --suri //Alice tasks
	dropped "$m: node tasks"
	XDG_CACHE_HOME=$T_TMP/cache DBCSIGN_RPC_TIMEOUT=10 t_run "$D" tx decode $CALL --rpc "$U"
	dropped "$m: tx decode --rpc"
	stop
done

# gap CLEAN DESC: the output of a hostile reply must be one clean line.
gap() {
	if [ "$1" = yes ]; then t_ok
	else t_bad "$2"; fi
}
clean_err() { # one line, no control characters other than the final newline
	if [ "$(wc -l <"$ERR")" -le 1 ] && ! LC_ALL=C grep -q '[[:cntrl:]]' "$ERR"; then echo yes; else echo no; fi
}
start hostile-node
t_run "$D" node --url "http://127.0.0.1:$PORT" --peer $PEER --timeout 10 --suri //Alice tasks
expect_out_empty "hostile node: nothing on stdout"
[ "$RC" -ne 0 ] && t_ok || t_bad "hostile node: errcode -1 must fail"
gap "$(clean_err)" "hostile node: the node's message reaches stderr as one escaped line"
stop
start hostile-rpc
XDG_CACHE_HOME=$T_TMP/cache t_run "$D" tx decode $CALL --rpc "http://127.0.0.1:$PORT"
expect_rc 3 "hostile rpc: RPC error"; expect_out_empty "hostile rpc: nothing on stdout"
gap "$(clean_err)" "hostile rpc: the RPC error reaches stderr as one escaped line"
stop

for m in apdu-half apdu-none; do
	start $m
	t_run "$D" hw version --ledger="tcp:127.0.0.1:$PORT"
	dropped "$m: hw version"
	expect_err_match 'unplugged|dropped|closed' "$m: says the device went away"
	stop
	start $m
	t_run "$D" hw address --ledger="tcp:127.0.0.1:$PORT"
	dropped "$m: hw address"
	stop
done
t_done
