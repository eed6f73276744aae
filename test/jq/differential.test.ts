/**
 * Differential tests of our jq engine (src/expr) against the real jq.
 *
 * 1. Every case of test/jq/corpus/*.jsonl runs through `/usr/bin/jq -c` (Debian's jq 1.6) and through our
 *    engine. The expected result is whatever jq prints at test time: the outputs printed before an error must
 *    be identical as text, and an error (jq exit 5) or a compile error (jq exit 3) must happen on both sides.
 *    The corpus only holds cases where jq 1.6 and jq 1.7.1 agree (see test/jq/README.md).
 * 2. Every case of test/jq/jq17.jsonl runs through our engine only and is checked against the jq 1.7.1 result
 *    recorded in the file (cases where 1.6 and 1.7.1 disagree, plus a few that need care in JavaScript).
 *
 * A missing /usr/bin/jq makes this file fail, never skip.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, stringify, ExprError } from '../../src/expr/index.js';
import type { Json } from '../../src/expr/json.js';

const JQ = '/usr/bin/jq';
const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = join(HERE, 'corpus');
const JQ17_FILE = join(HERE, 'jq17.jsonl');
const MIN_CASES = 600;
/** jq needs no more than this; a slower case is a broken case. */
const JQ_TIMEOUT_MS = 10_000;

interface Case {
  filter: string;
  /** JSON text given to jq on stdin; JSON.parse'd for our engine. */
  input: string;
  /** `--argjson name value` for jq, named variables (`$name`) for our engine. */
  args?: Record<string, Json>;
  note?: string;
}

interface Jq17Case extends Case {
  output?: Json[];
  error?: boolean;
  /** "compile" when jq 1.7.1 rejects the program at compile time (exit 3). */
  errorKind?: 'compile';
  outputsBeforeError?: Json[];
  why: string;
}

/** What happened when a filter ran: the outputs as `jq -c` text, then how it ended. */
interface Outcome {
  outputs: string[];
  /** null: ran to completion; "syntax": rejected at compile time; "runtime": raised an error while running. */
  error: null | 'syntax' | 'runtime';
}

interface CorpusFile {
  name: string;
  cases: { line: number; c: Case }[];
}

function readJsonl<T>(file: string): { line: number; c: T }[] {
  const out: { line: number; c: T }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: i + 1, c: JSON.parse(text) as T });
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON: ${(e as Error).message}`);
      }
    });
  return out;
}

const corpus: CorpusFile[] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .map((name) => ({ name, cases: readJsonl<Case>(join(CORPUS_DIR, name)) }));
const corpusSize = corpus.reduce((n, f) => n + f.cases.length, 0);
const jq17 = readJsonl<Jq17Case>(JQ17_FILE);

function testName(line: number, c: Case): string {
  const one = (s: string, max: number) => {
    const t = s.replace(/\n/g, '\\n');
    return t.length > max ? t.slice(0, max - 1) + '…' : t;
  };
  const args = c.args ? ` --argjson ${Object.keys(c.args).join(',')}` : '';
  return `#${line} ${one(c.filter, 100)}  <<< ${one(c.input, 60)}${args}`;
}

// ---------------------------------------------------------------------------------------------------------
// The reference: /usr/bin/jq

type Reference = Outcome | { failure: string };

function jqArgs(c: Case): string[] {
  const args = ['-c'];
  for (const [name, value] of Object.entries(c.args ?? {})) args.push('--argjson', name, JSON.stringify(value));
  // A program starting with '-' would be read as an option; leading blanks do not change a jq program.
  args.push(c.filter.startsWith('-') ? ' ' + c.filter : c.filter);
  return args;
}

function runJq(c: Case): Promise<Reference> {
  return new Promise((resolve) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      // TZ and LC_ALL make the date builtins (mktime, strftime %s/%A…) independent of the machine.
      child = spawn(JQ, jqArgs(c), { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, stdio: 'pipe' });
    } catch (e) {
      resolve({ failure: `cannot run ${JQ}: ${(e as Error).message}` });
      return;
    }
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (r: Reference) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ failure: `${JQ} took more than ${JQ_TIMEOUT_MS} ms` });
    }, JQ_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // jq exits before reading stdin on a compile error
    child.on('error', (e) => done({ failure: `cannot run ${JQ}: ${e.message}` }));
    child.on('close', (code, signal) => {
      const outputs = stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n');
      if (code === 0) done({ outputs, error: null });
      else if (code === 5) done({ outputs, error: 'runtime' });
      else if (code === 3 && outputs.length === 0) done({ outputs, error: 'syntax' });
      else done({ failure: `${JQ} exited with ${code ?? signal}: ${stderr.trim()}` });
    });
    child.stdin.end(c.input);
  });
}

