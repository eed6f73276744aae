/**
 * A function's deployed versions, newest first, with what each one's manifest says and the aliases on
 * it. Any version's source can be opened in the editor (to fix or roll forward): the server's stored
 * source, or for a version deployed before sources were kept, the one this browser remembers.
 */
import { useState } from 'react';
import { ProblemMessage } from '../../components/problem-message.js';
import type { FunctionDetail, FunctionVersionView } from './function-types.js';
import { type LoadedSource, loadSource } from './source-store.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function VersionsPanel({ fn, onOpen }: { fn: FunctionDetail; onOpen(v: FunctionVersionView, source: LoadedSource): void }): React.JSX.Element {
  const aliasesOf = (version: string) => fn.aliases.filter((a) => a.routes.some((r) => r.version === version && r.weight > 0)).map((a) => a.alias);
  return (
    <section className="fn-panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <table className="list" aria-label="Versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Deployed</th>
            <th scope="col">Size</th>
            <th scope="col">Limits</th>
            <th scope="col">Aliases</th>
            <th scope="col">Hash</th>
            <th scope="col">
              <span className="visually-hidden">Source</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fn.versionsDetail.map((v) => (
            <tr key={v.version} data-testid={`version-${v.version}`}>
              <td>{v.version}</td>
              <td>{new Date(v.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}</td>
              <td>{kb(v.size)}</td>
              <td>
                {v.manifest.timeoutMs} ms, {v.manifest.memoryMb} MB
              </td>
              <td>{aliasesOf(v.version).join(', ') || '—'}</td>
              <td className="mono" title={v.hash}>
                {v.hash.slice(0, 8)}
              </td>
              <td>
                <OpenButton v={v} onOpen={onOpen} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OpenButton({ v, onOpen }: { v: FunctionVersionView; onOpen(v: FunctionVersionView, source: LoadedSource): void }): React.JSX.Element {
  const [state, setState] = useState<{ busy?: boolean; missing?: boolean; error?: unknown }>({});
  const open = async () => {
    setState({ busy: true });
    try {
      const loaded = await loadSource(v.name, v.version);
      if (loaded) onOpen(v, loaded);
      setState(loaded ? {} : { missing: true });
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <>
      <button type="button" onClick={() => void open()} disabled={state.busy} aria-label={`Open the source of ${v.version} in the editor`}>
        Open
      </button>
      {state.missing ? <span className="muted"> no source: deployed before sources were kept</span> : null}
      {state.error ? <ProblemMessage error={state.error} /> : null}
    </>
  );
}
