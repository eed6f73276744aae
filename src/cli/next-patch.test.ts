import { describe, expect, it } from 'vitest';
import { asNextPatch, documentVersion, nextPatch, orNextPatch, withDocumentVersion } from './next-patch.js';

describe('next patch versions', () => {
  it('raise the patch number of a plain x.y.z only', () => {
    expect(nextPatch('1.0.0', 1)).toBe('1.0.1');
    expect(nextPatch('2.3.9', 3)).toBe('2.3.12');
    expect(nextPatch('1.0.0-beta', 1)).toBeUndefined();
    expect(nextPatch('latest', 1)).toBeUndefined();
  });

  it('try each next version until one is not taken, and rethrow any other error', async () => {
    const taken = new Set(['1.0.1', '1.0.2']);
    const refused = (err: unknown) => (err as Error).message === 'taken';
    const attempt = async (v: string) => {
      if (taken.has(v)) throw new Error('taken');
      return `ok ${v}`;
    };
    expect(await asNextPatch('1.0.0', attempt, refused)).toEqual({ result: 'ok 1.0.3', version: '1.0.3' });
    expect(await asNextPatch('1.0.0-rc', attempt, refused)).toBeUndefined();
    await expect(asNextPatch('1.0.0', () => Promise.reject(new Error('boom')), refused)).rejects.toThrow('boom');
  });

  it('keep the version the file says unless it is taken', async () => {
    const taken = (err: unknown) => (err as Error).message === 'taken';
    expect(await orNextPatch(async () => 'as is', () => '1.0.0', async (v) => `as ${v}`, taken)).toEqual({ result: 'as is' });
    expect(await orNextPatch(() => Promise.reject(new Error('taken')), () => '1.0.0', async (v) => `as ${v}`, taken)).toEqual({ result: 'as 1.0.1', bumped: '1.0.1' });
    await expect(orNextPatch(() => Promise.reject(new Error('taken')), () => undefined, async (v) => v, taken)).rejects.toThrow('taken');
    await expect(orNextPatch(() => Promise.reject(new Error('other')), () => '1.0.0', async (v) => v, taken)).rejects.toThrow('other');
  });

  it('rewrite document.version in YAML (comments stay) and JSON texts', () => {
    const yaml = "# why this flow exists\ndocument: { dsl: '1.0.0', namespace: a, name: b, version: '1.0.0' }\ndo: []\n";
    const out = withDocumentVersion(yaml, '1.0.1');
    expect(out).toContain('# why this flow exists');
    expect(documentVersion(out)).toBe('1.0.1');
    const json = JSON.stringify({ document: { dsl: '1.0.0', namespace: 'a', name: 'b', version: '1.0.0' }, do: [] });
    expect(documentVersion(withDocumentVersion(json, '1.0.7'))).toBe('1.0.7');
    expect(documentVersion('do: []\n')).toBeUndefined();
  });
});
