import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../dispatch';
import { oracleLab } from '../test-helpers';
import { mtuLimits, mtuRefusal } from './ip-link-set';
import { parseRouteArgs } from './ip-route-edit';

const lab = oracleLab();
const run = (where: string, line: string, l = lab) => runCommand(l, where, line);

describe('ip link set', () => {
  it('changes the MTU the next ip link shows and records the edit', () => {
    const r = run('node1', 'ip link set flannel.1 mtu 1400');
    expect(r).toMatchObject({ exitCode: 0, output: '' });
    expect(run('node1', 'ip link show flannel.1', r.lab).output).toContain('mtu 1400');
    expect(r.lab.edits).toEqual([{ where: 'node1', argv: ['ip', 'link', 'set', 'flannel.1', 'mtu', '1400'] }]);
  });
  it('refuses per device kind, as dev_validate_mtu and vxlan_change_mtu do', () => {
    expect(run('node1', 'ip link set dev eth0 mtu 65536')).toMatchObject({ output: 'Error: mtu greater than device maximum.', exitCode: 2 });
    expect(run('node1', 'ip link set dev eth0 mtu 67')).toMatchObject({ output: 'Error: mtu less than device minimum.', exitCode: 2 });
    expect(run('node1', 'ip link set flannel.1 mtu 1451')).toMatchObject({ output: 'RTNETLINK answers: Invalid argument', exitCode: 2 });
    expect(run('node1', 'ip link set dev nope mtu 1400')).toMatchObject({ output: 'Cannot find device "nope"', exitCode: 1 });
    expect(run('pod-a', 'ip link set eth0 mtu 1400')).toMatchObject({ output: 'RTNETLINK answers: Operation not permitted', exitCode: 2 });
    const ns = lab.cluster.netns.node1;
    expect(mtuLimits(ns.interfaces.find((d) => d.name === 'lo')!)).toEqual({ min: 0, max: 0 });
    expect(
      mtuRefusal(
        ns,
        ns.interfaces.find((d) => d.name === 'flannel.1')!,
        1450,
      ),
    ).toBeUndefined();
  });
  it('down removes the device routes and ARP entries; up brings back only the prefix routes', () => {
    const down = run('node1', 'ip link set flannel.1 down');
    const routes = run('node1', 'ip route', down.lab).output;
    expect(routes).not.toContain('flannel.1');
    expect(run('node1', 'ip neigh show dev flannel.1', down.lab).output).toBe('');
    expect(run('node1', 'ip link show flannel.1', down.lab).output).toContain('state DOWN');
    const up = run('node1', 'ip link set flannel.1 up', down.lab);
    // flannel.1 has a /32 address: no prefix route, and flanneld's routes do not come back by themselves
    expect(run('node1', 'ip route', up.lab).output).not.toContain('flannel.1');
  });
});

