// The secret vault (issue 16 "Proof"): what reading a secret adds to a function call. The same function
// is invoked through the platform (compose() on a SQLite file, a master key configured, the isolate
// runtime inline) with and without one vault secret granted to it and read by `ctx.secrets.get`; the
// figure is the median over rounds of the per-round difference in microseconds per call, the two
// measured back to back in alternating order so that both see the same machine. Also: one `Vault.set` (seal, wrap, store), the cache lookup itself,
// the lookup as a function call makes it, which notes the read (who used which version), and what sealing run data
// at rest costs: a five-task run that copies a secret into every task's output (each journaled value sealed)
// against the same run copying a plain string of the same length.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { compose } from '../dist/cli/compose.js';
import { masterKeysFromEnv } from '../dist/security/index.js';
import { deploy, median, now, round1 } from './functions-common.js';

const ROUNDS = 11;
const CALLS = 2_000;
const PLAIN = 'export default async (i: { n: number }) => ({ n: i.n, k: 0 });';
const READS = 'export default async (i: { n: number }, ctx: any) => ({ n: i.n, k: ctx.secrets.get("shop/API_KEY").length });';

const RUNS = 200;
const copying = (name, what) => `document: { dsl: '1.0.0', namespace: shop, name: ${name}, version: '1.0.0' }
use: { secrets: [API_KEY] }
do:
${[1, 2, 3, 4, 5].map((i) => `  - t${i}: { call: 'echo:1.0.0@default', with: { v: '\${ ${what} }', i: ${i} } }`).join('\n')}
`;

async function perRunMicros(app, name) {
  const t0 = now();
  for (let i = 0; i < RUNS; i++) {
    const r = await app.platform.runs.start({ namespace: 'shop', name, input: {}, waitMs: 10_000 });
    if (r.run.status !== 'completed') throw new Error(`run ${name} ended ${r.run.status}: ${JSON.stringify(r.run.error)}`);
  }
  return Number(now() - t0) / 1e3 / RUNS;
}

/** ROUNDS of `base` and `other` back to back, alternating which goes first so that neither always runs on a warmer (or busier) machine. */
async function alternate(base, other) {
  const out = { base: [], other: [], diffs: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const [b, o] = r % 2 ? await other().then(async (x) => [await base(), x]) : [await base(), await other()];
    out.base.push(b);
    out.other.push(o);
    out.diffs.push(o - b);
  }
  return out;
}

async function perCallMicros(app, name) {
  const t0 = now();
  for (let i = 0; i < CALLS; i++) {
    const r = await app.platform.functions.invoke({ name, input: { n: i } });
    if (r.output.n !== i) throw new Error(`unexpected output ${JSON.stringify(r.output)}`);
  }
  return Number(now() - t0) / 1e3 / CALLS;
}

export async function run() {
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-bench-secrets-'));
  const app = compose({ db: join(dir, 'bench.db'), masterKeys: masterKeysFromEnv({ WEFT_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') }) });
  try {
    await app.ready();
    const setTimes = [];
    for (let i = 0; i < 200; i++) {
      const t0 = now();
      await app.vault.set('shop', 'API_KEY', `sk_live_${i}_${'x'.repeat(32)}`, 'bench', { overlapMs: 0 });
      setTimes.push(Number(now() - t0) / 1e3);
    }
    await app.vault.grant('shop', 'API_KEY', { functions: ['reads'] });
    await deploy(app.store, 'plain', PLAIN, { maxConcurrency: 1 });
    await deploy(app.store, 'reads', READS, { maxConcurrency: 1, secrets: ['shop/API_KEY'] });
    // Warm both instances and the JIT.
    await perCallMicros(app, 'plain');
    await perCallMicros(app, 'reads');
    const { base: plain, other: reads, diffs } = await alternate(() => perCallMicros(app, 'plain'), () => perCallMicros(app, 'reads'));
    const lookups = 200_000;
    const t0 = now();
    for (let i = 0; i < lookups; i++) app.vault.forFunction('reads', ['shop/API_KEY']);
    const lookupMicros = Number(now() - t0) / 1e3 / lookups;
    // The same lookup as a function call makes it: with its version, so the read is noted (who used which version).
    const t1 = now();
    for (let i = 0; i < lookups; i++) app.vault.forFunction('reads', ['shop/API_KEY'], '1.0.0');
    const notedLookupMicros = Number(now() - t1) / 1e3 / lookups;
    const added = median(diffs);
    // Sealing at rest: each task calls a function (an effect, journaled) whose output holds the value.
    await deploy(app.store, 'echo', 'export default async (i: { v: string }) => ({ v: i.v });', { maxConcurrency: 1 });
    await app.platform.workflows.register(copying('sealed', '$secrets.API_KEY'));
    await app.platform.workflows.register(copying('plain', '"p" * ($secrets.API_KEY | length)'));
    await perRunMicros(app, 'sealed');
    await perRunMicros(app, 'plain');
    const { base: plainRuns, other: sealedRuns, diffs: sealDiffs } = await alternate(() => perRunMicros(app, 'plain'), () => perRunMicros(app, 'sealed'));
    const results = {
      callMicrosWithoutSecret: round1(median(plain)),
      callMicrosWithSecret: round1(median(reads)),
      secretReadAddsMicros: round1(added),
      cacheLookupMicros: Number(lookupMicros.toFixed(3)),
      notedLookupMicros: Number(notedLookupMicros.toFixed(3)),
      setMicrosMedian: round1(median(setTimes)),
      runMicrosPlain: round1(median(plainRuns)),
      runMicrosSealed: round1(median(sealedRuns)),
      sealingAddsMicrosPerRun: round1(median(sealDiffs)),
      sealedValuesPerRun: 5,
      rounds: ROUNDS,
      callsPerRound: CALLS,
    };
    return { results, targets: { secretReadAddsMicros: { target: '< 20', actual: results.secretReadAddsMicros, pass: added < 20 } } };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
