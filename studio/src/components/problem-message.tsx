/** Shows an error — an API problem (title, detail, code, pointer) or anything thrown — as an alert. */
import { ApiProblem } from '../api/client.js';

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const p = error.problem;
    const detail = p.detail && p.detail !== p.title ? `: ${p.detail}` : '';
    return `${p.title}${detail}${p.code ? ` (${p.code})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ProblemMessage({ error }: { error: unknown }): React.JSX.Element {
  return (
    <div className="problem" role="alert">
      {problemText(error)}
      {error instanceof ApiProblem && error.status === 401 ? (
        <>
          {' '}
          — <a href="#/settings">log in with an API key</a>
        </>
      ) : null}
    </div>
  );
}
