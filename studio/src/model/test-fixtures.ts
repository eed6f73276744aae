/** Shared fixtures of the model's tests: the spec's example documents and a generated big workflow. */
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';

const EXAMPLES = new URL('../../../../shared/spec/examples/', import.meta.url);

export function exampleNames(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function example(name: string): Record<string, unknown> {
  const file = name.endsWith('.yaml') ? name : `${name}.yaml`;
  return parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as Record<string, unknown>;
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
