/**
 * What a server adds to compose(): its telemetry (logs, metrics, spans, subscribed to the platform hooks
 * by compose) and its HTTP gateway. `weft dev` and `weft serve` (server-command.ts) keep the CLI concerns:
 * flags, listening, signals, shutdown.
 */
import type { FastifyInstance } from 'fastify';
import type { NodeRole } from '../ports/index.js';
import { type HttpHygiene, type RateLimit, type RouteGroup, buildGateway } from '../gateway/index.js';
import { type EgressMode, accessPolicy } from '../security/index.js';
import { type Telemetry, createLogger, createTelemetry } from '../telemetry/index.js';
import { type Composed, compose, openStore } from './compose.js';

export interface ServerComposeOptions {
  mode: 'dev' | 'serve';
  /** A SQLite file or a postgres:// URL. */
  db: string;
  env: NodeJS.ProcessEnv;
  egress: EgressMode;
  roles: NodeRole[];
  onWarning: (message: string) => void;
}

export interface ComposedServer {
  app: Composed;
  telemetry: Telemetry;
  /** The HTTP API over `app` (built once the background work started; listening is the caller's). */
  gateway(o: { rateLimits: Partial<Record<RouteGroup, RateLimit>> | false; hygiene: HttpHygiene; ready: () => boolean }): Promise<FastifyInstance>;
}

export async function composeServer(o: ServerComposeOptions): Promise<ComposedServer> {
  const telemetry = createTelemetry({ env: o.env, logger: createLogger({ level: (o.env.WEFT_LOG_LEVEL ?? 'info') as 'info' }) });
  const app = compose({
    db: await openStore(o.db),
    egress: o.egress,
    node: { roles: o.roles },
    telemetry,
    env: o.env,
    // One user on `weft dev`: every secret and namespace is theirs; a shared `weft serve` grants nothing unasked.
    grants: o.mode === 'dev' ? 'all' : 'none',
    onWarning: o.onWarning,
  });
  return {
    app,
    telemetry,
    gateway: (g) =>
      buildGateway({
        platform: app.platform,
        keys: app.keys,
        audit: app.audit,
        access: accessPolicy,
        telemetry,
        auth: o.mode === 'serve',
        rateLimits: g.rateLimits,
        logger: telemetry.logger,
        ready: g.ready,
        api: o.roles.includes('api'),
        ...g.hygiene.options,
      }),
  };
}
