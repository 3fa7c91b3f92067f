/**
 * Large manifest imports (issue 10 size checks): a node holds the kubelet's 110 pods, the rest
 * of a big workload waits as one Pending line, every replica gets its own name, and an import
 * asking for more pods than the lab reads is refused at the document that crossed the line —
 * fast. Here and not beside src/engine/manifests because it reads the clock to time them.
 */
import { describe, expect, it } from 'vitest';
import { formatManifestError, importManifests, MAX_IMPORT_PODS } from '../../src/engine/manifests';
import { MAX_PODS_PER_NODE } from '../../src/engine/model/shapes';
import { nameSuffix } from '../../src/engine/manifests/workloads';

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: c, image: nginx }] }
`;
const ctx = { nodes: [{ name: 'node1' }, { name: 'node2' }], pods: [] };

describe('large manifest imports', () => {
  it('1000 replicas: 110 pods per node with distinct names, the rest one Pending line', () => {
    const t0 = performance.now();
    const r = importManifests(deployment('big', 1000), ctx);
    expect(performance.now() - t0).toBeLessThan(2000);
    if (!r.ok) throw new Error(r.errors.map(formatManifestError).join('\n'));
    expect(r.objects.pods).toHaveLength(2 * MAX_PODS_PER_NODE);
    expect(new Set(r.objects.pods.map((p) => p.name)).size).toBe(2 * MAX_PODS_PER_NODE);
    expect(r.objects.pods.filter((p) => p.node === 'node1')).toHaveLength(MAX_PODS_PER_NODE);
    expect(r.ignored).toHaveLength(1);
    expect(r.ignored[0].name).toMatch(/^big-\w+-\w{5} and 779 more$/);
    expect(r.ignored[0].why).toBe('stays Pending: 0/2 nodes are available: 2 Too many pods.');
  });

  it('a small Deployment keeps the names it always had', () => {
    const r = importManifests(deployment('web', 3), ctx);
    if (!r.ok) throw new Error('refused');
    const rs = r.objects.pods[0].name.replace(/-\w{5}$/, '');
    expect(r.objects.pods.map((p) => p.name)).toEqual([0, 1, 2].map((i) => `${rs}-${nameSuffix(`Deployment/${rs}`, i)}`));
  });

  it(`more than ${MAX_IMPORT_PODS} pods asked for: refused at the document that crossed the line, quickly`, () => {
    // (the YAML parser reads every document first: its time grows with the text, not the pods)
    const text = Array.from({ length: 10 }, (_, i) => deployment(`d${i}`, 1000)).join('---\n');
    const t0 = performance.now();
    const r = importManifests(text, ctx);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatManifestError)).toEqual([
      `document 3, line 25: spec.replicas: Forbidden: the manifests ask for more than ${MAX_IMPORT_PODS} pods, more than the lab reads from one import`,
    ]);
  });
});
