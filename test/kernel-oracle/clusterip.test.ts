/**
 * The kernel oracle's clusterip section replayed on the engine (cases/clusterip): a ClusterIP
 * DNATed 50/50 to pod-b (same node as the client) and pod-c (the other node), curled in rounds
 * with bridge-nf-call-iptables on and off, from the node without rules, and from pod-b itself
 * with hairpin off and on. The kernel's picks are random, so the facts are the ones that hold
 * for every pick: which backend fails and why, who the backend sees as the client, the
 * conntrack lines, the dump. Both the oracle's hand-written rules and the lab's own kube-proxy
 * must give them; the engine's picks are checked over many seeds to be 50/50.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab, runProbe, type FaultSpec, type Lab, type Trace } from '../../src/engine';
import { labFromText } from '../../src/engine/io';
import { runCommand } from '../../src/engine/cli';
import { CASES_DIR } from './fixtures';

interface Round {
  readonly attempts: number;
  readonly 'served_by_pod-b': number;
  readonly 'served_by_pod-c': number;
  readonly failed: number;
  readonly log: string;
  readonly node1_conntrack: string;
}
const oracle = JSON.parse(readFileSync(join(CASES_DIR, 'clusterip/clusterip.expect.json'), 'utf8')) as {
  node1IptablesSaveNat: string;
  direct: Record<string, string>;
  rounds: Record<string, Round>;
};

const SCENARIOS = ['clusterip.yaml', 'clusterip-kube-proxy.yaml'].map((f) => [f, readFileSync(join(CASES_DIR, 'clusterip', f), 'utf8')] as const);

function base(yaml: string): Lab {
  const r = labFromText(yaml);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.lab;
}

/** The lab with extra faults (run.sh's sysctl and `bridge link set … hairpin` between rounds) and a seed. */
function variant(lab: Lab, faults: FaultSpec[], seed: number): Lab {
  const r = createLab({ ...lab.scenario, cluster: { ...lab.scenario.cluster, seed }, faults: [...lab.scenario.faults, ...faults] });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.lab;
}

interface Attempt {
  readonly trace: Trace;
  /** the endpoint the DNAT picked (from the nat hop), whether the connection got anywhere or not */
  readonly picked: string | undefined;
  readonly served: string | undefined;
  readonly client: string | undefined;
}

/** curl_round: N curls -m 0.8 to the ClusterIP from `client`; conntrack -L on node1 at the end. */
function round(lab: Lab, client: string, n: number): { attempts: Attempt[]; conntrack: string[]; lab: Lab } {
  let cur = lab;
  const attempts: Attempt[] = [];
  for (let i = 0; i < n; i++) {
    const r = runProbe(cur, { from: client, to: '10.96.0.100:80', protocol: 'http', timeout: 0.8 });
    cur = r.lab;
    const nat = r.trace.hops.find((h) => h.kind === 'nat' && h.rewrite && h.rewrite.before.dst === '10.96.0.100');
    const body = r.trace.http?.body ?? '';
    const m = /^(\S+) client=(\S+):\d+/.exec(body);
    attempts.push({ trace: r.trace, picked: nat?.rewrite?.after.dst, served: m?.[1], client: m?.[2] });
  }
  const ct = runCommand(cur, 'node1', 'conntrack -L -p tcp --orig-dst 10.96.0.100');
  const conntrack = ct.exitCode === 0 ? ct.output.split('\n').filter((l) => l.startsWith('tcp')) : [];
  return { attempts, conntrack, lab: cur };
}

const B = '10.244.1.3';
const C = '10.244.2.2';
const shape = (line: string) =>
  line
    .replace(/sport=\d+/g, 'sport=N')
    .replace(/dport=(?!80 |8080 )\d+/g, 'dport=N')
    .replace(/^tcp +6 \d+/, 'tcp 6 T');

