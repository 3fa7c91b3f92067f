import { describe, expect, it } from 'vitest';
import { formatRoute, lookupRoute } from './route';
import { route, connectedRoute, netns, HOST_SYSCTL, withRoutes } from '../cni/netns';

const ns = withRoutes(netns('node1', 'node', 'node1', 'node1', HOST_SYSCTL), [
  route('default', { via: '192.168.1.1', dev: 'eth0', proto: 'dhcp', src: '192.168.1.10', metric: 100 }),
  route('10.244.0.0/16', { via: '10.244.1.1', dev: 'eth0' }),
  connectedRoute('10.244.1.1', 24, 'cni0'),
  route('10.244.2.0/24', { via: '10.244.2.0', dev: 'flannel.1', onlink: true }),
  route('10.244.2.0/24', { via: '192.168.1.12', dev: 'eth0', metric: 50 }),
]);

describe('longest-prefix match', () => {
  it('prefers the longest prefix', () => {
    expect(lookupRoute(ns, '10.244.1.9')?.route.dev).toBe('cni0');
    expect(lookupRoute(ns, '10.244.7.9')?.route.via).toBe('10.244.1.1');
    expect(lookupRoute(ns, '8.8.8.8')?.route.via).toBe('192.168.1.1');
  });
  it('breaks ties on the lowest metric', () => {
    expect(lookupRoute(ns, '10.244.2.2')?.route.dev).toBe('flannel.1');
  });
  it('finds nothing without a matching route', () => {
    const bare = netns('x', 'node', 'x', 'x', HOST_SYSCTL);
    expect(lookupRoute(bare, '10.0.0.1')).toBeUndefined();
  });
});

describe('ip route formatting (REFERENCE §6.2)', () => {
  it('prints rows as iproute2 does', () => {
    expect(ns.routes.map(formatRoute)).toEqual([
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100',
      '10.244.0.0/16 via 10.244.1.1 dev eth0',
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      '10.244.2.0/24 via 192.168.1.12 dev eth0 metric 50',
    ]);
  });
});
