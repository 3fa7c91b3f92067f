import { describe, expect, it } from 'vitest';
import { labFromObject, type Lab } from '../lab';
import { runCommand } from './dispatch';

function lab(cni: string): Lab {
  const r = labFromObject({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: 'rules' },
    cluster: {
      cni,
      nodes: [{ name: 'node1', ip: '10.0.1.10', subnet: '10.0.0.0/20', instanceType: 't3.nano' }],
      pods: [
        { name: 'a', node: 'node1' },
        { name: 'b', node: 'node1' },
      ],
    },
    probes: [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

describe('ip rule', () => {
  it('prints the kernel defaults on a namespace without rules of its own', () => {
    expect(runCommand(lab('flannel'), 'node1', 'ip rule').output).toBe(
      '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default',
    );
    expect(runCommand(lab('flannel'), 'a', 'ip rule show').exitCode).toBe(0);
  });
  it('lists rules by priority, equal priorities in insertion order (t3.nano: 1 pod address per ENI)', () => {
    const l = lab('vpc');
    const [a, b] = ['a', 'b'].map((n) => l.cluster.pods.find((p) => p.name === n)!.ip);
    const out = runCommand(l, 'node1', 'ip ru list').output.split('\n');
    expect(out.filter((x) => x.startsWith('512:'))).toEqual([`512:\tfrom all to ${a} lookup main`, `512:\tfrom all to ${b} lookup main`]);
    expect(out.indexOf(`1536:\tfrom ${b} lookup 2`)).toBeGreaterThan(out.indexOf('1024:\tfrom all fwmark 0x80/0x80 lookup main'));
  });
  it('edits are not modelled', () => {
    expect(runCommand(lab('vpc'), 'node1', 'ip rule add from 1.2.3.4 lookup 5').exitCode).toBe(127);
  });
});

describe('ip route show table', () => {
  const l = lab('vpc');
  it('prints a numbered table, main as main, an empty table as nothing', () => {
    expect(runCommand(l, 'node1', 'ip route show table 2').output).toBe('default via 10.0.0.1 dev eth1 \n10.0.0.1 dev eth1 scope link ');
    expect(runCommand(l, 'node1', 'ip route show table main').output).toBe(runCommand(l, 'node1', 'ip route').output);
    expect(runCommand(l, 'node1', 'ip route show table 7')).toMatchObject({ output: '', exitCode: 0 });
  });
  it('refuses a bad table id as iproute2 does, and leaves local/all to notModelled', () => {
    expect(runCommand(l, 'node1', 'ip route show table bogus')).toMatchObject({
      output: 'Error: argument "bogus" is wrong: table id value is invalid',
      exitCode: 255,
    });
    expect(runCommand(l, 'node1', 'ip route show table local').exitCode).toBe(127);
  });
});
