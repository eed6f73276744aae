/** Problem details (RFC 9457) for failures of the CLI itself, and how commands print them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extra: string]: unknown;
}

export const VALIDATION_ERROR_TYPE = 'https://serverlessworkflow.io/spec/1.0.0/errors/validation';

export function usageProblem(code: string, detail: string): Problem {
  return { type: VALIDATION_ERROR_TYPE, title: 'Invalid command-line input', status: 400, detail, code };
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};
