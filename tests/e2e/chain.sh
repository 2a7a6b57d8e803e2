# e2e helpers: DBC's real genesis runtime (spec 400) run offline by chopsticks on 127.0.0.1.
# Source after tests/cli/lib.sh. Needs node and curl; installs the pinned chopsticks on first use.
# See ../shared/spec/environment.md §6 (chopsticks) and dbc-chain.md §4 (storage items).
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
E2E_PID=""
E2E_PORT=""
E2E_URL=""

# e2e_rpc METHOD PARAMS_JSON → prints the JSON reply
e2e_rpc() {
	curl -sS --max-time 60 -H 'content-type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$E2E_URL"
}

# e2e_result METHOD PARAMS_JSON → prints only the reply's "result" (JSON), fails on an error reply
e2e_result() {
	e2e_rpc "$1" "$2" | jq -ce 'if has("result") then .result else error("rpc error") end' 2>/dev/null
}

# e2e_start: start ONE chopsticks from a copy of the genesis without bootNodes.
# Returns 1 (and prints why) when it cannot start.
e2e_start() {
	genesis=$(shared fixtures/dbc/dbc-spec-v4.json) || return 1
	if [ ! -x "$E2E_DIR/node_modules/.bin/chopsticks" ]; then
		(cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || {
			echo "e2e: npm ci failed"; return 1; }
	fi
	# bootNodes would make the node look for peers: use a copy without them.
	spec="$T_TMP/dbc-spec.json"
	node -e 'const fs=require("fs");const j=JSON.parse(fs.readFileSync(process.argv[1]));j.bootNodes=[];fs.writeFileSync(process.argv[2],JSON.stringify(j))' "$genesis" "$spec" || return 1
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	log="$T_TMP/chopsticks.log"
	"$E2E_DIR/node_modules/.bin/chopsticks" --genesis "$spec" --host 127.0.0.1 --port "$port" \
		--build-block-mode Instant >"$log" 2>&1 &
	E2E_PID=$!
	i=0
	while [ $i -lt 120 ]; do
		# chopsticks silently moves to the next port when its port is taken (another
		# chain may grab the free port first): take the port it reports.
		E2E_PORT=$(sed -n 's/.*RPC listening on http:\/\/127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
		if [ -n "$E2E_PORT" ]; then
			E2E_URL="http://127.0.0.1:$E2E_PORT"
			if e2e_rpc system_chain '[]' 2>/dev/null | grep -q result; then return 0; fi
		fi
		kill -0 "$E2E_PID" 2>/dev/null || break
		sleep 1; i=$((i + 1))
	done
	echo "e2e: chopsticks did not start"; tail -n 20 "$log"
	return 1
}

e2e_stop() {
	if [ -n "$E2E_PID" ]; then
		kill "$E2E_PID" 2>/dev/null && wait "$E2E_PID" 2>/dev/null
	fi
	E2E_PID=""
}

# e2e_set JSON: dev_setStorage with chopsticks' JSON form ({"Pallet":{"Item":value or
# [[[keys],value],...]}}, values encoded with the runtime's metadata), then build a block.
e2e_set() {
	e2e_result dev_setStorage "[$1]" >/dev/null && e2e_result dev_newBlock '[]' >/dev/null
}

# e2e_fund SS58 PLANCK: set the free balance and build a block.
e2e_fund() {
	e2e_set "{\"System\":{\"Account\":[[[\"$1\"],{\"providers\":1,\"data\":{\"free\":\"$2\"}}]]}}"
}

# e2e_nonce SS58: the account's next nonce as the node sees it.
e2e_nonce() {
	e2e_result system_accountNextIndex "[\"$1\"]"
}
