import { describe, expect, it } from 'vitest';
import { PROBE_USAGE, parseRunnerArgs, runProbeCli } from './runner';

const SCENARIO = `apiVersion: podpath/v1
kind: Scenario
metadata: { name: mtu-black-hole }
cluster:
  podMTU: 1500
  gateway: none
  nodes:
    - { name: node1, ip: 192.168.50.1 }
    - { name: node2, ip: 192.168.50.2 }
  pods:
    - { name: client, node: node1 }
    - { name: web-1, node: node2, ports: [8080] }
faults:
  - { type: mtu, node: node2, device: flannel.1, mtu: 1500 }
probes:
  - { id: big, from: client, to: web-1, protocol: icmp, size: 1472, df: true }
  - { id: big-again, from: client, to: web-1, protocol: icmp, size: 1472, df: true, timeout: 1 }
`;

const files: Record<string, string> = {
  'ok.yaml': SCENARIO,
  'bad.yaml': 'apiVersion: podpath/v1\nkind: Scenario\nmetadata: { name: x }\ncluster:\n  nodes:\n    - { name: n1, ip: 300.1.1.1 }\n',
};
const read = (f: string) => {
  if (!(f in files)) throw new Error('no such file');
  return files[f];
};

describe('runProbeCli --json', () => {
  it('prints one document with the probes in order and the refused fault', () => {
    const r = runProbeCli(['ok.yaml', '--json'], read);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.scenario).toBe('mtu-black-hole');
    expect(doc.faults).toEqual([
      {
        type: 'mtu',
        applied: false,
        command: 'ip link set flannel.1 mtu 1500 (on node2)',
        error: expect.stringMatching(/^RTNETLINK answers: Invalid argument/),
      },
    ]);
    expect(doc.probes.map((p: { id: string; reason: string }) => [p.id, p.reason])).toEqual([
      ['big', 'FRAG_NEEDED'],
      ['big-again', 'LOCAL_EMSGSIZE'],
    ]);
    expect(doc.probes[0].icmp).toEqual({ type: 3, code: 4, mtu: 1450, from: '10.244.1.1' });
    expect(doc.probes[1].localError).toBe('EMSGSIZE');
    expect(Object.keys(doc.probes[0].hops[0])).toEqual(['node', 'netns', 'device', 'kind', 'note']);
  });
});

describe('runProbeCli human output', () => {
  it('prints a warning for the refused fault and a block per probe', () => {
    const r = runProbeCli(['ok.yaml'], read);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('scenario mtu-black-hole: 2 probes');
    expect(lines[1]).toMatch(/^warning: fault mtu was not applied: ip link set flannel\.1 mtu 1500 \(on node2\): RTNETLINK answers: Invalid argument/);
    expect(lines).toContain('big: icmp client -> web-1 (1472 bytes, DF): rejected FRAG_NEEDED');
    expect(lines).toContain('big-again: icmp client -> web-1 (1472 bytes, DF, timeout 1s): rejected LOCAL_EMSGSIZE');
  });
});

describe('runProbeCli --exec', () => {
  it('prints exactly the command output after the probes ran (the cached PMTU is there)', () => {
    const r = runProbeCli(['ok.yaml', '--exec', 'client', '--', 'ip', 'route', 'get', '10.244.2.2'], read);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^10\.244\.2\.2 via 10\.244\.1\.1 dev eth0 src 10\.244\.1\.2 uid 0 \n {4}cache expires \d+sec mtu 1450 \n$/);
    expect(r.stderr).toMatch(/^warning: fault mtu was not applied/);
  });

  it('takes a whole command line as one argument, and exits non-zero for what is not modelled', () => {
    const nat = runProbeCli(['ok.yaml', '--exec', 'node1', '--', 'iptables-save -t nat'], read).stdout.split('\n');
    expect(nat.slice(0, 6)).toEqual([
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':FLANNEL-POSTRTG - [0:0]',
    ]);
    // kube-proxy prepends its jump; flanneld's comes after it
    expect(nat.filter((l) => l.startsWith('-A POSTROUTING'))).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    ]);
    expect(nat.slice(-2)).toEqual(['COMMIT', '']);
    const r = runProbeCli(['ok.yaml', '--exec', 'node1', '--', 'tcpdump', '-i', 'eth0'], read);
    expect(r).toMatchObject({ exitCode: 127, stdout: 'podpath: "tcpdump" is not modelled yet in this lab (type help for the list)\n' });
    expect(runProbeCli(['ok.yaml', '--exec', 'ghost', '--', 'ip', 'a'], read).exitCode).toBe(1);
  });
});

