import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import { DEPLOY_ERROR_CODES, ManifestError } from './packaging/errors.js';

const minimal = { name: 'price', version: '1.2.0' };

function problemsOf(raw: unknown): { pointer: string; message: string }[] {
  try {
    parseManifest(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    expect(err).toMatchObject({ code: DEPLOY_ERROR_CODES.manifest, status: 400, retryable: false });
    return [...(err as ManifestError).problems];
  }
  throw new Error('expected a ManifestError');
}

const pointers = (raw: unknown) => problemsOf(raw).map((p) => p.pointer);

describe('parseManifest', () => {
  it('applies every default to a minimal manifest', () => {
    expect(parseManifest(minimal)).toEqual({
      name: 'price', version: '1.2.0', memoryMb: 64, timeoutMs: 10_000, maxConcurrency: 10, minWarm: 0, idleMs: 60_000, egress: [], secrets: [],
    });
  });

  it('keeps every field of a full manifest, drops $schema, and does not touch the caller’s object', () => {
    const raw = {
      $schema: 'https://weft.dev/schemas/weft.json', name: 'fx-rate', version: '2.0.0-rc.1+build.5', description: 'd', owner: 'team-a', main: 'src/main.ts',
      input: { type: 'object', properties: { from: { type: 'string', format: 'iso-4217' } } }, output: true,
      memoryMb: 128, timeoutMs: 900_000, maxConcurrency: 1000, minWarm: 2, idleMs: 0,
      egress: ['api.example.com', '*.stripe.com', '10.0.0.0/8', '2001:db8::/32', '192.168.1.4'], secrets: ['STRIPE_KEY', 'db.password'],
    };
    const before = structuredClone(raw);
    const { $schema: _, ...rest } = raw;
    expect(parseManifest(raw)).toEqual(rest);
    expect(raw).toEqual(before);
  });

  it.each([
    ['not an object', [1], ''],
    ['null', null, ''],
    ['name missing', { version: '1.0.0' }, '/name'],
    ['version missing', { name: 'a' }, '/version'],
    ['name with capitals', { ...minimal, name: 'Price' }, '/name'],
    ['name starting with a digit', { ...minimal, name: '1price' }, '/name'],
    ['name of 64 chars', { ...minimal, name: 'a'.repeat(64) }, '/name'],
    ['version not semver', { ...minimal, version: '1.2' }, '/version'],
    ['version with leading zero', { ...minimal, version: '01.2.0' }, '/version'],
    ['memoryMb below 8', { ...minimal, memoryMb: 4 }, '/memoryMb'],
    ['memoryMb above 1024', { ...minimal, memoryMb: 2048 }, '/memoryMb'],
    ['memoryMb fractional', { ...minimal, memoryMb: 64.5 }, '/memoryMb'],
    ['timeoutMs 0', { ...minimal, timeoutMs: 0 }, '/timeoutMs'],
    ['timeoutMs above 15 min', { ...minimal, timeoutMs: 900_001 }, '/timeoutMs'],
    ['maxConcurrency 0', { ...minimal, maxConcurrency: 0 }, '/maxConcurrency'],
    ['maxConcurrency 1001', { ...minimal, maxConcurrency: 1001 }, '/maxConcurrency'],
    ['minWarm negative', { ...minimal, minWarm: -1 }, '/minWarm'],
    ['minWarm above maxConcurrency', { ...minimal, minWarm: 11 }, '/minWarm'],
    ['idleMs as a string', { ...minimal, idleMs: '60s' }, '/idleMs'],
    ['egress not an array', { ...minimal, egress: 'api.example.com' }, '/egress'],
    ['egress with a URL', { ...minimal, egress: ['https://api.example.com'] }, '/egress/0'],
    ['egress with a bad CIDR', { ...minimal, egress: ['10.0.0.0/33'] }, '/egress/0'],
    ['egress duplicates', { ...minimal, egress: ['a.com', 'a.com'] }, '/egress'],
    ['secret name with a space', { ...minimal, secrets: ['MY KEY'] }, '/secrets/0'],
    ['input not a schema', { ...minimal, input: { type: 'objekt' } }, '/input/type'],
    ['output a string', { ...minimal, output: 'object' }, '/output'],
    ['input with a broken $ref', { ...minimal, input: { $ref: '#/$defs/missing' } }, '/input'],
    ['main escaping the folder', { ...minimal, main: '../x.ts' }, '/main'],
    ['an unknown field', { ...minimal, timeout: 5 }, '/timeout'],
  ])('refuses %s', (_what, raw, pointer) => {
    expect(pointers(raw)).toContain(pointer);
  });

  it('reports every problem at once, each with its pointer', () => {
    const problems = problemsOf({
      name: 'Bad Name', memoryMb: 4096, timeoutMs: -1, maxConcurrency: 2, minWarm: 3, egress: ['ok.example.com', 'not a host'],
      secrets: ['A', 'A'], input: { type: 12 }, extra: true,
    });
    expect(problems.map((p) => p.pointer).sort()).toEqual(
      ['/name', '/version', '/memoryMb', '/timeoutMs', '/minWarm', '/egress/1', '/secrets', '/input/type', '/extra'].sort(),
    );
    expect(problems.find((p) => p.pointer === '/name')?.message).toMatch(/lowercase/);
    expect(problems.find((p) => p.pointer === '/version')?.message).toBe('is required');
    expect(problems.find((p) => p.pointer === '/minWarm')?.message).toBe('must be at most maxConcurrency (2)');
    expect(problems.find((p) => p.pointer === '/extra')?.message).toBe('is not a manifest field');
  });

  it('names the source file and lists the problems in the message', () => {
    expect(() => parseManifest({ name: 'a' }, 'weft.json')).toThrow(/invalid function manifest \(weft\.json\):\n {2}\/version: is required/);
  });

  it('accepts schemas that reuse an $id across calls (each call compiles in isolation)', () => {
    const m = { ...minimal, input: { $id: 'https://example.com/in', type: 'object' } };
    expect(parseManifest(m).input).toEqual(m.input);
    expect(parseManifest(m).input).toEqual(m.input);
  });
});
