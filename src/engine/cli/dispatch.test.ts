import { describe, expect, it } from 'vitest';
import { completionWords, runCommand, SUPPORTED_COMMANDS } from './dispatch';
import { oracleLab } from './test-helpers';
import { tokenize } from './tokenize';

describe('tokenize (POSIX quoting, no operators)', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(tokenize(`  ip  -d link show 'flannel.1'  `)).toEqual({ ok: true, argv: ['ip', '-d', 'link', 'show', 'flannel.1'] });
    expect(tokenize(`curl "http://a/b c" it\\'s ""`)).toEqual({ ok: true, argv: ['curl', 'http://a/b c', "it's", ''] });
    expect(tokenize(`echo "a \\"q\\" \\$x" # comment`)).toEqual({ ok: true, argv: ['echo', 'a "q" $x'] });
    expect(tokenize('')).toEqual({ ok: true, argv: [] });
  });

  it('reports unterminated quotes and shell operators instead of ignoring them', () => {
    expect(tokenize(`echo 'oops`)).toMatchObject({ ok: false });
    expect(tokenize('ip route | grep flannel')).toEqual({
      ok: false,
      error: 'podpath: shell operators (|) are not modelled in this lab: run one command at a time',
    });
    expect(tokenize('ip a > out')).toMatchObject({ ok: false });
    expect(tokenize('echo $(hostname)')).toMatchObject({ ok: false });
    expect(tokenize("grep 'a|b'")).toEqual({ ok: true, argv: ['grep', 'a|b'] });
  });
});

describe('runCommand', () => {
  const lab = oracleLab();

  it('runs on a node, a pod, or namespace/pod', () => {
    expect(runCommand(lab, 'node1', 'hostname').output).toBe('node1');
    expect(runCommand(lab, 'pod-a', 'hostname').output).toBe('pod-a');
    expect(runCommand(lab, 'default/pod-c', 'hostname -i').output).toBe('10.244.2.2');
    expect(runCommand(lab, 'node2', 'hostname -I').output).toBe('192.168.50.2 10.244.2.1 10.244.2.0 ');
    expect(runCommand(lab, 'nowhere', 'hostname')).toMatchObject({ exitCode: 1, output: 'podpath: "nowhere" is not a node or pod in this lab' });
  });

  it('answers 127 for what the lab does not model, never inventing output', () => {
    expect(runCommand(lab, 'pod-a', 'ss -tln')).toMatchObject({
      exitCode: 127,
      output: 'podpath: "ss" is not modelled yet in this lab (type help for the list)',
    });
    // (ip route add|del|replace are repairs now: cli/repair; append is not modelled)
    expect(runCommand(lab, 'node1', 'ip route append 10.0.0.0/8 dev eth0')).toMatchObject({
      exitCode: 127,
      output: 'podpath: "ip route append" is not modelled yet in this lab',
    });
    expect(runCommand(lab, 'node1', 'bridge vlan show').exitCode).toBe(127);
  });

  it('says plainly which commands run on a node only', () => {
    for (const cmd of ['bridge fdb show', 'iptables -L', 'iptables-save']) {
      const r = runCommand(lab, 'pod-a', cmd);
      expect(r.exitCode).toBe(1);
      expect(r.output).toMatch(/runs on a node in this lab .* open a terminal on node node1$/);
    }
    expect(runCommand(lab, 'pod-a', 'kubectl get nodes').exitCode).toBe(0);
  });

  it('accepts sudo and empty lines, and reports quoting errors', () => {
    expect(runCommand(lab, 'node1', 'sudo hostname').output).toBe('node1');
    expect(runCommand(lab, 'node1', '   ')).toMatchObject({ exitCode: 0, output: '' });
    expect(runCommand(lab, 'node1', 'ip "a').exitCode).toBe(2);
  });

  it('returns the lab unchanged for reading commands and changed for probing ones', () => {
    expect(runCommand(lab, 'node1', 'ip route').lab).toBe(lab);
    const r = runCommand(lab, 'pod-a', 'ping -c 2 10.244.2.2');
    expect(r.lab).not.toBe(lab);
    expect(r.traces.map((t) => t.verdict)).toEqual(['delivered', 'delivered']);
  });

  it('lists the supported commands and their words for tab completion', () => {
    expect(SUPPORTED_COMMANDS).toEqual([
      'ip',
      'bridge',
      'iptables',
      'iptables-save',
      'ping',
      'tracepath',
      'traceroute',
      'curl',
      'hostname',
      'ipvsadm',
      'ipset',
      'nft',
      'cat',
      'dig',
      'nslookup',
      'getent',
      'calicoctl',
      'cilium-dbg',
      'hubble',
      'kubectl',
      'conntrack',
      'wg',
      'help',
    ]);
    expect(completionWords('ip')).toContain('route');
    expect(completionWords('nope')).toEqual([]);
    // a shape's own tool exists only on that shape, as on a node without it installed
    expect(runCommand(lab, 'node1', 'calicoctl node status')).toMatchObject({ output: 'bash: calicoctl: command not found', exitCode: 127 });
    const help = runCommand(lab, 'node1', 'help').output;
    for (const c of SUPPORTED_COMMANDS) expect(help).toContain(`  ${c}`);
  });
});

describe('bridge fdb show', () => {
  it("lists cni0's own and its ports' addresses, then flannel.1's VTEP entry (oracle form with dev filter)", () => {
    const lab = oracleLab();
    const ns = lab.cluster.netns.node1;
    const vtep = ns.fdb[0];
    expect(runCommand(lab, 'node1', 'bridge fdb show dev flannel.1').output).toBe(`${vtep.mac} dst 192.168.50.2 self permanent`);
    const lines = runCommand(lab, 'node1', 'bridge fdb show').output.split('\n');
    const cni0 = ns.interfaces.find((d) => d.name === 'cni0')!;
    const ports = ns.interfaces.filter((d) => d.master === 'cni0');
    expect(lines).toEqual([
      `${cni0.mac} dev cni0 master cni0 permanent`,
      `${vtep.mac} dev flannel.1 dst 192.168.50.2 self permanent`,
      ...ports.map((p) => `${p.mac} dev ${p.name} master cni0 permanent`),
    ]);
  });

  it('adds addresses the bridge learned from traffic, and loses the entry a fault deleted', () => {
    const lab = runCommand(oracleLab(), 'pod-a', 'ping -c 1 10.244.1.3').lab;
    const podB = lab.cluster.netns['pod:default/pod-b'].interfaces[1];
    const port = lab.cluster.netns.node1.interfaces.find((d) => d.peer?.netns === 'pod:default/pod-b')!;
    expect(runCommand(lab, 'node1', 'bridge fdb show br cni0').output).toContain(`${podB.mac} dev ${port.name} master cni0 `);
    const broken = oracleLab({ faults: '[{ type: delete-fdb, node: node1, device: flannel.1, peer: node2 }]' });
    expect(runCommand(broken, 'node1', 'bridge fdb show dev flannel.1').output).toBe('');
  });
});
