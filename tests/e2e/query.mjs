// Reads chain storage with polkadot-js (an implementation independent of dbcsign), so the e2e
// test can check what the runtime really stored, not only what dbcsign decoded from events.
// Usage: node query.mjs URL pallet.item[:JSON_ARGS_ARRAY] ...  → one JSON line per query
// (@polkadot/api 16.5.6 comes with the pinned chopsticks: see package-lock.json.)
import { ApiPromise, HttpProvider } from '@polkadot/api';

const [url, ...queries] = process.argv.slice(2);
const api = await ApiPromise.create({ provider: new HttpProvider(url), noInitWarn: true, throwOnConnect: true });
let rc = 0;
for (const q of queries) {
	const colon = q.indexOf(':');
	const [pallet, item] = (colon < 0 ? q : q.slice(0, colon)).split('.');
	const args = colon < 0 ? [] : JSON.parse(q.slice(colon + 1));
	const entry = api.query[pallet]?.[item];
	if (!entry) { console.error(`query.mjs: no storage item ${pallet}.${item}`); rc = 2; continue; }
	const v = await entry(...args);
	// toPrimitive: integers beyond 2^53 as decimal strings (toJSON would give hex)
	console.log(JSON.stringify(v.toPrimitive()));
}
await api.disconnect();
process.exit(rc);
