/**
 * docs/tutorial.md, executed: every fenced block of the page, in order, as a reader would, in a fresh
 * temporary folder, with a `weft` on PATH that runs this checkout's bin/weft.js (a shim script; the
 * checkout must be built, as for the other CLI tests). The test fails when a command stops working, when
 * an output stops looking as the page shows it, and when the page gets a block it does not know how to run.
 *
 * How each block is read — the info string after the opening fence says (GitHub shows only its first
 * word, the language), plus one visible line before file blocks:
 *
 *   ```sh                   run with bash in the reader's shell state: the working directory and the
 *                           exported variables carry over from block to block (a `cd` or an `export`
 *                           stays); it must exit 0
 *   ```sh exit=N            the same, and it must exit with status N
 *   ```sh background=NAME   a long-running command the reader starts in another terminal (a server):
 *                           started in the background (in the shell state of that moment), and stopped
 *                           with SIGTERM at the end
 *   ```sh clone             a command for the reader's clone of Weft, which the test cannot run as it is
 *                           (it installs, builds or links globally); each one is replaced by what it
 *                           amounts to, from the table CLONE_COMMANDS below — a block not in the table fails
 *   ```text                 right after a sh block: what that block prints (stdout and stderr together,
 *                           as a terminal shows them); after a background or clone block: what it prints
 *                           once it is ready, which the test waits for (30 s at most)
 *   ```text from=NAME       lines that background process NAME prints meanwhile, in order, one after the
 *                           other (waited for, 10 s at most)
 *   File: `path`            (a line before a block in any other language: js, ts, json, yaml…) the block is
 *                           that file's whole content: written to `path` in the current directory
 *   File: `path` + ```diff  a change to that file: lines starting with `-` are replaced by the lines starting
 *                           with `+`, found by their context (lines starting with a space); `@@` separates
 *                           changes; the old lines must occur exactly once
 *   ```yaml studio          a value the reader types into the studio's designer (which the test does not
 *                           drive): it must equal a value inside a YAML file block of the page, so the
 *                           clicks and the file cannot drift apart
 *
 * Any other block fails the test. Outputs are compared line by line after normalising UUIDs (`<uuid>`)
 * and ISO times (`<time>`); in a shown output, `…` stands for any text within a line, and a line that is
 * only `…` for any number of lines.
 *
 * Ports: the page uses 8787 for Weft and 8789 for its stand-in weather API; the test replaces both, in
 * every block and shown output, by free ports, so that it runs beside anything else on the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const PAGE = 'docs/tutorial.md';
const PORTS = { weft: 8787, api: 8789 } as const;

// ---- The page's blocks ------------------------------------------------------------------------------

interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  attrs: Record<string, string>;
  body: string;
  /** The path of a `File: \`path\`` line right before the block. */
  file?: string;
}

