import { describe, expect, it } from 'vitest';
import { ISOLATED_VM_PACKAGES, loadIsolatedVm } from './isolated-vm.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('loadIsolatedVm', () => {
  it("loads the isolated-vm line of this Node: 7.x on Node 24 and later, the 6.x alias on Node 22", () => {
    const { ivm, name, version } = loadIsolatedVm();
    expect(typeof ivm.Isolate).toBe('function');
    if (nodeMajor >= 24) expect([name, version.split('.')[0]]).toEqual(['isolated-vm', '7']);
    else expect([name, version.split('.')[0]]).toEqual(['isolated-vm-node22', '6']);
  });

  it('goes on to the next package when one cannot load', () => {
    expect(loadIsolatedVm(['weft-no-such-package', ...ISOLATED_VM_PACKAGES]).name).toMatch(/^isolated-vm/);
  });

  it('says why each package failed when none loads, with the first error as the cause', () => {
    let thrown: unknown;
    try {
      loadIsolatedVm(['weft-no-such-a', 'weft-no-such-b']);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    const err = thrown as Error;
    expect(err.message).toMatch(/^isolated-vm could not be loaded \(weft-no-such-a: Cannot find module 'weft-no-such-a'.*; weft-no-such-b: Cannot find module 'weft-no-such-b'/);
    expect((err.cause as Error).message).toMatch(/weft-no-such-a/);
  });
});