describe('runProbeCli errors (exit 2, one line each, no stack trace)', () => {
  it('reports a bad scenario as file:line: field: message', () => {
    expect(runProbeCli(['bad.yaml'], read)).toEqual({
      stdout: '',
      stderr: 'bad.yaml:6: cluster.nodes[0].ip: must be an IPv4 address like 10.244.1.5\n',
      exitCode: 2,
    });
  });

  it('reports an unreadable file and bad arguments', () => {
    expect(runProbeCli(['missing.yaml'], read)).toEqual({ stdout: '', stderr: 'missing.yaml: cannot read the file: no such file\n', exitCode: 2 });
    expect(runProbeCli([], read)).toEqual({ stdout: '', stderr: `probe: missing the scenario file\n${PROBE_USAGE}\n`, exitCode: 2 });
    expect(parseRunnerArgs(['a.yaml', '--exec', 'node1'])).toEqual({ error: '--exec needs a command after --' });
    expect(parseRunnerArgs(['a.yaml', '--json', '--exec', 'n', '--', 'ip', 'a'])).toEqual({ error: '--json and --exec do not go together' });
    expect(parseRunnerArgs(['a.yaml', '--frobnicate'])).toEqual({ error: 'unknown option --frobnicate' });
  });
});

describe('--compare', () => {
  const compareFiles: Record<string, string> = {
    'c.yaml': `apiVersion: podpath/v1
kind: Scenario
metadata: { name: cmp }
cluster:
  gateway: none
  nodes:
    - { name: node1, ip: 192.168.50.1 }
    - { name: node2, ip: 192.168.50.2 }
  pods:
    - { name: client, node: node1 }
    - { name: web-1, node: node2, ports: [8080] }
probes:
  - { id: cross, from: client, to: web-1, protocol: icmp }
`,
  };
  const readC = (f: string) => compareFiles[f];

  it('refuses unknown shapes and modes, naming the item', () => {
    expect(parseRunnerArgs(['c.yaml', '--compare', 'flannel/vxlan,weave/fast'])).toEqual({ error: expect.stringContaining('weave/fast: no CNI "weave"') });
    expect(parseRunnerArgs(['c.yaml', '--compare', 'flannel/bgp,flannel/vxlan'])).toEqual({ error: expect.stringContaining('flannel has no mode "bgp"') });
    expect(parseRunnerArgs(['c.yaml', '--compare', 'flannel/vxlan'])).toEqual({ error: expect.stringContaining('2 to 4 shapes') });
  });

  it('prints hops, overhead and the largest DF payload per shape, measured by the engine', () => {
    const r = runProbeCli(['c.yaml', '--compare', 'flannel/vxlan,flannel/host-gw'], readC);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/flannel\/vxlan\s+delivered DELIVERED\s+31\s+50 B\s+1422 B/);
    expect(r.stdout).toMatch(/flannel\/host-gw\s+delivered DELIVERED\s+25\s+0 B\s+1472 B/);
    const j = JSON.parse(runProbeCli(['c.yaml', '--compare', 'flannel/vxlan,flannel/host-gw', '--json'], readC).stdout);
    expect(j.shapes[0]).toMatchObject({ shape: 'flannel/vxlan', probes: [{ id: 'cross', verdict: 'delivered', overhead: 50, maxDfPayload: 1422 }] });
  });

  it('a shape that cannot build the scenario says why in its row', () => {
    const r = runProbeCli(['c.yaml', '--compare', 'flannel/vxlan,vpc/eni'], readC);
    expect(r.stdout).toMatch(/vpc\/eni\s+(not built|delivered)/);
  });
});

describe('--pcap', () => {
  it('hands the shell a libpcap file of every probe, and refuses --pcap with --exec', () => {
    const r = runProbeCli(['ok.yaml', '--pcap', 'out.pcap'], read);
    expect(r.exitCode).toBe(0);
    expect(r.files?.[0].path).toBe('out.pcap');
    const b = r.files![0].bytes;
    expect([...b.slice(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]); // magic 0xa1b2c3d4, little-endian
    expect(r.stdout).toMatch(/pcap: \d+ bytes written to out\.pcap/);
    expect(parseRunnerArgs(['ok.yaml', '--pcap', 'x', '--exec', 'node1', '--', 'ip', 'route'])).toEqual({
      error: expect.stringContaining('--pcap goes with the probes'),
    });
    expect(parseRunnerArgs(['ok.yaml', '--pcap'])).toEqual({ error: '--pcap needs a file name' });
  });
});
