/**
 * The Kubernetes set in deploy/k8s and the Dockerfile stay consistent with each other and with the
 * server: every file parses, kustomize lists exactly the files there, probes hit /readyz and /healthz on
 * the port the container listens on, the args bind to all interfaces with explicit roles, references
 * (envFrom, Service and PDB selectors) point at resources and pods that exist, and the image exposes
 * the same port. No cluster needed: it checks the manifests' values, not a live apply.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'deploy', 'k8s');
const KUSTOMIZATION = 'kustomization.yaml';
const ROLES = ['api', 'worker', 'scheduler'];
const DEFAULT_PORT = 8787; // `weft serve --port` default

type Manifest = Record<string, any>;
interface Resource { file: string; doc: Manifest }

const yamlFiles = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

function parseFile(file: string): { docs: Manifest[]; errors: string[] } {
  const parsed = parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { prettyErrors: true });
  const list = Array.isArray(parsed) ? parsed : [];
  const errors = list.flatMap((d) => [...d.errors, ...d.warnings].map((e) => `${file}: ${e.message}`));
  if (!Array.isArray(parsed)) errors.push(`${file}: not a YAML stream`);
  const docs = list.map((d) => d.toJS() as unknown).filter((d): d is Manifest => d !== null && d !== undefined) as Manifest[];
  return { docs, errors };
}

const parsed = Object.fromEntries(yamlFiles.map((f) => [f, parseFile(f)]));
const kustomization = parsed[KUSTOMIZATION]?.docs[0] ?? {};
const resources: Resource[] = yamlFiles.filter((f) => f !== KUSTOMIZATION).flatMap((file) => parsed[file].docs.map((doc) => ({ file, doc })));
const ofKind = (kind: string) => resources.filter((r) => r.doc.kind === kind).map((r) => r.doc);
const deployments = ofKind('Deployment');

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const container = (d: Manifest): Manifest => d.spec.template.spec.containers.find((c: Manifest) => c.name === 'weft') ?? d.spec.template.spec.containers[0];
const containerPort = (c: Manifest): Manifest => {
  expect(c.ports, `${c.name}: exactly one port`).toHaveLength(1);
  return c.ports[0];
};
/** A probe's or Service's port, a number or a port name, resolved to the container's port number. */
function resolvePort(c: Manifest, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return c.ports?.find((p: Manifest) => p.name === port)?.containerPort;
}
function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
const rolesOf = (d: Manifest): string[] => (argValue(container(d).args ?? [], '--roles') ?? '').split(',').map((r) => r.trim()).filter(Boolean);

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1', ConfigMap: 'v1', Secret: 'v1', Service: 'v1', Deployment: 'apps/v1', PodDisruptionBudget: 'policy/v1',
};

