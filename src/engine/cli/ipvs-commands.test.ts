/**
 * `ipvsadm` and `ipset` in the lab terminal (ipvsadm 1.26, ipset 7.21): the listing with the
 * kernel's live counters, the connection table, save forms, errors in the tools' own words, and
 * node-only as iptables is.
 */
import { describe, expect, it } from 'vitest';
import { runProbe } from '../lab';
import { ipvsLab, withoutSystemServices } from '../services/ipvs-test-helpers';
import { runCommand } from './dispatch';
import { oracleLab } from './test-helpers';

const lab = ipvsLab({ mode: 'vxlan' });
const after = runProbe(lab, { from: 'client', to: '10.96.45.12:80', protocol: 'http', timeout: 2 }).lab;

describe('ipvsadm', () => {
  it('-Ln counts the connection the probe left in TIME_WAIT as InActConn of its real server', () => {
    const out = withoutSystemServices(runCommand(after, 'node-a', 'ipvsadm -Ln').output.split('\n'));
    const web = out.indexOf('TCP  10.96.45.12:80 rr');
    expect(out.slice(web, web + 4)).toEqual([
      'TCP  10.96.45.12:80 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      '  -> 10.244.3.9:8080              Masq    1      0          1         ',
    ]);
    // the connection lives in node-a's kernel only
    expect(runCommand(after, 'node-b', 'ipvsadm -Ln').output).not.toMatch(/ 1 {9}$/m);
  });

  it('accepts -L -n and --list --numeric, and lists one service with -t (no version line)', () => {
    const ln = runCommand(after, 'node-a', 'ipvsadm -Ln').output;
    expect(runCommand(after, 'node-a', 'ipvsadm -L -n').output).toBe(ln);
    expect(runCommand(after, 'node-a', 'ipvsadm --list --numeric').output).toBe(ln);
    expect(runCommand(after, 'node-a', 'ipvsadm -Ln -u 10.96.0.10:53').output.split('\n').slice(0, 3)).toEqual([
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'UDP  10.96.0.10:53 rr',
    ]);
    expect(runCommand(after, 'node-a', 'ipvsadm -Ln -t 10.96.9.9:80')).toMatchObject({ output: 'No such service', exitCode: 1 });
  });

  it('-Lnc prints the connection table, -Sn the rules, --timeout the timeouts', () => {
    const conns = runCommand(after, 'node-a', 'ipvsadm -Lnc').output.split('\n');
    expect(conns.slice(0, 2)).toEqual(['IPVS connection entries', 'pro expire state       source             virtual            destination']);
    expect(conns.find((l) => l.includes('10.96.45.12:80'))).toMatch(
      /^TCP 0[12]:\d\d {2}TIME_WAIT {3}10\.244\.1\.\d+:\d+ +10\.96\.45\.12:80 {5}10\.244\.3\.9:8080$/,
    );
    const save = runCommand(after, 'node-a', 'ipvsadm -Sn').output.split('\n');
    expect(save).toContain('-A -t 10.96.45.12:80 -s rr');
    expect(save).toContain('-a -t 10.96.45.12:80 -r 10.244.3.9:8080 -m -w 1');
    expect(runCommand(after, 'node-a', 'ipvsadm -L --timeout').output).toBe('Timeout (tcp tcpfin udp): 900 120 300');
  });

  it('does not invent name lookups, runs on nodes only, and shows an empty table without kube-proxy ipvs', () => {
    expect(runCommand(after, 'node-a', 'ipvsadm -L').exitCode).toBe(127);
    expect(runCommand(after, 'node-a', 'ipvsadm').exitCode).toBe(127);
    expect(runCommand(after, 'node-a', 'ipvsadm -A -t 10.0.0.1:80').exitCode).toBe(127);
    const pod = runCommand(after, 'client', 'ipvsadm -Ln');
    expect(pod.exitCode).toBe(1);
    expect(pod.output).toMatch(/runs on a node in this lab/);
    expect(runCommand(oracleLab({ kubeProxy: 'iptables' }), 'node1', 'ipvsadm -Ln').output.split('\n')).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    ]);
  });
});

describe('ipset', () => {
  it('lists one set, all sets (a blank line between them), names only, or headers only', () => {
    expect(runCommand(lab, 'node-a', 'ipset list KUBE-NODE-PORT-LOCAL-TCP').output.split('\n')).toEqual([
      'Name: KUBE-NODE-PORT-LOCAL-TCP',
      'Type: bitmap:port',
      'Revision: 3',
      'Header: range 0-65535',
      'Size in memory: 8264',
      'References: 1',
      'Number of entries: 1',
      'Members:',
      '30081',
    ]);
    const all = runCommand(lab, 'node-a', 'ipset -L').output.split('\n');
    expect(all[0]).toBe('Name: KUBE-LOOP-BACK');
    expect(all.filter((l) => l.startsWith('Name: '))).toHaveLength(17);
    expect(all[all.indexOf('Name: KUBE-CLUSTER-IP') - 1]).toBe('');
    expect(runCommand(lab, 'node-a', 'ipset list -n').output.split('\n').slice(-1)).toEqual(['KUBE-IPVS-IPS']);
    const terse = runCommand(lab, 'node-a', 'ipset list -t KUBE-IPVS-IPS').output.split('\n');
    expect(terse).toHaveLength(7);
    expect(terse[6]).toMatch(/^Number of entries: \d+$/);
  });

  it('saves in restore form and refuses unknown sets as ipset does', () => {
    expect(runCommand(lab, 'node-a', 'ipset save KUBE-NODE-PORT-TCP').output.split('\n')).toEqual([
      'create KUBE-NODE-PORT-TCP bitmap:port range 0-65535',
      'add KUBE-NODE-PORT-TCP 30080',
      'add KUBE-NODE-PORT-TCP 30081',
    ]);
    expect(runCommand(lab, 'node-a', 'ipset list NOPE')).toMatchObject({ output: 'ipset v7.21: The set with the given name does not exist', exitCode: 1 });
    expect(runCommand(lab, 'node-a', 'ipset add KUBE-CLUSTER-IP 1.2.3.4,tcp:80').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'ipset list').exitCode).toBe(1);
    expect(runCommand(oracleLab({ kubeProxy: 'iptables' }), 'node1', 'ipset list')).toMatchObject({ output: '', exitCode: 0 });
  });
});
