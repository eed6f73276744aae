import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR, NO_SNAPSHOT_FLAG, hasNodeFlag, relaunchArgs, unsupportedNodeMessage } from './launch.js';

describe('unsupportedNodeMessage', () => {
  it('refuses Node before 22 and says what to do', () => {
    const message = unsupportedNodeMessage('20.20.2', '/usr/bin/node');
    expect(message).toContain('weft: Node.js 20.20.2 (/usr/bin/node) is not supported: Weft needs Node.js 22 or later (24 LTS recommended).');
    expect(message).toContain('install Node.js 24');
    expect(message).toContain('run `npm install` again');
    expect(unsupportedNodeMessage('v18.19.0')).toMatch(/^weft: Node\.js 18\.19\.0 is not supported/);
  });

  it('accepts 22, 24 and later', () => {
    expect(MIN_NODE_MAJOR).toBe(22);
    for (const v of ['22.0.0', 'v22.23.5', '24.22.3', '26.1.0']) expect(unsupportedNodeMessage(v)).toBeUndefined();
  });
});

describe('relaunchArgs', () => {
  it('adds --no-node-snapshot first and keeps the user\'s node flags and arguments', () => {
    expect(relaunchArgs(['--max-old-space-size=300'], ['/usr/bin/node', '/app/bin/weft.js', 'serve', '--port', '0'])).toEqual([
      NO_SNAPSHOT_FLAG, '--max-old-space-size=300', '/app/bin/weft.js', 'serve', '--port', '0',
    ]);
  });

  it('is undefined when the flag is already on the command line or in NODE_OPTIONS', () => {
    expect(relaunchArgs([NO_SNAPSHOT_FLAG], ['node', 'weft.js'])).toBeUndefined();
    expect(relaunchArgs([], ['node', 'weft.js'], `--max-old-space-size=512 ${NO_SNAPSHOT_FLAG}`)).toBeUndefined();
  });

  it('finds a flag only as a whole word', () => {
    expect(hasNodeFlag(NO_SNAPSHOT_FLAG, [], '--no-node-snapshot-x')).toBe(false);
    expect(hasNodeFlag(NO_SNAPSHOT_FLAG, ['--inspect'], '')).toBe(false);
  });
});
