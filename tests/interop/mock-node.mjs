// Mock DBC client node (plus the compute node behind it) for `dbcsign node` tests.
//
// Follows ../shared/spec/dbc-node-api.md: routes under /api/v1 (§3.4), POST only, bodies
// {peer_nodes_list, additional, <auth>} (§3.3), compute-node replies {"errcode","message"} with
// HTTP 200 even on failure, local errors HTTP 400/404 with a pretty-printed envelope (§3.2),
// numbers in `additional` must be JSON strings (§3.5), sr25519 over the raw nonce bytes with
// context "substrate", checked here by an independent implementation: polkadot-js
// sr25519Verify (wasm schnorrkel) from tests/interop/node_modules.
//
// Stricter than master on purpose (like DBC 0.3.7.x-0.3.9.2, §2.3): a nonce is accepted once.
//
// Usage: node tests/interop/mock-node.mjs   → prints the port (random, 127.0.0.1) on stdout.
// Env: MOCK_NODE_ID (default the spec's example node id), MOCK_RENTERS (comma-separated SS58;
// default //Alice and the 2-of-3 multisig of //Alice, //Bob, //Charlie), MOCK_CREATE_POLLS
// (detail polls before a new task turns "running", default 2).
// Test hooks (not DBC routes): GET /__last returns the last request {method,url,body};
// /api/v1/__nonjson, /api/v1/__noerrcode, /api/v1/__slow (sleeps 5 s), /api/v1/__redirect (302),
// /api/v1/__huge (a 17 MiB reply) misbehave on purpose.
import http from 'node:http';
import { cryptoWaitReady, sr25519Verify, decodeAddress, encodeAddress, createKeyMulti,
	base58Encode, sha256AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, stringToU8a, u8aConcat, isHex } from '@polkadot/util';
import { randomUUID, randomBytes } from 'node:crypto';

await cryptoWaitReady();

const NODE_ID = process.env.MOCK_NODE_ID ||
	'58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const multiAccount = (wallets, threshold) => encodeAddress(createKeyMulti(wallets, threshold), 42);
const RENTERS = new Set(process.env.MOCK_RENTERS
	? process.env.MOCK_RENTERS.split(',')
	: [ALICE, multiAccount([ALICE, BOB, CHARLIE], 2)]);
const CREATE_POLLS = Number(process.env.MOCK_CREATE_POLLS || 2);

const usedNonces = new Set();
const sessions = new Map();     // session_id -> renter wallet
const walletSession = new Map(); // renter wallet -> session_id
const tasks = new Map();        // task_id -> task
let last = null;

// Base58Check(ascii(uuid v4)), as util::create_nonce / create_session_id (§1.4).
function base58check(str) {
	const payload = stringToU8a(str);
	const check = sha256AsU8a(sha256AsU8a(payload)).subarray(0, 4);
	return base58Encode(u8aConcat(payload, check));
}

function verify(wallet, message, sign) {
	try {
		if (typeof sign !== 'string') return false;
		const hex = sign.startsWith('0x') ? sign : '0x' + sign;
		if (!isHex(hex) || hex.length !== 130) return false;
		const pub = isHex('0x' + wallet) && wallet.length === 64 ? hexToU8a('0x' + wallet)
			: decodeAddress(wallet);
		return sr25519Verify(stringToU8a(message), hexToU8a(hex), pub);
	} catch {
		return false;
	}
}

class Reply extends Error {
	constructor(status, errcode, message, pretty) {
		super(String(message));
		Object.assign(this, { status, errcode, msg: message, pretty });
	}
}
// Local error of the client node: HTTP 4xx/5xx, rapidjson PrettyWriter (4 spaces).
const local = (status, errcode, message) => new Reply(status, errcode, message, true);
// Compute-node error: HTTP 200.
const remote = (errcode, message) => new Reply(200, errcode, message, false);

function send(res, status, obj, pretty) {
	const text = pretty ? JSON.stringify(obj, null, 4) : JSON.stringify(obj);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
	res.end(text + '\r\n');
}

const str = (v) => typeof v === 'string' && v.length > 0;

// rest_api_service.cpp parse_req_params + client-side precheck (§2.2).
function parseBody(raw, needAuth, walletOnly) {
	if (raw.length === 0) throw local(400, -25, 'http request body is empty');
	let body;
	try { body = JSON.parse(raw); } catch (e) { throw local(400, -25, `json parse error: ${e.message}(0)`); }
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw local(400, -25, 'json parse error: not an object(0)');
	if (!Array.isArray(body.peer_nodes_list)) throw local(400, -25, 'peer_nodes_list is invalid');
	if (typeof body.additional !== 'object' || body.additional === null || Array.isArray(body.additional))
		throw local(400, -25, 'additional is invalid');
	for (const k of ['wallet', 'nonce', 'sign', 'session_id', 'session_id_sign'])
		if (k in body && typeof body[k] !== 'string') throw local(400, -25, `${k} is not string`);
	const hasWallet = str(body.wallet) && str(body.nonce) && str(body.sign);
	const hasMulti = typeof body.multisig_accounts === 'object' && body.multisig_accounts !== null;
	const hasSession = str(body.session_id) && str(body.session_id_sign);
	if (needAuth && !hasWallet && !hasMulti && (walletOnly || !hasSession))
		throw local(400, -25, 'wallet_sign and multisig_wallets all invalid');
	return body;
}

