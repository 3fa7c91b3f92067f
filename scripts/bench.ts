/**
 * `npm run bench` (npx tsx scripts/bench.ts): how fast the engine is, in numbers a person
 * can read. Probes per second for pod→pod cross-node ICMP on a 3-node and a 100-node flannel
 * VXLAN cluster (runProbe looped on one evolving lab), and the time createLab takes for a
 * 100-node × 50-pod cluster, and a probe through a Service on clusters with 10 and 5,000
 * Services for each kube-proxy mode: iptables walks KUBE-SERVICES rule by rule (the bench
 * prints how many rules one connection evaluated); IPVS and nftables look the address up in a
 * hash, so their time should stay flat. Timing lives here, never in tests.
 */
import { performance } from 'node:perf_hooks';
import { createLab, runProbe, type Lab, type ProbeSpec, type Scenario } from '../src/engine';
import { validateScenario } from '../src/engine/io';

const PROBE_MS = Number(process.env.BENCH_MS ?? 1500);

/** A validated scenario (schema defaults filled in), so timing covers createLab only. */
function scenario(nodes: number, podsPerNode: number): Scenario {
  const ns = Array.from({ length: nodes }, (_, i) => ({ name: `node${i + 1}`, ip: `192.168.1.${i + 11}` }));
  const pods = ns.flatMap((n, i) => Array.from({ length: podsPerNode }, (_, j) => ({ name: `pod-${i + 1}-${j + 1}`, node: n.name })));
  const v = validateScenario({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: `bench-${nodes}x${podsPerNode}` },
    cluster: { cni: 'flannel', mode: 'vxlan', podCIDR: '10.244.0.0/16', nodes: ns, pods },
  });
  if (!v.ok) throw new Error(`bench scenario is invalid: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return v.scenario;
}

function build(sc: Scenario): Lab {
  const r = createLab(sc);
  if (!r.ok) throw new Error(`bench scenario does not build: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.lab;
}

/** Loops cross-node pings (first node's pods → last node's pods, round robin) for PROBE_MS. */
function probesPerSecond(nodes: number): { rate: number; n: number; verdicts: string } {
  let lab = build(scenario(nodes, 2));
  const probes: ProbeSpec[] = [1, 2].flatMap((a) =>
    [1, 2].map((b) => ({ from: `pod-1-${a}`, to: `pod-${nodes}-${b}`, protocol: 'icmp' as const, timeout: 1 })),
  );
  const verdicts = new Map<string, number>();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < PROBE_MS) {
    for (let i = 0; i < 20; i++, n++) {
      const r = runProbe(lab, probes[n % probes.length]);
      lab = r.lab;
      verdicts.set(r.trace.verdict, (verdicts.get(r.trace.verdict) ?? 0) + 1);
    }
    t = performance.now();
  }
  return { rate: (n * 1000) / (t - t0), n, verdicts: [...verdicts].map(([v, c]) => `${v} ${c}`).join(', ') };
}

function buildTime(nodes: number, pods: number, runs = 3): { median: number; pods: number } {
  const sc = scenario(nodes, pods);
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    count = build(sc).cluster.pods.length;
    times.push(performance.now() - t0);
  }
  return { median: times.sort((a, b) => a - b)[Math.floor(runs / 2)], pods: count };
}

/** A 3-node cluster with `services` Services (each one pod behind it) and a client; the probe goes to the last Service. */
function serviceLab(services: number, mode: 'iptables' | 'ipvs' | 'nftables'): Lab {
  const nodes = [1, 2, 3].map((i) => ({ name: `node${i}`, ip: `192.168.1.${10 + i}` }));
  const pods = [
    { name: 'client', node: 'node1' },
    ...Array.from({ length: 3 }, (_, i) => ({ name: `web-${i}`, node: `node${i + 1}`, labels: { app: 'web' }, ports: [8080] })),
  ];
  const svcs = Array.from({ length: services }, (_, i) => ({
    name: `svc-${i}`,
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 8080 }],
  }));
  const v = validateScenario({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: `bench-svc-${services}-${mode}` },
    cluster: { cni: 'flannel', mode: 'vxlan', kubeProxy: mode, nodes, pods, services: svcs },
  });
  if (!v.ok) throw new Error(v.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return build(v.scenario);
}

/** Median ms of one TCP connection to the last Service's ClusterIP (a fresh connection each time), and the rules it walked. */
function serviceProbe(services: number, mode: 'iptables' | 'ipvs' | 'nftables'): { ms: number; rules: number; verdict: string } {
  let lab = serviceLab(services, mode);
  const vip = lab.cluster.api.services.find((s) => s.name === `svc-${services - 1}`)!.clusterIP as string;
  const times: number[] = [];
  let rules = 0;
  let verdict = '';
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const r = runProbe(lab, { from: 'client', to: `${vip}:80`, protocol: 'tcp', timeout: 1 });
    times.push(performance.now() - t0);
    lab = r.lab;
    rules = r.trace.rulesEvaluated ?? 0;
    verdict = r.trace.verdict;
  }
  return { ms: times.sort((a, b) => a - b)[15], rules, verdict };
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

let failed = false;
function line(label: string, f: () => string): void {
  try {
    console.log(`  ${label}: ${f()}`);
  } catch (e) {
    failed = true;
    console.log(`  ${label}: FAILED (${(e as Error).message})`);
  }
}

console.log(`podpath engine bench (node ${process.version}, ${PROBE_MS} ms per probe loop)`);
for (const nodes of [3, 100]) {
  line(`${String(nodes).padStart(3)}-node flannel vxlan, pod→pod cross-node icmp`, () => {
    const r = probesPerSecond(nodes);
    return `${fmt(r.rate).padStart(8)} probes/s  (${fmt(r.n)} probes: ${r.verdicts})`;
  });
}
line('createLab, 100 nodes × 50 pods', () => {
  const b = buildTime(100, 50);
  return `${fmt(b.median, 1)} ms (median of 3; ${fmt(b.pods)} pods)`;
});
for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
  line(`probe through a Service, kube-proxy ${mode}, 10 vs 5,000 Services`, () => {
    const small = serviceProbe(10, mode);
    const big = serviceProbe(5000, mode);
    const ratio = big.ms / small.ms;
    const rules = mode === 'iptables' ? `; netfilter rules walked ${fmt(small.rules)} vs ${fmt(big.rules)}` : '';
    return `${fmt(small.ms, 2)} ms vs ${fmt(big.ms, 2)} ms (×${fmt(ratio, 2)}; ${small.verdict}/${big.verdict})${rules}`;
  });
}
process.exit(failed ? 1 : 0);
