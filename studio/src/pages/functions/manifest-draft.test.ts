import { describe, expect, it } from 'vitest';
import { draftOf, manifestOf, nextVersion } from './manifest-draft.js';

describe('manifest draft', () => {
  it('suggests the next patch version and keeps fields the form does not show', () => {
    expect(nextVersion('1.2.3')).toBe('1.2.4');
    expect(nextVersion('1.0.0-rc.1')).toBe('1.0.0-rc.1');
    const base = { name: 'f', version: '1.0.0', timeoutMs: 500, memoryMb: 32, egress: ['api.example.com'], input: { type: 'object' } };
    const d = draftOf(base);
    expect(d).toMatchObject({ version: '1.0.1', timeoutMs: '500', memoryMb: '32', input: '{\n  "type": "object"\n}', output: '' });
    expect(manifestOf('f', { ...d, input: '' }, base)).toEqual({ manifest: { name: 'f', version: '1.0.1', timeoutMs: 500, memoryMb: 32, egress: ['api.example.com'] } });
  });

  it('reports each bad field', () => {
    const r = manifestOf('f', { version: 'one', description: '', timeoutMs: '0', memoryMb: 'x', input: '{', output: '"s"' });
    expect(r).toEqual({ errors: { version: expect.any(String), timeoutMs: expect.any(String), memoryMb: expect.any(String), input: expect.stringMatching(/^not JSON/), output: 'a JSON Schema is an object (or true/false)' } });
  });
});
