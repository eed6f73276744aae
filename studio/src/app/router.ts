/**
 * A tiny hash router. Hash URLs keep every page reachable from the one index.html the server sends for
 * `/`, with no server-side fallback route to keep in sync. Pages get their parameters as props.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'workflows' }
  | { page: 'workflow'; namespace: string; name: string }
  | { page: 'functions' }
  | { page: 'function'; name: string }
  | { page: 'runs' }
  | { page: 'run'; id: string }
  | { page: 'secrets' }
  | { page: 'secret'; namespace: string; name: string }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/workflows';
  const parts = path.split('/').slice(1).map(decodeSegment);
  const [section, a, b] = parts;
  if (section === 'workflows' && parts.length === 1) return { page: 'workflows' };
  if (section === 'workflows' && parts.length === 3) return { page: 'workflow', namespace: a, name: b };
  if (section === 'functions' && parts.length === 1) return { page: 'functions' };
  if (section === 'functions' && parts.length === 2) return { page: 'function', name: a };
  if (section === 'runs' && parts.length === 1) return { page: 'runs' };
  if (section === 'runs' && parts.length === 2) return { page: 'run', id: a };
  if (section === 'secrets' && parts.length === 1) return { page: 'secrets' };
  if (section === 'secrets' && parts.length === 3) return { page: 'secret', namespace: a, name: b };
  if (section === 'settings' && parts.length === 1) return { page: 'settings' };
  return { page: 'not-found', path };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Builds a hash link, escaping each segment (workflow names may hold any character). */
export function href(...segments: string[]): string {
  return '#/' + segments.map(encodeURIComponent).join('/');
}

export function navigate(...segments: string[]): void {
  window.location.hash = href(...segments);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
