// polkadot-js JSON keystores both ways (substrate-crypto.md A8), with @polkadot/keyring and
// @polkadot/util-crypto 14.0.3 as the oracle:
//  - keystores written by polkadot-js (pair.toJson(pw): scrypt N=2^17 in 14.0.3; and the
//    same file built with N=2^15, as polkadot-js < 13.5.3 wrote it, from util-crypto's own
//    scryptEncode/naclEncrypt/jsonEncryptFormat) import into dbcsign with the same address;
//  - keystores exported by dbcsign (N=2^15 default and --scrypt-n 17) load in polkadot-js
//    (keyring.addFromJson + pair.decodePkcs8) with the same address, and what that pair
//    signs verifies with dbcsign.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import {
  cryptoWaitReady, jsonEncryptFormat, mnemonicGenerate, naclEncrypt, randomAsU8a,
  scryptEncode, scryptToU8a, signatureVerify
} from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dbcsign = process.env.DBCSIGN ?? join(root, 'dbcsign');
const tmp = mkdtempSync(join(tmpdir(), 'keystore-interop-'));
const home = join(tmp, 'wallets');
const PW = 'interop pass phrase';
const pwFile = join(tmp, 'pw');
const SCHEMES = ['sr25519', 'ed25519', 'ecdsa'];

