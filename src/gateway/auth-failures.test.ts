import { describe, expect, it } from 'vitest';
import { AuthFailures } from './auth-failures.js';

const key = (id: string, secret = 'x') => `wk_${id}_${secret.padEnd(43, 'x')}`;

describe('AuthFailures', () => {
  it('throttles an IP after its limit until the window ends, with the seconds left', () => {
    let now = 1_000_000;
    const f = new AuthFailures({ perIp: 3, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(f.throttled('1.1.1.1', 'guess')).toBeUndefined();
      f.failed('1.1.1.1', 'guess');
    }
    expect(f.throttled('1.1.1.1', 'guess')).toBe(60);
    expect(f.throttled('2.2.2.2', 'guess')).toBeUndefined();
    now += 30_500;
    expect(f.throttled('1.1.1.1', 'guess')).toBe(30);
    now += 30_000;
    expect(f.throttled('1.1.1.1', 'guess')).toBeUndefined();
  });

  it('throttles a key id guessed from many IPs, but not that key when it verified before', () => {
    const f = new AuthFailures({ perIp: 2, perKeyId: 4 });
    const good = key('0123456789ab', 'good');
    f.succeeded(good);
    for (let i = 0; i < 4; i++) f.failed(`10.0.0.${i}`, key('0123456789ab', `bad${i}`));
    expect(f.throttled('10.0.0.9', key('0123456789ab', 'other'))).toBeGreaterThan(0);
    expect(f.throttled('10.0.0.9', key('ba9876543210', 'other'))).toBeUndefined();
    expect(f.throttled('10.0.0.9', good)).toBeUndefined();
    // A throttled IP too: the known-good credential still passes.
    f.failed('10.0.0.9', 'x');
    f.failed('10.0.0.9', 'x');
    expect(f.throttled('10.0.0.9', 'x')).toBeGreaterThan(0);
    expect(f.throttled('10.0.0.9', good)).toBeUndefined();
  });

  it('is off with a limit of 0', () => {
    const f = new AuthFailures({ perIp: 0 });
    for (let i = 0; i < 100; i++) f.failed('1.1.1.1', 'guess');
    expect(f.throttled('1.1.1.1', 'guess')).toBeUndefined();
  });
});
