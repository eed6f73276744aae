/**
 * The script a worker thread of the worker runtime runs (`new Worker(WORKER_SOURCE, { eval: true })`).
 * A string, like sandbox-source.ts, so the worker needs no file on disk and no transpiler.
 *
 * Why the sandbox cannot reach Node: user code runs in a `vm` context created from a null-prototype
 * object, so its globals are only V8's built-ins plus what the sandbox bootstrap defines. The only
 * worker-realm object it is given is `post`, captured in a context closure and never exposed; everything
 * crossing is a string or a number, and `post` never throws. This file is strict, so a worker-realm frame
 * on the stack yields no function to `Error.prepareStackTrace` tricks. Still, a `vm` context shares the
 * worker's heap and event loop: this runtime is the fallback, isolated-vm is the boundary to rely on.
 *
 * Messages — to the worker: ['run', seq, meta, input] | ['reply', id, text];
 * from it: ['ready', problem] | ['request', id, op, seq, json] | ['notify', op, seq, json] |
 * ['done', seq, envelope, heapBytes] | ['rejected', message] (an unhandled rejection).
 */
export const WORKER_SOURCE = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const v8 = require('node:v8');

// An unhandled rejection fails the invocation in progress but not the instance, as isolated-vm does.
process.on('unhandledRejection', (reason) => {
  let message;
  try { message = String(reason && typeof reason === 'object' && 'message' in reason ? reason.message : reason); } catch (x) { message = 'unhandled rejection'; }
  parentPort.postMessage(['rejected', message]);
});

const { code, sandbox, filename, timeoutMs } = workerData;
const context = vm.createContext(Object.create(null), { name: filename });

function post(kind, id, op, seq, json) {
  try {
    if (kind === 'request') parentPort.postMessage(['request', id, String(op), Number(seq), String(json)]);
    else if (kind === 'notify') parentPort.postMessage(['notify', String(op), Number(seq), String(json)]);
    else if (kind === 'done') parentPort.postMessage(['done', Number(seq), String(json), v8.getHeapStatistics().used_heap_size]);
  } catch (e) {
    // Never let a worker-realm error object reach the sandbox.
  }
}

const transport = vm.runInContext(
  '(function (post) {' +
  '  const pending = new Map(); let last = 0; const P = Promise;' +
  '  const bridge = {' +
  '    request: (op, seq, json) => new P((resolve) => { const id = ++last; pending.set(id, resolve); post("request", id, op, seq, json); }),' +
  '    notify: (op, seq, json) => { post("notify", 0, op, seq, json); },' +
  '    done: (seq, text) => { post("done", 0, "", seq, text); },' +
  '  };' +
  '  const reply = (id, text) => { const r = pending.get(id); if (r) { pending.delete(id); r(text); } };' +
  '  return { bridge, reply };' +
  '})', context, { filename: 'weft:transport' })(post);

let api;
try {
  api = vm.runInContext(sandbox, context, { filename: 'weft:sandbox' })(transport.bridge);
  new vm.Script(code, { filename }).runInContext(context, { timeout: timeoutMs });
  parentPort.postMessage(['ready', String(api.init())]);
} catch (e) {
  let message;
  try { message = String(e && e.message !== undefined ? e.message : e); } catch (x) { message = 'the bundle threw at load'; }
  parentPort.postMessage(['ready', message || 'the bundle threw at load']);
}

parentPort.on('message', (m) => {
  if (m[0] === 'run') api.start(m[1], m[2], m[3]);
  else if (m[0] === 'reply') transport.reply(m[1], m[2]);
});
`;
