import { describe, expect, it } from 'vitest';
import { runProbe, type Trace } from '../../engine';
import { labOfSource } from '../core';
import { loadSamplesForTests } from '../core/samples-node';
import { SEED_QUESTIONS, SEED_SECTIONS, seedRefKey } from '../seeds';
import { DOMAINS, TOPICS, type Card, type Lesson } from '../types';
import { CARDS } from './index';

const samples = loadSamplesForTests();

function traceOf(card: Card): Trace {
  const link = card.link;
  if (link.kind !== 'scenario' || !link.probe) throw new Error(`${card.id}: no scenario probe`);
  const r = labOfSource({ sample: link.scenario }, link.faults ?? [], samples);
  if (!r.ok) throw new Error(`${card.id}: ${r.errors.map((e) => e.message).join('; ')}`);
  return runProbe(r.lab, link.probe).trace;
}

describe('the deck', () => {
  it('has at least 80 cards with unique ids, text, a known topic and known domains', () => {
    expect(CARDS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CARDS.map((c) => c.id)).size).toBe(CARDS.length);
    for (const c of CARDS) {
      expect(c.front.trim().length, c.id).toBeGreaterThan(10);
      expect(c.back.trim().length, c.id).toBeGreaterThan(10);
      expect(Object.keys(TOPICS), c.id).toContain(c.topic);
      expect(c.domains.length, c.id).toBeGreaterThan(0);
      for (const d of c.domains) expect(Object.keys(DOMAINS), c.id).toContain(d);
    }
  });

  it('carries every seed question on a card, and names only real seed questions and sections', () => {
    const ids = new Set(SEED_QUESTIONS.map((q) => q.id));
    for (const q of SEED_QUESTIONS)
      expect(
        CARDS.some((c) => c.seedQuestion === q.id),
        q.id,
      ).toBe(true);
    for (const c of CARDS) if (c.seedQuestion) expect(ids.has(c.seedQuestion), c.id).toBe(true);
    const sections = new Set(SEED_SECTIONS.map(seedRefKey));
    for (const c of CARDS) for (const s of c.seeds ?? []) expect(sections.has(seedRefKey(s)), `${c.id} → ${seedRefKey(s)}`).toBe(true);
  });
});

describe('every card link opens on the engine', () => {
  it.each(CARDS.filter((c) => c.link.kind === 'scenario').map((c) => [c.id, c] as const))('%s', (_id, card) => {
    const link = card.link;
    if (link.kind !== 'scenario') return;
    expect(samples[link.scenario], `sample ${link.scenario}`).toBeDefined();
    const r = labOfSource({ sample: link.scenario }, link.faults ?? [], samples);
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (link.probe) expect(['delivered', 'dropped', 'rejected']).toContain(traceOf(card).verdict);
  });

  it('names only lessons and steps that exist (once the lessons land)', async () => {
    const lessonLinks = CARDS.filter((c) => c.link.kind === 'lesson');
    if (!lessonLinks.length) return;
    // the lessons module is another helper's and may not exist yet: glob lists it only when it does
    const found = import.meta.glob<{ LESSONS: readonly Lesson[] }>('../lessons/index.ts');
    const load = found['../lessons/index.ts'];
    expect(load, 'card links name lessons but src/lessons/lessons/index.ts is missing').toBeDefined();
    const { LESSONS } = await (load as () => Promise<{ LESSONS: readonly Lesson[] }>)();
    for (const c of lessonLinks) {
      if (c.link.kind !== 'lesson') continue;
      const { lesson: lessonId, step: stepId } = c.link;
      const lesson = LESSONS.find((l) => l.id === lessonId);
      expect(lesson, `${c.id} → ${lessonId}`).toBeDefined();
      expect(
        lesson?.steps.some((s) => s.id === stepId),
        `${c.id} → ${lessonId}/${stepId}`,
      ).toBe(true);
    }
  });
});

/**
 * What the linked probe must show for the card's answer to be visible live (the engine decides,
 * this table only pins it). Numbers are REFERENCE.md's.
 */
