/**
 * End to end: a fault breaks a path, the learner repairs it in the terminal, the next probe
 * walks the repaired tables — and a rebuild from the scenario (faults first) keeps the repair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFromText, runProbe, type Lab } from '../../lab';
import { runCommand } from '../dispatch';
import { rebuildLab } from './replay';

const FLANNEL = readFileSync(join(__dirname, '../../../../public/scenarios/flannel-vxlan.yaml'), 'utf8');

function flannelWith(faults: string): Lab {
  const r = labFromText(FLANNEL.replace(/^probes:/m, `faults:\n${faults}\nprobes:`));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

const bigPing = { from: 'client', to: 'web-1', protocol: 'icmp' as const, size: 1400, df: true };

describe('repairing the mtu fault on flannel-vxlan', () => {
  it('a large DF ping fails, ip link set dev eth0 mtu 1500 on node1 repairs it', () => {
    const lab = flannelWith('  - { type: mtu, node: node1, device: eth0, mtu: 1400 }');
    const before = runProbe(lab, bigPing);
    expect(before.trace.verdict).toBe('dropped');
    // in the pod there is no NET_ADMIN
    const inPod = runCommand(before.lab, 'client', 'ip link set dev eth0 mtu 1500');
    expect(inPod).toMatchObject({ output: 'RTNETLINK answers: Operation not permitted', exitCode: 2 });
    const fixed = runCommand(before.lab, 'node1', 'ip link set dev eth0 mtu 1500');
    expect(fixed.exitCode).toBe(0);
    expect(runCommand(fixed.lab, 'node1', 'ip link show eth0').output).toContain('mtu 1500');
    const after = runProbe(fixed.lab, bigPing);
    expect(after.trace.verdict).toBe('delivered');
    // the repair is recorded and survives a rebuild from the scenario (the fault applies first)
    expect(fixed.lab.edits).toEqual([{ where: 'node1', argv: ['ip', 'link', 'set', 'dev', 'eth0', 'mtu', '1500'] }]);
    const rebuilt = rebuildLab(lab.scenario, fixed.lab.edits!);
    expect(rebuilt.ok && runProbe(rebuilt.lab, bigPing).trace.verdict).toBe('delivered');
  });

  it('the pod MTU fault: the pod cannot lower its own eth0', () => {
    const lab = flannelWith('  - { type: mtu, node: node1, pod: client, device: eth0, mtu: 1500 }');
    expect(runCommand(lab, 'client', 'ip link set eth0 mtu 1450').output).toBe('RTNETLINK answers: Operation not permitted');
  });
});

describe('repairing a deleted route', () => {
  it('ip route add puts back what the fault took', () => {
    const lab = flannelWith('  - { type: delete-route, node: node1, dst: 10.244.2.0/24 }');
    const ping = { from: 'client', to: 'web-1', protocol: 'icmp' as const, size: 56 };
    expect(runProbe(lab, ping).trace.verdict).not.toBe('delivered');
    const r = runCommand(lab, 'node1', 'ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(r).toMatchObject({ exitCode: 0, output: '' });
    expect(runCommand(r.lab, 'node1', 'ip route').output).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(runProbe(r.lab, ping).trace.verdict).toBe('delivered');
  });
});
