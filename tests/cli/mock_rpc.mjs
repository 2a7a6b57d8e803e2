// A scripted Substrate JSON-RPC node for tests/cli/test_tx.sh (no dependencies).
// usage: node mock_rpc.mjs MODE METADATA_FILE PORT_FILE SUBMIT_FILE
// Serves DBC's genesis metadata (fixtures/dbc/metadata-v14-spec400.scale) as spec 411 / tx 2,
// next index 7, finalized head #1000000. MODE changes one behaviour:
//   ok        normal answers; author_submitExtrinsic stores the hex in SUBMIT_FILE
//   imported  submit answers 1013 "Transaction Already Imported"
//   invalid   submit answers 1010 "Invalid Transaction" / bad signature
//   rpcerror  every call answers a JSON-RPC error object
//   evilerror every call answers an error object whose message and data carry a newline and
//             terminal escapes (a hostile node forging output lines)
//   http500   every call answers HTTP 500
//   malformed every call answers a body that is not JSON
//   hang      never answers
//   v15       state_getMetadata returns V15-tagged bytes
//   rentok    after a submit, block #1000001 holds it (index 1) with events RentMachine.Rent
//             (rent_id 42) and System.ExtrinsicSuccess (hand-encoded SCALE, see below)
//   rentfail  the same block, but System.ExtrinsicFailed with Module { index 111, error 1 }
//   evildoc   as rentfail, but the metadata gives MachineNotRentable a doc line with terminal
//             escapes (ESC [2K ESC [1A): what a hostile node could send
//   num=TEXT  chain_getHeader answers the number TEXT (e.g. "0x-1", " 0x10", "0x100000000")
//   jump      as rentfail, but after the submit the best block is #4294967295 (a hostile node
//             making `--wait` walk 2^32 blocks)
//   stale     submit answers 1010 "Invalid Transaction" / "Transaction is outdated" and the
//             bytes are in no block
//   submithang author_submitExtrinsic never answers (each attempt is appended to SUBMIT_FILE.all)
import { createServer } from 'node:http';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const [mode, mdFile, portFile, submitFile] = process.argv.slice(2);
let md = readFileSync(mdFile).subarray(4); // strip the compact length prefix
if (mode === 'evildoc') {
  // RentMachine's error enum: "MachineNotRentable", no fields, index 1, docs [] → one doc line.
  const at = md.indexOf(Buffer.from('MachineNotRentable\x00\x01\x00', 'latin1'));
  const doc = Buffer.from(' Bad\x1b[2K\x1b[1Aok', 'latin1');
  md = Buffer.concat([md.subarray(0, at + 20), Buffer.from([4, doc.length << 2]), doc, md.subarray(at + 21)]);
}
const GENESIS = '0x03aa6b475a03f8baf7f83e448513b00eaab03aefa4ed64bd1d31160dce028add';
const FIN = '0x' + 'f1'.repeat(32);
const hex = (b) => '0x' + Buffer.from(b).toString('hex');
const NEWBLOCK = '0x' + 'b1'.repeat(32);
let submitted = null;

// System.Events for rentok / rentfail, SCALE by hand from the genesis metadata's types:
// Vec<EventRecord{ phase: Phase, event: RuntimeEvent, topics: Vec<H256> }>.
function u32(n) { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; }
function events() {
  const phase = Buffer.concat([Buffer.from([0]), u32(1)]); // ApplyExtrinsic(1)
  const info = Buffer.from([0x00, 0x00, 0x00, 0x00]); // weight {compact 0, compact 0}, Normal, Yes
  const recs = [];
  if (mode === 'rentok') {
    const machine = Buffer.from('285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a');
    const rent = Buffer.concat([
      Buffer.from([111, 2]), // RentMachine.Rent
      Buffer.from([42, 0, 0, 0, 0, 0, 0, 0]), // rent_id u64
      Buffer.alloc(32, 0xd7), // renter
      Buffer.from([0x01, 0x01]), machine, // Vec<u8>, 64 bytes
      u32(1), u32(300), Buffer.alloc(16, 0) // gpu_num, duration, fee u128
    ]);
    recs.push(Buffer.concat([phase, rent, Buffer.from([0])]));
    recs.push(Buffer.concat([phase, Buffer.from([0, 0]), info, Buffer.from([0])])); // ExtrinsicSuccess
  } else {
    // System.ExtrinsicFailed { DispatchError::Module(ModuleError { index: 111, error: [1,0,0,0] }) }
    const err = Buffer.from([3, 111, 1, 0, 0, 0]);
    recs.push(Buffer.concat([phase, Buffer.from([0, 1]), err, info, Buffer.from([0])]));
  }
  return hex(Buffer.concat([Buffer.from([recs.length << 2]), ...recs]));
}
const following = () => (mode === 'rentok' || mode === 'rentfail' || mode === 'evildoc' || mode === 'jump') && submitted !== null;

