// polkadot-js side of `make bench`: the same operations as bench/bench.c, in the pinned
// @polkadot/util-crypto / keyring 14.0.3 (wasm). Not a test (not *.test.mjs).
//   node bench-pjs.mjs [SECONDS]   rows "key<TAB>ops/s<TAB>label" (as bench/bench.c prints)
//   node bench-pjs.mjs --triple    what `dbcsign triple --suri //Alice` does, once (cold start)
//   node bench-pjs.mjs --stream    one sr25519 signature line per stdin line (sign --lines)
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import {
  cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify, ed25519PairFromSeed,
  ed25519Sign, ed25519Verify, secp256k1PairFromSeed, secp256k1Sign, secp256k1Verify,
  mnemonicToMiniSecret, blake2AsU8a, jsonEncryptFormat, naclEncrypt, randomAsU8a, scryptEncode,
  scryptToU8a
} from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

const mode = process.argv[2] || '1';
await cryptoWaitReady();

if (mode === '--triple') {
  // A nonce (random, base58-sized) signed by //Alice, printed as the node wants it.
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
  const nonce = u8aToHex(randomAsU8a(20)).slice(2);
  const sign = u8aToHex(pair.sign(stringToU8a(nonce))).slice(2);
  console.log(JSON.stringify({ wallet: pair.address, nonce, sign }));
} else if (mode === '--stream') {
  // What a polkadot-js user would write for `dbcsign sign --lines`: key unlocked once, one
  // signature per line. (No verification of each signature: dbcsign does verify its own.)
  const pair = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const out = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    out.push(u8aToHex(pair.sign(stringToU8a(line))));
    if (out.length >= 1024) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
} else {
  const budget = Number(mode) * 1000;
  // Per second of process CPU time (as bench/bench.c: robust against other load).
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const bench = (key, label, fn, batch = 16) => {
    const t0 = cpuMs(); let n = 0, t;
    do { for (let i = 0; i < batch; i++) fn(); n += batch; t = cpuMs() - t0; } while (t < budget);
    console.log(`${key}\t${(n / t * 1000).toFixed(1)}\t${label}`);
  };
  const seed = new Uint8Array(randomBytes(32));
  const msg = stringToU8a('5ymJfLN9B1FhkFpydEqKQfWbKpYvxhWxMxGgerSPk4JEYE7tWb18e23');
  const sr = sr25519PairFromSeed(seed);
  const srSig = sr25519Sign(msg, sr);
  bench('pjs.sr_sign', 'sr25519Sign', () => sr25519Sign(msg, sr));
  bench('pjs.sr_verify', 'sr25519Verify', () => sr25519Verify(msg, srSig, sr.publicKey));
  bench('pjs.sr_signer', 'sr25519Sign + sr25519Verify', () => sr25519Verify(msg, sr25519Sign(msg, sr), sr.publicKey));
  const ed = ed25519PairFromSeed(seed);
  const edSig = ed25519Sign(msg, ed);
  bench('pjs.ed_sign', 'ed25519Sign', () => ed25519Sign(msg, ed));
  bench('pjs.ed_verify', 'ed25519Verify', () => ed25519Verify(msg, edSig, ed.publicKey));
  const ec = secp256k1PairFromSeed(seed);
  const ecSig = secp256k1Sign(msg, ec, 'blake2');
  bench('pjs.ecdsa_sign', 'secp256k1Sign (blake2)', () => secp256k1Sign(msg, ec, 'blake2'));
  bench('pjs.ecdsa_verify', 'secp256k1Verify (blake2)', () => secp256k1Verify(msg, ecSig, blake2AsU8a(ec.publicKey), 'blake2'));
  const phrase = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
  bench('pjs.mnemonic', 'mnemonicToMiniSecret + sr25519PairFromSeed',
    () => sr25519PairFromSeed(mnemonicToMiniSecret(phrase)), 1);
  // A keystore with scrypt N=2^15 (what dbcsign writes by default), as tests/interop builds it.
  const PW = 'bench pass phrase';
  const keyring = new Keyring({ type: 'sr25519' });
  const pair = keyring.addFromSeed(seed);
  const params = { N: 1 << 15, p: 1, r: 8 };
  const { password, salt } = scryptEncode(PW, randomAsU8a(), params);
  const { encrypted, nonce } = naclEncrypt(pair.encodePkcs8(), password.subarray(0, 32));
  const json = {
    ...jsonEncryptFormat(u8aConcat(scryptToU8a(salt, params), nonce, encrypted), ['pkcs8', 'sr25519'], true),
    address: pair.address, meta: {}
  };
  bench('pjs.keystore', 'keyring.addFromJson + decodePkcs8 (scrypt N=2^15)',
    () => keyring.addFromJson(json).decodePkcs8(PW), 1);
}
