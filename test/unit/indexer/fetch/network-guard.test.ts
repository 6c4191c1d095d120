import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { ForbiddenAddressError } from '../../../../lib/indexer/errors.ts';
import {
  checkAddress,
  guardedLookup,
  type NetworkPolicy,
} from '../../../../lib/indexer/fetch/network-guard.ts';

const POLICIES: readonly NetworkPolicy[] = ['public', 'any', 'private'];

type Kind = 'never' | 'private' | 'public';

// What each address is, and so which policies let a layer fetch connect to it.
const ADDRESSES: { address: string; kind: Kind; what: string }[] = [
  { address: '127.0.0.1', kind: 'private', what: 'a loopback address' },
  { address: '127.255.0.9', kind: 'private', what: 'a loopback address' },
  { address: '::1', kind: 'private', what: 'a loopback address' },
  {
    address: '169.254.169.254',
    kind: 'private',
    what: 'a link-local address (cloud instance metadata lives here)',
  },
  { address: 'fe80::1', kind: 'private', what: 'a link-local address' },
  { address: '10.0.0.1', kind: 'private', what: 'a private address' },
  { address: '172.16.0.1', kind: 'private', what: 'a private address' },
  { address: '172.31.255.255', kind: 'private', what: 'a private address' },
  { address: '192.168.1.1', kind: 'private', what: 'a private address' },
  { address: '100.64.0.1', kind: 'private', what: 'a shared (carrier-grade NAT) address' },
  { address: '100.127.255.254', kind: 'private', what: 'a shared (carrier-grade NAT) address' },
  { address: 'fc00::1', kind: 'private', what: 'a unique-local address' },
  { address: 'fd12:3456::1', kind: 'private', what: 'a unique-local address' },
  { address: '::ffff:127.0.0.1', kind: 'private', what: 'a loopback address' },
  {
    address: '::FFFF:169.254.169.254',
    kind: 'private',
    what: 'a link-local address (cloud instance metadata lives here)',
  },
  { address: '::ffff:10.1.2.3', kind: 'private', what: 'a private address' },
  // The same IPv4-mapped addresses in the hex form URL parsing and some resolvers produce.
  { address: '::ffff:7f00:1', kind: 'private', what: 'a loopback address' },
  {
    address: '::ffff:a9fe:a9fe',
    kind: 'private',
    what: 'a link-local address (cloud instance metadata lives here)',
  },
  { address: '0:0:0:0:0:ffff:a00:1', kind: 'private', what: 'a private address' },
  { address: '0.0.0.0', kind: 'never', what: 'an unspecified address' },
  { address: '0.1.2.3', kind: 'never', what: 'an unspecified address' },
  { address: '::', kind: 'never', what: 'an unspecified address' },
  { address: '255.255.255.255', kind: 'never', what: 'the broadcast address' },
  { address: '224.0.0.1', kind: 'never', what: 'a multicast address' },
  { address: '239.255.255.250', kind: 'never', what: 'a multicast address' },
  { address: 'ff02::1', kind: 'never', what: 'a multicast address' },
  { address: '::ffff:224.0.0.1', kind: 'never', what: 'a multicast address' },
  { address: '8.8.8.8', kind: 'public', what: 'a public address' },
  { address: '172.32.0.1', kind: 'public', what: 'a public address' },
  { address: '100.128.0.1', kind: 'public', what: 'a public address' },
  { address: '169.255.0.1', kind: 'public', what: 'a public address' },
  { address: '2606:4700::1111', kind: 'public', what: 'a public address' },
  { address: '::ffff:8.8.8.8', kind: 'public', what: 'a public address' },
];

const allowed = (kind: Kind, policy: NetworkPolicy): boolean =>
  kind === 'public' ? policy !== 'private' : kind === 'private' ? policy !== 'public' : false;

function expectedMessage(address: string, kind: Kind, what: string): string {
  const start = `layer host registry.example is ${address}, ${what}`;
  if (kind === 'never') return start;
  if (kind === 'private') return `${start}: refused unless indexer.allow_private_networks is true`;
  return `${start}: refused because indexer.airgap is true`;
}

describe('checkAddress', () => {
  for (const { address, kind, what } of ADDRESSES) {
    for (const policy of POLICIES) {
      const ok = allowed(kind, policy);
      it(`${ok ? 'allows' : 'refuses'} ${address} (${what}) under policy ${policy}`, () => {
        const check = () => checkAddress(address, policy, 'registry.example');

        if (ok) {
          assert.doesNotThrow(check);
          return;
        }
        assert.throws(check, (err) => {
          assert.ok(err instanceof ForbiddenAddressError);
          assert.ok(err instanceof InvalidInputError, 'a refused address is permanent');
          assert.equal(err.message, expectedMessage(address, kind, what));
          return true;
        });
      });
    }
  }

  it('rejects a resolved value that is not an IP address', () => {
    assert.throws(
      () => checkAddress('registry.example', 'any', 'registry.example'),
      (err) => {
        assert.ok(err instanceof ForbiddenAddressError);
        assert.equal(
          err.message,
          'layer host registry.example resolved to registry.example, which is not an IP address',
        );
        return true;
      },
    );
  });
});

describe('guardedLookup', () => {
  type Answer = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
  const lookup = (policy: NetworkPolicy, hostname: string, all: boolean): Promise<Answer> =>
    new Promise((resolve) => {
      guardedLookup(policy)(hostname, { all }, (err, address, family) => resolve({ err, address, family }));
    });

  it('answers every address of a host the policy allows', async () => {
    const { err, address } = await lookup('any', 'localhost', true);

    assert.equal(err, null);
    assert.ok(
      Array.isArray(address) && address.some((a) => a.address === '127.0.0.1' || a.address === '::1'),
    );
  });

  it('answers the first address and its family when one is asked for', async () => {
    const { err, address, family } = await lookup('private', '127.0.0.1', false);

    assert.equal(err, null);
    assert.deepEqual({ address, family }, { address: '127.0.0.1', family: 4 });
  });

  it('refuses a host name that resolves to an address the policy forbids', async () => {
    const { err, address } = await lookup('public', 'localhost', false);

    assert.ok(err instanceof ForbiddenAddressError);
    assert.match(
      err.message,
      /^layer host localhost is (127\.0\.0\.1|::1), a loopback address: refused unless/,
    );
    assert.deepEqual(address, []);
  });
});
