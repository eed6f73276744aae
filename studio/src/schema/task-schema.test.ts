import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TASK_KINDS } from '../model/index.js';
import { callTargets, fieldKind, propertiesOf, taskSchema } from './task-schema.js';

describe('task schemas for the property forms', () => {
  it('is the same schema the server validates with (npm run studio:schema refreshes the copy)', () => {
    const server = readFileSync(new URL('../../../src/dsl/schema/workflow-schema.json', import.meta.url), 'utf8');
    const studio = readFileSync(new URL('./workflow-schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(studio)).toEqual(JSON.parse(server));
  });

  it('has a schema with the kind\'s own property and the task base for every kind', () => {
    for (const kind of TASK_KINDS) {
      const s = taskSchema(kind, { [kind]: {} });
      const { properties } = propertiesOf(s ?? {});
      expect(Object.keys(properties), kind).toEqual(expect.arrayContaining([kind, 'if', 'then', 'metadata']));
    }
  });

  it('picks the call variant by the call target', () => {
    expect(propertiesOf(taskSchema('call', { call: 'http' }) ?? {}).properties.call.const).toBe('http');
    expect(propertiesOf(taskSchema('call', { call: 'greet:1.0.0@default' }) ?? {}).properties.call.const).toBeUndefined();
    expect(callTargets()).toEqual(expect.arrayContaining(['http', 'grpc', 'openapi', 'asyncapi']));
  });

  it('maps schemas to editors', () => {
    const base = propertiesOf(taskSchema('set', {}) ?? {}).properties;
    expect(fieldKind(base.if)).toBe('string');
    expect(fieldKind(base.then)).toBe('string');
    expect(fieldKind(base.set)).toBe('structured');
  });
});
