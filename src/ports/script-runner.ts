/** Runs `run: script` code (JavaScript) in a sandbox; failures inside the script are a non-zero `code`. */
export interface ScriptRunner {
  run(req: { code: string; arguments: string[]; environment: Record<string, string>; stdin: string | null; idempotencyKey: string }): Promise<{ code: number; stdout: string; stderr: string }>;
}
