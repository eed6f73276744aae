/**
 * Coalesced background passes: `run()` starts `pass` unless one is in progress, in which case exactly one
 * more pass follows it (wake-ups during a pass are not lost, and never pile up). Errors go to `onError`.
 */
export function coalesce(pass: () => Promise<void>, onError: (err: unknown) => void = () => {}): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void pass()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
