/**
 * The crash test's HTTP peer: counts every request per `Idempotency-Key` and per target (run + path),
 * answers with JSON derived only from the request (so run outputs are checkable), and delays each
 * answer by 1–20 ms so that runs interleave and some requests are always in flight.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  key: string | undefined;
  path: string;
  run: string;
  /** When the request was counted (headers and body read). */
  at: number;
}

export class CountingServer {
  readonly hits: Hit[] = [];
  /** Requests per Idempotency-Key. */
  readonly byKey = new Map<string, number>();
  /** Distinct Idempotency-Keys per target `<run> <path>`: a repeated effect must reuse its key. */
  readonly keysByTarget = new Map<string, Set<string>>();
  /** Requests that were malformed or carried a body inconsistent with the workflow. */
  readonly anomalies: string[] = [];
  /** Called synchronously after each request is counted. */
  onHit: (server: CountingServer) => void = () => {};
  private server: Server | undefined;

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      readBody(req).then(
        (text) => {
          const answer = this.count(req, text);
          setTimeout(() => {
            res.writeHead(answer.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(answer.body));
          }, 1 + Math.floor(Math.random() * 20));
        },
        () => res.destroy(),
      );
    });
    // A killed worker leaves half-open sockets behind; their errors are expected.
    server.on('clientError', (_err, socket) => socket.destroy());
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  get total(): number {
    return this.hits.length;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private count(req: IncomingMessage, text: string): { status: number; body: unknown } {
    const path = req.url ?? '';
    const header = req.headers['idempotency-key'];
    const key = typeof header === 'string' ? header : undefined;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.anomalies.push(`${req.method} ${path}: body is not JSON: ${text.slice(0, 200)}`);
      return { status: 400, body: { error: 'body is not JSON' } };
    }
    const run = String(body.run);
    this.hits.push({ key, path, run, at: Date.now() });
    if (key === undefined) this.anomalies.push(`${req.method} ${path} for run ${run} without Idempotency-Key`);
    else {
      this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
      const target = `${run} ${path}`;
      const keys = this.keysByTarget.get(target) ?? new Set<string>();
      keys.add(key);
      this.keysByTarget.set(target, keys);
    }
    this.onHit(this);
    return { status: 200, body: answer(path, body, this.anomalies) };
  }
}

/** `/step/<k>` appends n*100+k to `acc` (checking the run's previous steps); `/wait/<name>` echoes `at`. */
function answer(path: string, body: Record<string, unknown>, anomalies: string[]): unknown {
  const step = /^\/step\/(\d+)$/.exec(path);
  if (!step) return { at: body.at };
  const k = Number(step[1]);
  const n = body.n as number;
  const acc = body.acc as number[];
  const expected = Array.from({ length: k - 1 }, (_, i) => n * 100 + i + 1);
  if (body.step !== k || JSON.stringify(acc) !== JSON.stringify(expected)) {
    anomalies.push(`${path} for run ${String(body.run)}: body ${JSON.stringify(body)}, expected step ${k} and acc ${JSON.stringify(expected)}`);
  }
  return { n, step: k, acc: [...(Array.isArray(acc) ? acc : []), n * 100 + k] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
