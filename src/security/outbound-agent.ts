/**
 * The undici dispatcher that enforces the egress policy on the address a connection is opened to.
 * A host name is resolved once, inside the connection's own `lookup`: every address it resolves to is
 * checked and the socket connects to those checked addresses, so no second resolution can bring a
 * different (rebound) answer. An IP literal never reaches `lookup` (net.connect skips it), so it is
 * checked in the connector before connecting. Redirects are not followed here (outbound.ts does that).
 */
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { type EgressPolicy, denial } from './egress.js';
import { EGRESS_ERROR_CODES, EgressError } from './errors.js';

/** Resolves a host name to every address (injectable: tests simulate DNS answers with it). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

export interface AgentOptions {
  policy: EgressPolicy;
  resolve?: Resolve;
  /** Longest wait for a connection to open (undici's connect timeout). */
  connectTimeoutMs: number;
  /** Extra trusted certificate authorities (PEM) besides the system's (a private CA; tests). */
  ca?: string[];
}

export function checkedAgent(o: AgentOptions): Agent {
  const resolve = o.resolve ?? systemResolve;
  const { policy } = o;
  const restricted = policy.mode === 'restricted';
  // Open mode still resolves through `resolve` (tests inject it), but refuses nothing.
  const lookup = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        if (!addresses.length) return callback(new EgressError(EGRESS_ERROR_CODES.failed, `${hostname} did not resolve to an address`), []);
        // Every address is checked, not only the first: a name that resolves to one private address is refused.
        for (const a of addresses) {
          const denied = restricted ? denial(policy, hostname, a.address) : undefined;
          if (denied) return callback(denied, []);
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(new EgressError(EGRESS_ERROR_CODES.failed, `${hostname} could not be resolved (${err.code ?? err.message})`, { cause: err }), []),
    );
  };
  // TLS still verifies the certificate against the URL's host name (undici sets `servername` from it).
  const base = buildConnector({ lookup, timeout: o.connectTimeoutMs, ...(o.ca ? { ca: [...tls.rootCertificates, ...o.ca] } : {}) } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) => {
    const denied = restricted && isIP(opts.hostname) ? denial(policy, opts.hostname, opts.hostname) : undefined;
    if (denied) {
      callback(denied, null);
      return;
    }
    base(opts, callback);
  };
  return new Agent({ connect });
}
