/**
 * Installs what the suite needs from Debian when it is missing (jq for the differential tests, chromium
 * for the studio's browser tests), so that
 * `npm test` works on a fresh machine; fails loudly rather than letting tests skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkg: string): void {
  if (process.getuid?.() !== 0) throw new Error(`${pkg} is missing: install it with apt-get install ${pkg}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Where the conformance kit is (WEFT_CONFORMANCE_DIR, default ../shared beside the checkout). */
function conformanceDir(): string {
  return resolve(process.env.WEFT_CONFORMANCE_DIR ?? resolve(__dirname, '../../shared'));
}

export default function setup(): void {
  const kit = conformanceDir();
  // A fresh clone has no kit: the suites that need it skip, and this is the one line that says so.
  if (!existsSync(join(kit, 'ctk')) || !existsSync(join(kit, 'spec'))) {
    console.log(`weft: conformance kit not found at ${kit} (set WEFT_CONFORMANCE_DIR): the CTK and spec-example suites are skipped`);
  }
  if (!has('jq')) aptInstall('jq');
  if (!has('jq')) throw new Error('jq is required by the differential tests and could not be installed');
  // test/e2e drives Debian's chromium at this path (WEFT_CHROMIUM points elsewhere on purpose).
  if (!process.env.WEFT_CHROMIUM && !existsSync('/usr/bin/chromium')) aptInstall('chromium');
  if (!process.env.WEFT_CHROMIUM && !existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is required by the browser tests and could not be installed');
}