function requirePeer(body) {
	if (body.peer_nodes_list[0] !== NODE_ID) throw local(400, -32701, 'create node request failed');
}

function checkNonce(wallet, nonce, sign) {
	if (!verify(wallet, nonce, sign)) return false;
	if (usedNonces.has(nonce)) return false; // replay
	usedNonces.add(nonce);
	return true;
}

// node_request_service check_authority (§2.4-§2.6): returns the renter wallet.
function authorize(body, { allowSession = true } = {}) {
	if (allowSession && str(body.session_id) && str(body.session_id_sign)) {
		const w = sessions.get(body.session_id);
		if (!w || !verify(w, body.session_id, body.session_id_sign))
			throw remote(-3, 'check authority failed: session_id is invalid');
		return w;
	}
	let wallet;
	if (typeof body.multisig_accounts === 'object' && body.multisig_accounts !== null) {
		const m = body.multisig_accounts;
		const threshold = typeof m.threshold === 'string' ? parseInt(m.threshold, 10) : 0;
		if (!Array.isArray(m.wallets) || !Array.isArray(m.signs) || !(threshold > 0) ||
			threshold > m.wallets.length || threshold > m.signs.length)
			throw remote(-3, 'check authority failed: nonce check failed');
		for (const s of m.signs)
			if (!s || !m.wallets.includes(s.wallet) || !checkNonce(s.wallet, s.nonce, s.sign))
				throw remote(-3, 'check authority failed: nonce check failed');
		wallet = multiAccount(m.wallets, threshold);
	} else {
		if (!checkNonce(body.wallet, body.nonce, body.sign))
			throw remote(-3, 'check authority failed: nonce check failed');
		wallet = body.wallet;
	}
	if (!RENTERS.has(wallet)) throw remote(-3, 'check authority failed: wallet not rented');
	return wallet;
}

const ok = (message) => ({ errcode: 0, message });
const digits = (v) => typeof v === 'string' && /^[0-9]+$/.test(v);

// TaskManager create checks (§3.5): numbers must be JSON strings.
function createTask(add) {
	if (!str(add.image_name) || !add.image_name.endsWith('.qcow2'))
		return { errcode: 1, message: 'image_name is invalid' };
	for (const k of ['ssh_port', 'rdp_port', 'gpu_count', 'cpu_cores', 'mem_size', 'disk_size'])
		if (k in add && !digits(add[k])) return { errcode: 1, message: `${k} is invalid` };
	if (!('vnc_port' in add)) return { errcode: 1, message: 'vnc_port is empty' };
	if (!digits(add.vnc_port) || +add.vnc_port < 5900 || +add.vnc_port > 65535)
		return { errcode: 1, message: 'vnc_port is invalid' };
	for (const k of ['custom_port', 'multicast', 'network_filters'])
		if (k in add && (!Array.isArray(add[k]) || add[k].some((x) => typeof x !== 'string')))
			return { errcode: 1, message: `${k} is invalid` };
	const id = str(add.task_id) ? add.task_id : base58check(String(randomBytes(6).readUIntBE(0, 6)));
	const t = {
		task_id: id, create_time: '2026-01-01 12:00:00', desc: add.desc || '', status: 'creating',
		polls: 0, add,
	};
	tasks.set(id, t);
	return ok({ task_id: id, create_time: t.create_time, desc: t.desc, status: 'creating' });
}

function detail(t) {
	if (t.status === 'creating' && ++t.polls >= CREATE_POLLS) t.status = 'running';
	return {
		task_id: t.task_id, os: t.add.operation_system || 'linux', ssh_ip: '127.0.0.1',
		ssh_port: t.add.ssh_port || '22', user_name: 'dbc', login_password: 'mock-password',
		cpu_cores: Number(t.add.cpu_cores || 1), gpu_count: Number(t.add.gpu_count || 0),
		mem_size: `${t.add.mem_size || 1}G`, disk_system: '20G', vnc_port: t.add.vnc_port,
		vnc_password: 'mock-vnc', create_time: t.create_time, desc: t.desc, status: t.status,
		interface: [],
	};
}

const TASK_OPS = {
	start: 'running', stop: 'closed', restart: 'running', shutdown: 'closed',
	poweroff: 'closed', reset: 'running',
};

