/**
 * fast-check arbitraries for DSL documents: text mutations of real documents, and structured workflows
 * whose task lists mix every task kind, flow directives (valid and dangling), expressions (valid and not)
 * and names that collide.
 */
import fc from 'fast-check';

/** A small fragment a mutation inserts: YAML punctuation, DSL keywords, expressions, odd characters. */
const fragment = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('\n', '  ', '\t', '- ', ': ', '{', '}', '[', ']', ',', '&x ', '*x', '!!str ', '!!binary ', '? ', '|', '>-', '"', "'", '#', '---\n', '<<: *x\n', 'then: exit', 'then: nowhere', '${', '}', '${ .a | ( }', 'do:', 'set:', 'switch:', '\u0000', '\ufeff', '\u2028', '💥'),
);

/** One text mutation of `text` at a position chosen by `at` (0..1). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), s: fragment }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), d: fc.integer({ min: -4, max: 4 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(text: string, m: Mutation): string {
  const pos = Math.floor(m.at * text.length);
  const lines = text.split('\n');
  const line = Math.floor(m.at * lines.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, pos) + m.s + text.slice(pos);
    case 'delete':
      return text.slice(0, pos) + text.slice(pos + m.n);
    case 'dupLine':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const other = Math.floor(m.to * lines.length);
      [lines[line], lines[other]] = [lines[other] ?? '', lines[line] ?? ''];
      return lines.join('\n');
    }
    case 'indent':
      lines[line] = m.d >= 0 ? ' '.repeat(m.d) + (lines[line] ?? '') : (lines[line] ?? '').replace(new RegExp(`^ {0,${-m.d}}`), '');
      return lines.join('\n');
  }
}

/** One of `texts` with 1–6 random mutations. */
export function mutatedText(texts: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([t, ms]) => ms.reduce(apply, t));
}

const name = fc.oneof(fc.constantFrom('a', 'b', 'c', 'step1', 'step2', 'end', 'exit', 'continue', '__proto__', 'constructor', ''), fc.string({ maxLength: 6 }));
const expression = fc.oneof(
  fc.constantFrom('${ . }', '${ .a + 1 }', '${ .items[] }', '${ [.[] | select(.x)] }', '${ ( }', '${ .a | test("a+") }', '${ reduce .[] as $x (0; . + $x) }', '${ $input }', '${ $secrets.x }', '${ def f: f; f }', '${'),
  fc.string({ maxLength: 10 }).map((s) => `\${ ${s} }`),
);
const value = fc.oneof(expression, fc.jsonValue({ maxDepth: 2 }));
const then = fc.oneof(fc.constantFrom('continue', 'exit', 'end'), name);

/** A task list: an array of one-key objects, nested through do/try/for/fork/switch. */
export function taskList(): fc.Arbitrary<unknown[]> {
  const { list } = fc.letrec<{ list: unknown[]; task: Record<string, unknown> }>((tie) => {
    const nested = tie('list') as fc.Arbitrary<unknown[]>;
    const common = fc.record({ if: expression, then, input: fc.record({ from: value }), output: fc.record({ as: value }), export: fc.record({ as: value }) }, { requiredKeys: [] });
    const body = fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ set: fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }) }),
      fc.record({ set: expression }),
      fc.record({ switch: fc.array(fc.dictionary(name, fc.record({ when: expression, then }, { requiredKeys: [] }), { minKeys: 1, maxKeys: 1 }), { maxLength: 4 }) }),
      fc.record({ for: fc.record({ each: fc.string({ maxLength: 4 }), in: expression, at: fc.string({ maxLength: 4 }) }, { requiredKeys: ['in'] }), while: expression, do: nested }, { requiredKeys: ['for', 'do'] }),
      fc.record({ do: nested }),
      fc.record({ try: nested, catch: fc.record({ errors: fc.record({ with: fc.record({ type: fc.string() }) }), as: fc.string({ maxLength: 4 }), when: expression, retry: fc.oneof(fc.string({ maxLength: 4 }), fc.record({ limit: fc.record({ attempt: fc.record({ count: fc.integer() }) }) })), do: nested }, { requiredKeys: [] }) }),
      fc.record({ fork: fc.record({ branches: nested, compete: fc.boolean() }, { requiredKeys: ['branches'] }) }),
      fc.record({ raise: fc.record({ error: fc.oneof(fc.string({ maxLength: 5 }), fc.record({ type: fc.string(), status: fc.integer(), title: fc.string() }, { requiredKeys: [] })) }) }),
      fc.record({ wait: fc.oneof(fc.constantFrom('PT1S', 'P1D', 'PT0S', 'bogus'), fc.record({ seconds: fc.integer(), milliseconds: fc.integer() }, { requiredKeys: [] })) }),
      fc.record({ call: fc.oneof(fc.constantFrom('http', 'openapi', 'grpc', 'asyncapi', 'a2a', 'mcp', 'fn:1.0.0', 'nope'), fc.string({ maxLength: 6 })), with: fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 3 }) }, { requiredKeys: ['call'] }),
      fc.record({ emit: fc.record({ event: fc.record({ with: fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 3 }) }) }) }),
      fc.record({ listen: fc.record({ to: fc.record({ one: fc.record({ with: fc.record({ type: fc.string() }) }), any: fc.array(fc.record({ with: fc.record({ type: fc.string() }) }), { maxLength: 2 }) }, { requiredKeys: [] }) }) }),
      fc.record({ run: fc.oneof(fc.record({ workflow: fc.record({ namespace: fc.string(), name: fc.string(), version: fc.string() }, { requiredKeys: [] }) }), fc.record({ script: fc.record({ language: fc.string(), code: fc.string() }) }), fc.record({ shell: fc.record({ command: fc.string() }) })) }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    return {
      list: fc.array(tie('task'), { maxLength: 5 }),
      task: fc.tuple(name, body, common).map(([n, b, c]) => ({ [n]: b !== null && typeof b === 'object' && !Array.isArray(b) ? { ...c, ...b } : b })),
    };
  });
  return list;
}

/** A workflow document around `tasks`, sometimes with `use`, `input`, `evaluate` and a broken header. */
export function workflowDocument(tasks: fc.Arbitrary<unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const document = fc.oneof(
    fc.constant({ dsl: '1.0.0', namespace: 'fuzz', name: 'fuzz', version: '1.0.0' }),
    fc.record({ dsl: fc.constantFrom('1.0.0', '1.0.3', '0.9', ''), namespace: fc.string({ maxLength: 6 }), name: fc.string({ maxLength: 6 }), version: fc.string({ maxLength: 6 }) }, { requiredKeys: [] }),
  );
  const use = fc.record(
    {
      functions: fc.dictionary(fc.string({ maxLength: 4 }), fc.record({ call: fc.constantFrom('http', 'nope') }), { maxKeys: 2 }),
      errors: fc.dictionary(fc.string({ maxLength: 4 }), fc.record({ type: fc.string(), status: fc.integer() }), { maxKeys: 2 }),
      secrets: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      retries: fc.dictionary(fc.string({ maxLength: 4 }), fc.record({ limit: fc.record({ attempt: fc.record({ count: fc.integer() }) }) }), { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  );
  return fc.record(
    { document, do: tasks, use, evaluate: fc.record({ language: fc.constantFrom('jq', 'js', 'x'), mode: fc.constantFrom('strict', 'loose') }, { requiredKeys: [] }), input: fc.record({ schema: fc.record({ format: fc.constant('json'), document: fc.jsonValue({ maxDepth: 2 }) }) }) },
    { requiredKeys: ['document', 'do'] },
  );
}
