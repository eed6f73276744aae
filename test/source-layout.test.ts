/**
 * The layout rules of DESIGN.md §2 that lint cannot express: no source file over 400 lines, a median
 * under 100, and vitest only in tests and in the contract suites' own folders (never among production
 * files).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'studio', 'src'))].map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));
const lines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const isContractSuite = (path: string) => path.split(sep).includes('contracts') && path.startsWith(`src${sep}`) && !path.startsWith(`src${sep}contracts${sep}`);

describe('source layout', () => {
  it('has no source file over 400 lines', () => {
    const long = files.filter((f) => lines(f.text) > 400).map((f) => `${f.path}: ${lines(f.text)}`);
    expect(long).toEqual([]);
  });

  it('keeps the median source file under 100 lines', () => {
    const counts = files.map((f) => lines(f.text)).sort((a, b) => a - b);
    expect(counts.length).toBeGreaterThan(100);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThan(100);
  });

  it('imports vitest only in tests and in contract suites, which live in their own folders', () => {
    const offenders = files.filter((f) => /from ['"]vitest['"]/.test(f.text) && !isContractSuite(f.path) && !/test-fixtures|fixtures?\.ts$/.test(f.path));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