const SHOWS: Readonly<Record<string, { verdict: Trace['verdict']; reason?: string }>> = {
  'seed-000-2': { verdict: 'dropped' }, // cross-node fails with the VXLAN port blocked
  'seed-000-3': { verdict: 'rejected', reason: 'FRAG_NEEDED' },
  'seed-000-5': { verdict: 'rejected', reason: 'PORT_UNREACHABLE' }, // no endpoints → REJECT → refused
  'seed-002-i6': { verdict: 'dropped' },
  'seed-002-i8': { verdict: 'rejected' },
  'seed-002-i10': { verdict: 'dropped' },
  'seed-002-i12': { verdict: 'dropped', reason: 'PMTUD_BLACK_HOLE' }, // the black hole: ICMP 3/4 filtered
  'seed-002-q5': { verdict: 'delivered' }, // kube-proxy stopped, the rules still translate
  'mtu-largest-ping': { verdict: 'rejected', reason: 'LOCAL_EMSGSIZE' }, // 1423 + 28 > 1450
  'mtu-fix': { verdict: 'delivered' }, // 1422 + 28 = 1450
  'mtu-overheads': { verdict: 'delivered' }, // IP-in-IP: 1452 + 28 = 1480
  'wireguard-overlay': { verdict: 'rejected', reason: 'LOCAL_EMSGSIZE' }, // 1393 + 28 > 1420
  'mtu-pmtud': { verdict: 'rejected', reason: 'FRAG_NEEDED' },
  'cross-node-fdb': { verdict: 'dropped', reason: 'NO_FDB_ENTRY' },
  'cross-node-missing-route': { verdict: 'dropped' },
  'cross-node-ip-forward': { verdict: 'dropped', reason: 'NOT_FORWARDING' },
  'cross-node-vpc-sg': { verdict: 'dropped', reason: 'SECURITY_GROUP' },
  'bgp-down': { verdict: 'dropped' },
  'svc-no-endpoints': { verdict: 'rejected', reason: 'PORT_UNREACHABLE' },
  'svc-kube-proxy-stopped': { verdict: 'delivered' },
  'ct-stale-udp': { verdict: 'dropped' },
  'ebpf-no-backend': { verdict: 'rejected', reason: 'SERVICE_NO_BACKEND' },
  'ebpf-hubble': { verdict: 'dropped', reason: 'POLICY_DENIED' },
  'dns-coredns-down': { verdict: 'dropped' },
  'dns-upstream-down': { verdict: 'rejected', reason: 'DNS_SERVFAIL' },
  'np-default': { verdict: 'dropped' },
  'np-kubelet-probes': { verdict: 'delivered' }, // from the pod's own node
  'np-cilium-identity': { verdict: 'rejected', reason: 'L7_POLICY_DENIED' },
};

describe('the linked probe shows the answer', () => {
  it.each(Object.entries(SHOWS))('%s', (id, want) => {
    const card = CARDS.find((c) => c.id === id);
    expect(card, id).toBeDefined();
    const t = traceOf(card as Card);
    expect(t.verdict).toBe(want.verdict);
    if (want.reason) expect(t.reason).toBe(want.reason);
  });

  it('the PMTUD card names the MTU the engine reports (1450 on VXLAN)', () => {
    const t = traceOf(CARDS.find((c) => c.id === 'mtu-pmtud') as Card);
    expect(t.icmp?.mtu).toBe(1450);
    expect(CARDS.find((c) => c.id === 'mtu-pmtud')?.back).toContain('1450');
  });

  it('glibc sends 8 queries for api.github.com and 2 with a trailing dot, as the cards say', () => {
    expect(traceOf(CARDS.find((c) => c.id === 'dns-external-cost') as Card).dns?.length).toBe(8);
    expect(traceOf(CARDS.find((c) => c.id === 'dns-trailing-dot') as Card).dns?.length).toBe(2);
  });
});

describe('numbers agree with REFERENCE.md', () => {
  const text = (id: string) => {
    const c = CARDS.find((x) => x.id === id);
    return c ? `${c.front} ${c.back}` : '';
  };
  it('pins the overheads and MTUs (§1.1)', () => {
    for (const n of ['VXLAN 50', '1450', 'IP-in-IP 20', '1480', 'WireGuard 80', '1420', '60 → 1440', '70 → 1430']) expect(text('mtu-overheads')).toContain(n);
  });
  it('pins the VXLAN ports (§1.2, §1.3)', () => {
    for (const n of ['4789', '8472', '6081', 'VNI 4096']) expect(text('cross-node-vxlan-ports')).toContain(n);
  });
  it('pins the kube-proxy figures (§2.3, §2.5, §2.7, §3)', () => {
    expect(text('svc-probability')).toContain('0.33333333349');
    expect(text('svc-probability')).toContain('0.50000000000');
    expect(text('svc-masq-mark')).toContain('0x4000');
    expect(text('svc-sync-period')).toMatch(/1 s.*30 s/);
    expect(text('ct-session-affinity')).toContain('10800');
    expect(text('svc-ipvs')).toContain('rr');
  });
  it('pins the DNS defaults (§4.2, §4.4)', () => {
    expect(text('dns-resolv-conf')).toContain('ndots:5');
    expect(text('dns-resolv-conf')).toContain('10.96.0.10');
    expect(text('dns-limits')).toMatch(/3 nameservers and 32 search domains/);
    expect(text('dns-coredns')).toContain('9153');
  });
  it('computes the ENI max-pods examples from the formula (§7)', () => {
    const maxPods = (enis: number, ips: number) => enis * (ips - 1) + 2;
    expect(text('ipam-eni-formula')).toContain(`= ${maxPods(3, 10)}`);
    expect(text('ipam-eni-formula')).toContain(`= ${maxPods(3, 4)}`);
  });
  it('never gives the VXLAN overhead as anything but 50 on IPv4', () => {
    for (const c of CARDS) {
      const m = /VXLAN(?: over IPv4)?[^.;]*?(\d+) bytes/.exec(`${c.front} ${c.back}`);
      if (m && !/IPv6/.test(m[0])) expect(Number(m[1]), c.id).toBe(50);
    }
  });
});
