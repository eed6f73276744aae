/** The built studio (dist/studio, made by `npm run build`) stays under 1.5 MB gzipped. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STUDIO_DIR } from '../../src/gateway/routes/studio.js';

const LIMIT = 1.5 * 1024 * 1024;

describe('the studio bundle', () => {
  it('is under 1.5 MB gzipped, and index.html loads only files that exist', () => {
    const files = ['index.html', ...readdirSync(join(DEFAULT_STUDIO_DIR, 'assets')).map((f) => `assets/${f}`)];
    const sizes = files.map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(DEFAULT_STUDIO_DIR, f)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`studio bundle: ${(total / 1024).toFixed(0)} KiB gzipped (${sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(0)} KiB`).join(', ')})`);
    expect(total).toBeLessThan(LIMIT);
    const index = readFileSync(join(DEFAULT_STUDIO_DIR, 'index.html'), 'utf8');
    const referenced = [...index.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const r of referenced) expect(files).toContain(r);
  });
});
