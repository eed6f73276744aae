/** RFC 9457 problem details and the DSL's standard error types, as workflows, the API and the studio see them. */
import type { Json } from '../shared/index.js';

export const ERROR_TYPE_BASE = 'https://serverlessworkflow.io/spec/1.0.0/errors/';

export const ErrorTypes = {
  configuration: `${ERROR_TYPE_BASE}configuration`,
  validation: `${ERROR_TYPE_BASE}validation`,
  expression: `${ERROR_TYPE_BASE}expression`,
  authentication: `${ERROR_TYPE_BASE}authentication`,
  authorization: `${ERROR_TYPE_BASE}authorization`,
  timeout: `${ERROR_TYPE_BASE}timeout`,
  communication: `${ERROR_TYPE_BASE}communication`,
  runtime: `${ERROR_TYPE_BASE}runtime`,
} as const;

export interface Problem {
  type: string;
  status: number;
  title?: string;
  detail?: string;
  instance?: string;
  [extra: string]: Json | undefined;
}
