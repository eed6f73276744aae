/**
 * The official Serverless Workflow DSL schema, shipped inside the package. The JSON next to this file is
 * generated from spec/workflow.yaml by generate.mjs; do not edit it by hand.
 */
import schema from './workflow-schema.json' with { type: 'json' };

export const WORKFLOW_SCHEMA: Record<string, unknown> = schema;
export const WORKFLOW_SCHEMA_ID: string = schema.$id;
