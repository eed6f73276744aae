/** Feature files and the workflow documents inside them. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type GherkinDocument } from '@cucumber/messages';
import { parse as parseYaml } from 'yaml';

export function loadDefinitionText(text: string): Record<string, unknown> {
  return parseYaml(text) as Record<string, unknown>;
}

export function featureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.feature'))
    .sort()
    .map((f) => join(dir, f));
}

export function parseFeature(file: string): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.uuid()), new GherkinClassicTokenMatcher());
  return parser.parse(readFileSync(file, 'utf8'));
}
