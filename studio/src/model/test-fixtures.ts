/**
 * Shared fixtures of the model's tests: the spec's example documents and a generated big workflow. The
 * few examples single tests look at are copied into fixtures/ (a fresh clone has no conformance kit); the
 * round-trip of all of them reads the kit from WEFT_CONFORMANCE_DIR (default ../shared) when present.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const KIT = resolve(process.env.WEFT_CONFORMANCE_DIR ?? fileURLToPath(new URL('../../../../shared/', import.meta.url)), 'spec/examples');

/** The names of all the spec's examples, or none when the conformance kit is absent. */
export function exampleNames(): string[] {
  if (!existsSync(KIT)) return [];
  return readdirSync(KIT)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function example(name: string): Record<string, unknown> {
  const file = name.endsWith('.yaml') ? name : `${name}.yaml`;
  const local = join(FIXTURES, file);
  return parse(readFileSync(existsSync(local) ? local : join(KIT, file), 'utf8')) as Record<string, unknown>;
}

/**
 * A workflow of exactly `count` tasks mixing every nesting shape: runs of `set` tasks, and every tenth
 * slot a composite (`do`, `for`, `fork`, `try` with `catch.do`) holding a few tasks of its own.
 */
export function generated(count: number): Record<string, unknown> {
  let made = 0;
  const leaf = (): Record<string, unknown> => ({ [`t${made++}`]: { set: { n: made } } });
  const top: unknown[] = [];
  while (made < count) {
    const left = count - made;
    if (made % 10 === 0 && left >= 5) {
      const shape = (made / 10) % 4;
      const name = `g${made++}`;
      if (shape === 0) top.push({ [name]: { do: [leaf(), leaf(), leaf()] } });
      else if (shape === 1) top.push({ [name]: { for: { each: 'x', in: '.xs' }, do: [leaf(), leaf()] } });
      else if (shape === 2) top.push({ [name]: { fork: { branches: [leaf(), leaf(), leaf()] } } });
      else top.push({ [name]: { try: [leaf(), leaf()], catch: { do: [leaf()] } } });
    } else top.push(leaf());
  }
  return { document: { dsl: '1.0.3', namespace: 'test', name: 'big', version: '0.1.0' }, do: top };
}

/** Freezes a value deeply, so that a test fails if an operation mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
