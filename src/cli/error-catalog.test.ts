import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../platform/index.js';
import { ERROR_CATALOG, catalogCodes, catalogEntry } from './error-catalog.js';
import { CLI_ERROR_CODES } from './errors.js';

describe('the error catalog', () => {
  it('gives what a code means and what to do about it', () => {
    expect(catalogEntry(CLI_ERROR_CODES.portInUse)).toMatchObject({ status: 400, action: expect.stringContaining('--port 0') });
    expect(catalogEntry('WEFT_ERR_EGRESS_TIMEOUT')?.meaning).toContain('WEFT_EGRESS_TIMEOUT_MS');
    expect(catalogEntry('WEFT_ERR_NO_SUCH_CODE')).toBeUndefined();
  });

  it('lists each family once, each with a source file of its own module and words about it', () => {
    const names = ERROR_CATALOG.map((s) => s.family.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of ERROR_CATALOG) {
      expect(s.source, s.title).toMatch(/^src\/.+errors\.ts$/);
      expect(s.about.length, s.title).toBeGreaterThan(40);
      expect(s.family.definitions.length, s.title).toBeGreaterThan(0);
    }
  });

  it('names a shared code once, with the one definition its families share', () => {
    const shared = ERROR_CATALOG.filter((s) => s.family.definitions.some((d) => d.code === API_ERROR_CODES.invalidWorkflow));
    expect(shared.map((s) => s.family.name)).toEqual(['DslError', 'ApiError']);
    const [dsl, api] = shared.map((s) => s.family.definitions.find((d) => d.code === API_ERROR_CODES.invalidWorkflow));
    expect(api).toBe(dsl);
    expect(catalogCodes().filter((c) => c === API_ERROR_CODES.invalidWorkflow)).toHaveLength(1);
  });

  it('sorts its codes', () => {
    const codes = catalogCodes();
    expect(codes).toEqual([...codes].sort());
    expect(codes).toContain('WEFT_WARN_DSL_UNSUPPORTED');
  });
});