describe('ip route add|del|replace', () => {
  it('answers with the kernel refusals', () => {
    expect(run('node1', 'ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink').output).toBe('RTNETLINK answers: File exists');
    expect(run('node1', 'ip route del 10.9.0.0/16').output).toBe('RTNETLINK answers: No such process');
    expect(run('node1', 'ip route add 10.9.0.0/16 via 10.1.1.1').output).toBe('Error: Nexthop has invalid gateway.');
    expect(run('node1', 'ip route add 10.9.0.0/16 via 192.168.50.2 dev flannel.1').output).toBe('Error: Nexthop has invalid gateway.');
    expect(run('node1', 'ip route add 10.9.0.0/16 via 192.168.50.2 onlink').output).toBe('Error: Nexthop device required for onlink.');
    expect(run('node1', 'ip route add 10.9.0.5/16 dev eth0').output).toBe('Error: Invalid prefix for given prefix length.');
    expect(run('node1', 'ip route add nonsense dev eth0')).toMatchObject({
      output: 'Error: any valid prefix is expected rather than "nonsense".',
      exitCode: 1,
    });
    expect(run('pod-a', 'ip route add 10.9.0.0/16 dev eth0').output).toBe('RTNETLINK answers: Operation not permitted');
  });
  it('add with a gateway finds the device; replace swaps in place; the route is walked', () => {
    const a = run('node1', 'ip route add 10.9.0.0/16 via 192.168.50.2 mtu 1400');
    expect(run('node1', 'ip route', a.lab).output).toContain('10.9.0.0/16 via 192.168.50.2 dev eth0 mtu 1400 ');
    expect(run('node1', 'ip route get 10.9.1.1', a.lab).output).toContain('10.9.1.1 via 192.168.50.2 dev eth0');
    const b = run('node1', 'ip route replace 10.9.0.0/16 dev eth0', a.lab);
    expect(run('node1', 'ip route', b.lab).output).toContain('10.9.0.0/16 dev eth0 scope link ');
    expect(parseRouteArgs(['blackhole', '10.1.0.0/16'])).toMatchObject({ ok: true, req: { type: 'blackhole' } });
  });
  it('property: add then del of a new prefix leaves the table as it was', () => {
    const before = run('node1', 'ip route').output;
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 200 }), fc.integer({ min: 8, max: 32 }), fc.boolean(), (octet, prefix, viaGw) => {
        const net = `${octet}.${prefix >= 16 ? 7 : 0}.0.0/${prefix}`;
        const add = run('node1', `ip route add ${net} ${viaGw ? 'via 192.168.50.2' : 'dev eth0'}`);
        expect(add.exitCode).toBe(0);
        const del = run('node1', `ip route del ${net}`, add.lab);
        expect(del.exitCode).toBe(0);
        expect(run('node1', 'ip route', del.lab).output).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});

describe('ip neigh and bridge fdb', () => {
  it('put back the VTEP entries flannel wrote', () => {
    const broken = oracleLab({ faults: '[{ type: delete-fdb, node: node1, device: flannel.1, peer: node2 }]' });
    const mac = /^(\S+) dst 192\.168\.50\.2/m.exec(run('node1', 'bridge fdb show dev flannel.1').output)![1];
    expect(run('node1', 'bridge fdb show dev flannel.1', broken).output).not.toContain(mac);
    const fixed = run('node1', `bridge fdb append ${mac} dev flannel.1 dst 192.168.50.2 self permanent`, broken);
    expect(fixed.exitCode).toBe(0);
    expect(run('node1', 'bridge fdb show dev flannel.1', fixed.lab).output).toBe(run('node1', 'bridge fdb show dev flannel.1').output);
    expect(run('node1', `bridge fdb add ${mac} dev flannel.1 dst 192.168.50.2 self permanent`, fixed.lab).output).toBe('RTNETLINK answers: File exists');
    expect(run('node1', `bridge fdb add ${mac} dev flannel.1 dst 192.168.50.2`, broken).output).toBe('RTNETLINK answers: Invalid argument');
    expect(run('node1', 'bridge fdb del 02:00:00:00:00:09 dev flannel.1').output).toBe('RTNETLINK answers: No such file or directory');
  });
  it('ip neigh add/replace/del', () => {
    const a = run('node1', 'ip neigh add 192.168.50.9 lladdr 02:00:00:00:00:09 dev eth0');
    expect(run('node1', 'ip neigh show dev eth0', a.lab).output).toContain('192.168.50.9 lladdr 02:00:00:00:00:09 PERMANENT');
    expect(run('node1', 'ip neigh add 192.168.50.9 lladdr 02:00:00:00:00:09 dev eth0', a.lab).output).toBe('RTNETLINK answers: File exists');
    const b = run('node1', 'ip neigh replace 192.168.50.9 lladdr 02:00:00:00:00:0a dev eth0 nud reachable', a.lab);
    expect(run('node1', 'ip neigh show dev eth0', b.lab).output).toContain('192.168.50.9 lladdr 02:00:00:00:00:0a REACHABLE');
    const c = run('node1', 'ip neigh del 192.168.50.9 dev eth0', b.lab);
    expect(run('node1', 'ip neigh del 192.168.50.9 dev eth0', c.lab).output).toBe('RTNETLINK answers: No such file or directory');
    expect(run('node1', 'ip neigh add 192.168.50.9 lladdr zz dev eth0')).toMatchObject({ output: '"zz" is invalid lladdr.', exitCode: 255 });
  });
});

describe('iptables -I|-A|-D', () => {
  it('inserts, appends and deletes; -S prints the rule back', () => {
    const i = run('node1', 'iptables -I INPUT -p tcp --dport 22 -j DROP');
    const a = run('node1', 'iptables -A INPUT -s 10.0.0.0/8 -j ACCEPT', i.lab);
    expect(run('node1', 'iptables -S INPUT', a.lab).output.split('\n')).toEqual([
      '-P INPUT ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 22 -j DROP',
      '-A INPUT -s 10.0.0.0/8 -j ACCEPT',
    ]);
    const d = run('node1', 'iptables -D INPUT -p tcp -m tcp --dport 22 -j DROP', a.lab);
    const d2 = run('node1', 'iptables -D INPUT 1', d.lab);
    expect(run('node1', 'iptables -S INPUT', d2.lab).output).toBe('-P INPUT ACCEPT');
  });
  it('refuses as iptables does', () => {
    expect(run('node1', 'iptables -D INPUT -j DROP')).toMatchObject({ output: 'iptables: Bad rule (does a matching rule exist in that chain?).', exitCode: 1 });
    expect(run('node1', 'iptables -A NOPE -j DROP')).toMatchObject({ output: 'iptables: No chain/target/match by that name.', exitCode: 1 });
    expect(run('node1', 'iptables -A INPUT -j NOPE').output).toContain("Couldn't load target `NOPE':No such file or directory");
    expect(run('node1', 'iptables -D INPUT 3').output).toBe('iptables: Index of deletion too big.');
    expect(run('pod-a', 'iptables -A INPUT -j DROP')).toMatchObject({ exitCode: 3 });
    expect(run('pod-a', 'iptables -A INPUT -j DROP').output).toContain("can't initialize iptables table `filter': Permission denied (you must be root)");
  });
  it('a DROP in FORWARD stops the next cross-node ping', () => {
    const ping = 'ping -c 1 -W 1 10.244.2.2';
    expect(run('pod-a', ping).exitCode).toBe(0);
    const r = run('node1', 'iptables -I FORWARD -d 10.244.2.2 -j DROP');
    expect(run('pod-a', ping, r.lab).exitCode).not.toBe(0);
  });
});

describe('replay', () => {
  it('a rebuild applies the faults first, then the edits in order', async () => {
    const { rebuildLab } = await import('./replay');
    const broken = oracleLab({ faults: '[{ type: delete-route, node: node1, dst: 10.244.2.0/24 }]' });
    const a = run('node1', 'ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink', broken);
    const b = run('node1', 'ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink mtu 1400', a.lab);
    const r = rebuildLab(broken.scenario, b.lab.edits!);
    expect(r.ok && run('node1', 'ip route', r.lab).output).toBe(run('node1', 'ip route', b.lab).output);
    expect(r.ok && r.lab.edits).toEqual(b.lab.edits);
  });
});
