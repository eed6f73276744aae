/**
 * The CLI's own codes: what a `weft` command refuses before (or instead of) asking the platform. Each
 * becomes a problem through `usageProblem` or `internalProblem` (problem.ts); other modules' codes reach
 * the CLI through their own errors (`problemOf`).
 */
import { ErrorTypes, defineErrors } from '../contracts/index.js';

// What the command line can fix is a validation problem with one title (exit 2 for most commands).
const usage = { status: 400, title: 'Invalid command-line input', type: ErrorTypes.validation } as const;

export const CLI_ERRORS = defineErrors('CliError', {
  arg: {
    code: 'WEFT_ERR_CLI_ARG',
    ...usage,
    meaning: 'A flag, argument or setting has a value the command cannot use: a port that is not a number, `--weight` not shaped `<version>=<percent>`, a bad function name or template, `--input` together with `--input-file`, a `--functions` folder without functions, or `--roles`, `WEFT_RATE_LIMITS`, `WEFT_ALLOWED_HOSTS` or a `WEFT_HTTP_*` setting that does not parse.',
    action: 'Correct the value the message names; `weft <command> --help` (and docs/cli.md) lists what each command takes.',
  },
  json: {
    code: 'WEFT_ERR_CLI_JSON',
    ...usage,
    meaning: 'A value the command reads as JSON (`--input`, the file of `--input-file`, an `--arg` value) is not valid JSON.',
    action: 'Quote the value for your shell so that it arrives as JSON, e.g. `--input \'{"a":1}\'` (a string needs its double quotes: `\'"text"\'`).',
  },
  file: {
    code: 'WEFT_ERR_CLI_FILE',
    ...usage,
    meaning: 'A file or folder named on the command line cannot be read: it does not exist, is not readable, or is not the kind of entry expected.',
    action: 'Check the path (a relative one starts at the current directory) and its permissions.',
  },
  function: {
    code: 'WEFT_ERR_CLI_FUNCTION',
    ...usage,
    meaning: 'A function folder under `weft run --functions` could not be deployed (its manifest or build is invalid); the message names the folder and why.',
    action: 'Fix that function (`weft fn deploy <folder>` reports it in full), then run again.',
  },
  exists: {
    code: 'WEFT_ERR_CLI_EXISTS',
    ...usage,
    meaning: '`weft fn new` would write into a folder that already exists; it never overwrites.',
    action: 'Choose another name or `--dir`, or move the existing folder away.',
  },
  noCredentials: {
    code: 'WEFT_ERR_CLI_NO_CREDENTIALS',
    ...usage,
    meaning: '`weft serve` requires authentication, and its database holds no API key yet.',
    action: 'Start it with `WEFT_ADMIN_KEY` set to a secret of your choice: it becomes an admin key, with which `POST /api/v1/keys` issues the others.',
  },
  portInUse: {
    code: 'WEFT_ERR_CLI_PORT_IN_USE',
    ...usage,
    meaning: 'Another process already listens on the address and port the server was to use.',
    action: 'Pass `--port <another port>` (or `--port 0` for any free one), or stop the other process.',
  },
  db: {
    code: 'WEFT_ERR_CLI_DB',
    ...usage,
    meaning: 'The local database named by `--db` (or the default `.weft/weft.db`) cannot be created or opened: its folder cannot be made, the file is not a database, or the URL does not parse.',
    action: 'Point `--db` at a writable SQLite file or a `postgres://` URL, or use `--server <url>` to work on a running Weft instead.',
  },
  serverUnreachable: {
    code: 'WEFT_ERR_CLI_SERVER_UNREACHABLE',
    status: 503,
    title: 'Server unreachable',
    type: ErrorTypes.communication,
    meaning: 'The server named by `--server` (or `WEFT_SERVER`) did not answer; the message says why: connection refused, DNS, TLS or a timeout.',
    action: 'Check that `weft serve` runs there and the URL (scheme, host, port) is right; `curl <url>/healthz` should answer.',
  },
  serverAnswer: {
    code: 'WEFT_ERR_CLI_SERVER_ANSWER',
    status: 502,
    title: 'Unexpected answer',
    type: ErrorTypes.communication,
    meaning: 'What answered at `--server` is not a Weft API: an error without problem details, or JSON that does not parse (a proxy or another service on that address).',
    action: 'Check that the URL is the Weft server itself (its root, e.g. http://127.0.0.1:8787), not a page or proxy in front of it.',
  },
  internal: {
    code: 'WEFT_ERR_CLI_INTERNAL',
    status: 500,
    title: 'Internal error',
    type: ErrorTypes.runtime,
    meaning: 'The command failed in a way it does not expect: a bug, or a failure beneath Weft (the disk, the database, Node.js).',
    action: 'Run it again; if it fails the same way, report it with the command line and this message.',
  },
});

export const CLI_ERROR_CODES = CLI_ERRORS.codes;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[keyof typeof CLI_ERROR_CODES];
