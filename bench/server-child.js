// The child side of bench/server-process.js's IPC protocol, shared by the benchmark server scripts
// (http-server.js, events-server.js, hostile-server.js): answers a message of each type in `handlers`
// (a handler returns the answer to send, or sends it itself and returns undefined), `stop` with a
// graceful stop → `stopped` and exit, stops when the parent goes away, then sends `ready` with the URL.
export function serveOverIpc(server, handlers) {
  process.on('message', (m) => {
    if (m?.type === 'stop') {
      server.stop().then(
        () => process.send({ type: 'stopped' }, () => process.exit(0)),
        (err) => {
          process.stderr.write(`stop failed: ${err?.stack ?? err}\n`);
          process.exit(1);
        },
      );
      return;
    }
    const handle = handlers[m?.type];
    const answer = handle?.(m);
    if (answer !== undefined) process.send(answer);
  });
  // The parent went away without a stop: do not linger.
  process.on('disconnect', () => void server.stop().finally(() => process.exit(0)));
  process.send({ type: 'ready', url: server.url });
}
