/**
 * What the editor refuses for its size (issue 10): text over MAX_SCENARIO_BYTES, more nodes or
 * pods than the lab builds, more pods on a node than kubelet's maxPods — each with a message
 * naming the field and the limit, and nothing loaded. Every sample fits.
 */
import '../test-engine';
import { describe, expect, it } from 'vitest';
import { SAMPLE_IDS, sampleScenario } from '../store/scenarios';
import { MAX_NODES, MAX_PODS, MAX_PODS_PER_NODE } from '../store/lab-limits';
import { errorLine, fileName, MAX_SCENARIO_BYTES, readScenarioText, scenarioToYaml } from './scenario-text';

/** `n` nodes with `k` pods each, as scenario YAML */
function bigScenario(n: number, k: number): string {
  const nodes = Array.from({ length: n }, (_, i) => `    - { name: node${i + 1}, ip: 192.168.${1 + Math.floor(i / 200)}.${10 + (i % 200)} }`).join('\n');
  const pods = Array.from({ length: n * k }, (_, i) => `    - { name: p${i}, namespace: default, node: node${(i % n) + 1} }`).join('\n');
  return `apiVersion: podpath/v1\nkind: Scenario\nmetadata: { name: big }\ncluster:\n  cni: flannel\n  mode: vxlan\n  nodes:\n${nodes}\n  pods:\n${pods || '    []'}\nprobes: []\n`;
}

const refusal = (text: string) => {
  const r = readScenarioText(text);
  if (r.ok) throw new Error('accepted');
  return { tooLarge: r.tooLarge, text: r.errors.map(errorLine).join('\n') };
};

describe('size limits of the scenario editor', () => {
  it("every sample is within the lab's limits", () => {
    for (const id of SAMPLE_IDS) expect(readScenarioText(scenarioToYaml(sampleScenario(id)!)).ok, id).toBe(true);
  });

  it(`more than ${MAX_NODES} nodes or ${MAX_PODS} pods are refused before the build, naming the limit`, () => {
    expect(refusal(bigScenario(MAX_NODES + 1, 1))).toEqual({
      tooLarge: true,
      text: `cluster.nodes: ${MAX_NODES + 1} nodes are more than the lab builds (at most ${MAX_NODES}); nothing was loaded`,
    });
    expect(refusal(bigScenario(MAX_NODES, 11)).text).toBe(
      `cluster.pods: ${MAX_NODES * 11} pods are more than the lab builds (at most ${MAX_PODS}); nothing was loaded`,
    );
  });

  it(`a node holds at most kubelet's default maxPods (${MAX_PODS_PER_NODE})`, () => {
    expect(refusal(bigScenario(1, MAX_PODS_PER_NODE + 1)).text).toBe(
      `cluster.pods: ${MAX_PODS_PER_NODE + 1} pods on node1 are more than a node holds (kubelet's default maxPods is ${MAX_PODS_PER_NODE}); nothing was loaded`,
    );
  });

  it('a cluster past the folding size is taken (the canvas folds the nodes a packet does not cross)', () => {
    expect(readScenarioText(bigScenario(20, 4)).ok).toBe(true);
  });

  it(`text over ${MAX_SCENARIO_BYTES / 1e6} MB is refused unread`, () => {
    const text = `${bigScenario(2, 1)}# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`;
    expect(refusal(text)).toEqual({ tooLarge: true, text: `the text is 1.0 MB; the lab reads scenarios up to 1 MB` });
  });
});

describe('markup in a scenario stays text', () => {
  const IMG = '<img src=x onerror="window.__pwned=1">';
  it('a name, description, labels, annotations and probe ids round-trip through the editor YAML unchanged', () => {
    const base = sampleScenario('flannel-vxlan')!;
    const s = {
      ...base,
      metadata: { name: IMG, description: '<script>alert(1)</script>', annotations: { note: '"><svg onload=alert(1)>' } },
      cluster: { ...base.cluster, pods: base.cluster.pods.map((p, i) => (i === 0 ? { ...p, labels: { ...p.labels, [IMG]: '"><svg onload=alert(1)>' } } : p)) },
      probes: base.probes.map((p, i) => (i === 0 ? { ...p, id: IMG } : p)),
    };
    const r = readScenarioText(scenarioToYaml(s));
    if (!r.ok) throw new Error(r.errors.map(errorLine).join('\n'));
    expect(r.scenario.metadata).toEqual(s.metadata);
    expect(r.scenario.cluster.pods[0].labels[IMG]).toBe('"><svg onload=alert(1)>');
    expect(r.scenario.probes[0].id).toBe(IMG);
  });

  it('the file name drops what a file name cannot hold', () => {
    expect(fileName(IMG)).toBe('img-src-x-onerror-window.__pwned-1.yaml');
    expect(fileName('flannel-vxlan')).toBe('flannel-vxlan.yaml');
    expect(fileName('<>')).toBe('scenario.yaml');
  });
});
