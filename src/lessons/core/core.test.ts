import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyAction, checkGoal, emptyWorld, gradePrediction, labOfSource, predictionKey, runSolution } from './index';
import { loadSamplesForTests } from './samples-node';
import type { Goal, Lesson, Prediction } from '../types';

const samples = loadSamplesForTests();
const labOf = (faults: Parameters<typeof labOfSource>[1] = []) => {
  const r = labOfSource({ sample: 'flannel-vxlan' }, faults, samples);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
};
const MTU_FAULT = [{ type: 'mtu', node: 'node2', device: 'eth0', mtu: 1400 }] as const;

describe('labOfSource', () => {
  it('names a missing sample and a bad inline field', () => {
    const a = labOfSource({ sample: 'nope' }, [], samples);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.errors[0].message).toContain('"nope"');
    const b = labOfSource({ inline: { apiVersion: 'podpath/v1', kind: 'Scenario', metadata: { name: 'x' }, cluster: { cni: 'weave' } } }, [], samples);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors[0].message).toContain('cluster.cni');
  });
  it('adds faults after the scenario’s own', () => {
    const lab = labOf([...MTU_FAULT]);
    expect(lab.faults.length).toBe(1);
  });
});

describe('goals', () => {
  it('sent: matches a probe the learner sent and its fate', () => {
    const w = applyAction(emptyWorld(labOf()), { do: 'probe', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } });
    const goal: Goal = { kind: 'sent', probe: { from: 'client', to: 'web-1' }, fate: { verdict: 'delivered', throughKind: 'encap' }, text: 'ping web-1' };
    expect(checkGoal(goal, w).met).toBe(true);
    expect(checkGoal({ ...goal, fate: { verdict: 'dropped' } }, w).met).toBe(false);
    expect(checkGoal(goal, emptyWorld(labOf())).met).toBe(false);
  });
  it('ran: counts commands that succeeded, at the place asked', () => {
    const w = applyAction(emptyWorld(labOf()), { do: 'command', where: 'node1', line: 'ip route' });
    expect(checkGoal({ kind: 'ran', pattern: '^ip route', text: 'routes' }, w).met).toBe(true);
    expect(checkGoal({ kind: 'ran', pattern: '^ip route', where: 'node2', text: 'routes' }, w).met).toBe(false);
    const bad = applyAction(emptyWorld(labOf()), { do: 'command', where: 'node1', line: 'ip route frobnicate' });
    expect(checkGoal({ kind: 'ran', pattern: '^ip route', text: 'routes' }, bad).met).toBe(false);
  });
  it('reach: runs the probe on the lab as left, so a fault makes it false', () => {
    const probe = { from: 'client', to: 'web-1', protocol: 'icmp' as const, size: 1400, df: true };
    const goal: Goal = { kind: 'reach', probe, fate: { verdict: 'delivered' }, text: 'big ping gets through' };
    expect(checkGoal(goal, emptyWorld(labOf())).met).toBe(true);
    expect(checkGoal(goal, emptyWorld(labOf([...MTU_FAULT]))).met).toBe(false);
    const all = checkGoal({ kind: 'all', goals: [goal, { kind: 'ran', pattern: 'x', text: 'x' }], text: 'both' }, emptyWorld(labOf()));
    expect(all.met).toBe(false);
    expect(all.parts.map((p) => p.met)).toEqual([true, false]);
  });
});

describe('predictions', () => {
  it('the key is the engine’s trace: a dropped big DF ping names where and why', () => {
    const key = predictionKey(labOf([...MTU_FAULT]), { from: 'client', to: 'web-1', protocol: 'icmp', size: 1400, df: true });
    expect(key.verdict).not.toBe('delivered');
    expect(key.at).toMatch(/./);
    expect(gradePrediction({ verdict: key.verdict, at: key.at, reason: key.reason }, key).score).toBe(1);
    expect(gradePrediction({ verdict: 'delivered' }, key).score).toBe(0);
  });
  it('property: a score is in [0, 1] and full only for the key itself', () => {
    const key = predictionKey(labOf([...MTU_FAULT]), { from: 'client', to: 'web-1', protocol: 'icmp', size: 1400, df: true });
    const pred = fc.record({
      verdict: fc.constantFrom('delivered' as const, 'dropped' as const, 'rejected' as const),
      at: fc.constantFrom(key.at, 'node1', 'pod:default/client'),
      reason: fc.constantFrom(key.reason, 'NO_ROUTE', 'TTL_EXCEEDED'),
    });
    fc.assert(
      fc.property(pred, (p: Prediction) => {
        const g = gradePrediction(p, key);
        expect(g.score).toBeGreaterThanOrEqual(0);
        expect(g.score).toBeLessThanOrEqual(1);
        const exact = p.verdict === key.verdict && p.at === key.at && p.reason === key.reason;
        expect(g.score === 1).toBe(exact);
      }),
    );
  });
});

describe('runSolution', () => {
  const lesson: Lesson = {
    id: 't',
    title: 't',
    summary: 't',
    topic: 'mtu',
    domains: ['cka-troubleshooting'],
    minutes: 1,
    scenario: { sample: 'flannel-vxlan' },
    steps: [
      { kind: 'explain', id: 'a', title: 'a', body: 'a' },
      {
        kind: 'predict',
        id: 'b',
        title: 'b',
        body: 'b',
        probe: { from: 'client', to: 'web-1', protocol: 'icmp' },
        atChoices: [],
        reasonChoices: [],
        solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      },
      {
        kind: 'fix',
        id: 'c',
        title: 'c',
        body: 'c',
        faults: [...MTU_FAULT],
        goal: { kind: 'reach', probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1400, df: true }, fate: { verdict: 'delivered' }, text: 'fixed' },
        solution: [],
      },
    ],
  };
  it('reports a fix step whose solution does not repair it', () => {
    const r = runSolution(lesson, samples);
    expect(r.ok).toBe(false);
    expect(r.steps[1].grade?.score).toBe(1);
    expect(r.steps[2].goal?.met).toBe(false);
  });
});