function answer(method, params) {
  switch (method) {
    case 'chain_getBlockHash':
      if (params[0] === 1000001) return NEWBLOCK;
      return params[0] === 0 ? GENESIS : '0x' + 'ab'.repeat(32);
    case 'chain_getBlock':
      return { block: { header: {}, extrinsics: ['0x280402000b50055a5e8c01', ...(params[0] === NEWBLOCK && submitted ? [submitted] : [])] } };
    case 'state_getStorage':
      return params[1] === NEWBLOCK ? events() : null;
    case 'state_getRuntimeVersion':
      return { specName: 'DeepBrainChain', specVersion: 411, transactionVersion: 2 };
    case 'state_getMetadata':
      return mode === 'v15' ? hex(Buffer.concat([Buffer.from('meta'), Buffer.from([15, 0])])) : hex(md);
    case 'system_accountNextIndex':
      return 7;
    case 'chain_getFinalizedHead':
      return FIN;
    case 'chain_getHeader':
      if (mode.startsWith('num=')) return { number: mode.slice(4), parentHash: '0x' + 'f0'.repeat(32) };
      if (mode === 'jump' && following() && params.length === 0) return { number: '0xffffffff', parentHash: '0x' + 'f0'.repeat(32) };
      return { number: params.length === 0 && following() ? '0xf4241' : '0xf4240', parentHash: '0x' + 'f0'.repeat(32) };
    case 'payment_queryInfo':
      return { weight: { refTime: 1, proofSize: 0 }, class: 'normal', partialFee: '123000000000000' };
    case 'author_submitExtrinsic':
      if (mode === 'imported') throw { code: 1013, message: 'Transaction Already Imported' };
      if (mode === 'invalid') throw { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' };
      if (mode === 'stale') throw { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' };
      writeFileSync(submitFile, params[0]);
      submitted = params[0];
      return '0x' + 'cd'.repeat(32);
    default:
      throw { code: -32601, message: 'Method not found' };
  }
}

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    if (mode === 'hang') return;
    if (mode === 'submithang' && body.includes('author_submitExtrinsic')) {
      appendFileSync(submitFile + '.all', JSON.parse(body).params[0] + '\n');
      return;
    }
    if (mode === 'http500') { res.writeHead(500); res.end('oops'); return; }
    if (mode === 'malformed') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"jsonrpc": "2.0", "id": '); return; }
    let msg;
    try { msg = JSON.parse(body); } catch { res.writeHead(400); res.end(); return; }
    let reply;
    try {
      if (mode === 'rpcerror') throw { code: -32000, message: 'Server is busy' };
      if (mode === 'evilerror') throw { code: -32000, message: 'busy\x1b[2K\nforged: ok', data: '\x1b]0;title\x07\r' };
      reply = { jsonrpc: '2.0', id: msg.id, result: answer(msg.method, msg.params || []) };
    } catch (e) {
      reply = { jsonrpc: '2.0', id: msg.id, error: e };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  });
});
server.listen(0, '127.0.0.1', () => writeFileSync(portFile, String(server.address().port)));
