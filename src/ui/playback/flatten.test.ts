import '../test-engine';
import { describe, expect, it } from 'vitest';
import { createLab, runProbe } from '../../engine';
import { loadSample } from '../store/scenarios';
import { flattenTrace, lookupSteps, partAt, partStarts, queryLabel } from './flatten';

const lab = () => loadSample('services-dns').lab;
const byName = { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' } as const;

describe('flattenTrace', () => {
  it('plays a lookup first — each DNS query its own part, in order — then the connection', () => {
    const { trace } = runProbe(lab(), byName);
    const queries = trace.lookup!.queries;
    const p = flattenTrace(trace);
    expect(p.parts.map((x) => x.kind)).toEqual([...queries.map(() => 'query'), 'connection']);
    expect(p.hops).toHaveLength(queries.reduce((n, q) => n + q.hops.length, 0) + trace.hops.length);
    expect(p.parts[0]).toMatchObject({ start: 0, end: queries[0].hops.length, rcode: 'NXDOMAIN', n: 1 });
    expect(p.hops[p.parts.at(-1)!.start]).toBe(trace.hops[0]);
    expect(p.partOf).toHaveLength(p.hops.length);
    expect(partAt(p, p.hops.length - 1)?.kind).toBe('connection');
    // the search list: the name with each search domain first, the name as asked last
    expect(queryLabel(queries[0])).toBe('web.prod.svc.cluster.local.default.svc.cluster.local A NXDOMAIN');
    expect(p.parts.find((x) => x.rcode === 'NOERROR')?.title).toBe('web.prod.svc.cluster.local A');
  });

  it('marks where each part starts, so the marker jumps back to the sender instead of travelling', () => {
    const p = flattenTrace(runProbe(lab(), byName).trace);
    const starts = partStarts(p);
    expect(starts[0]).toBe(false);
    expect(starts.filter(Boolean)).toHaveLength(p.parts.length - 1);
    for (const part of p.parts.slice(1)) expect(starts[part.start]).toBe(true);
  });

  it('a trace without a lookup is one part, the trace itself', () => {
    const { trace } = runProbe(lab(), { from: 'client', to: '10.244.2.10:8080', protocol: 'http' });
    const p = flattenTrace(trace);
    expect(p.parts).toHaveLength(1);
    expect(p.hops).toEqual(trace.hops);
  });

  it('a dns probe is its queries only; A and AAAA for one name read as one lookup step', () => {
    const { trace } = runProbe(lab(), { from: 'client', to: 'web.prod.svc.cluster.local', protocol: 'dns' });
    const p = flattenTrace(trace);
    expect(p.parts.every((x) => x.kind === 'query')).toBe(true);
    const steps = lookupSteps(p);
    expect(steps.map((s) => s.name)).toEqual([
      'web.prod.svc.cluster.local.default.svc.cluster.local',
      'web.prod.svc.cluster.local.svc.cluster.local',
      'web.prod.svc.cluster.local.cluster.local',
      'web.prod.svc.cluster.local',
    ]);
    expect(steps[0].answers.map((a) => `${a.type} ${a.rcode}`)).toEqual(['A NXDOMAIN', 'AAAA NXDOMAIN']);
    expect(steps[3].answers[0].rcode).toBe('NOERROR');
  });

  it('CoreDNS at 0: every query refused (UNREACHABLE), no connection', () => {
    const { scenario } = loadSample('services-dns');
    const r = createLab({ ...scenario, faults: [{ type: 'coredns-scale', replicas: 0 }] });
    if (!r.ok) throw new Error('bad');
    const { trace } = runProbe(r.lab, byName);
    expect(trace).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE', hops: [] });
    const p = flattenTrace(trace);
    expect(p.parts.length).toBeGreaterThan(0);
    expect(p.parts.every((x) => x.kind === 'query' && x.rcode === 'UNREACHABLE')).toBe(true);
  });
});