function route(method, url, raw) {
	const [pathPart, query = ''] = url.split('?');
	const params = new URLSearchParams(query);
	if (!pathPart.startsWith('/api/v1')) throw local(400, -32600, `request uri is invalid, uri:${url}`);
	const path = pathPart.slice('/api/v1'.length);
	if (path === '/') return ok({ client_version: '0.4.1.8' });
	if (method !== 'POST') throw local(400, -32600, 'only support POST request');
	const parts = path.split('/').filter((s) => s.length > 0);

	if (path === '/__nonjson') return { raw: 'this is not json' };
	if (path === '/__noerrcode') return { message: 'no errcode here' };
	if (path === '/__slow') return new Promise((r) => setTimeout(() => r(ok('slow')), 5000));
	if (path === '/__redirect') return { redirect: '/api/v1/peers/active' };
	if (path === '/__huge') return ok('x'.repeat(17 * 1024 * 1024));

	if (parts[0] === 'peers' && parts.length === 2 && ['active', 'global', 'lan'].includes(parts[1]))
		return ok({ peer_nodes: [{ node_id: NODE_ID, addr: '127.0.0.1:5001', kind: parts[1] }] });

	if (parts[0] === 'mining_nodes' && parts.length === 1) {
		const body = parseBody(raw, false);
		if (body.peer_nodes_list.length === 0)
			return ok({ mining_nodes: [{ node_id: NODE_ID, name: 'mock', version: '0.4.1.8' }] });
		requirePeer(body);
		return ok({ node_id: NODE_ID, version: '0.4.1.8', gpu: 'mock GPU' });
	}
	if (parts[0] === 'mining_nodes' && parts[1] === 'session_id' && parts.length === 2) {
		const body = parseBody(raw, true, true);
		requirePeer(body);
		const w = authorize(body, { allowSession: false });
		if (!walletSession.has(w)) {
			const sid = base58check(randomUUID());
			walletSession.set(w, sid);
			sessions.set(sid, w);
		}
		return ok({ session_id: walletSession.get(w) });
	}
	if (parts[0] === 'images' && parts.length === 1) {
		const body = parseBody(raw, false);
		if (body.peer_nodes_list.length > 0) {
			requirePeer(body);
			if (str(body.wallet) || body.multisig_accounts || str(body.session_id)) authorize(body);
		}
		return ok({ images: ['ubuntu.qcow2', 'win10.qcow2'],
			image_server: body.additional.image_server || 'ID_1' });
	}
	if (parts[0] === 'tasks') {
		const body = parseBody(raw, true);
		requirePeer(body);
		authorize(body);
		if (parts.length === 1)
			return ok([...tasks.values()].map((t) => ({ task_id: t.task_id, create_time: t.create_time,
				desc: t.desc, status: t.status })));
		if (parts.length === 2 && parts[1] === 'start') return createTask(body.additional);
		if (parts.length === 2) {
			const t = tasks.get(parts[1]);
			return t ? ok(detail(t)) : { errcode: -3, message: 'task_id not exist' };
		}
		if (parts.length === 3) {
			const [, op, id] = parts;
			const t = tasks.get(id);
			if (!['start', 'stop', 'restart', 'shutdown', 'poweroff', 'reset', 'delete', 'logs',
				'modify', 'passwd'].includes(op))
				throw local(404, -32601, `not support uri:${url}`);
			if (!t) return { errcode: -3, message: 'task_id not exist' };
			if (op === 'delete') { tasks.delete(id); return ok('delete task successful'); }
			if (op === 'logs') {
				const flag = params.get('flag') || 'tail', n = Number(params.get('line_num') || 100);
				return ok(`mock log (${flag}, ${n} lines)`);
			}
			if (op === 'modify') {
				const add = body.additional;
				for (const [k, v] of Object.entries(add)) {
					if (!k.startsWith('new_')) return { errcode: 1, message: `${k} is invalid` };
					if (Array.isArray(v) ? v.some((x) => typeof x !== 'string') : typeof v !== 'string')
						return { errcode: 1, message: `${k} is invalid` };
				}
				t.modified = add;
				return ok('modify task successful');
			}
			if (op === 'passwd') {
				if (!str(body.additional.username) || !str(body.additional.password))
					return { errcode: 1, message: 'username or password is empty' };
				return ok('set password successful');
			}
			if (op === 'restart' && (params.get('force_reboot') === 'true' || params.get('force_reboot') === '1')) {
				t.status = 'running';
				return ok('restart task successful (forced)');
			}
			t.status = TASK_OPS[op];
			return ok(`${op} task successful`);
		}
	}
	throw local(404, -32601, `not support uri:${url}`);
}

const server = http.createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', async () => {
		const raw = Buffer.concat(chunks).toString('utf8');
		if (req.method === 'GET' && req.url === '/__last') {
			send(res, 200, last, false);
			return;
		}
		last = { method: req.method, url: req.url, body: raw };
		try {
			const out = await route(req.method, req.url, raw);
			if (out && out.redirect !== undefined) {
				res.writeHead(302, { Location: out.redirect });
				res.end();
				return;
			}
			if (out && out.raw !== undefined) {
				res.writeHead(200, { 'Content-Type': 'text/plain' });
				res.end(out.raw);
				return;
			}
			send(res, 200, out, req.url === '/api/v1/');
		} catch (e) {
			if (e instanceof Reply) send(res, e.status, { errcode: e.errcode, message: e.msg }, e.pretty);
			else send(res, 500, { errcode: -1, message: String(e && e.message) }, true);
		}
	});
});

server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
