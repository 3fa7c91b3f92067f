import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRoute } from '../../tables/route';
import { convergeCalico } from './routes';
import { calicoCluster, calicoLab, ping } from './test-helpers';
import { CALICO } from './program';

describe('converge (BIRD mesh / Felix routes, recomputed from the cluster)', () => {
  it('is idempotent in every mode, for any number of nodes and pods (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('bgp', 'ipip', 'vxlan', 'wireguard', 'ipip-crosssubnet', 'vxlan-crosssubnet'),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(3), { maxLength: 6 }),
        (mode, n, podNodes) => {
          const nodes = Array.from({ length: n }, (_, i) => ({ name: `node${i + 1}`, ip: `192.168.1.${10 + i}` }));
          const pods = podNodes.map((k, i) => ({ name: `p${i}`, node: `node${(k % n) + 1}` }));
          const c = calicoCluster({ mode, nodes, pods });
          const again = CALICO.converge!(c);
          expect(again.netns).toEqual(c.netns);
          // every node has a route to every other node's pods
          for (const p of c.pods.filter((x) => x.ip && !x.hostNetwork))
            for (const node of c.nodes.filter((x) => x.name !== p.node))
              expect(
                c.netns[node.name].routes.some(
                  (r) => r.dst.prefix < 32 && r.type !== 'blackhole' && formatRoute(r).startsWith(p.ip!.split('.').slice(0, 2).join('.')),
                ),
              ).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('bgp-down (calico.md §4.3: a clean BIRD stop)', () => {
  const lab = calicoLab({}, [{ type: 'bgp-down', node: 'node2' }]);
  it('withdraws node2’s routes from its peers and keeps node2’s own (persist)', () => {
    expect(lab.faults[0].applied).toBe(true);
    expect(lab.cluster.netns.node1.routes.map(formatRoute)).not.toContain('192.168.0.64/26 via 192.168.1.11 dev eth0 proto bird');
    expect(lab.cluster.netns.node2.routes.map(formatRoute)).toContain('192.168.0.0/26 via 192.168.1.10 dev eth0 proto bird');
    expect(lab.cluster.netns.node2.sockets.some((s) => s.port === 179)).toBe(false);
  });
  it('breaks cross-node traffic (the default route to the router, which drops it) but not same-node traffic', () => {
    expect(ping(lab, 'a', 'b')).toMatchObject({ verdict: 'delivered', replyTtl: 63 });
    const cross = ping(lab, 'a', 'c');
    expect(cross.verdict).toBe('dropped');
    expect(cross.hops.some((h) => h.netnsId === 'router' && h.kind === 'drop')).toBe(true);
    // node2 still routes to node1 on its stale routes, but node1 cannot answer back
    expect(ping(lab, 'c', 'a').verdict).toBe('dropped');
  });
  it('is refused where no BIRD runs (VXLAN: Felix routes from the datastore)', () => {
    const vx = calicoLab({ mode: 'vxlan' }, [{ type: 'bgp-down', node: 'node2' }]);
    expect(vx.faults[0].applied).toBe(false);
    expect(ping(vx, 'a', 'c').verdict).toBe('delivered');
  });
  it('leaves WireGuard paths up (table 1 is Felix’s)', () => {
    const wg = calicoLab({ mode: 'wireguard' }, [{ type: 'bgp-down', node: 'node2' }]);
    expect(ping(wg, 'a', 'c').verdict).toBe('delivered');
  });
  it('survives a later converge (pods added): node2 stays out of the mesh', () => {
    const c = convergeCalico(lab.cluster);
    expect(c.netns.node1.routes.map(formatRoute)).not.toContain('192.168.0.64/26 via 192.168.1.11 dev eth0 proto bird');
  });
  it('is offered per node with an explanation', () => {
    const opts = CALICO.faults!(calicoCluster());
    expect(opts.filter((o) => o.fault.type === 'bgp-down').map((o) => o.label)).toEqual(['node1: BIRD stops (BGP down)', 'node2: BIRD stops (BGP down)']);
  });
});
