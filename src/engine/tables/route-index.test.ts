import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Route } from '../model/datapath';
import { intToIp } from '../wire/ipv4';
import { lookupLinear } from './route';
import { INDEX_FROM, lookupIndexed, routeIndex } from './route-index';
import { lookupRoute } from './route';
import { netns, HOST_SYSCTL, withRoutes, route } from '../cni/netns';

// addresses from a small space, so random tables overlap, tie and nest often
const addr = fc.integer({ min: 0, max: 63 }).map((n) => intToIp(0x0af40000 + n * 64 + (n % 5)));
const routeArb: fc.Arbitrary<Route> = fc
  .record({ net: addr, prefix: fc.constantFrom(0, 16, 20, 24, 26, 30, 32), metric: fc.option(fc.constantFrom(0, 50, 100), { nil: undefined }), id: fc.nat(9) })
  // some networks keep host bits (cidrContains never matches those), most are canonical
  .map(({ net, prefix, metric, id }) => ({ dst: { net, prefix }, dev: `d${id}`, ...(metric !== undefined ? { metric } : {}) }));

describe('the indexed route lookup', () => {
  it('answers as the linear scan does: longest prefix, lowest metric, first in table order (property)', () => {
    fc.assert(
      fc.property(fc.array(routeArb, { maxLength: 60 }), fc.array(addr, { minLength: 1, maxLength: 20 }), (routes, dsts) => {
        const ix = routeIndex(routes);
        for (const d of dsts) {
          const a = lookupLinear(routes, d);
          const b = lookupIndexed(ix, d);
          expect(b?.index, d).toBe(a?.index);
          expect(b?.route).toBe(a?.route);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is built once per table and used from INDEX_FROM routes on, through lookupRoute', () => {
    const routes = Array.from({ length: INDEX_FROM + 4 }, (_, i) =>
      route(`10.244.${i + 2}.0/24`, { via: `10.244.${i + 2}.0`, dev: 'flannel.1', onlink: true }),
    );
    expect(routeIndex(routes)).toBe(routeIndex(routes));
    const ns = withRoutes(netns('node1', 'node', 'node1', 'node1', HOST_SYSCTL), [route('default', { via: '192.168.1.1', dev: 'eth0' }), ...routes]);
    expect(lookupRoute(ns, '10.244.7.9')?.route.via).toBe('10.244.7.0');
    expect(lookupRoute(ns, '8.8.8.8')?.route.via).toBe('192.168.1.1');
  });

  it('follows an edited table: a new routes array is indexed afresh (a fault, ip route del)', () => {
    const routes = Array.from({ length: INDEX_FROM + 2 }, (_, i) => route(`10.244.${i + 2}.0/24`, { dev: `v${i}` }));
    const ns = withRoutes(netns('n', 'node', 'n', 'n', HOST_SYSCTL), routes);
    expect(lookupRoute(ns, '10.244.3.1')?.route.dev).toBe('v1');
    const edited = { ...ns, routes: ns.routes.filter((r) => r.dev !== 'v1') };
    expect(lookupRoute(edited, '10.244.3.1')).toBeUndefined();
    expect(lookupRoute(ns, '10.244.3.1')?.route.dev).toBe('v1');
  });
});