/** The fenced blocks of a Markdown text (indented ones too, as in list items), in order. */
function fencesOf(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, ticks, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ *(`{3,})\s*$/.exec(lines[j]);
      if (close && close[1].length >= ticks.length) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) throw new Error(`${PAGE}:${i + 1}: a fence that is never closed`);
    const [lang = '', ...rest] = info.trim().split(/\s+/).filter(Boolean);
    const attrs = Object.fromEntries(rest.map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, ''])));
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const file = k >= 0 ? /^File: `([^`]+)`/.exec(lines[k].trim())?.[1] : undefined;
    out.push({ line: i + 1, lang, attrs, body: body.join('\n') + '\n', ...(file ? { file } : {}) });
    i = j;
  }
  return out;
}

/** What the test does with each block (with the text block that shows its output, if any). */
type Step =
  | { kind: 'run'; fence: Fence; exit: number; shows?: Fence }
  | { kind: 'background'; fence: Fence; name: string; shows: Fence }
  | { kind: 'clone'; fence: Fence; shows?: Fence }
  | { kind: 'from'; fence: Fence; name: string }
  | { kind: 'write'; fence: Fence; path: string }
  | { kind: 'patch'; fence: Fence; path: string }
  | { kind: 'studio'; fence: Fence };

/** The steps of the page, and the blocks it does not know how to run. */
function stepsOf(fences: Fence[]): { steps: Step[]; problems: string[] } {
  const steps: Step[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  for (let i = 0; i < fences.length; i++) {
    const f = fences[i];
    const at = `${PAGE}:${f.line}`;
    const next = fences[i + 1]?.lang === 'text' && Object.keys(fences[i + 1].attrs).length === 0 ? fences[i + 1] : undefined;
    const keys = Object.keys(f.attrs).join(' ');
    if (f.lang === 'sh') {
      if (keys === '' || keys === 'exit') {
        const exit = f.attrs.exit === undefined ? 0 : Number(f.attrs.exit);
        if (!Number.isInteger(exit)) problems.push(`${at}: exit=${f.attrs.exit} is not a status`);
        steps.push({ kind: 'run', fence: f, exit, ...(next ? { shows: next } : {}) });
      } else if (keys === 'background' && f.attrs.background) {
        if (!next) problems.push(`${at}: a background block needs a text block after it, saying what it prints once it is ready`);
        else steps.push({ kind: 'background', fence: f, name: f.attrs.background, shows: next });
        names.add(f.attrs.background);
      } else if (keys === 'clone') {
        if (!(f.body.trim() in CLONE_COMMANDS)) problems.push(`${at}: a clone block the test does not know (add it to CLONE_COMMANDS): ${f.body.trim()}`);
        else steps.push({ kind: 'clone', fence: f, ...(next ? { shows: next } : {}) });
      } else problems.push(`${at}: sh ${keys}: not an info string the test knows`);
      if (next) i++;
    } else if (f.lang === 'text' && keys === 'from') {
      if (!names.has(f.attrs.from)) problems.push(`${at}: from=${f.attrs.from} names no background block above it`);
      else steps.push({ kind: 'from', fence: f, name: f.attrs.from });
    } else if (f.lang === 'text') {
      problems.push(`${at}: a text block that follows no sh block`);
    } else if (f.lang === 'yaml' && keys === 'studio') {
      steps.push({ kind: 'studio', fence: f });
    } else if (f.file && keys === '') {
      steps.push(f.lang === 'diff' ? { kind: 'patch', fence: f, path: f.file } : { kind: 'write', fence: f, path: f.file });
    } else {
      problems.push(`${at}: a ${f.lang || 'plain'} block${keys ? ` (${keys})` : ''} the test does not run: give it a File: line, or an info string the test knows`);
    }
  }
  return { steps, problems };
}

// ---- Outputs ----------------------------------------------------------------------------------------

const GAP = '…';

function normalise(text: string): string[] {
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function linePattern(expected: string): RegExp {
  return new RegExp(`^${expected.split(GAP).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Whether `actual` is what `expected` shows (a line of only `…` matches any number of lines). */
function matches(expected: string[], actual: string[]): boolean {
  const patterns = expected.map((e) => (e === GAP ? GAP : linePattern(e)));
  const memo = new Map<string, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    const p = patterns[i];
    if (i === patterns.length) r = j === actual.length;
    else if (p === GAP) r = at(i + 1, j) || (j < actual.length && at(i, j + 1));
    else r = j < actual.length && p.test(actual[j]) && at(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return at(0, 0);
}

/** Where `expected` (no gap lines) occurs in `actual` as consecutive lines: the index after it, or -1. */
function findRun(expected: string[], actual: string[]): number {
  const patterns = expected.map(linePattern);
  for (let j = 0; j + patterns.length <= actual.length; j++) if (patterns.every((p, k) => p.test(actual[j + k]))) return j + patterns.length;
  return -1;
}

/** A diff block applied to `text`: each hunk's old lines (context and `-`) replaced by its new ones. */
function applyDiff(text: string, diff: string, where: string): string {
  const hunks: string[][] = [[]];
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('@@')) hunks.push([]);
    else if (/^[ +-]/.test(line)) hunks[hunks.length - 1].push(line);
    else throw new Error(`${where}: a diff line must start with ' ', '-', '+' or '@@': ${JSON.stringify(line)}`);
  }
  let out = text;
  for (const hunk of hunks.filter((h) => h.length)) {
    const before = hunk.filter((l) => l[0] !== '+').map((l) => l.slice(1)).join('\n');
    const after = hunk.filter((l) => l[0] !== '-').map((l) => l.slice(1)).join('\n');
    const count = out.split(before).length - 1;
    if (count !== 1) throw new Error(`${where}: the lines to change occur ${count} times in the file, not once:\n${before}`);
    out = out.replace(before, () => after);
  }
  return out;
}

/** Every value inside a parsed YAML document (the document itself included). */
function* valuesIn(value: unknown): Generator<unknown> {
  yield value;
  if (value && typeof value === 'object') for (const v of Object.values(value)) yield* valuesIn(v);
}

// ---- The reader's machine ---------------------------------------------------------------------------

/**
 * The commands for the reader's clone that the test replaces, and by what. The test runs on a built
 * checkout with its dependencies installed; its `weft` is the shim on PATH.
 */
const CLONE_COMMANDS: Record<string, (t: Tutorial, step: Extract<Step, { kind: 'clone' }>) => Promise<void>> = {
  // Installs and builds (done), then `weft dev` in the clone: the demo project `examples/` on 8787. The
  // test starts that server, waits for what the page shows, and stops it with SIGINT as the page tells
  // the reader to (Ctrl-C), which must be a clean exit. Its database goes to the temporary folder.
  'npm install && npm start': async (t, step) => {
    const demo = t.background('demo', `weft dev --dir ${JSON.stringify(join(ROOT, 'examples'))} --port ${PORTS.weft}`);
    await t.waitFor(demo, step.shows!, step.fence);
    expect(await t.stop(demo, 'SIGINT'), 'the demo server stops cleanly on Ctrl-C').toBe(0);
  },
  // Puts `weft` on the reader's PATH: here the shim is already there; check that it runs.
  'npm link': async (t, step) => {
    const r = await t.run('weft --version', step.fence);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/^\d+\.\d+\.\d+/);
  },
};

interface Background {
  name: string;
  child: ChildProcess;
  log: string;
  /** Lines of its output already matched by a `from=` block. */
  seen: number;
  exited?: number | null;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const until = async (what: () => boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (what()) return true;
  return what();
};

class Tutorial {
  readonly home = mkdtempSync(join(tmpdir(), 'weft-tutorial-'));
  private readonly state = join(this.home, '.state');
  private readonly ports = new Map<number, number>();
  private readonly running: Background[] = [];
  private count = 0;
  readonly env: Record<string, string>;

  constructor(ports: { weft: number; api: number }) {
    this.ports.set(PORTS.weft, ports.weft);
    this.ports.set(PORTS.api, ports.api);
    mkdirSync(join(this.home, 'bin'));
    mkdirSync(this.state);
    // The reader's `weft`: bin/weft.js of this checkout, started the way npm link's shim starts it.
    writeFileSync(join(this.home, 'bin', 'weft'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin', 'weft.js'))} "$@"\n`, { mode: 0o755 });
    const base = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith('WEFT_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS')) as Record<string, string>;
    this.env = { ...base, PATH: [join(this.home, 'bin'), dirname(process.execPath), process.env.PATH].join(':'), NO_COLOR: '1' };
    writeFileSync(join(this.state, 'cwd'), `${this.home}\n`);
  }

  /** The page's text with its ports replaced by the test's. */
  ported(text: string): string {
    return text.replace(/\b(8787|8789)\b/g, (p) => String(this.ports.get(Number(p))));
  }

  get cwd(): string {
    return readFileSync(join(this.state, 'cwd'), 'utf8').trim();
  }

  /** A bash script running `body` in the reader's shell state (and, for foreground blocks, keeping it). */
  private script(body: string, keepState: boolean): string {
    const file = join(this.state, `block-${++this.count}.sh`);
    const s = JSON.stringify(this.state);
    writeFileSync(
      file,
      [
        'set -e -o pipefail',
        `if [ -f ${s}/env ]; then source ${s}/env; fi`,
        `cd "$(cat ${s}/cwd)"`,
        ...(keepState ? [`trap 'pwd > ${s}/cwd; export -p | grep -v "^declare -[a-z]*r" > ${s}/env' EXIT`] : []),
        this.ported(body),
      ].join('\n') + '\n',
    );
    return file;
  }

  /** Runs a foreground block: its exit status and everything it printed, in order. */
  async run(body: string, fence: Fence): Promise<{ code: number | null; output: string }> {
    const log = join(this.state, `block-${this.count + 1}.out`);
    const fd = openSync(log, 'w');
    const child = spawn('bash', [this.script(body, true)], { cwd: this.home, env: this.env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((ok) => child.on('exit', (c, signal) => ok(signal ? null : c)));
    clearTimeout(timer);
    const output = readFileSync(log, 'utf8');
    if (code === null) throw new Error(`${PAGE}:${fence.line}: still running after 60 s (killed):\n${output}`);
    return { code, output };
  }

  /** Starts a long-running block in its own process group. */
  background(name: string, body: string): Background {
    const log = join(this.state, `${name}.out`);
    const fd = openSync(log, 'w');
    const child = spawn('bash', [this.script(body, false)], { cwd: this.home, env: this.env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    const b: Background = { name, child, log, seen: 0 };
    child.on('exit', (c) => (b.exited = c));
    this.running.push(b);
    return b;
  }

  output(b: Background): string[] {
    return normalise(readFileSync(b.log, 'utf8'));
  }

  /** Waits until a background process has printed what `shows` says (more may follow). */
  async waitFor(b: Background, shows: Fence, fence: Fence): Promise<void> {
    const expected = [...normalise(this.ported(shows.body)), GAP];
    const ok = await until(() => b.exited !== undefined || matches(expected, this.output(b)), 30_000);
    if (!ok || b.exited !== undefined) {
      throw new Error(`${PAGE}:${fence.line}: ${b.name} ${b.exited !== undefined ? `exited (${b.exited})` : 'did not get ready in 30 s'}; it printed:\n${readFileSync(b.log, 'utf8')}\nthe page shows (${PAGE}:${shows.line}):\n${shows.body}`);
    }
    b.seen = this.output(b).length;
  }

  find(name: string): Background {
    const b = this.running.find((r) => r.name === name && r.exited === undefined);
    if (!b) throw new Error(`no running background process ${name}`);
    return b;
  }

  /** Stops a background process group; its exit status. */
  async stop(b: Background, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null | undefined> {
    if (b.exited === undefined && b.child.pid) {
      try {
        process.kill(-b.child.pid, signal);
      } catch {
        // already gone
      }
      if (!(await until(() => b.exited !== undefined, 15_000))) process.kill(-b.child.pid, 'SIGKILL');
    }
    return b.exited;
  }

  async close(): Promise<void> {
    await Promise.all(this.running.map((b) => this.stop(b)));
    rmSync(this.home, { recursive: true, force: true });
  }

  /** The output of every background process, for failure messages. */
  logs(): string {
    return this.running.map((b) => `--- ${b.name}${b.exited !== undefined ? ` (exited ${b.exited})` : ''}:\n${existsSync(b.log) ? readFileSync(b.log, 'utf8') : ''}`).join('\n');
  }
}

// ---- The test ---------------------------------------------------------------------------------------

const page = readFileSync(join(ROOT, PAGE), 'utf8');
const fences = fencesOf(page);
const { steps, problems } = stepsOf(fences);
const yamlFiles = steps.filter((s) => s.kind === 'write' && /\.ya?ml$/.test(s.path)).map((s) => parseYaml(s.fence.body) as unknown);

let t: Tutorial;
let failed = false;
beforeAll(async () => {
  t = new Tutorial({ weft: await freePort(), api: await freePort() });
});
afterAll(async () => {
  if (failed) console.error(`docs/tutorial.md: the background processes printed:\n${t?.logs()}`);
  await t?.close();
});

describe('docs/tutorial.md', () => {
  it('has only blocks the test knows how to run', () => {
    expect(problems).toEqual([]);
    expect(steps.filter((s) => s.kind === 'run').length).toBeGreaterThan(5);
  });

  it('types into the studio only values that are in the flow file', () => {
    for (const s of steps.filter((x) => x.kind === 'studio')) {
      const value = parseYaml(s.fence.body) as unknown;
      expect(yamlFiles.some((doc) => [...valuesIn(doc)].some((v) => isDeepStrictEqual(v, value))), `${PAGE}:${s.fence.line}`).toBe(true);
    }
  });

  for (const step of steps.filter((s) => s.kind !== 'studio')) {
    const first = step.fence.body.split('\n')[0];
    const title = step.kind === 'write' || step.kind === 'patch' ? `${step.kind === 'write' ? 'writes' : 'changes'} ${step.path}` : `${step.kind}: ${first.slice(0, 70)}`;
    it(`${PAGE}:${step.fence.line} ${title}`, async (ctx) => {
      if (failed) ctx.skip();
      failed = true;
      const where = `${PAGE}:${step.fence.line}`;
      switch (step.kind) {
        case 'write':
          mkdirSync(dirname(join(t.cwd, step.path)), { recursive: true });
          writeFileSync(join(t.cwd, step.path), t.ported(step.fence.body));
          break;
        case 'patch': {
          const file = join(t.cwd, step.path);
          writeFileSync(file, applyDiff(readFileSync(file, 'utf8'), t.ported(step.fence.body), where));
          break;
        }
        case 'run': {
          const r = await t.run(step.fence.body, step.fence);
          expect(r.code, `${where} exit status; it printed:\n${r.output}`).toBe(step.exit);
          if (step.shows) {
            const actual = normalise(r.output);
            const expected = normalise(t.ported(step.shows.body));
            if (!matches(expected, actual)) expect(actual.join('\n'), `${where}: the output differs from the page's (${PAGE}:${step.shows.line})`).toBe(expected.join('\n'));
          }
          break;
        }
        case 'background':
          await t.waitFor(t.background(step.name, step.fence.body), step.shows, step.fence);
          break;
        case 'clone':
          await CLONE_COMMANDS[step.fence.body.trim()](t, step);
          break;
        case 'from': {
          const b = t.find(step.name);
          const expected = normalise(t.ported(step.fence.body));
          let end = -1;
          await until(() => (end = findRun(expected, t.output(b).slice(b.seen))) >= 0, 10_000);
          expect(end, `${where}: ${step.name} did not print these lines; since the last check it printed:\n${t.output(b).slice(b.seen).join('\n')}`).toBeGreaterThanOrEqual(0);
          b.seen += end;
          break;
        }
      }
      failed = false;
    }, 90_000);
  }
});

// ---- The checker's own tests --------------------------------------------------------------------------

describe('the tutorial checker', () => {
  it('refuses blocks it does not know', () => {
    const page = ['```sh', 'ls', '```', '```ts', 'let x = 1;', '```', '```text', 'orphan', '```', '```sh clone', 'rm -rf /', '```', '```sh background=x', 'sleep 9', '```', '```', 'plain', '```'].join('\n');
    expect(stepsOf(fencesOf(page)).problems).toEqual([
      `${PAGE}:4: a ts block the test does not run: give it a File: line, or an info string the test knows`,
      `${PAGE}:7: a text block that follows no sh block`,
      `${PAGE}:10: a clone block the test does not know (add it to CLONE_COMMANDS): rm -rf /`,
      `${PAGE}:13: a background block needs a text block after it, saying what it prints once it is ready`,
      `${PAGE}:16: a plain block the test does not run: give it a File: line, or an info string the test knows`,
    ]);
  });

  it('reads file names, indented blocks and shown outputs', () => {
    const page = ['File: `a/b.ts`', '', '```ts', 'x', '```', '1. item', '   ```yaml studio', '   k: v', '   ```', '```sh exit=1', 'false', '```', '```text', 'out', '```'].join('\n');
    const { steps: s, problems: p } = stepsOf(fencesOf(page));
    expect(p).toEqual([]);
    expect(s.map((x) => x.kind)).toEqual(['write', 'studio', 'run']);
    expect(s[0]).toMatchObject({ path: 'a/b.ts' });
    expect(s[1].fence.body).toBe('k: v\n');
    expect(s[2]).toMatchObject({ exit: 1, shows: { body: 'out\n' } });
  });

  it('compares outputs with … for what differs', () => {
    expect(matches(['a …', '…', 'z'], ['a 1', 'b', 'c', 'z'])).toBe(true);
    expect(matches(['a …', 'z'], ['a 1', 'b', 'z'])).toBe(false);
    expect(matches(normalise('run 01a252dc-75b1-729d-b46a-0ca281ca4714 at 2026-01-01T00:00:00.000Z'), normalise('run 01a252dc-0000-7000-8000-000000000000 at 2027-12-31T23:59:59Z'))).toBe(true);
    expect(findRun(['b', 'c'], ['a', 'b', 'c', 'd'])).toBe(3);
    expect(findRun(['b', 'd'], ['a', 'b', 'c', 'd'])).toBe(-1);
  });

  it('applies a diff only where its lines occur once', () => {
    expect(applyDiff('a\nb\nc\n', ' a\n-b\n+B\n', 'x')).toBe('a\nB\nc\n');
    expect(() => applyDiff('b\nb\n', '-b\n+B\n', 'x')).toThrow(/occur 2 times/);
    expect(() => applyDiff('a\n', 'a\n', 'x')).toThrow(/must start with/);
  });
});