describe('deploy/k8s: files', () => {
  it('every YAML file parses without errors or warnings and holds at least one document', () => {
    expect(yamlFiles.length).toBeGreaterThan(1);
    for (const file of yamlFiles) {
      expect(parsed[file].errors, file).toEqual([]);
      expect(parsed[file].docs.length, `${file}: documents`).toBeGreaterThan(0);
    }
  });

  it('every resource has apiVersion, kind and metadata.name, with the stable apiVersion of its kind, and is unique', () => {
    expect(resources.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const { file, doc } of resources) {
      expect(typeof doc.apiVersion, `${file}: apiVersion`).toBe('string');
      expect(typeof doc.kind, `${file}: kind`).toBe('string');
      expect(doc.metadata?.name, `${file}: metadata.name`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(API_VERSIONS[doc.kind], `${file}: ${doc.kind} is a kind this set is expected to contain`).toBeDefined();
      expect(doc.apiVersion, `${file}: ${doc.kind}`).toBe(API_VERSIONS[doc.kind]);
      const key = `${doc.kind}/${doc.metadata.name}`;
      expect(seen.has(key), `duplicate ${key}`).toBe(false);
      seen.add(key);
    }
  });

  it('the kustomization lists exactly the resource files present, and its namespace is the one the set creates', () => {
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    const listed: string[] = kustomization.resources ?? [];
    expect(new Set(listed).size, 'no file listed twice').toBe(listed.length);
    expect([...listed].sort()).toEqual(yamlFiles.filter((f) => f !== KUSTOMIZATION));
    const namespaces = ofKind('Namespace');
    expect(namespaces).toHaveLength(1);
    expect(kustomization.namespace).toBe(namespaces[0].metadata.name);
    for (const { file, doc } of resources) {
      if (doc.kind !== 'Namespace' && doc.metadata.namespace !== undefined) expect(doc.metadata.namespace, file).toBe(kustomization.namespace);
    }
  });

  it('the ConfigMap and Secret hold string values: the lease expiry, the database URL and the admin key', () => {
    const [config] = ofKind('ConfigMap');
    for (const [k, v] of Object.entries(config.data ?? {})) expect(typeof v, `ConfigMap ${k} must be a string (quote numbers)`).toBe('string');
    expect(config.data.WEFT_LEASE_MS).toMatch(/^[1-9][0-9]*$/);
    const [secret] = ofKind('Secret');
    for (const [k, v] of Object.entries(secret.stringData ?? {})) expect(typeof v, `Secret ${k} must be a string`).toBe('string');
    expect(secret.stringData.WEFT_DB_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(secret.stringData.WEFT_DB_URL).toMatch(/REPLACE/i);
    expect(secret.stringData.WEFT_ADMIN_KEY).toMatch(/REPLACE/i);
    expect(secret.stringData.WEFT_ADMIN_KEY).not.toMatch(/[\s\p{Cc}]/u); // what `weft serve` accepts
  });
});

describe('deploy/k8s: Deployments', () => {
  it('there is an api Deployment and the roles together cover api, worker and scheduler', () => {
    expect(deployments.length).toBeGreaterThan(0);
    const all = deployments.flatMap(rolesOf);
    for (const role of all) expect(ROLES).toContain(role);
    expect([...new Set(all)].sort()).toEqual([...ROLES].sort());
    expect(deployments.filter((d) => rolesOf(d).includes('api'))).toHaveLength(1);
  });

  for (const d of deployments) {
    const name = d.metadata.name as string;
    describe(name, () => {
      const c = container(d);
      const pod = d.spec.template.spec;

      it('selector matches the template labels', () => {
        expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
      });

      it('args run `serve` on all interfaces with explicit roles, on the container port', () => {
        const args: string[] = c.args;
        expect(args[0]).toBe('serve');
        expect(args).toContain('--roles');
        expect(rolesOf(d).length).toBeGreaterThan(0);
        expect(['0.0.0.0', '::']).toContain(argValue(args, '--host')); // the default 127.0.0.1 fails every probe
        const port = Number(argValue(args, '--port') ?? DEFAULT_PORT);
        expect(containerPort(c).containerPort).toBe(port);
        expect(c.command, 'keep the image ENTRYPOINT').toBeUndefined();
      });

      it('readiness probes /readyz, liveness and startup probe /healthz, on the container port', () => {
        const port = containerPort(c).containerPort;
        expect(c.readinessProbe.httpGet.path).toBe('/readyz');
        expect(resolvePort(c, c.readinessProbe.httpGet.port)).toBe(port);
        expect(c.livenessProbe.httpGet.path).toBe('/healthz');
        expect(resolvePort(c, c.livenessProbe.httpGet.port)).toBe(port);
        expect(c.startupProbe.httpGet.path).toBe('/healthz');
        expect(resolvePort(c, c.startupProbe.httpGet.port)).toBe(port);
      });

      it('envFrom refers to the ConfigMap and the Secret of the set', () => {
        const configs = ofKind('ConfigMap').map((r) => r.metadata.name);
        const secrets = ofKind('Secret').map((r) => r.metadata.name);
        const refs: Manifest[] = c.envFrom;
        const cm = refs.filter((r) => r.configMapRef).map((r) => r.configMapRef.name);
        const sec = refs.filter((r) => r.secretRef).map((r) => r.secretRef.name);
        expect(cm.length).toBeGreaterThan(0);
        expect(sec.length).toBeGreaterThan(0);
        for (const n of cm) expect(configs).toContain(n);
        for (const n of sec) expect(secrets).toContain(n);
      });

      it('is locked down: non-root, read-only root with /tmp on an emptyDir, no privilege escalation, no capabilities', () => {
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
        const tmp = c.volumeMounts.find((m: Manifest) => m.mountPath === '/tmp');
        expect(tmp).toBeDefined();
        const volume = pod.volumes.find((v: Manifest) => v.name === tmp.name);
        expect(volume?.emptyDir).toBeDefined();
      });

      it('drains: a preStop sleep shorter than a grace period of at least 30 s', () => {
        const command: string[] = c.lifecycle.preStop.exec?.command ?? [];
        const sleep = c.lifecycle.preStop.sleep?.seconds ?? (command[0] === 'sleep' ? Number(command[1]) : NaN);
        expect(sleep).toBeGreaterThan(0);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep + 10);
      });

      it('has resource requests not above its limits', () => {
        const { requests, limits } = c.resources;
        for (const k of ['cpu', 'memory']) {
          expect(requests[k], `requests.${k}`).toBeDefined();
          expect(limits[k], `limits.${k}`).toBeDefined();
          expect(quantity(requests[k])).toBeLessThanOrEqual(quantity(limits[k]));
        }
      });
    });
  }
});

/** Kubernetes quantities used here: 250m, 1, "2", 256Mi, 1Gi. */
function quantity(q: string | number): number {
  const m = /^([0-9.]+)(m|Ki|Mi|Gi)?$/.exec(String(q));
  if (!m) throw new Error(`unsupported quantity ${q}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

describe('deploy/k8s: Service and PodDisruptionBudgets', () => {
  const api = deployments.find((d) => rolesOf(d).includes('api'));

  it('the Service selects the api pods only and targets the container port', () => {
    const services = ofKind('Service');
    expect(services).toHaveLength(1);
    const [svc] = services;
    expect(svc.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(api).toBeDefined();
    expect(matches(svc.spec.selector, api!.spec.template.metadata.labels)).toBe(true);
    for (const d of deployments.filter((x) => x !== api)) expect(matches(svc.spec.selector, d.spec.template.metadata.labels), d.metadata.name).toBe(false);
    expect(svc.spec.ports).toHaveLength(1);
    expect(svc.spec.ports[0].port).toBe(80);
    const c = container(api!);
    expect(resolvePort(c, svc.spec.ports[0].targetPort)).toBe(containerPort(c).containerPort);
  });

  it('every Deployment has exactly one PDB, minAvailable 1, selecting its pods and no other', () => {
    const pdbs = ofKind('PodDisruptionBudget');
    expect(pdbs).toHaveLength(deployments.length);
    for (const d of deployments) {
      const mine = pdbs.filter((p) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect(mine, d.metadata.name).toHaveLength(1);
      expect(mine[0].spec.minAvailable).toBe(1);
      expect(d.spec.replicas, `${d.metadata.name}: a PDB of 1 needs more than 1 replica to allow drains`).toBeGreaterThan(1);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const last = (op: string) => instructions.filter((l) => l.toUpperCase().startsWith(`${op} `)).at(-1)?.slice(op.length + 1).trim();

  it('EXPOSEs the port every Deployment listens on', () => {
    const exposed = (last('EXPOSE') ?? '').split(/\s+/).map((p) => Number(p.replace(/\/tcp$/, '')));
    expect(exposed).toHaveLength(1);
    for (const d of deployments) expect(containerPort(container(d)).containerPort, d.metadata.name).toBe(exposed[0]);
  });

  it('runs `node bin/weft.js serve --host 0.0.0.0` as a numeric non-root user on the Node LTS of .nvmrc, with its flags', () => {
    expect(JSON.parse(last('ENTRYPOINT') ?? 'null')).toEqual(['node', 'bin/weft.js']);
    expect(JSON.parse(last('CMD') ?? 'null')).toEqual(['serve', '--host', '0.0.0.0']);
    const user = last('USER') ?? '';
    expect(user).toMatch(/^[0-9]+(:[0-9]+)?$/); // numeric, so runAsNonRoot can be verified
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    for (const d of deployments) expect(d.spec.template.spec.securityContext.runAsUser, d.metadata.name).toBe(Number(user.split(':')[0]));
    const stages = instructions.filter((l) => /^FROM /i.test(l));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const major = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    expect(major).toBe('24');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${major}-bookworm-slim$`, 'm'));
    // Set in the image, so `weft` starts with --no-node-snapshot at once instead of re-executing itself.
    expect(dockerfile).toMatch(/NODE_OPTIONS=--no-node-snapshot/);
  });

  it('.dockerignore keeps local state and build output out of the context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    for (const p of ['node_modules', 'dist', '.git', '*.db', 'test/e2e/screenshots', 'bench/results', '.ci/cache']) expect(ignored).toContain(p);
  });
});
