import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/index.js';
import { advance } from './advance.js';
import type { Effect } from './effects.js';
import type { JournalEntry } from './journal.js';

type Def = Record<string, Json>;
const started = (input: Json = {}): JournalEntry => ({ kind: 'started', at: 1_000, input });
const ok = (key: string, value: Json, at = 2_000): JournalEntry => ({ kind: 'resolved', at, key, value });

function wf(tasks: Json[], extra: Def = {}): Def {
  return { document: { dsl: '1.0.0', namespace: 't', name: 'w', version: '1' }, do: tasks, ...extra };
}

/** Feeds each command back with `answer` until the run ends; returns the commands seen, in order. */
function drive(def: Def, input: Json, answer: (e: Effect, n: number) => JournalEntry) {
  const journal: JournalEntry[] = [started(input)];
  const seen: Effect[] = [];
  for (let i = 0; i < 50; i++) {
    const r = advance('run-1', def, journal);
    if (r.status !== 'running') return { result: r, seen };
    for (const c of r.commands) {
      seen.push(c);
      journal.push(answer(c, seen.length));
    }
  }
  throw new Error('did not finish');
}

describe('advance: journal in, commands out', () => {
  it('runs pure tasks to completion with no commands', () => {
    const r = advance('run-1', wf([{ a: { set: { x: '${ .n + 1 }' } } }, { b: { set: { y: '${ .x * 2 }' } } }]), [started({ n: 1 })]);
    expect(r).toMatchObject({ status: 'completed', output: { y: 4 }, commands: [] });
  });

  it('asks for a timer for a wait, and resumes when the journal says it fired', () => {
    const def = wf([{ pause: { wait: { hours: 1 } } }, { done: { set: { ok: true } } }]);
    const first = advance('run-1', def, [started()]);
    expect(first.status).toBe('running');
    expect(first.commands).toEqual([{ kind: 'timer', key: 'root:0:/do/0/pause', pointer: '/do/0/pause', durationMs: 3_600_000 }]);
    const second = advance('run-1', def, [started(), ok(first.commands[0].key, null)]);
    expect(second).toMatchObject({ status: 'completed', output: { ok: true }, commands: [] });
  });

  it('builds the HTTP request from the task and shapes the response', () => {
    const def = wf([
      {
        getPet: {
          call: 'http',
          with: { method: 'post', endpoint: 'https://api.test/pets/{id}', query: { v: '${ .v }' }, headers: { 'X-A': 'b' }, body: { name: '${ .name }' } },
        },
      },
    ]);
    const r = advance('run-1', def, [started({ id: 7, v: 2, name: 'rex' })]);
    expect(r.commands).toEqual([
      {
        kind: 'http',
        key: 'root:0:/do/0/getPet',
        pointer: '/do/0/getPet',
        request: { method: 'POST', url: 'https://api.test/pets/7?v=2', headers: { 'x-a': 'b' }, body: { name: 'rex' }, redirect: false },
      },
    ]);
    const done = advance('run-1', def, [started({ id: 7, v: 2, name: 'rex' }), ok(r.commands[0].key, { status: 200, headers: {}, body: { id: 7 } })]);
    expect(done).toMatchObject({ status: 'completed', output: { id: 7 } });
    const failed = advance('run-1', def, [started({ id: 7 }), ok(r.commands[0].key, { status: 404, headers: {}, body: 'no' })]);
    expect(failed.status).toBe('faulted');
    expect(failed.error).toMatchObject({ type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 404, instance: '/do/0/getPet' });
  });

  it('sends basic and bearer credentials and exposes $authorization to output.as', () => {
    const def = wf(
      [
        {
          get: {
            call: 'http',
            with: { method: 'get', endpoint: { uri: 'https://api.test/me', authentication: { use: 'token' } }, output: 'response' },
            output: { as: '${ { scheme: $authorization.scheme, shown: .request.headers } }' },
          },
        },
      ],
      { use: { authentications: { token: { bearer: { token: '${ .t }' } } } } },
    );
    const r = advance('run-1', def, [started({ t: 's3cret' })]);
    expect((r.commands[0] as Extract<Effect, { kind: 'http' }>).request.headers).toEqual({ authorization: 'Bearer s3cret' });
    const done = advance('run-1', def, [started({ t: 's3cret' }), ok(r.commands[0].key, { status: 200, headers: {}, body: {} })]);
    expect(done.output).toEqual({ scheme: 'Bearer', shown: {} });
    const basic = advance('run-1', wf([{ g: { call: 'http', with: { method: 'get', endpoint: { uri: 'https://api.test/', authentication: { basic: { username: 'u', password: 'p' } } } } } }]), [started()]);
    expect((basic.commands[0] as Extract<Effect, { kind: 'http' }>).request.headers.authorization).toBe(`Basic ${btoa('u:p')}`);
  });

  it('reads a secret-based authentication policy from $secrets, and faults rather than send an empty credential', () => {
    const call = (authentication: Json) => wf([{ get: { call: 'http', with: { method: 'get', endpoint: { uri: 'https://api.test/', authentication } } } }], { use: { secrets: ['db', 'tok'], authentications: { named: { basic: { use: 'db' } } } } });
    const header = (authentication: Json, secrets: Record<string, Json>) => {
      const r = advance('run-1', call(authentication), [started()], { secrets });
      return r.status === 'faulted' ? r.error : (r.commands[0] as Extract<Effect, { kind: 'http' }>).request.headers.authorization;
    };
    const db = { username: 'app', password: 'pw:with:colons' };
    expect(header({ basic: { use: 'db' } }, { db })).toBe(`Basic ${btoa('app:pw:with:colons')}`);
    expect(header({ use: 'named' }, { db })).toBe(`Basic ${btoa('app:pw:with:colons')}`);
    expect(header({ bearer: { use: 'tok' } }, { tok: 't0ken' })).toBe('Bearer t0ken');
    expect(header({ bearer: { use: 'tok' } }, { tok: { token: 't1' } })).toBe('Bearer t1');
    expect(header({ basic: { use: 'db' } }, {})).toMatchObject({ type: expect.stringMatching(/configuration$/), detail: expect.stringMatching(/uses secret 'db', which this run cannot read/) });
    expect(header({ basic: { use: 'db' } }, { db: 'not an object' })).toMatchObject({ detail: expect.stringMatching(/secret 'db' must be an object \{"username"/) });
    expect(header({ bearer: { use: 'tok' } }, { tok: '' })).toMatchObject({ detail: expect.stringMatching(/bearer authentication needs a token/) });
    expect(header({ basic: { username: 'u' } }, {})).toMatchObject({ detail: expect.stringMatching(/needs a username and a password/) });
  });

  it('turns oauth2 / oidc policies into a grant the HTTP client acts on: no header, no secret in $authorization', () => {
    const call = (authentication: Json) =>
      wf([{ get: { call: 'http', with: { method: 'get', endpoint: { uri: 'https://api.test/', authentication } }, output: { as: '${ $authorization }' } } }], { use: { secrets: ['creds'] } });
    const creds = { authority: 'https://idp.test', client: { id: 'robot', secret: 's3cret' }, scopes: ['a'] };
    const r = advance('run-1', call({ oidc: { use: 'creds' } }), [started()], { secrets: { creds } });
    const request = (r.commands[0] as Extract<Effect, { kind: 'http' }>).request;
    expect(request.headers.authorization).toBeUndefined();
    expect(request.oauth2).toEqual({ kind: 'oidc', authority: 'https://idp.test', grant: 'client_credentials', client: { id: 'robot', secret: 's3cret', authentication: 'client_secret_basic' }, encoding: 'application/x-www-form-urlencoded', scopes: ['a'] });
    const done = advance('run-1', call({ oidc: { use: 'creds' } }), [started(), ok(r.commands[0].key, { status: 200, headers: {}, body: {} })], { secrets: { creds } });
    expect(done.output).toEqual({ scheme: 'Bearer', parameter: '' });
    const inline = advance('run-1', call({ oauth2: { authority: 'https://idp.test/realm', endpoints: { token: '/t' }, grant: 'password', username: 'u', password: 'p', client: { authentication: 'none', id: 'pub' } } }), [started()]);
    expect((inline.commands[0] as Extract<Effect, { kind: 'http' }>).request.oauth2).toMatchObject({ kind: 'oauth2', tokenPath: '/t', grant: 'password', username: 'u', password: 'p', client: { id: 'pub', authentication: 'none' } });
    const fault = (authentication: Json) => advance('run-1', call(authentication), [started()], { secrets: { creds } }).error;
    expect(fault({ oauth2: { grant: 'client_credentials' } })).toMatchObject({ type: expect.stringMatching(/configuration$/), detail: 'oauth2 authentication: needs an authority (an http or https URL)' });
    expect(fault({ oauth2: { authority: 'https://idp.test', grant: 'refresh_token' } })).toMatchObject({ detail: "oauth2 authentication: grant 'refresh_token' is not supported (client_credentials, password)" });
    expect(fault({ oidc: { authority: 'https://idp.test', client: { id: 'x' } } })).toMatchObject({ detail: 'oidc authentication: client authentication client_secret_basic needs client.id and client.secret' });
    expect(fault({ oidc: { use: 'missing' } })).toMatchObject({ detail: expect.stringMatching(/uses secret 'missing', which this run cannot read/) });
  });

  it('retries with exponential backoff: the delays double, then exhausted retries fault', () => {
    const def = wf([
      {
        tryIt: {
          try: [{ call1: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/flaky' } } }],
          catch: {
            errors: { with: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication' } },
            retry: { delay: { seconds: 1 }, backoff: { exponential: {} }, limit: { attempt: { count: 3 } } },
            do: [{ notRetried: { set: { handled: true } } }],
          },
        },
      },
    ]);
    const { result, seen } = drive(def, {}, (e) => ok(e.key, e.kind === 'http' ? { status: 503, headers: {}, body: null } : null));
    expect(seen.map((e) => (e.kind === 'timer' ? `wait ${e.durationMs}` : e.kind))).toEqual(['http', 'wait 1000', 'http', 'wait 2000', 'http', 'wait 4000', 'http']);
    expect(result).toMatchObject({ status: 'faulted', error: { status: 503, instance: '/do/0/tryIt/try/0/call1' } });
  });

  it('sends errors the retry policy does not apply to to catch.do', () => {
    const def = wf([
      {
        tryIt: {
          try: [{ boom: { raise: { error: { type: 'https://example.com/fatal', status: 400 } } } }],
          catch: { retry: { when: '${ $error.status >= 500 }', delay: 'PT1S' }, do: [{ handled: { set: { handled: true } } }] },
        },
      },
    ]);
    expect(advance('run-1', def, [started()])).toMatchObject({ status: 'completed', output: { handled: true } });
  });

  it('waits on every branch of a fork at once, and gathers outputs in declaration order', () => {
    const def = wf([
      {
        both: {
          fork: {
            branches: [{ slow: { wait: 'PT2S' } }, { fast: { set: { fast: true } } }, { other: { wait: 'PT1S' } }],
          },
        },
      },
    ]);
    const r = advance('run-1', def, [started({ x: 1 })]);
    expect(r.commands.map((c) => c.pointer)).toEqual(['/do/0/both/fork/branches/0/slow', '/do/0/both/fork/branches/2/other']);
    const [slow, other] = r.commands;
    const done = advance('run-1', def, [started({ x: 1 }), ok(other.key, null), ok(slow.key, null)]);
    expect(done).toMatchObject({ status: 'completed', output: [{ x: 1 }, { fast: true }, { x: 1 }] });
  });

  it('lets the first branch to finish win a competing fork', () => {
    const def = wf([{ race: { fork: { compete: true, branches: [{ a: { wait: 'PT2S' } }, { b: { do: [{ w: { wait: 'PT1S' } }, { s: { set: { winner: 'b' } } }] } }] } } }]);
    const r = advance('run-1', def, [started()]);
    const b = r.commands.find((c) => c.pointer.endsWith('/w'))!;
    expect(advance('run-1', def, [started(), ok(b.key, null)])).toMatchObject({ status: 'completed', output: { winner: 'b' } });
  });

  it('faults with the raise error and the pointer of the raising task', () => {
    const def = wf([{ a: { set: { x: 1 } } }, { boom: { raise: { error: 'notFound' } } }], {
      use: { errors: { notFound: { type: 'https://example.com/not-found', status: 404, title: '${ "missing " + (.x | tostring) }' } } },
    });
    expect(advance('run-1', def, [started()])).toMatchObject({
      status: 'faulted',
      error: { type: 'https://example.com/not-found', status: 404, title: 'missing 1', instance: '/do/1/boom' },
    });
  });

  it('emits an event built from emit.event.with', () => {
    const def = wf([{ tell: { emit: { event: { with: { type: 'com.example.order.placed', source: 'urn:shop', data: { id: '${ .id }' } } } } } }]);
    const r = advance('run-1', def, [started({ id: 'o1' })]);
    expect(r.commands).toEqual([
      { kind: 'emit', key: 'root:0:/do/0/tell', pointer: '/do/0/tell', event: { type: 'com.example.order.placed', source: 'urn:shop', data: { id: 'o1' } } },
    ]);
  });

  it('asks for the same keys on every replay, and ignores outcomes of other keys', () => {
    const def = wf([{ a: { wait: 'PT1S' } }, { b: { wait: 'PT1S' } }]);
    const once = advance('run-1', def, [started()]);
    const again = advance('run-1', def, [started(), ok('root:9:/nowhere', null)]);
    expect(again.commands).toEqual(once.commands);
    const next = advance('run-1', def, [started(), ok(once.commands[0].key, null)]);
    expect(next.commands[0].key).toBe('root:1:/do/1/b');
  });

  it('validates workflow input against input.schema', () => {
    const def = wf([{ a: { set: { ok: true } } }], { input: { schema: { format: 'json', document: { type: 'object', required: ['n'] } } } });
    expect(advance('run-1', def, [started({})])).toMatchObject({
      status: 'faulted',
      error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', status: 400, instance: '/input' },
    });
    expect(advance('run-1', def, [started({ n: 1 })]).status).toBe('completed');
  });
});

describe('timeouts', () => {
  it('faults a task whose body outlasts its timeout, with a timeout error at the task', () => {
    const def = wf([{ slow: { wait: 'PT10S', timeout: { after: 'PT1S' } } }]);
    const r = advance('run-1', def, [started()]);
    expect(r.commands.map((c) => (c.kind === 'timer' ? c.durationMs : c.kind))).toEqual([10_000, 1_000]);
    const timer = r.commands.find((c) => c.kind === 'timer' && c.durationMs === 1_000)!;
    expect(advance('run-1', def, [started(), ok(timer.key, null)])).toMatchObject({
      status: 'faulted',
      error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout', status: 408, instance: '/do/0/slow' },
    });
  });

  it('lets a body that finishes first win, and catches timeouts like other errors', () => {
    const def = wf([
      {
        guard: {
          try: [{ slow: { wait: 'PT10S', timeout: 'short' } }],
          catch: { errors: { with: { status: 408 } }, do: [{ late: { set: { late: true } } }] },
        },
      },
    ], { use: { timeouts: { short: { after: { seconds: 1 } } } } });
    const r = advance('run-1', def, [started()]);
    const [body, timer] = r.commands;
    expect(advance('run-1', def, [started(), ok(body.key, null)])).toMatchObject({ status: 'completed', output: {} });
    expect(advance('run-1', def, [started(), ok(timer.key, null)])).toMatchObject({ status: 'completed', output: { late: true } });
  });

  it('bounds the whole workflow with the workflow timeout', () => {
    const def = wf([{ a: { wait: 'PT1H' } }], { timeout: { after: 'PT1M' } });
    const r = advance('run-1', def, [started()]);
    const timer = r.commands.find((c) => c.kind === 'timer' && c.durationMs === 60_000)!;
    expect(advance('run-1', def, [started(), ok(timer.key, null)])).toMatchObject({ status: 'faulted', error: { status: 408, instance: '' } });
  });
});

describe('use.functions', () => {
  it('runs a defined function with `with` as its input, and validates that input', () => {
    const def = wf([{ getPet: { call: 'getPetById', with: { petId: '${ .id }' } } }], {
      use: {
        functions: {
          getPetById: {
            input: { schema: { format: 'json', document: { type: 'object', required: ['petId'], properties: { petId: { type: 'integer' } } } } },
            call: 'http',
            with: { method: 'get', endpoint: 'https://petstore.test/v2/pet/{petId}' },
          },
        },
      },
    });
    const r = advance('run-1', def, [started({ id: 69 })]);
    expect((r.commands[0] as Extract<Effect, { kind: 'http' }>).request.url).toBe('https://petstore.test/v2/pet/69');
    expect(advance('run-1', def, [started({ id: 'x' })])).toMatchObject({ status: 'faulted', error: { status: 400, instance: '/do/0/getPet' } });
  });
});

describe('retry limits', () => {
  it('times out a slow attempt after limit.attempt.duration and retries it', () => {
    const def = wf([
      {
        t: {
          try: [{ slow: { wait: 'PT1M' } }],
          catch: { errors: { with: { status: 408 } }, retry: { delay: 'PT1S', limit: { attempt: { count: 1, duration: 'PT5S' } } } },
        },
      },
    ]);
    // Each attempt's 5 s limit fires before its 1 min wait: retry after 1 s, time out again, exhausted.
    const journal: JournalEntry[] = [started()];
    const timers: number[] = [];
    let result = advance('run-1', def, journal);
    while (result.status === 'running') {
      const pending = result.commands as Extract<Effect, { kind: 'timer' }>[];
      timers.push(...pending.map((c) => c.durationMs));
      journal.push(ok(pending.find((c) => c.durationMs !== 60_000)!.key, null));
      result = advance('run-1', def, journal);
    }
    expect(timers).toEqual([60_000, 5_000, 1_000, 60_000, 5_000]);
    expect(result).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout' } });
  });
});