for (const [file, yaml] of SCENARIOS) {
  describe(`kernel oracle clusterip (${file})`, () => {
    const lab = base(yaml);

    it('direct curls to the backends see the client address unchanged (no NAT)', () => {
      for (const [key, body] of Object.entries(oracle.direct)) {
        const to = key.endsWith('pod-b:8080') ? `${B}:8080` : `${C}:8080`;
        const r = runProbe(lab, { from: 'pod-a', to, protocol: 'http', timeout: 2 });
        expect(r.trace.http?.body.replace(/:\d+\n$/, '')).toBe(body.replace(/:\d+$/, ''));
      }
    });

    it('pod-a, bridge-nf-call-iptables=1: every attempt is served, by both backends, and they see pod-a itself', () => {
      const k = oracle.rounds['pod-a_brnf_on'];
      const { attempts, conntrack } = round(variant(lab, [], 1), 'pod-a', k.attempts);
      expect(attempts.filter((a) => !a.served)).toHaveLength(k.failed);
      expect(new Set(attempts.map((a) => a.served))).toEqual(new Set(['pod-b', 'pod-c']));
      expect(attempts.every((a) => a.client === '10.244.1.2')).toBe(true);
      // conntrack -L: the same lines as the kernel's, ports aside (TIME_WAIT, reply from the backend, ASSURED)
      const kernelShapes = new Set(k.node1_conntrack.split('\n').map(shape));
      expect(conntrack).toHaveLength(k.attempts);
      for (const line of conntrack) expect(kernelShapes.has(shape(line)), line).toBe(true);
    });

    it('pod-a, bridge-nf-call-iptables=0: the same-node backend never answers (its reply is bridged past conntrack); the other node serves', () => {
      const k = oracle.rounds['pod-a_brnf_off'];
      expect(k['served_by_pod-b']).toBe(0);
      for (let seed = 1; seed <= 5; seed++) {
        const { attempts, conntrack } = round(
          variant(lab, [{ type: 'sysctl', node: 'node1', key: 'net.bridge.bridge-nf-call-iptables', value: 0 }], seed),
          'pod-a',
          k.attempts,
        );
        for (const a of attempts) {
          // pod-a gets a SYN-ACK from 10.244.1.3, not from the ClusterIP it called: no socket, so it answers RST; curl times out
          if (a.picked === B) expect(a.trace).toMatchObject({ verdict: 'dropped', reason: 'NO_SOCKET' });
          else expect(a.served).toBe('pod-c');
        }
        // the kernel left SYN_SENT [UNREPLIED] entries pointing at pod-b for the failed ones
        const unreplied = conntrack.filter((l) => l.includes('[UNREPLIED]'));
        expect(unreplied).toHaveLength(attempts.filter((a) => a.picked === B).length);
        for (const l of unreplied) expect(shape(l)).toBe(shape(k.node1_conntrack.split('\n').find((x) => x.includes('UNREPLIED'))!));
      }
    });

    it('pod-c on node2: node2 has no rule for the ClusterIP, so nothing is served (kernel: ICMP net unreachable, then rate-limited)', () => {
      const k = oracle.rounds['pod-c_from_node2'];
      const { attempts } = round(variant(lab, [], 1), 'pod-c', k.attempts);
      expect(attempts.filter((a) => a.served)).toHaveLength(k['served_by_pod-b'] + k['served_by_pod-c']);
      // the kernel's first two attempts got "Net Unreachable" (curl rc 7) before icmp_ratelimit kicked in;
      // the lab does not model ICMP rate limiting, so every attempt gets it
      expect(k.log.split('\n')[0]).toMatch(/rc=7/);
      for (const a of attempts)
        expect(a.trace).toMatchObject({ verdict: 'rejected', reason: 'NET_UNREACHABLE', icmp: { type: 3, code: 0, from: '10.244.2.1' } });
    });

    it('pod-b to itself through the ClusterIP with hairpin off: its own pick is lost at the bridge; pod-c sees pod-b', () => {
      const k = oracle.rounds['hairpin_pod-b_hairpin_off'];
      expect(k['served_by_pod-b']).toBe(0);
      for (let seed = 1; seed <= 5; seed++) {
        const { attempts } = round(variant(lab, [], seed), 'pod-b', k.attempts);
        for (const a of attempts) {
          if (a.picked === B) expect(a.trace.verdict).toBe('dropped');
          else expect(a).toMatchObject({ served: 'pod-c', client: B });
        }
      }
    });

    it('with hairpin on, pod-b serves itself and sees the bridge address (the SEP rule masquerades hairpin traffic)', () => {
      const k = oracle.rounds['hairpin_pod-b_hairpin_on'];
      expect(k.failed).toBe(0);
      expect(k.log).toMatch(/pod-b client=10\.244\.1\.1:/);
      const { attempts } = round(variant(lab, [{ type: 'hairpin', node: 'node1', pod: 'pod-b', on: true }], 2), 'pod-b', k.attempts);
      expect(attempts.filter((a) => !a.served)).toHaveLength(0);
      for (const a of attempts) expect(a.client).toBe(a.served === 'pod-b' ? '10.244.1.1' : B);
      expect(attempts.some((a) => a.served === 'pod-b')).toBe(true);
    });

    it('picks each backend half the time across seeds (-m statistic --probability 0.5)', () => {
      let b = 0;
      const n = 400;
      for (let seed = 0; seed < n; seed++) {
        const r = runProbe(variant(lab, [], seed), { from: 'pod-a', to: '10.96.0.100:80', protocol: 'http', timeout: 0.8 });
        if (r.trace.http?.body.startsWith('pod-b')) b++;
      }
      // binomial(400, 0.5): mean 200, sd 10; ±50 is five standard deviations
      expect(Math.abs(b - n / 2)).toBeLessThan(50);
    });
  });
}

it("the hand-written rules dump exactly as the kernel's iptables-save printed them", () => {
  const lab = base(SCENARIOS[0][1]);
  expect(runCommand(lab, 'node1', 'iptables-save -t nat').output).toBe(oracle.node1IptablesSaveNat);
});
