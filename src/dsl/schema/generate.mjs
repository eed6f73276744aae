// Regenerates workflow-schema.json from the official DSL schema (spec/workflow.yaml), so that the schema
// ships inside the package (workflow-schema.ts imports it) and validation needs no file access of its own.
//
// Re-run after updating the spec (from the repository root):
//   node src/dsl/schema/generate.mjs                       # reads $WEFT_CONFORMANCE_DIR/spec/workflow.yaml (default ../shared)
//   node src/dsl/schema/generate.mjs path/to/workflow.yaml # or any other copy
// then commit the regenerated src/dsl/schema/workflow-schema.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const kit = path.resolve(process.env.WEFT_CONFORMANCE_DIR ?? path.join(repoRoot, '../shared'));
const source = path.resolve(process.argv[2] ?? path.join(kit, 'spec/workflow.yaml'));
if (!existsSync(source)) {
  console.error(`weft: ${source} not found: set WEFT_CONFORMANCE_DIR to the conformance kit, or name a workflow.yaml`);
  process.exit(2);
}
const target = path.join(here, 'workflow-schema.json');

const schema = parse(readFileSync(source, 'utf8'));
if (typeof schema?.$id !== 'string' || typeof schema?.$defs !== 'object') {
  throw new Error(`${source} does not look like the Serverless Workflow schema (no $id / $defs)`);
}

writeFileSync(target, JSON.stringify(schema, null, 2) + '\n');