/** Runs every case through jq, a few processes at a time (jq 1.6 spends ~15 ms compiling its builtins). */
async function runAllJq(cases: Case[]): Promise<Reference[]> {
  const results: Reference[] = new Array(cases.length);
  let next = 0;
  // jq spends most of its time on the CPU: one more process than cores keeps them busy while others start.
  const workers = Math.max(2, Math.min(8, availableParallelism() + 1));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await runJq(cases[i]);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// Our engine

function runEngine(c: Case): Outcome {
  const outputs: string[] = [];
  let program: ReturnType<typeof compile>;
  try {
    program = compile(c.filter);
  } catch (e) {
    if (e instanceof ExprError && e.code === 'WEFT_ERR_EXPR_SYNTAX') return { outputs, error: 'syntax' };
    throw unexpected('compile', e);
  }
  const input = JSON.parse(c.input) as Json;
  try {
    program.run(input, c.args ?? {}, (out) => outputs.push(stringify(out)));
    return { outputs, error: null };
  } catch (e) {
    if (e instanceof ExprError && e.code === 'WEFT_ERR_EXPR_RUNTIME') return { outputs, error: 'runtime' };
    // jq rejects an undefined $variable at compile time; an engine that learns the variables only when
    // the program runs may report that as a syntax error from run(), before any output.
    if (e instanceof ExprError && e.code === 'WEFT_ERR_EXPR_SYNTAX' && outputs.length === 0) return { outputs, error: 'syntax' };
    throw unexpected('run', e, outputs);
  }
}

/** A budget error, a syntax error at run time or a non-ExprError is never what jq did: fail loudly. */
function unexpected(stage: string, e: unknown, outputs: string[] = []): Error {
  const what = e instanceof ExprError ? `${e.code}: ${e.message}` : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const err = new Error(`engine ${stage} threw ${what}${outputs.length ? ` after outputs ${JSON.stringify(outputs)}` : ''}`);
  if (e instanceof Error && e.stack) err.stack = `${err.message}\n${e.stack}`;
  return err;
}

// ---------------------------------------------------------------------------------------------------------

let ran = 0;
let ran17 = 0;
let referenceMs = 0;

afterAll(() => {
  console.log(`jq differential: ${ran} cases (corpus ${corpusSize}; the jq runs took ${referenceMs} ms), jq 1.7.1 assertions: ${ran17}`);
});

describe('jq differential: corpus vs /usr/bin/jq', () => {
  const flat = corpus.flatMap((f) => f.cases.map((x) => x.c));
  const reference = new Map<Case, Reference>();

  beforeAll(async () => {
    const started = Date.now();
    const results = await runAllJq(flat);
    flat.forEach((c, i) => reference.set(c, results[i]));
    referenceMs = Date.now() - started;
  }, 300_000);


  it(`${JQ} is installed (the reference; its absence is a failure)`, () => {
    expect(existsSync(JQ), `${JQ} is missing: install Debian's jq`).toBe(true);
  });

  it(`the corpus holds at least ${MIN_CASES} cases`, () => {
    expect(corpusSize).toBeGreaterThanOrEqual(MIN_CASES);
  });

  for (const file of corpus) {
    describe(file.name, () => {
      for (const { line, c } of file.cases) {
        it(testName(line, c), () => {
          const ref = reference.get(c);
          if (!ref) throw new Error('no jq result (the reference run did not complete)');
          if ('failure' in ref) throw new Error(`reference failed: ${ref.failure}`);
          const ours = runEngine(c);
          ran++;
          expect(ours, `${file.name}:${line}${c.note ? ` (${c.note})` : ''}`).toEqual(ref);
        });
      }
    });
  }
});

describe('jq 1.7.1 semantics (test/jq/jq17.jsonl, engine only)', () => {
  it('every entry asserts either outputs or an error', () => {
    for (const { line, c } of jq17) {
      const ok = (Array.isArray(c.output) && c.error === undefined) || (c.error === true && c.output === undefined);
      expect(ok && typeof c.why === 'string' && c.why.length > 0, `jq17.jsonl:${line}`).toBe(true);
    }
  });

  for (const { line, c } of jq17) {
    it(testName(line, c), () => {
      const expected: Outcome = c.error
        ? { outputs: (c.outputsBeforeError ?? []).map(stringify), error: c.errorKind === 'compile' ? 'syntax' : 'runtime' }
        : { outputs: (c.output ?? []).map(stringify), error: null };
      const ours = runEngine(c);
      ran17++;
      expect(ours, `jq17.jsonl:${line}: ${c.why}`).toEqual(expected);
    });
  }
});
