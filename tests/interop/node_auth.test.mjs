// DBC node auth interop: triples, sign_tool output and nonces from the dbcsign binary checked
// with polkadot-js (pinned in package-lock.json) exactly as the DBC node checks them:
// sr25519Verify(utf8(nonce), sign, decodeAddress(wallet)), context "substrate", no <Bytes>.
// Key KA (seed -> 5Dy8ULx1...) from ../shared/fixtures/dbc/node-auth.json (DBC-Wiki @ 66a29502).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady, sr25519Verify, decodeAddress, base58Decode, sha256AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, stringToU8a, u8aToString, u8aEq, u8aWrapBytes } from '@polkadot/util';
import { Keyring } from '@polkadot/keyring';

const BIN = process.env.DBCSIGN;
const KA_SEED = 'b0afb3faa47534b5348b4ea731b75deae179b0e6f13a80bf2fe9c4307bf97fe9';
const KA = '5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4';
const SID = '663dmJngqu1yUmENnFM6PEsaeCKXTc4XHj6NfYbnA1ooLXuMDpNLmZu';

await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');

function run(args, input) {
	const r = spawnSync(BIN, args, { encoding: 'utf8', input });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

// A tampered R may not even decode as a point: polkadot-js then throws, the node says no.
function dbcVerify(wallet, msg, sign) {
	try {
		return sr25519Verify(stringToU8a(msg), hexToU8a('0x' + sign), decodeAddress(wallet));
	} catch {
		return false;
	}
}

function tamperChar(s, i) {
	const c = s[i] === 'a' ? 'b' : 'a';
	return s.slice(0, i) + c + s.slice(i + 1);
}

test('triple --count 5 (json): every triple verifies with polkadot-js sr25519Verify', () => {
	const r = run(['triple', '--suri', '//Alice', '--count', '5', '--output', 'json']);
	assert.equal(r.code, 0, r.err);
	const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
	assert.equal(lines.length, 5);
	for (const t of lines) {
		assert.equal(t.wallet, alice.address);
		assert.match(t.sign, /^[0-9a-f]{128}$/);
		assert.equal(t.nonce.length, 55);
		assert.ok(dbcVerify(t.wallet, t.nonce, t.sign), 'triple verifies');
		// what the node rejects
		assert.ok(!dbcVerify(t.wallet, tamperChar(t.nonce, 10), t.sign), 'tampered nonce');
		assert.ok(!dbcVerify(t.wallet, t.nonce, tamperChar(t.sign, 3)), 'tampered sign');
		assert.ok(!dbcVerify(KA, t.nonce, t.sign), 'other wallet');
		assert.ok(!sr25519Verify(u8aWrapBytes(t.nonce), hexToU8a('0x' + t.sign), decodeAddress(t.wallet)),
			'not <Bytes>-wrapped');
	}
	assert.equal(new Set(lines.map((t) => t.nonce)).size, 5, 'distinct nonces');
});

test('triple with the documented seed KA and a session id verifies; env output too', () => {
	const dir = mkdtempSync(join(tmpdir(), 'dbcsign-'));
	try {
		const f = join(dir, 'ka.suri');
		writeFileSync(f, '0x' + KA_SEED + '\n', { mode: 0o600 });
		let r = run(['triple', '--suri-file', f, '--session-id', SID]);
		assert.equal(r.code, 0, r.err);
		const t = JSON.parse(r.out);
		assert.equal(t.wallet, KA);
		assert.ok(dbcVerify(KA, t.nonce, t.sign));
		assert.equal(t.session_id, SID);
		assert.ok(dbcVerify(KA, SID, t.session_id_sign));
		assert.ok(!dbcVerify(KA, SID, t.sign), 'the nonce signature is not the session one');
		r = run(['triple', '--suri-file', f, '--output', 'env']);
		assert.equal(r.code, 0, r.err);
		const env = Object.fromEntries(r.out.trim().split('\n').map((l) => l.split('=')));
		assert.equal(env.DBC_WALLET, KA);
		assert.ok(dbcVerify(env.DBC_WALLET, env.DBC_NONCE, env.DBC_SIGN));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('sign-tool output verifies with polkadot-js; the wallet matches the seed', () => {
	const r = run(['sign-tool', KA, KA_SEED, SID]);
	assert.equal(r.code, 0, r.err);
	const lines = r.out.split('\n');
	assert.equal(lines.length, 6); // 5 lines + trailing newline
	const val = (label) => {
		const l = lines.find((x) => x.startsWith(label));
		return l.slice(label.length);
	};
	assert.equal(val('    wallet: '), KA);
	assert.ok(dbcVerify(KA, val('     nonce: '), val('nonce_sign: ')));
	assert.equal(val('      session_id: '), SID);
	assert.ok(dbcVerify(KA, SID, val(' session_id_sign: ')));
	assert.ok(!dbcVerify(KA, tamperChar(SID, 5), val(' session_id_sign: ')));
});

test('nonces are Base58Check of a lowercase v4 UUID (polkadot-js base58 + sha256d)', () => {
	const r = run(['nonce', '--count', '20']);
	assert.equal(r.code, 0, r.err);
	for (const n of r.out.trim().split('\n')) {
		assert.equal(n.length, 55);
		const raw = base58Decode(n);
		const payload = raw.subarray(0, raw.length - 4);
		assert.ok(u8aEq(sha256AsU8a(sha256AsU8a(payload)).subarray(0, 4), raw.subarray(raw.length - 4)));
		assert.match(u8aToString(payload), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	}
});

test('a polkadot-js signature over a nonce verifies with dbcsign verify; tampered fails', () => {
	const n = run(['nonce']).out.trim();
	const sig = Buffer.from(alice.sign(stringToU8a(n))).toString('hex');
	let r = run(['verify', '--public', alice.address, '--message', n, '--signature', sig]);
	assert.equal(r.code, 0, r.err);
	r = run(['verify', '--public', alice.address, '--message', tamperChar(n, 7), '--signature', sig]);
	assert.equal(r.code, 1);
});
