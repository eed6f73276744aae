/**
 * What `bin/weft.js` does before it loads anything else: refuse a Node.js that Weft does not support with
 * a message that says what to do (rather than a native module failing to load or crashing), and make sure
 * the process runs with the flags the runtime needs, so nobody has to type them.
 *
 * The flag: isolated-vm documents `--no-node-snapshot` as required on Node ≥ 20 (V8 shares read-only heap
 * data between isolates, and its maintainer has seen crashes when isolates start from different snapshots:
 * Node's and isolated-vm's). It cannot be set from inside a running process, so `weft` replaces itself
 * with `node --no-node-snapshot …` (`process.execve`: same process id, so signals, `kill -9` and a
 * container's PID 1 behave as if Node had been started that way). Where `execve` does not exist (Windows)
 * it runs the same command as a child and passes its exit status on.
 *
 * Only Node built-ins here: this file must load on any Node that can parse it, to say "too old".
 */
import { spawn } from 'node:child_process';

/** The oldest Node.js major Weft runs on (`engines` in package.json says the same). */
export const MIN_NODE_MAJOR = 22;
/** The line Weft is built and measured on, and recommends. */
export const RECOMMENDED_NODE_MAJOR = 24;
export const NO_SNAPSHOT_FLAG = '--no-node-snapshot';

/** Exit status for an unsupported Node.js (the CLI's usage errors use 2). */
export const EXIT_UNSUPPORTED_NODE = 1;

/** The message for a Node.js that is too old, or undefined when `version` (e.g. `20.20.2`) is supported. */
export function unsupportedNodeMessage(version: string, execPath = ''): string | undefined {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return [
    `weft: Node.js ${version.replace(/^v/, '')}${execPath ? ` (${execPath})` : ''} is not supported: Weft needs Node.js ${MIN_NODE_MAJOR} or later (${RECOMMENDED_NODE_MAJOR} LTS recommended).`,
    `weft: install Node.js ${RECOMMENDED_NODE_MAJOR} (https://nodejs.org/, or \`nvm install\` in the checkout, which reads .nvmrc), then run \`npm install\` again so the native modules match it.`,
  ].join('\n');
}

/** True when the process already runs with `flag`, on its command line or in NODE_OPTIONS. */
export function hasNodeFlag(flag: string, execArgv: readonly string[], nodeOptions = ''): boolean {
  return execArgv.includes(flag) || nodeOptions.split(/\s+/).includes(flag);
}

/**
 * The arguments (after the node executable) to start this same command with the flags it needs, or
 * undefined when it already has them. The user's own node flags (`--inspect`, `--max-old-space-size`) stay.
 */
export function relaunchArgs(execArgv: readonly string[], argv: readonly string[], nodeOptions = ''): string[] | undefined {
  if (hasNodeFlag(NO_SNAPSHOT_FLAG, execArgv, nodeOptions)) return undefined;
  return [NO_SNAPSHOT_FLAG, ...execArgv, ...argv.slice(1)];
}

/**
 * Refuses an old Node (message on stderr, exit status 1) and re-executes with the needed flags; returns
 * only in the process that already has them.
 */
export async function ensureSupportedNode(): Promise<void> {
  const message = unsupportedNodeMessage(process.versions.node, process.execPath);
  if (message) {
    process.stderr.write(`${message}\n`);
    process.exit(EXIT_UNSUPPORTED_NODE);
  }
  const args = relaunchArgs(process.execArgv, process.argv, process.env.NODE_OPTIONS);
  if (!args) return;
  if (typeof process.execve === 'function') {
    try {
      process.execve(process.execPath, [process.execPath, ...args], process.env);
    } catch {
      // execve refused (a sandboxed or unusual system): the child below does the same, one process more.
    }
  }
  await runAsChild(args);
}

/** The fallback without execve: one child with the same stdio; its exit status (or signal) becomes ours. */
function runAsChild(args: string[]): Promise<never> {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  // A console's Ctrl-C reaches the child too; a SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise<never>(() => {
    child.on('error', (err) => {
      process.stderr.write(`weft: could not start ${process.execPath}: ${err.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + signalNumber(signal) : 1)));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}
