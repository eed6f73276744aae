/**
 * `weft fn new <name> [--template transform|http|event] [--dir <parent>] [--json]`: writes a function
 * folder (fn-templates.ts) that deploys as it is and passes its own unit test (`node --test <folder>/index.test.ts`).
 * Exit 0 created; 2 a bad name or template, or a folder that exists already (nothing is overwritten).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NAME_PATTERN } from '../functions/index.js';
import { FN_TEMPLATES, type FnTemplate, fnScaffold } from './fn-templates.js';
import { type Io, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface FnNewOptions {
  template?: string;
  dir?: string;
  json?: boolean;
}

export function fnNew(name: string, o: FnNewOptions, io: Io): number {
  const template = (o.template ?? 'transform') as FnTemplate;
  const problem = !new RegExp(NAME_PATTERN).test(name)
    ? usageProblem(CLI_ERROR_CODES.arg, `${JSON.stringify(name)} is not a function name: 1–63 lowercase letters, digits or dashes, starting with a letter`)
    : !FN_TEMPLATES.includes(template)
      ? usageProblem(CLI_ERROR_CODES.arg, `--template ${template} is not one of ${FN_TEMPLATES.join(', ')}`)
      : undefined;
  if (problem) {
    reportProblem(io, problem, o.json);
    return 2;
  }
  const folder = join(o.dir ?? '.', name);
  if (existsSync(folder)) {
    reportProblem(io, usageProblem(CLI_ERROR_CODES.exists, `${folder} exists already; weft fn new writes a new folder and never overwrites`), o.json);
    return 2;
  }
  const files = fnScaffold(name, template);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text, { flag: 'wx' });
  if (o.json) {
    io.out(JSON.stringify({ name, template, folder, files: Object.keys(files) }));
  } else {
    io.out(`created ${folder}/ (${template}): ${Object.keys(files).join(', ')}`);
    io.out(`  test it:   node --test ${join(folder, 'index.test.ts')}`);
    io.out(`  deploy it: weft fn deploy ${folder}`);
  }
  return 0;
}
