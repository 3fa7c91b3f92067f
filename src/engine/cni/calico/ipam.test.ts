import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../wire/ipv4';
import { formatRoute } from '../../tables/route';
import { CalicoIpam, calicoAddError, MAX_BLOCKS_PER_HOST } from './ipam';
import { calicoCluster } from './test-helpers';

describe('calico-ipam (libcalico-go ipam.go autoAssign; calico.md §2)', () => {
  it('claims a /26 and hands out ordinal 0 first, then in order', () => {
    const ipam = new CalicoIpam(parseCidr('192.168.0.0/16'), 26);
    expect([1, 2, 3].map(() => ipam.assign('n1', 'h').ip)).toEqual(['192.168.0.0', '192.168.0.1', '192.168.0.2']);
    expect(ipam.assign('n2', 'h')).toMatchObject({ ip: '192.168.0.64', borrowed: false });
  });
  it('puts a released ordinal at the end of the free list', () => {
    const ipam = new CalicoIpam(parseCidr('10.0.0.0/30'), 30);
    ipam.assign('n1', 'h');
    ipam.assign('n1', 'h');
    ipam.release('10.0.0.0');
    expect([ipam.assign('n1', 'h').ip, ipam.assign('n1', 'h').ip, ipam.assign('n1', 'h').ip]).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.0']);
  });
  it("claims a new block when the node's blocks are full, then borrows from another node's block (StrictAffinity false)", () => {
    const ipam = new CalicoIpam(parseCidr('10.0.0.0/29'), 30);
    expect(ipam.assign('n2', 'h')).toMatchObject({ block: parseCidr('10.0.0.0/30') });
    for (let i = 0; i < 4; i++) expect(ipam.assign('n1', 'h')).toMatchObject({ block: parseCidr('10.0.0.4/30'), borrowed: false });
    expect(ipam.assign('n1', 'h')).toEqual({ ip: '10.0.0.1', block: parseCidr('10.0.0.0/30'), borrowed: true });
  });
  it("fails with calico-ipam's words when the pool has no address left", () => {
    const ipam = new CalicoIpam(parseCidr('10.0.0.0/31'), 31);
    ipam.assign('n1', 'h');
    ipam.assign('n1', 'h');
    const r = ipam.assign('n1', 'h');
    expect(r.ip).toBeNull();
    expect(calicoAddError(r.ip === null ? r.error : '')).toBe(
      'plugin type="calico" failed (add): failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; No IPs available in pools: [10.0.0.0/31]',
    );
  });
  it('stops at 20 blocks per host with ErrBlockLimit, returned unwrapped', () => {
    const ipam = new CalicoIpam(parseCidr('10.0.0.0/16'), 32);
    for (let i = 0; i < MAX_BLOCKS_PER_HOST; i++) ipam.assign('n1', 'h');
    const r = ipam.assign('n1', 'h');
    expect(r.ip === null && calicoAddError(r.error)).toBe('plugin type="calico" failed (add): cannot allocate new block due to per host block limit');
  });
});

describe('IPAM in the cluster', () => {
  it('gives a node a second block (with its blackhole) when the first is full, and BIRD announces it', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, node: 'node1' }));
    const c = calicoCluster({ calico: { blockSize: 30 }, pods: [...pods, { name: 'c', node: 'node2' }] });
    expect(c.netns.node1.routes.map(formatRoute)).toEqual(
      expect.arrayContaining(['blackhole 192.168.0.0/30 proto bird', 'blackhole 192.168.0.8/30 proto bird']),
    );
    expect(c.netns.node2.routes.map(formatRoute)).toEqual(
      expect.arrayContaining(['192.168.0.0/30 via 192.168.1.10 dev eth0 proto bird', '192.168.0.8/30 via 192.168.1.10 dev eth0 proto bird']),
    );
  });
  it('routes a borrowed address as a /32 on every peer (BIRD exports it: calico.md §2.5)', () => {
    // a /29 pool of /30 blocks: node2 holds 192.168.0.4/30, node1 fills 192.168.0.0/30 and borrows from node2's
    const pods = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, node: 'node1' }));
    const c = calicoCluster({ podCIDR: '192.168.0.0/29', calico: { blockSize: 30 }, pods });
    const p4 = c.pods.find((p) => p.name === 'p4')!;
    expect(p4.ip).toBe('192.168.0.4');
    expect(c.netns.node2.routes.map(formatRoute)).toContain('192.168.0.4 via 192.168.1.10 dev eth0 proto bird');
    expect(c.netns.node1.routes.map(formatRoute)).toContain('192.168.0.4/30 via 192.168.1.11 dev eth0 proto bird');
  });
  it('leaves a pod the pool cannot serve ContainerCreating with the calico-ipam error', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, node: 'node1' }));
    const c = calicoCluster({ podCIDR: '192.168.0.0/30', calico: { blockSize: 31 }, pods, nodes: [{ name: 'node1', ip: '192.168.1.10' }] });
    const stuck = c.pods.find((p) => p.name === 'p4')!;
    expect(stuck).toMatchObject({ ip: null, status: 'ContainerCreating' });
    expect(stuck.statusReason).toMatch(/No IPs available in pools: \[192.168.0.0\/30\]$/);
  });
});
