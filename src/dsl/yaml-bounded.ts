/**
 * YAML text → value within DocumentLimits, in time linear in the text. The `yaml` package does the
 * lexing, parsing and scalar resolution; the two places where it is not linear or not bounded are ours:
 *
 * - its duplicate-key check (`uniqueKeys`) compares each key with every earlier key of its mapping
 *   (60,000 keys: minutes), and its alias resolution re-walks the whole document per alias
 *   (50,000 aliases: ~30 s). Here the keys are checked with one Set per mapping, and aliases are
 *   resolved by our own conversion of the syntax tree, which counts what each alias expands to.
 * - its composer recurses once per nesting level (a megabyte of `[[[[` aborts the process in V8's
 *   regexp compiler). Here the lexer's tokens are fed to the parser one by one, and the parse stops as
 *   soon as the parser's stack is deeper than the bound, a tag appears, or the aliases or tokens are
 *   too many — before the composer sees anything.
 *
 * Tags are refused altogether (`!!binary`, `!!set`, `!!omap`, `!!timestamp`, `!custom`): a workflow is
 * JSON data, and each tag is a decoder a stranger's document would make us run.
 */
import { Composer, CST, Lexer, Parser, type Document, type Node as YamlNode, type YAMLError, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { type DocumentLimits, type LimitProblem, pointerOf, tooManyEntries, unsafeKey, unsafeKeyMessage } from './document-limits.js';

/** A bound crossed inside the parse: unwinds the lexer, parser and composer at once. */
class Refused extends Error {
  constructor(readonly problem: LimitProblem) {
    super(problem.message);
  }
}

/** Lexical tokens allowed per entry before the parse stops: `  key: value\n` is ~8. */
const TOKENS_PER_ENTRY = 12;

/** The parser's stack holds the document and a scalar being read besides the collections. */
const STACK_OVERHEAD = 2;

function* boundedTokens(source: string, limits: DocumentLimits): Generator<CST.Token> {
  const lexer = new Lexer();
  const parser = new Parser();
  const tokenBudget = TOKENS_PER_ENTRY * limits.maxEntries + 1000;
  let tokens = 0;
  let aliases = 0;
  let anchors = 0;
  let scalarNext = false;
  for (const lexeme of lexer.lex(source)) {
    // After the scalar marker comes a scalar's source, whatever its first character.
    if (scalarNext) scalarNext = false;
    else {
      const type = CST.tokenType(lexeme);
      if (type === 'scalar') scalarNext = true;
      else if (type === 'tag') throw new Refused({ kind: 'tag', offset: parser.offset, message: `YAML tags are not accepted (${lexeme.slice(0, 40)}): documents are plain data` });
      else if (type === 'alias' && ++aliases > limits.maxAliases) throw new Refused({ kind: 'limit', offset: parser.offset, message: `the document has more than ${limits.maxAliases} YAML aliases` });
      // Anchors cost the parser ~3× a plain entry, and a document needs a handful.
      else if (type === 'anchor' && ++anchors > limits.maxAliases) throw new Refused({ kind: 'limit', offset: parser.offset, message: `the document has more than ${limits.maxAliases} YAML anchors` });
    }
    if (++tokens > tokenBudget) throw new Refused(tooManyEntries(limits, undefined, parser.offset));
    yield* parser.next(lexeme);
    if (parser.stack.length > limits.maxDepth + STACK_OVERHEAD) throw new Refused({ kind: 'limit', offset: parser.offset, message: `the document nests deeper than ${limits.maxDepth} levels` });
  }
  yield* parser.end();
}

export interface YamlResult {
  value?: unknown;
  errors: YAMLError[];
  warnings: YAMLError[];
  refused?: LimitProblem;
}

export function parseYamlBounded(source: string, limits: DocumentLimits): YamlResult {
  let doc: Document.Parsed | undefined;
  try {
    const composer = new Composer({ schema: 'core', customTags: [], resolveKnownTags: false, uniqueKeys: false, strict: true, prettyErrors: false, merge: false });
    for (const d of composer.compose(boundedTokens(source, limits), true, source.length)) {
      if (doc) return { errors: [multipleDocuments(d)], warnings: [] };
      doc = d;
    }
  } catch (err) {
    if (err instanceof Refused) return { errors: [], warnings: [], refused: err.problem };
    throw err;
  }
  if (!doc) return { value: null, errors: [], warnings: [] };
  if (doc.errors.length) return { errors: doc.errors, warnings: doc.warnings };
  try {
    return { value: toValue(doc.contents, limits), errors: [], warnings: doc.warnings };
  } catch (err) {
    if (err instanceof Refused) return { errors: [], warnings: doc.warnings, refused: err.problem };
    throw err;
  }
}

function multipleDocuments(d: Document.Parsed): YAMLError {
  return { name: 'YAMLParseError', code: 'MULTIPLE_DOCS', message: 'the text holds more than one YAML document', pos: [d.range[0], d.range[1]] } as unknown as YAMLError;
}

interface Anchored {
  value: unknown;
  /** Entries the anchored node holds, counted again at each alias. */
  entries: number;
  /** Still being converted: an alias to it is a cycle. */
  open: boolean;
}

/**
 * The syntax tree as plain JSON-like data. Recursion is bounded by the depth already checked on the
 * parser's stack. Aliases share the anchored value (as the yaml package does) and count its entries
 * again, so a "billion laughs" crosses maxEntries after a few hundred expansions, not a billion.
 */
function toValue(root: unknown, limits: DocumentLimits): unknown {
  let entries = 0;
  const anchors = new Map<string, Anchored>();
  const path: (string | number)[] = [];
  const where = (node: YamlNode | null | undefined): { offset?: number; pointer: string } => ({ pointer: pointerOf(path), ...(node?.range ? { offset: node.range[0] } : {}) });
  const count = (n: number, node: YamlNode) => {
    entries += n;
    if (entries > limits.maxEntries) throw new Refused(tooManyEntries(limits, pointerOf(path), node.range?.[0]));
  };

  const visit = (node: unknown, depth: number): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw new Refused({ kind: 'cycle', ...where(node), message: `the alias *${node.source} names no anchor before it` });
      if (target.open) throw new Refused({ kind: 'cycle', ...where(node), message: 'the document refers to itself (a YAML alias inside the node it names)' });
      count(target.entries, node);
      return target.value;
    }
    const n = node as YamlNode;
    if (n.tag) throw new Refused({ kind: 'tag', ...where(n), message: `YAML tags are not accepted (${n.tag})` });
    if ((isSeq(n) || isMap(n)) && depth >= limits.maxDepth) throw new Refused({ kind: 'limit', ...where(n), message: `the document nests deeper than ${limits.maxDepth} levels` });
    const anchor: Anchored | undefined = n.anchor ? { value: undefined, entries: 0, open: true } : undefined;
    if (anchor) anchors.set(n.anchor!, anchor);
    const before = entries;
    let value: unknown;
    if (isScalar(n)) value = n.value;
    else if (isSeq(n)) {
      count(n.items.length, n);
      const out: unknown[] = [];
      for (let i = 0; i < n.items.length; i++) {
        path.push(i);
        out.push(visit(n.items[i], depth + 1));
        path.pop();
      }
      value = out;
    } else if (isMap(n)) {
      count(n.items.length, n);
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null;
        if (keyNode !== null && !isScalar(keyNode)) throw new Refused({ kind: 'unsafe-key', ...where(keyNode), message: 'a mapping key must be a plain value, not a collection or an alias' });
        if (keyNode?.tag) throw new Refused({ kind: 'tag', ...where(keyNode), message: `YAML tags are not accepted (${keyNode.tag})` });
        const raw = keyNode?.value;
        const key = raw === null || raw === undefined ? '' : String(raw);
        path.push(key);
        if (seen.has(key)) throw new Refused({ kind: 'duplicate-key', ...where(keyNode), message: `Map keys must be unique (${JSON.stringify(key.slice(0, 60))} appears twice)` });
        seen.add(key);
        const child = visit(pair.value, depth + 1);
        if (unsafeKey(key, child)) throw new Refused({ kind: 'unsafe-key', ...where(keyNode), message: unsafeKeyMessage(key) });
        // Own data property even for odd keys; `__proto__` never gets here.
        out[key] = child;
        path.pop();
      }
      value = out;
    } else throw new Refused({ kind: 'limit', ...where(n), message: 'unexpected YAML node' });
    if (anchor) {
      anchor.value = value;
      anchor.entries = entries - before;
      anchor.open = false;
    }
    return value;
  };
  return visit(root, 0);
}
