import { BlockList, isIP } from 'node:net';
import type { ClientPeer } from '../observability/request-state.js';

/**
 * Who is at the other end of a request, for the per-address budgets and for adopting a
 * forwarded `x-request-id`. Only a peer in TRUSTED_PROXIES (a load balancer, a gateway) is
 * believed about anything it forwards: then the client is the nearest `X-Forwarded-For`
 * entry that is not itself a trusted proxy. Any other peer is the client, whatever it sends,
 * and its `x-request-id` is replaced: otherwise any caller could pick its own address or id.
 */

/** `loopback` and `private` name the usual places a proxy sits; anything else is an address or a CIDR. */
const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Whether `entry` is `loopback`, `private`, an IP address or a CIDR (`10.0.0.0/8`, `fd00::/8`). */
export function isProxyEntry(entry: string): boolean {
  if (NAMED[entry]) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export interface ClientAddresses {
  /** The request's client and whether it came through a trusted proxy, from its socket's peer and headers. */
  peer(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined): ClientPeer;
}

const UNKNOWN = 'unknown';

export function clientAddresses(trustedProxies: readonly string[]): ClientAddresses {
  const entries = trustedProxies.flatMap((entry) => NAMED[entry] ?? [entry]);
  const trusted = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(prefix), type);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return {
    peer(remoteAddress, forwardedFor) {
      const address = remoteAddress ?? UNKNOWN;
      // The common case, no proxy configured: nothing to parse.
      if (entries.length === 0 || !isTrusted(address)) return { address, viaTrustedProxy: false };
      const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',');
      // From the nearest hop outwards: the first one not a trusted proxy is the client.
      for (let i = hops.length - 1; i >= 0; i -= 1) {
        const hop = (hops[i] as string).trim();
        if (hop === '') continue;
        if (isIP(hop) === 0) break; // not an address: nothing further out can be believed
        if (!isTrusted(hop)) return { address: hop, viaTrustedProxy: true };
      }
      return { address, viaTrustedProxy: true };
    },
  };
}
