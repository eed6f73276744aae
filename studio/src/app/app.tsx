/**
 * The studio shell: a left navigation (Workflows, Functions, Runs, Secrets, Settings) under who the studio
 * acts as (identity.tsx), and the page the hash route names (router.ts). Pages own their data; the shell
 * only routes.
 */
import { FunctionDetailPage, FunctionsListPage } from '../pages/functions/index.js';
import { RunDetailPage, RunsListPage } from '../pages/runs/index.js';
import { SecretDetailPage, SecretsListPage } from '../pages/secrets/index.js';
import { SettingsPage } from '../pages/settings/index.js';
import { WorkflowDesignerPage, WorkflowsListPage } from '../pages/workflows/index.js';
import { Identity } from './identity.js';
import { type Route, href, useRoute } from './router.js';

const SECTIONS = [
  { section: 'workflows', label: 'Workflows', pages: ['workflows', 'workflow'] },
  { section: 'functions', label: 'Functions', pages: ['functions', 'function'] },
  { section: 'runs', label: 'Runs', pages: ['runs', 'run'] },
  { section: 'secrets', label: 'Secrets', pages: ['secrets', 'secret'] },
  { section: 'settings', label: 'Settings', pages: ['settings'] },
] as const;

export function App(): React.JSX.Element {
  const route = useRoute();
  return (
    <div className="shell">
      <nav className="nav" aria-label="Studio sections">
        <div className="brand">Weft</div>
        <Identity />
        <ul>
          {SECTIONS.map((s) => {
            const current = (s.pages as readonly string[]).includes(route.page);
            return (
              <li key={s.section}>
                <a href={href(s.section)} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
                  {s.label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main className="main">
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }): React.JSX.Element {
  switch (route.page) {
    case 'workflows':
      return <WorkflowsListPage />;
    case 'workflow':
      // Keyed so that opening another workflow starts from a fresh designer state.
      return <WorkflowDesignerPage key={`${route.namespace}/${route.name}`} namespace={route.namespace} name={route.name} />;
    case 'functions':
      return <FunctionsListPage />;
    case 'function':
      return <FunctionDetailPage key={route.name} name={route.name} />;
    case 'runs':
      return <RunsListPage />;
    case 'run':
      return <RunDetailPage key={route.id} id={route.id} />;
    case 'secrets':
      return <SecretsListPage />;
    case 'secret':
      return <SecretDetailPage key={`${route.namespace}/${route.name}`} namespace={route.namespace} name={route.name} />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return (
        <section className="page">
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href={href('workflows')}>Back to workflows</a>.
          </p>
        </section>
      );
  }
}
