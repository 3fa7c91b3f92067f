/**
 * Manifests into the lab: the source documents' own Pods, Services and NetworkPolicies
 * (public/manifests/seed-examples.yaml), a realistic `kubectl get -o yaml` export, workload
 * expansion and scheduling, and errors that name the document, the field and the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importManifests, formatManifestError } from './index';
import { parseScenario } from '../model/scenario';
import { createLab, runProbe } from '../lab-core';

const file = (n: string) => readFileSync(join(process.cwd(), 'public', 'manifests', n), 'utf8');
const NODES = [{ name: 'node1' }, { name: 'node2' }, { name: 'node3' }];
const ctx = { nodes: NODES, pods: [] };

function ok(text: string, c = ctx) {
  const r = importManifests(text, c);
  if (!r.ok) throw new Error(r.errors.map(formatManifestError).join('\n'));
  return r;
}

describe('importManifests', () => {
  it("imports the seeds' Pods, Services and NetworkPolicies", () => {
    const r = ok(file('seed-examples.yaml'));
    expect(r.objects.pods.map((p) => p.name)).toEqual(['multi-container-pod', 'my-pod']);
    expect(r.objects.pods[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(r.objects.pods[1].dnsConfig).toEqual({ nameservers: ['8.8.8.8'], searches: ['my-namespace.svc.cluster.local'] });
    expect(r.objects.services.map((s) => `${s.namespace}/${s.name} ${s.type}`)).toEqual(['default/my-service ClusterIP', 'production/api-service NodePort']);
    expect(r.objects.services[1].ports.map((p) => p.nodePort)).toEqual([30080, undefined]);
    expect(r.objects.networkPolicies).toHaveLength(6);
    expect(r.ignored).toEqual([]);
  });

  it('imports a kubectl get -o yaml List: server fields read past, workloads expanded and spread, other kinds listed as ignored', () => {
    const r = ok(file('kubectl-get-export.yaml'));
    const pods = r.objects.pods;
    const checkout = pods.filter((p) => p.labels.app === 'checkout');
    expect(checkout).toHaveLength(3);
    // pod-template-hash and a 5-character suffix, as the Deployment and ReplicaSet controllers name them
    for (const p of checkout) expect(p.name).toMatch(/^checkout-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(checkout.map((p) => p.labels['pod-template-hash'])).size).toBe(1);
    expect(checkout.map((p) => p.node)).toEqual(['node1', 'node2', 'node3']);
    const db = pods.filter((p) => p.labels.app === 'payments-db');
    expect(db.map((p) => [p.name, p.hostname, p.subdomain, p.libc])).toEqual([
      ['payments-db-0', 'payments-db-0', 'payments-db', 'musl'],
      ['payments-db-1', 'payments-db-1', 'payments-db', 'musl'],
    ]);
    expect(pods.filter((p) => p.labels.app === 'node-exporter').map((p) => [p.node, p.hostNetwork])).toEqual([
      ['node1', true],
      ['node2', true],
      ['node3', true],
    ]);
    expect(r.objects.services.map((s) => [s.name, s.clusterIP, s.ports[0].targetPort])).toEqual([
      ['checkout', '10.96.120.15', 'http'],
      ['payments-db', 'None', 5432],
    ]);
    expect(r.objects.namespaces).toEqual([{ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'payments' } }]);
    expect(r.ignored).toEqual([{ doc: 1, kind: 'ConfigMap', name: 'checkout-config', why: 'configuration data: no datapath effect in the lab' }]);
  });

  it('schedules by nodeSelector and taints, and leaves a pod nothing admits Pending, saying why', () => {
    const nodes = [
      { name: 'cp', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] },
      { name: 'w1', labels: { disk: 'ssd' } },
      { name: 'w2' },
    ];
    const r = ok(
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: fast }
spec:
  replicas: 2
  selector: { matchLabels: { app: fast } }
  template:
    metadata: { labels: { app: fast } }
    spec:
      nodeSelector: { disk: ssd }
      containers: [{ name: c, image: nginx }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]
      containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: nowhere }
spec:
  nodeSelector: { gpu: "true" }
  containers: [{ name: c, image: nginx }]
`,
      { nodes, pods: [] },
    );
    expect(r.objects.pods.filter((p) => p.labels.app === 'fast').map((p) => p.node)).toEqual(['w1', 'w1']);
    expect(r.objects.pods.filter((p) => p.labels.app === 'agent').map((p) => p.node)).toEqual(['cp', 'w1', 'w2']);
    expect(r.ignored.map((i) => i.why)).toEqual(["stays Pending: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."]);
  });

  it('names the document, the field and the line of every error', () => {
    const r = importManifests(
      `apiVersion: v1
kind: Service
metadata: { name: ok }
spec: { ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: other } }
    spec:
      containers:
        - name: c
          image: nginx
          ports:
            - containerPort: 70000
`,
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatManifestError)).toEqual([
      'document 2, line 11: spec.replicas: Invalid value: "two": must be a whole number',
      'document 2, line 14: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
      'document 2, line 20: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
  });

  it('refuses YAML that is not a manifest, naming the document', () => {
    const r = importManifests('apiVersion: v1\nkind: Pod\n---\n- just\n- a list\n---\nkind: [', ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.doc)).toContain(3);
  });

  it('property: any import either succeeds with unique pod names on known nodes or fails with located errors', () => {
    const doc = fc.record({
      kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'),
      name: fc.constantFrom('a', 'b', 'web', 'db'),
      replicas: fc.integer({ min: 0, max: 4 }),
      sel: fc.constantFrom('', 'x', 'disk'),
    });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 5 }), (docs) => {
        const text = docs
          .map(
            (d) =>
              `apiVersion: apps/v1\nkind: ${d.kind}\nmetadata: { name: ${d.name} }\nspec:\n  replicas: ${d.replicas}\n  selector: { matchLabels: { app: ${d.name} } }\n  template:\n    metadata: { labels: { app: ${d.name} } }\n    spec:\n      ${d.sel ? `nodeSelector: { ${d.sel}: "y" }\n      ` : ''}containers: [{ name: c, image: nginx }]\n`,
          )
          .join('---\n');
        const r = importManifests(text, { nodes: [{ name: 'node1' }, { name: 'node2', labels: { disk: 'y' } }], pods: [] });
        if (!r.ok) {
          for (const e of r.errors) expect(e.doc).toBeGreaterThan(0);
          return;
        }
        const names = r.objects.pods.map((p) => `${p.namespace}/${p.name}`);
        expect(new Set(names).size).toBe(names.length);
        for (const p of r.objects.pods) expect(['node1', 'node2']).toContain(p.node);
      }),
    );
  });
});

describe('a scenario with manifests', () => {
  it('merges them into its lists, and the lab serves them: a probe reaches a Deployment pod through its imported Service', () => {
    const yaml = `apiVersion: podpath/v1
kind: Scenario
metadata: { name: with-manifests }
cluster:
  cni: flannel
  mode: vxlan
  nodes:
    - { name: node1, ip: 192.168.1.10 }
    - { name: node2, ip: 192.168.1.11 }
    - { name: node3, ip: 192.168.1.12 }
  pods:
    - { name: client, node: node1 }
  manifests: |
${file('kubectl-get-export.yaml')
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
    const p = parseScenario(yaml);
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.scenario.cluster.manifests).toBe('');
    expect(p.scenario.cluster.pods.length).toBe(1 + 3 + 2 + 3);
    expect(p.notices).toEqual(['document 1: ConfigMap checkout-config ignored: configuration data: no datapath effect in the lab']);
    const lab = createLab(p.scenario);
    if (!lab.ok) throw new Error(JSON.stringify(lab.errors));
    const t = runProbe(lab.lab, { from: 'client', to: 'checkout.shop.svc.cluster.local:80', protocol: 'tcp' }).trace;
    expect(t.verdict).toBe('delivered');
    const backend = lab.lab.cluster.pods.find((x) => `${x.ip}:8080` === t.backend);
    expect(backend?.name).toMatch(/^checkout-/);
  });

  it('puts a manifest error on the scenario file’s own line', () => {
    const yaml = `apiVersion: podpath/v1
kind: Scenario
metadata: { name: bad-manifest }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10 }]
  manifests: |
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec:
      ports: [{ port: 99999 }]
`;
    const p = parseScenario(yaml);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.errors[0]).toMatchObject({ path: 'cluster.manifests', line: 11 });
  });
});
