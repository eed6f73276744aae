// Shared by the function benchmarks: the echo and fibo functions, the W3F workflow, a minimal host
// context, deployment into a durable store (compose() on a fresh SQLite file), and stats.
import { deployFunction } from '../dist/functions/packaging/index.js';

export const ECHO_SRC = 'export default async function (input: unknown) { return input; }';
export const FIBO_SRC = `const fibo = (n: number): number => (n < 2 ? n : fibo(n - 1) + fibo(n - 2));
export default function (input: { n: number }) { return { n: input.n, value: fibo(input.n) }; }`;
export const FIBO_10 = 55;

/** W3F: 3 sequential calls of the deployed fibo:1.0.0 (default catalog), each computing fibo(10). */
export const W3F = {
  document: { dsl: '1.0.0', namespace: 'bench', name: 'w3f', version: '1.0.0' },
  do: [1, 2, 3].map((i) => ({ [`fibo${i}`]: { call: 'fibo:1.0.0@default', with: { n: 10 } } })),
};

/** What a HostContext needs for a function that uses no capability (cf. contract.ts fakeHost). */
export function minimalHost() {
  return {
    invocationId: 'bench-inv',
    idempotencyKey: 'bench-idem',
    deadline: Date.now() + 3_600_000,
    fetch: () => Promise.reject(new Error('no egress in the benchmark')),
    secret: () => undefined,
    log: () => {},
    emit: async () => {},
  };
}

/** compose() on a new SQLite file under os.tmpdir(), as for the engine benchmark. */
export { durableEngine as durable } from './engine-common.js';

/** Deploys `code` as name@1.0.0 (manifest defaults plus `manifest`) and returns the FunctionVersion. */
export async function deploy(store, name, code, manifest = {}) {
  const res = await deployFunction(store.functions, { files: { 'index.ts': code }, entry: 'index.ts' }, { name, version: '1.0.0', ...manifest }, Date.now());
  return res.version;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const round3 = (x) => Number(x.toFixed(3));
export const round1 = (x) => Number(x.toFixed(1));

export const now = () => process.hrtime.bigint();
export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
