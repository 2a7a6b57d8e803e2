// Cross-check of the software Ledger (tests/emulator/) and dbcsign's Ledger path with Zondax's
// own client: @zondax/ledger-substrate 3.0.0 (PolkadotGenericApp) over
// @ledgerhq/hw-transport-node-speculos 6.34.7 drives the emulator over TCP, and polkadot-js
// (hdLedger, signatureVerify) is the oracle for keys and signatures.
// Vector: shared vectors/ledger.json ledger_ed25519_derivation (polkadot-js/common hd/ledger/index.spec.ts @ 9281daa14c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hdLedger, encodeAddress, signatureVerify, cryptoWaitReady, ed25519Verify, blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { createRequire } from 'node:module';

// The packages' ESM builds do not resolve under node's strict ESM loader; load the CJS builds.
const require = createRequire(import.meta.url);
const SpeculosMod = require('@ledgerhq/hw-transport-node-speculos');
const { PolkadotGenericApp } = require('@zondax/ledger-substrate');
const SpeculosTransport = SpeculosMod.default ?? SpeculosMod;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const build = resolve(root, process.env.BUILD ?? 'build');
const dbcsign = process.env.DBCSIGN ?? join(root, 'dbcsign');
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const VECTOR_42 = '5De8b1jPECML4jHRqeHoPonvYZaSufMheRcvGyt3Fhy6xxyk';

const tmp = mkdtempSync(join(tmpdir(), 'ledger-interop-'));
const emus = [];

function buildEmulator() {
  const out = join(tmp, 'ledger-emu');
  const libs = execFileSync('pkg-config', ['--libs', 'libsodium', 'libsecp256k1', 'libxxhash']).toString().trim().split(/\s+/);
  execFileSync(process.env.CC ?? 'cc', ['-std=c11', '-D_GNU_SOURCE', '-O1', '-I', root, '-o', out,
    join(root, 'tests/emulator/speculos_server.c'),
    join(build, 'libhw.a'), join(build, 'libsign.a'), ...libs]);
  return out;
}

async function startEmulator(bin, name, args = []) {
  const portFile = join(tmp, `${name}.port`);
  const p = spawn(bin, ['--port-file', portFile, ...args], { stdio: 'ignore' });
  emus.push(p);
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
  return Number(readFileSync(portFile, 'utf8').trim());
}

let bin, port, rejectPort;
before(async () => {
  await cryptoWaitReady();
  bin = buildEmulator();
  port = await startEmulator(bin, 'gen');
  rejectPort = await startEmulator(bin, 'reject', ['--reject']);
});
after(() => {
  for (const p of emus) p.kill();
  rmSync(tmp, { recursive: true, force: true });
});

async function withApp(p, fn) {
  const transport = await SpeculosTransport.open({ apduPort: p });
  try {
    return await fn(new PolkadotGenericApp(transport));
  } finally {
    await transport.close();
  }
}

const paths = ["m/44'/354'/0'/0'/0'", "m/44'/354'/3'/0'/9'", "m/44'/354'/2147483647'/1'/5'"];

test('Zondax client: version and app info of the software Ledger', async () => {
  await withApp(port, async (app) => {
    const v = await app.getVersion();
    assert.equal(v.major, 100);
    assert.equal(v.patch, 13);
    assert.equal(v.deviceLocked, false);
  });
});

test('Zondax client: addresses equal polkadot-js hdLedger and the shared vector', async () => {
  await withApp(port, async (app) => {
    for (const path of paths) {
      const r = await app.getAddress(path, 42);
      const kp = hdLedger(MNEMONIC, path);
      assert.equal('0x' + r.pubKey.replace(/^0x/, ''), u8aToHex(kp.publicKey), path);
      assert.equal(r.address, encodeAddress(kp.publicKey, 42), path);
    }
    assert.equal((await app.getAddress(paths[0], 42)).address, VECTOR_42);
  });
});

test('Zondax client: signRawEd25519 gives signatures polkadot-js accepts', async () => {
  await withApp(port, async (app) => {
    for (const msg of ['<Bytes>hello</Bytes>', `<Bytes>${'x'.repeat(300)}</Bytes>`]) {
      const r = await app.signRawEd25519(paths[1], Buffer.from(msg));
      assert.equal(r.signature.length, 65);
      assert.equal(r.signature[0], 0);
      const pub = hdLedger(MNEMONIC, paths[1]).publicKey;
      const bytes = stringToU8a(msg);
      if (bytes.length <= 256) {
        assert.ok(signatureVerify(bytes, r.signature, encodeAddress(pub, 42)).isValid, 'short message');
      } else {
        // over 256 bytes the app signs blake2b-256 of the payload (ledger.md §2.4, substrate-crypto.md A7)
        assert.ok(ed25519Verify(blake2AsU8a(bytes, 256), r.signature.subarray(1), pub), 'long message, hashed');
        assert.equal(ed25519Verify(bytes, r.signature.subarray(1), pub), false, 'long message is not signed as is');
      }
    }
  });
});

test('Zondax client: unwrapped raw data and rejection are refused with the app status words', async () => {
  await withApp(port, async (app) => {
    await assert.rejects(app.signRawEd25519(paths[0], Buffer.from('hello')), (e) => e.returnCode === 0x6984);
  });
  await withApp(rejectPort, async (app) => {
    await assert.rejects(app.getAddress(paths[0], 42, true), (e) => e.returnCode === 0x6986);
  });
});

test('dbcsign through the emulator: address and a wrapped signature polkadot-js verifies', async () => {
  const dev = `--ledger=tcp:127.0.0.1:${port}`;
  const a = JSON.parse(execFileSync(dbcsign, ['hw', 'address', dev, '--account', '3', '--index', '9', '--output', 'json']).toString());
  const kp = hdLedger(MNEMONIC, paths[1]);
  assert.equal(a.publicKey, u8aToHex(kp.publicKey));
  assert.equal(a.address, encodeAddress(kp.publicKey, 42));
  assert.equal(a.path, paths[1]);
  const sig = execFileSync(dbcsign, ['sign', dev, '--account', '3', '--index', '9', '--wrap', '--message', 'renter check']).toString().trim();
  assert.ok(signatureVerify(stringToU8a('<Bytes>renter check</Bytes>'), sig, a.address).isValid);
  assert.equal(signatureVerify(stringToU8a('<Bytes>renter check!</Bytes>'), sig, a.address).isValid, false);
});