function run(args, { ok = true } = {}) {
  const r = spawnSync(dbcsign, args, {
    env: { ...process.env, DBCSIGN_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'], // fd 3: `wallet new --phrase-fd 3`
    encoding: 'utf8'
  });
  if (ok) assert.equal(r.status, 0, `dbcsign ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r;
}

function show(name) {
  return JSON.parse(run(['wallet', 'show', name, '--output', 'json']).stdout);
}

// The same polkadot-js pair JSON, encrypted with scrypt N=2^15 (p=1, r=8): what polkadot-js
// < 13.5.3 wrote, and what older readers still require.
function toJsonN15(pair, passphrase, saltIn = randomAsU8a()) {
  const plain = pair.encodePkcs8();   // PKCS8 plaintext (no passphrase → not encrypted)
  const params = { N: 1 << 15, p: 1, r: 8 };
  const { password, salt } = scryptEncode(passphrase, saltIn, params);
  const { encrypted, nonce } = naclEncrypt(plain, password.subarray(0, 32));
  const encoded = u8aConcat(scryptToU8a(salt, params), nonce, encrypted);
  return {
    ...jsonEncryptFormat(encoded, ['pkcs8', pair.type], true),
    address: pair.address,
    meta: { name: 'n15', whenCreated: Date.now() }
  };
}

function scryptN(json) {
  const raw = Buffer.from(json.encoded, 'base64');
  return raw.readUInt32LE(32);
}

before(async () => {
  await cryptoWaitReady();
  writeFileSync(pwFile, PW + '\n', { mode: 0o600 });
});

after(() => rmSync(tmp, { recursive: true, force: true }));

for (const type of SCHEMES) {
  for (const n of [17, 15]) {
    test(`polkadot-js ${type} keystore (N=2^${n}) imports into dbcsign`, () => {
      const keyring = new Keyring({ type, ss58Format: 42 });
      const pair = keyring.addFromUri(mnemonicGenerate(12), { name: 'pjs' });
      const json = n === 17 ? pair.toJson(PW) : toJsonN15(pair, PW);
      assert.equal(scryptN(json), 1 << n, 'scrypt N in the file');
      const file = join(tmp, `pjs-${type}-${n}.json`);
      writeFileSync(file, JSON.stringify(json), { mode: 0o600 });
      const name = `pjs-${type}-${n}`;
      run(['wallet', 'import', name, '--from-json', file, '--password-file', pwFile]);
      const info = show(name);
      assert.equal(info.ss58Address, pair.address);
      assert.equal(info.publicKey, u8aToHex(pair.publicKey));
      assert.equal(info.scheme, type);

      // dbcsign signs with it; polkadot-js verifies.
      const sig = run(['sign', '--key', name, '--password-file', pwFile, '--message', 'from dbcsign'])
        .stdout.trim();
      assert.equal(signatureVerify(stringToU8a('from dbcsign'), sig, pair.address).isValid, true);

      // The same file with a wrong password: exit 1, nothing stored.
      const bad = join(tmp, 'badpw');
      writeFileSync(bad, 'not the password', { mode: 0o600 });
      const r = run(['wallet', 'import', `${name}-x`, '--from-json', file, '--password-file', bad], { ok: false });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /wrong password/);
    });
  }
}

for (const type of SCHEMES) {
  for (const n of [15, 17]) {
    test(`dbcsign ${type} export (N=2^${n}) loads in polkadot-js keyring`, () => {
      const name = `dbc-${type}-${n}`;
      const args = ['wallet', 'new', name, '--scheme', type, '--password-file', pwFile, '--phrase-fd', '3'];
      if (n === 17) args.push('--scrypt-n', '17');
      const made = run(args);
      // the recovery phrase goes only to the descriptor asked for: 12 words, nothing on stdout
      assert.match(String(made.output[3]), /^([a-z]+ ){11}[a-z]+\n$/);
      const out = join(tmp, `${name}.json`);
      run(['wallet', 'export', name, '-o', out]);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      assert.equal(scryptN(json), 1 << n);
      assert.deepEqual(json.encoding, { content: ['pkcs8', type], type: ['scrypt', 'xsalsa20-poly1305'], version: '3' });

      const keyring = new Keyring({ type, ss58Format: 42 });
      const pair = keyring.addFromJson(json);
      pair.decodePkcs8(PW);
      assert.equal(pair.isLocked, false);
      assert.equal(pair.address, show(name).ss58Address);

      // polkadot-js signs with the decrypted key; dbcsign verifies against its own address.
      const msg = `signed by polkadot-js ${type}`;
      const sig = u8aToHex(pair.sign(stringToU8a(msg)));
      const v = run(['verify', '--scheme', type, '--signature', sig, '--public', pair.address,
        '--message', msg], { ok: false });
      assert.equal(v.status, 0, `dbcsign verify: ${v.stdout}${v.stderr}`);
      // And polkadot-js refuses a wrong password on our file.
      const again = new Keyring({ type, ss58Format: 42 }).addFromJson(json);
      assert.throws(() => again.decodePkcs8('wrong'));
    });
  }
}

// A salt whose first bytes are d3 1x makes the base64 `encoded` begin "0x" (about one file in
// 2000 with a random salt). polkadot-js isHex() wants "0x" + hex digits only, so it reads the
// file as base64; dbcsign must too (it once took such files for hex and refused them).
test('a polkadot-js keystore whose base64 begins "0x" imports into dbcsign', () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pair = keyring.addFromUri(mnemonicGenerate(12), { name: 'pjs' });
  const salt = randomAsU8a();
  salt[0] = 0xd3;
  salt[1] = (salt[1] & 0x0f) | 0x10;
  const json = toJsonN15(pair, PW, salt);
  assert.match(json.encoded, /^0x/);
  // the oracle: polkadot-js itself opens it
  const back = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromJson(json);
  back.decodePkcs8(PW);
  assert.equal(back.address, pair.address);
  const file = join(tmp, 'pjs-0x-base64.json');
  writeFileSync(file, JSON.stringify(json), { mode: 0o600 });
  run(['wallet', 'import', 'pjs-0x', '--from-json', file, '--password-file', pwFile]);
  assert.equal(show('pjs-0x').ss58Address, pair.address);
});

test('dbcsign //Alice export equals the polkadot-js //Alice address (sr25519)', () => {
  run(['wallet', 'import', 'alice', '--suri', '//Alice', '--new-password-file', pwFile]);
  const json = JSON.parse(run(['wallet', 'export', 'alice']).stdout);
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromJson(json);
  pair.decodePkcs8(PW);
  const ref = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  assert.equal(pair.address, ref.address);
  // The decrypted secrets are the same bytes polkadot-js holds for //Alice.
  assert.equal(u8aToHex(pair.encodePkcs8()), u8aToHex(ref.encodePkcs8()));
});

test('the polkadot-js //Alice fixture at N=2^17 (vectors/keystore) unlocks for signing', () => {
  const shared = resolve(root, process.env.DBCSIGN_SHARED ?? '../shared');
  const file = join(shared, 'vectors/keystore/gen-v3-sr25519-alice-n17.json');
  const gpw = join(tmp, 'gpw');
  writeFileSync(gpw, 'dbc-signer-test', { mode: 0o600 });
  let text;
  try { text = readFileSync(file, 'utf8'); } catch { if (process.env.CI === 'true') throw new Error(`missing ${file}`); return; }
  const sig = run(['sign', '--keystore-json', file, '--password-file', gpw, '--message', 'x']).stdout.trim();
  assert.equal(signatureVerify(stringToU8a('x'), sig, JSON.parse(text).address).isValid, true);
});

test('version check: polkadot-js under test is the pinned 14.0.3', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(join(here, 'node_modules/@polkadot/keyring/package.json'), 'utf8'));
  assert.equal(pkg.version, '14.0.3');
});
