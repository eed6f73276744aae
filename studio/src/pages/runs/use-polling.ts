/**
 * Calls `load` now and then every `everyMs` while `live` holds, never two at a time (a slow answer is not
 * overtaken by the next request). Polling rather than a stream: the runs API has no push endpoint, and
 * a one-second refresh of a page or a run's events is cheap for the server.
 */
import { useEffect, useRef } from 'react';

export function usePolling(load: (signal: AbortSignal) => Promise<void>, everyMs: number, live: boolean, deps: readonly unknown[]): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const tick = async () => {
      try {
        // A hidden tab is not looked at: skip its refreshes (but always load once).
        if (first || !document.hidden) await latest.current(ctl.signal);
        first = false;
      } catch {
        // The loader reports its own errors; polling just goes on.
      }
      if (live && !ctl.signal.aborted) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      ctl.abort();
      if (timer) clearTimeout(timer);
    };
    // `deps` (the caller's) say what restarts polling; `load` itself is read through a ref.
  }, [everyMs, live, ...deps]);
}
