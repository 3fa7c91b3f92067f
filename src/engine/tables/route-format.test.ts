import { describe, expect, it } from 'vitest';
import type { Route } from '../model/datapath';
import { parseCidr } from '../wire/ipv4';
import { formatRoute, mainTable, routeDst, sortRoutes } from './route-format';

const r = (dst: string, rest: Omit<Route, 'dst'> = {}): Route => ({ dst: parseCidr(dst === 'default' ? '0.0.0.0/0' : dst), ...rest });

describe('formatRoute (iproute2 print_route)', () => {
  it('prints the flannel node rows of REFERENCE.md §6.2 exactly', () => {
    expect(formatRoute(r('default', { via: '192.168.1.1', dev: 'eth0', proto: 'dhcp', src: '192.168.1.10', metric: 100 }))).toBe(
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100',
    );
    expect(formatRoute(r('10.244.2.0/24', { via: '10.244.2.0', dev: 'flannel.1', onlink: true }))).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(formatRoute(r('10.244.1.0/24', { dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' }))).toBe(
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
    );
    expect(formatRoute(r('10.244.2.0/24', { via: '192.168.1.12', dev: 'eth0' }))).toBe('10.244.2.0/24 via 192.168.1.12 dev eth0');
  });

  it('prints Calico and Cilium shapes: blackhole type, host routes without /32, proto bird, route mtu', () => {
    expect(formatRoute(r('10.122.36.64/26', { type: 'blackhole', proto: 'bird' }))).toBe('blackhole 10.122.36.64/26 proto bird');
    expect(formatRoute(r('10.122.36.69/32', { dev: 'cali08440ddce5b', scope: 'link' }))).toBe('10.122.36.69 dev cali08440ddce5b scope link');
    expect(formatRoute(r('10.122.62.128/26', { via: '192.168.10.100', dev: 'tunl0', proto: 'bird', onlink: true }))).toBe(
      '10.122.62.128/26 via 192.168.10.100 dev tunl0 proto bird onlink',
    );
    expect(formatRoute(r('10.111.1.0/24', { via: '10.111.0.169', dev: 'cilium_host', src: '10.111.0.169', mtu: 1450 }))).toBe(
      '10.111.1.0/24 via 10.111.0.169 dev cilium_host src 10.111.0.169 mtu 1450',
    );
  });

  it('hides what iproute2 hides: proto boot, scope global, unicast, metric 0', () => {
    expect(formatRoute(r('10.0.0.0/8', { type: 'unicast', dev: 'eth0', proto: 'boot', scope: 'global', metric: 0 }))).toBe('10.0.0.0/8 dev eth0');
    expect(routeDst(parseCidr('0.0.0.0/0'))).toBe('default');
    expect(routeDst(parseCidr('10.1.2.3/32'))).toBe('10.1.2.3');
  });
});

describe('the main table in dump order (fib_trie)', () => {
  it('puts default first, then network addresses ascending, the longer prefix first within one address', () => {
    const rows = sortRoutes([
      r('192.168.1.0/24', { dev: 'eth0' }),
      r('10.244.0.0/24', { dev: 'a' }),
      r('10.244.0.0/16', { dev: 'b' }),
      r('default', { via: '192.168.1.1' }),
      r('10.244.2.0/24', { dev: 'c' }),
    ]);
    expect(rows.map(formatRoute)).toEqual([
      'default via 192.168.1.1',
      '10.244.0.0/24 dev a',
      '10.244.0.0/16 dev b',
      '10.244.2.0/24 dev c',
      '192.168.1.0/24 dev eth0',
    ]);
  });

  it('sorts numerically, not as text (9.x before 10.x), and orders equal routes by metric', () => {
    const rows = sortRoutes([
      r('10.0.0.0/8', { dev: 'a' }),
      r('9.0.0.0/8', { dev: 'b' }),
      r('default', { dev: 'x', metric: 200 }),
      r('default', { dev: 'y', metric: 100 }),
    ]);
    expect(rows.map(formatRoute)).toEqual(['default dev y metric 100', 'default dev x metric 200', '9.0.0.0/8 dev b', '10.0.0.0/8 dev a']);
  });

  it('leaves local-table routes out of the main table', () => {
    expect(mainTable([r('10.96.0.10/32', { type: 'local', dev: 'kube-ipvs0' }), r('default', { dev: 'eth0' })]).map(formatRoute)).toEqual(['default dev eth0']);
  });
});
