/**
 * The code both runtimes evaluate INSIDE the sandbox before the bundle: it defines `console`, a bounded
 * `setTimeout`, `queueMicrotask`, builds each invocation's `ctx`, and turns results and errors into JSON
 * envelopes. It is a string (not a function's toString()) so that no transpiler or coverage tool can
 * inject helpers that do not exist in the sandbox.
 *
 * Evaluated, it is a function `(bridge) => api`, where bridge is made of sandbox-side closures over the
 * host transport (the host's own objects never become reachable from user code):
 *   bridge.request(op, seq, json) → Promise<string>   envelope {"ok":true,"value":…} | {"ok":false,"error":{…}}
 *   bridge.notify(op, seq, json)                      fire-and-forget (logs)
 *   bridge.done(seq, envelope)                        the invocation `seq` settled
 * and api is { init() → string (an error message, '' when the bundle is usable), run(seq, meta, input) →
 * Promise<string>, start(…) (run, returning nothing: the result comes through bridge.done), wait(seq) →
 * the pending run's promise, or null once done }. Built-ins are captured up front so user code that replaces
 * JSON, Promise.prototype.then or Reflect cannot break the protocol (it can only break itself).
 */
export const SANDBOX_SOURCE = String.raw`(function (bridge) {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, keys = Object.keys;
  const apply = Reflect.apply, P = Promise, then = Promise.prototype.then, Str = String, Err = Error;
  const hasOwn = (o, k) => apply(Object.prototype.hasOwnProperty, o, [k]);
  const after = (p, ok, ko) => apply(then, p, [ok, ko]);
  const pending = new Map();
  let entry = null;
  // Console output has no ctx: it belongs to the invocation started last (the pool runs one at a time).
  let current = 0;

  function coded(code, message) { const e = new Err(message); e.code = code; return e; }
  function show(v) {
    if (typeof v === 'string') return v;
    if (v instanceof Err) return v.stack ? Str(v.stack) : Str(v);
    try { const s = stringify(v); return s === undefined ? Str(v) : s; } catch (e) { return Str(v); }
  }
  // Each invocation's log budget (meta.logs: lines, bytes, lineBytes), applied here so that a flood of
  // log calls never crosses to the host; what is dropped is reported as a running total ('dropped').
  const budgets = new Map();
  const INIT_LIMITS = { lines: 1000, bytes: 262144, lineBytes: 8192 };
  let initBudget = null;
  function budgetFor(limits) {
    const l = limits !== null && typeof limits === 'object' ? limits : INIT_LIMITS;
    return { lines: 0, bytes: 0, dropped: 0, max: { lines: Number(l.lines), bytes: Number(l.bytes), lineBytes: Number(l.lineBytes) } };
  }
  function budgetOf(seq) {
    if (seq === 0) return initBudget === null ? (initBudget = budgetFor(INIT_LIMITS)) : initBudget;
    return budgets.get(seq);
  }
  function dropped(seq, b) {
    b.dropped++;
    // A running total now and then (the exact one comes at the end): the host's count if the invocation times out.
    if (b.dropped <= 64 || (b.dropped & 1023) === 0) bridge.notify('dropped', seq, Str(b.dropped));
  }
  function log(seq, level, message, fields) {
    const b = budgetOf(seq);
    if (b === undefined) return; // the invocation ended: the host would ignore the line
    if (b.lines >= b.max.lines || b.bytes >= b.max.bytes) return dropped(seq, b);
    let m = show(message);
    if (m.length > b.max.lineBytes) m = m.slice(0, b.max.lineBytes) + ' … (truncated)';
    let text;
    try { text = stringify({ level, message: m, fields }); }
    catch (e) { text = stringify({ level, message: m + ' (fields dropped: not JSON)' }); }
    if (text.length > b.max.lineBytes + 256) text = stringify({ level, message: m + ' (fields dropped: over the line limit)' });
    if (b.bytes + text.length > b.max.bytes) return dropped(seq, b);
    b.lines++;
    b.bytes += text.length;
    bridge.notify('log', seq, text);
  }
  function settled(seq, text) {
    const b = budgets.get(seq);
    budgets.delete(seq);
    if (b !== undefined && b.dropped > 0) bridge.notify('dropped-final', seq, Str(b.dropped));
    return text;
  }
  function unwrap(text) {
    const r = parse(text);
    if (r.ok) return r.value;
    throw coded(r.error.code, r.error.message);
  }

  const con = {};
  for (const [name, level] of [['log', 'info'], ['info', 'info'], ['warn', 'warn'], ['error', 'error'], ['debug', 'debug'], ['trace', 'debug']]) {
    con[name] = function () { const a = []; for (let i = 0; i < arguments.length; i++) a.push(show(arguments[i])); log(current, level, a.join(' ')); };
  }
  globalThis.console = freeze(con);

  // Timers are host timers that never outlive their invocation: when it ends they are cancelled.
  const timers = new Map();
  let lastTimer = 0;
  globalThis.setTimeout = function (fn, ms, ...args) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout: the callback must be a function');
    const id = ++lastTimer, seq = current;
    timers.set(id, seq);
    after(bridge.request('sleep', seq, stringify(Math.max(0, Number(ms) || 0))), (text) => {
      if (!timers.delete(id) || !parse(text).ok) return;
      try { apply(fn, undefined, args); } catch (e) { log(seq, 'error', 'uncaught error in a setTimeout callback: ' + show(e)); }
    });
    return id;
  };
  globalThis.clearTimeout = function (id) { timers.delete(id); };
  globalThis.queueMicrotask = function (fn) { after(P.resolve(), () => fn()); };

  function headersOf(h) {
    const out = {};
    if (h !== null && typeof h === 'object') for (const k of keys(h)) out[Str(k)] = Str(h[k]);
    return out;
  }
  function responseOf(r) {
    return freeze({
      status: r.status, ok: r.status >= 200 && r.status < 300, headers: freeze(r.headers), body: r.body,
      text: () => P.resolve(r.body),
      json: () => after(P.resolve(), () => parse(r.body)),
    });
  }
  function makeCtx(seq, meta) {
    const secrets = meta.secrets;
    const logger = {};
    for (const level of ['debug', 'info', 'warn', 'error']) logger[level] = (message, fields) => log(seq, level, message, fields);
    return freeze({
      invocationId: meta.invocationId, idempotencyKey: meta.idempotencyKey, deadline: meta.deadline, traceparent: meta.traceparent,
      fetch(url, init) {
        const i = init === null || init === undefined ? {} : init;
        const req = { headers: headersOf(i.headers) };
        if (i.method !== undefined) req.method = Str(i.method).toUpperCase();
        if (i.body !== undefined && i.body !== null) req.body = typeof i.body === 'string' ? i.body : stringify(i.body);
        return after(after(bridge.request('fetch', seq, stringify([Str(url), req])), unwrap), responseOf);
      },
      secrets: freeze({
        get(name) {
          const n = Str(name);
          if (!hasOwn(secrets, n)) throw coded('WEFT_ERR_FN_SECRET', 'secret ' + stringify(n) + ' is not granted to this function (manifest "secrets")');
          return secrets[n] === null ? undefined : secrets[n];
        },
      }),
      log: freeze(logger),
      emit(event) { return after(after(bridge.request('emit', seq, stringify([event])), unwrap), () => undefined); },
    });
  }

  function describe(e) {
    try {
      if (e !== null && typeof e === 'object') {
        const out = { name: Str(e.name), message: Str(e.message) };
        if (typeof e.code === 'string') out.code = e.code;
        if (typeof e.stack === 'string') out.stack = e.stack;
        return out;
      }
      return { message: Str(e) };
    } catch (x) {
      return { message: 'the function threw a value that cannot be described' };
    }
  }
  function success(out) {
    let text;
    try { text = stringify(out); } catch (e) {
      return stringify({ ok: false, error: { message: 'the function returned a value that is not JSON: ' + describe(e).message } });
    }
    return '{"ok":true,"value":' + (text === undefined ? 'null' : text) + '}';
  }
  function failure(e) { return stringify({ ok: false, error: describe(e) }); }

  function init() {
    const m = globalThis.__weft;
    if (m !== null && (typeof m === 'object' || typeof m === 'function') && typeof m.default === 'function') { entry = m.default; return ''; }
    return 'the bundle does not define __weft.default: build it with esbuild { format: "iife", globalName: "__weft" } from a module with a default export';
  }
  function run(seq, metaJson, inputJson) {
    current = seq;
    const meta = parse(metaJson);
    budgets.set(seq, budgetFor(meta.logs));
    const p = after(after(new P((resolve) => resolve(entry(parse(inputJson), makeCtx(seq, meta)))), success, failure), (text) => settled(seq, text));
    pending.set(seq, p);
    after(p, (text) => { pending.delete(seq); bridge.done(seq, text); });
    return p;
  }
  function start(seq, metaJson, inputJson) { run(seq, metaJson, inputJson); }
  function wait(seq) { return pending.has(seq) ? pending.get(seq) : null; }
  return freeze({ init, run, start, wait });
})`;
