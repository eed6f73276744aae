#!/usr/bin/env node
// Writes the generated reference pages (`npm run docs`): docs/cli.md from the command tree
// (src/cli/reference.ts) and docs/errors.md from the error definitions (src/cli/errors-reference.ts).
import { writeFileSync } from 'node:fs';
import { cliReference } from '../dist/cli/reference.js';
import { errorsReference } from '../dist/cli/errors-reference.js';

writeFileSync(new URL('../docs/cli.md', import.meta.url), cliReference());
writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsReference());
console.log('docs/cli.md and docs/errors.md written');
