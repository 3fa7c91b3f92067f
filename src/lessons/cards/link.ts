/**
 * Small builders for card content: a link to a sample scenario (public/scenarios/<name>.yaml)
 * with the probe that shows the answer, faults written out in full (FaultSpec is the schema's
 * output type, so defaults such as a block's chain are spelled here), and seed references that
 * throw on a heading typo (seeds/index.ts seedRef).
 */
import type { FaultSpec, ProbeSpec } from '../../engine';
import { seedRef, type SeedId } from '../seeds';
import type { LabLink, SeedRef } from '../types';

export type Sample =
  | 'broken-underlay'
  | 'calico-bgp'
  | 'calico-policy'
  | 'cilium-kpr'
  | 'cilium-policy'
  | 'cilium-vxlan'
  | 'flannel-ipip'
  | 'flannel-vxlan'
  | 'flannel-wireguard'
  | 'host-gw'
  | 'mtu-black-hole'
  | 'services-dns'
  | 'vpc-eni';

export function scenario(name: Sample, probe?: ProbeSpec, faults?: readonly FaultSpec[]): LabLink {
  return { kind: 'scenario', scenario: name, ...(faults?.length ? { faults } : {}), ...(probe ? { probe } : {}) };
}

export const ping = (from: string, to: string, size?: number, df?: boolean): ProbeSpec => ({
  from,
  to,
  protocol: 'icmp',
  ...(size !== undefined ? { size } : {}),
  ...(df !== undefined ? { df } : {}),
});
export const tcp = (from: string, to: string, size?: number): ProbeSpec => ({ from, to, protocol: 'tcp', ...(size !== undefined ? { size } : {}) });
export const http = (from: string, to: string): ProbeSpec => ({ from, to, protocol: 'http' });
export const lookup = (from: string, name: string): ProbeSpec => ({ from, to: name, protocol: 'dns' });
export const traceroute = (from: string, to: string): ProbeSpec => ({ from, to, protocol: 'traceroute' });

/** `iptables -A <chain> -p <protocol> [--dport <port>] -j DROP` on a node */
export const block = (node: string, protocol: 'udp' | 'tcp' | 'icmp', port?: number, chain: 'INPUT' | 'FORWARD' | 'OUTPUT' = 'INPUT'): FaultSpec => ({
  type: 'block',
  node,
  protocol,
  chain,
  ...(port !== undefined ? { port } : {}),
});

/** Seed references: `refs(['001', 'CNI Operations'], ['002', 'IPAM: who hands out the Pod IPs'])` */
export function refs(...pairs: readonly (readonly [SeedId, string])[]): readonly SeedRef[] {
  return pairs.map(([seed, section]) => seedRef(seed, section));
}

/** A lesson step that shows the answer (src/lessons/lessons; cards.test.ts checks the ids exist). */
export function lessonStep(lesson: string, step: string): LabLink {
  return { kind: 'lesson', lesson, step };
}
