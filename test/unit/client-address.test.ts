import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clientAddresses, isProxyEntry } from '../../src/server/client-address.js';

describe('the client address', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddresses([]).peer('10.0.0.5', '1.2.3.4')).toEqual({ address: '10.0.0.5', viaTrustedProxy: false });
    expect(clientAddresses(['10.0.0.0/8']).peer('192.0.2.1', '1.2.3.4')).toEqual({
      address: '192.0.2.1',
      viaTrustedProxy: false,
    });
  });

  it('through trusted proxies, is the nearest forwarded hop that is not one', () => {
    const clients = clientAddresses(['loopback', '10.0.0.0/8']);
    expect(clients.peer('127.0.0.1', '198.51.100.7, 203.0.113.9, 10.1.2.3')).toEqual({
      address: '203.0.113.9',
      viaTrustedProxy: true,
    });
    expect(clients.peer('::ffff:127.0.0.1', ['198.51.100.7', '10.0.0.1'])).toEqual({
      address: '198.51.100.7',
      viaTrustedProxy: true,
    });
    // Nothing forwarded, or nothing believable: the proxy itself.
    expect(clients.peer('::1', undefined)).toEqual({ address: '::1', viaTrustedProxy: true });
    expect(clients.peer('127.0.0.1', 'not-an-address')).toEqual({ address: '127.0.0.1', viaTrustedProxy: true });
  });

  it('TRUSTED_PROXIES takes addresses, CIDRs, loopback and private, and names itself for anything else', () => {
    for (const entry of ['loopback', 'private', '10.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1'])
      expect(isProxyEntry(entry)).toBe(true);
    for (const entry of ['*', 'example.com', '10.0.0.0/33', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x'])
      expect(isProxyEntry(entry)).toBe(false);
    expect(loadConfig({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8' }).http.trustedProxies).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES must list/);
    expect(loadConfig({}).http.trustedProxies).toEqual([]);
  });
});
