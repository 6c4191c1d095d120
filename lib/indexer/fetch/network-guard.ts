import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { ForbiddenAddressError } from '../errors.ts';

/** Where layer fetches may connect: public addresses only (the default), anywhere, or only private ones (airgap). */
export type NetworkPolicy = 'public' | 'any' | 'private';

type Range = readonly [network: string, prefix: number, family: 'ipv4' | 'ipv6', what: string];

// Never reachable: an unspecified, broadcast or multicast address is no layer server.
const NEVER: readonly Range[] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['255.255.255.255', 32, 'ipv4', 'the broadcast address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

// Reachable only with allow_private_networks (or only these, with airgap).
const PRIVATE: readonly Range[] = [
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud instance metadata lives here)'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (carrier-grade NAT) address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fc00::', 7, 'ipv6', 'a unique-local address'],
  ['64:ff9b::', 96, 'ipv6', 'a NAT64 address (it reaches IPv4 addresses, private ones included)'],
];

type Matcher = { readonly list: BlockList; readonly family: 'ipv4' | 'ipv6'; readonly what: string };

const matchers = (ranges: readonly Range[]): Matcher[] =>
  ranges.map(([network, prefix, family, what]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, family, what };
  });

const NEVER_MATCH = matchers(NEVER);
const PRIVATE_MATCH = matchers(PRIVATE);

// BlockList matches an IPv4-mapped IPv6 address (::ffff:a.b.c.d, or ::ffff:7f00:1 as URLs write it)
// against IPv4 ranges, so every range is tried whatever the family.
const classify = (ranges: readonly Matcher[], address: string, family: 'ipv4' | 'ipv6'): string | undefined =>
  ranges.find((m) => m.list.check(address, family))?.what;

/** Throws ForbiddenAddressError when policy does not let a fetch connect to address. */
export function checkAddress(address: string, policy: NetworkPolicy, host: string): void {
  const version = isIP(address);
  if (version === 0)
    throw new ForbiddenAddressError(`layer host ${host} resolved to ${address}, which is not an IP address`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const never = classify(NEVER_MATCH, address, family);
  if (never !== undefined) throw new ForbiddenAddressError(`layer host ${host} is ${address}, ${never}`);
  const restricted = classify(PRIVATE_MATCH, address, family);
  if (restricted !== undefined && policy === 'public') {
    throw new ForbiddenAddressError(
      `layer host ${host} is ${address}, ${restricted}: refused unless indexer.allow_private_networks is true`,
    );
  }
  if (restricted === undefined && policy === 'private') {
    throw new ForbiddenAddressError(
      `layer host ${host} is ${address}, a public address: refused because indexer.airgap is true`,
    );
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A dns.lookup for http.request that refuses forbidden addresses, so the check applies to what is actually dialled. */
export function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        for (const { address } of addresses) checkAddress(address, policy, hostname);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, []);
      }
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else callback(null, first?.address ?? '', first?.family);
    });
  };
}
