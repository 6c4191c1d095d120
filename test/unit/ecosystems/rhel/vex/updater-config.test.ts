import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rhelVexConfig } from '../../../../../lib/ecosystems/rhel/vex/updater.ts';
import { ConfigError } from '../../../../../lib/errors.ts';

describe('updaters.config.rhel-vex', () => {
  it("defaults to Red Hat's feed, a 2 minute archive download and kernel packages kept", () => {
    assert.deepEqual(rhelVexConfig({}), {
      url: 'https://security.access.redhat.com/data/csaf/v2/vex/',
      compressedFileTimeoutMs: 120_000,
      ignoreKernelPackages: false,
    });
    assert.deepEqual(
      rhelVexConfig({
        url: 'http://mirror.local/vex',
        compressed_file_timeout: '10m',
        ignore_kernel_packages: true,
      }),
      { url: 'http://mirror.local/vex/', compressedFileTimeoutMs: 600_000, ignoreKernelPackages: true },
    );
  });

  it('names the key of a bad setting', () => {
    for (const [raw, why] of [
      [
        { compressed_file_timeout: 'soon' },
        /compressed_file_timeout: want a duration such as "10s", got "soon"/,
      ],
      [{ compressed_file_timeout: '0s' }, /compressed_file_timeout: want a positive duration/],
      [{ ignore_kernel_packages: 'yes' }, /ignore_kernel_packages: want true or false, got "yes"/],
      [{ url: 'ftp://x' }, /url: "ftp:\/\/x" is not an absolute http\(s\) URL/],
      [{ fixed_in_version_cel: 'fixed_in' }, /fixed_in_version_cel: not supported/],
      [{ uri: 'http://x' }, /updaters\.config\.rhel-vex\.uri: unknown key/],
    ] as const) {
      assert.throws(
        () => rhelVexConfig(raw),
        (err: unknown) => err instanceof ConfigError && why.test(err.message),
        JSON.stringify(raw),
      );
    }
  });
});
