// polkadot-js side of `make bench`: the same operations as bench/bench.c, in the pinned
// @polkadot/util-crypto (wasm). Not a test (not *.test.mjs).
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify, ed25519PairFromSeed,
  ed25519Sign, ed25519Verify, secp256k1PairFromSeed, secp256k1Sign, secp256k1Verify,
  mnemonicToMiniSecret, blake2AsU8a } from '@polkadot/util-crypto';
import { stringToU8a } from '@polkadot/util';
import { randomBytes } from 'node:crypto';

const budget = Number(process.argv[2] || 1) * 1000;
function bench(label, fn) {
  const t0 = performance.now(); let n = 0, t;
  do { for (let i = 0; i < 16; i++) fn(); n += 16; t = performance.now() - t0; } while (t < budget);
  console.log(`${label.padEnd(44)} ${(n / t * 1000).toFixed(0).padStart(12)} /s  ${(t * 1000 / n).toFixed(2).padStart(9)} us`);
}
await cryptoWaitReady();
const seed = new Uint8Array(randomBytes(32));
const msg = stringToU8a('5ymJfLN9B1FhkFpydEqKQfWbKpYvxhWxMxGgerSPk4JEYE7tWb18e23');
const sr = sr25519PairFromSeed(seed);
const srSig = sr25519Sign(msg, sr);
bench('sr25519 sign (nonce, 55 B)', () => sr25519Sign(msg, sr));
bench('sr25519 verify', () => sr25519Verify(msg, srSig, sr.publicKey));
const ed = ed25519PairFromSeed(seed);
const edSig = ed25519Sign(msg, ed);
bench('ed25519 sign', () => ed25519Sign(msg, ed));
bench('ed25519 verify', () => ed25519Verify(msg, edSig, ed.publicKey));
const ec = secp256k1PairFromSeed(seed);
const ecSig = secp256k1Sign(msg, ec, 'blake2');
bench('ecdsa sign (blake2b prehash, recoverable)', () => secp256k1Sign(msg, ec, 'blake2'));
bench('ecdsa verify (recover + compare)', () => secp256k1Verify(msg, ecSig, blake2AsU8a(ec.publicKey), 'blake2'));
bench('mnemonic -> mini-secret (PBKDF2 x2048)', () => mnemonicToMiniSecret('bottom drive obey lake curtain smoke basket hold race lonely fit walk'));
