import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * SSRF guard for webhook URLs: only http(s), and no delivery to loopback, link-local,
 * private, shared (CGNAT), multicast or reserved addresses, IPv4 and IPv6 (mapped, NAT64
 * and compatible forms are judged by the IPv4 address they carry). Hostnames are resolved
 * and every address must pass; the delivery connects to the address that was checked
 * (deliver.ts), so a DNS answer that changes in between (rebinding) cannot slip through.
 */

const V4_BLOCKED: Array<[number, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
].map(([a, bits]) => [v4ToInt(a as string)!, bits as number]);

function v4ToInt(a: string): number | null {
  const parts = a.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function v4Blocked(n: number): boolean {
  return V4_BLOCKED.some(([base, bits]) => bits === 0 || Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/** 16 bytes of an IPv6 address (with "::" and a trailing dotted quad), or null. */
export function ipv6Bytes(address: string): number[] | null {
  let a = address.split('%')[0]!.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) becomes its two hex groups.
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    if (n === null) return null;
    a = a.slice(0, -dotted[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const want = 8;
  const fill = halves.length === 2 ? want - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== want)) return null;
  const groups = [...head, ...Array(fill).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    bytes.push(v >> 8, v & 255);
  }
  return bytes.length === 16 ? bytes : null;
}

function prefixIs(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte]! & mask) !== (prefix[byte]! & mask)) return false;
  }
  return true;
}

const hex = (s: string) => ipv6Bytes(s)!;
const V6_BLOCKED: Array<[number[], number]> = [
  [hex('::'), 128], [hex('::1'), 128], [hex('fe80::'), 10], [hex('fec0::'), 10], [hex('fc00::'), 7], [hex('ff00::'), 8],
  [hex('2001:db8::'), 32], [hex('100::'), 64], [hex('2001::'), 23], [hex('2002::'), 16],
];

/** Why an IP address may not receive webhooks, or null when it is a public address. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return v4Blocked(v4ToInt(address)!) ? `${address} is a loopback, private, link-local or reserved address` : null;
  if (family !== 6) return `${address} is not an IP address`;
  const b = ipv6Bytes(address);
  if (!b) return `${address} is not an IP address`;
  // ::ffff:a.b.c.d (mapped), 64:ff9b::a.b.c.d (NAT64), ::a.b.c.d (compatible): judge the IPv4 inside.
  const embedsV4 = prefixIs(b, hex('::ffff:0:0'), 96) || prefixIs(b, hex('64:ff9b::'), 96) || (prefixIs(b, hex('::'), 96) && !prefixIs(b, hex('::'), 127));
  if (embedsV4) {
    const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return v4Blocked(v4ToInt(v4)!) ? `${address} carries the blocked IPv4 address ${v4}` : null;
  }
  for (const [prefix, bits] of V6_BLOCKED) if (prefixIs(b, prefix, bits)) return `${address} is a loopback, private, link-local or reserved address`;
  return null;
}

export class BlockedAddressError extends Error {
  readonly code = 'webhook_address_blocked';
}

/** The URL as a webhook target: http(s) only, no credentials; throws a readable Error otherwise. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('the URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http:// and https:// URLs can receive webhooks');
  if (url.username || url.password) throw new Error('put no user name or password in the URL (the signature authenticates us)');
  if (!url.hostname) throw new Error('the URL has no host');
  return url;
}

/** A URL's hostname without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;
export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The addresses a host stands for, each checked (unless private addresses are allowed).
 * Throws BlockedAddressError when any of them is refused: a name with one public and one
 * private address could otherwise be steered to the private one.
 */
export async function vettedAddresses(host: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<Array<{ address: string; family: number }>> {
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await resolve(host);
  if (!addresses.length) throw new Error(`${host} has no address`);
  if (!allowPrivate) {
    for (const a of addresses) {
      const reason = blockedAddressReason(a.address);
      if (reason) throw new BlockedAddressError(`${literal ? '' : `${host}: `}${reason} (set WEBHOOK_ALLOW_PRIVATE=1 to allow)`);
    }
  }
  return addresses;
}
