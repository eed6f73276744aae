/**
 * bin/weft.js before the CLI: an unsupported Node gets the clear message (not a native module's crash),
 * and a supported one runs with --no-node-snapshot in the same process (execve), whoever started it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** A Node older than 22: WEFT_TEST_OLD_NODE (.ci/run sets it), else the system's node when it is old. */
function oldNode(): string | undefined {
  for (const candidate of [process.env.WEFT_TEST_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node']) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(version.split('.')[0]) < 22) return candidate;
  }
  return undefined;
}

const OLD_NODE = oldNode();
if (!OLD_NODE) console.log('cli-launch: no Node older than 22 here (set WEFT_TEST_OLD_NODE): the old-Node message test is skipped');
const dir = mkdtempSync(join(tmpdir(), 'weft-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/weft.js on an unsupported Node', () => {
  it.skipIf(!OLD_NODE)('prints what to do and exits 1 before loading any native module', () => {
    const r = spawnSync(OLD_NODE!, ['bin/weft.js', 'serve', '--port', '0'], { encoding: 'utf8', env: { ...process.env, WEFT_ADMIN_KEY: 'a-long-enough-admin-key-for-tests' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^weft: Node\.js 2?\d\.\d+\.\d+ \(.+\) is not supported: Weft needs Node\.js 22 or later \(24 LTS recommended\)\.\n/);
    expect(r.stderr).toContain('run `npm install` again');
    expect(r.stderr).not.toMatch(/NODE_MODULE_VERSION|Segmentation|at \S+ \(/);
  });
});

describe('npm install on an unsupported Node', () => {
  const npmCli = (() => {
    const found = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
    const cli = found && join(dirname(realpathSync(found)), 'npm-cli.js');
    return cli && existsSync(cli) ? cli : undefined;
  })();

  it.skipIf(!OLD_NODE || !npmCli)('is refused by npm (engine-strict in .npmrc) before anything is built', () => {
    const r = spawnSync(OLD_NODE!, [npmCli!, 'install', '--dry-run', '--no-audit', '--no-fund'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('EBADENGINE');
    expect(r.stderr).toContain('Required: {"node":">=22"}');
  });
});

describe('bin/weft.js on a supported Node', () => {
  it.skipIf(process.platform !== 'linux')('runs with --no-node-snapshot and the user\'s flags in the same process, which stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WEFT_LOG_LEVEL: 'warn' };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--max-old-space-size=300', 'bin/weft.js', 'dev', '--port', '0', '--db', join(dir, 'dev.db')], { env });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        if (/listening on http/.test(out)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`weft dev exited ${code}: ${out}`)));
    });
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.slice(1, 4)).toEqual(['--no-node-snapshot', '--max-old-space-size=300', expect.stringMatching(/bin\/weft\.js$/)]);
    expect(out).toMatch(/functions run in V8 isolates \(isolated-vm \d+\.\d+\.\d+\)/);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('bin/weft.js where process.execve does not exist (Windows)', () => {
  // The --import runs before bin/weft.js in both processes: the parent takes the child path, and the
  // child (which has the flag) runs the command.
  const noExecve = ['--import', 'data:text/javascript,process.execve = undefined; process.stderr.write(`pid ${process.pid}\\n`);'];
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;

  it('runs the command in one child with the flag and passes on its output and exit status', () => {
    const ok = spawnSync(process.execPath, [...noExecve, 'bin/weft.js', 'expr', '{x: .a}', '--input', '{"a":5}'], { encoding: 'utf8', env });
    const bad = spawnSync(process.execPath, [...noExecve, 'bin/weft.js', 'expr', '.['], { encoding: 'utf8', env });
    const direct = spawnSync(process.execPath, ['--no-node-snapshot', 'bin/weft.js', 'expr', '.['], { encoding: 'utf8', env });
    expect(ok.stdout).toBe('[{"x":5}]\n');
    expect(ok.status).toBe(0);
    const pids = [...ok.stderr.matchAll(/^pid (\d+)$/gm)].map((m) => m[1]);
    expect(pids).toHaveLength(2);
    expect(pids[0]).not.toBe(pids[1]); // two processes: the child path, not execve
    expect(bad.status).toBe(direct.status);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.replace(/^pid \d+\n/gm, '')).toBe(direct.stderr);
  });
});

