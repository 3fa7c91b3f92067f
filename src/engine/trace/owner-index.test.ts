import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFromText } from '../lab';
import type { Cluster } from '../model/datapath';
import { ownerOf } from './endpoints';
import { segmentMemberByMac } from '../devices/segment-index';

const text = readFileSync(join(__dirname, '../../../public/scenarios/flannel-vxlan.yaml'), 'utf8');
const r = labFromText(text);
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const c: Cluster = r.lab.cluster;

/** the scan the indexes replace */
const scanOwner = (cl: Cluster, ip: string) =>
  Object.values(cl.netns).find((ns) => ns.interfaces.some((d) => d.kind !== 'loopback' && d.addrs.some((a) => a.ip === ip)))?.id;

describe('address and MAC indexes', () => {
  it('ownerOf answers as the scan of every namespace did, for every address in the lab and one nobody holds', () => {
    const ips = Object.values(c.netns).flatMap((ns) => ns.interfaces.flatMap((d) => d.addrs.map((a) => a.ip)));
    for (const ip of [...ips, '203.0.113.99', '127.0.0.1']) expect(ownerOf(c, ip), ip).toBe(scanOwner(c, ip));
  });

  it('follows an edit: an address moved to another namespace is found there (a new namespace record)', () => {
    const web1 = c.pods.find((p) => p.name === 'web-1')!;
    const ns = c.netns[web1.netns];
    const moved: Cluster = {
      ...c,
      netns: {
        ...c.netns,
        [ns.id]: { ...ns, interfaces: ns.interfaces.map((d) => (d.name === 'eth0' ? { ...d, addrs: [{ ip: '10.244.9.9', prefix: 24 }] } : d)) },
      },
    };
    expect(ownerOf(c, web1.ip!)).toBe(ns.id);
    expect(ownerOf(moved, web1.ip!)).toBeUndefined();
    expect(ownerOf(moved, '10.244.9.9')).toBe(ns.id);
  });

  it('finds the underlay member owning a MAC, as the scan did, and nothing for an unknown MAC', () => {
    const seg = c.segments.underlay;
    for (const m of seg.members) {
      const d = c.netns[m.netns].interfaces.find((i) => i.name === m.ifname)!;
      expect(segmentMemberByMac(c.netns, seg, d.mac)).toMatchObject({ n: { id: m.netns }, d: { name: m.ifname } });
    }
    expect(segmentMemberByMac(c.netns, seg, '02:00:00:00:00:99')).toBeUndefined();
    expect(segmentMemberByMac(c.netns, seg, undefined)).toBeUndefined();
  });
});
