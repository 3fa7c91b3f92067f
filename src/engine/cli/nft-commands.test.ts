import { describe, expect, it } from 'vitest';
import { labFromText, type Lab } from '../lab';
import { listTable } from '../tables/nft-format';
import { runCommand } from './dispatch';
import { oracleLab } from './test-helpers';

function nftLab(): Lab {
  const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: nft-cli }
cluster:
  cni: flannel
  kubeProxy: nftables
  nodes:
    - { name: node1, ip: 192.168.1.10 }
  pods:
    - { name: web, node: node1, labels: { app: web }, ports: [8080] }
  services:
    - { name: web, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
`);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.lab;
}

describe('nft', () => {
  const l = nftLab();
  const run = (line: string, where = 'node1') => runCommand(l, where, line);

  it('lists the kube-proxy table as nft prints it (family optional)', () => {
    const want = listTable(l.cluster.netns.node1.nft![0]).join('\n');
    expect(run('nft list table ip kube-proxy')).toMatchObject({ exitCode: 0, output: want });
    expect(run('nft list table kube-proxy').output).toBe(want);
    expect(want.split('\n')[0]).toBe('table ip kube-proxy {');
  });

  it('lists one chain inside its table', () => {
    expect(run('nft list chain ip kube-proxy services').output).toBe(
      [
        'table ip kube-proxy {',
        '\tchain services {',
        '\t\tip daddr @cluster-ips ip saddr != 10.244.0.0/16 meta mark set meta mark | 0x00004000 comment "masquerade clusterIP traffic from outside cluster"',
        '\t\tip daddr . meta l4proto . th dport vmap @service-ips',
        '\t\tip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports',
        '\t}',
        '}',
      ].join('\n'),
    );
  });

  it('lists a set or a map, and refuses a map asked for as a set', () => {
    expect(run('nft list set ip kube-proxy nodeport-ips').output).toBe(
      [
        'table ip kube-proxy {',
        '\tset nodeport-ips {',
        '\t\ttype ipv4_addr',
        '\t\tcomment "IPs that accept NodePort traffic"',
        '\t\telements = { 192.168.1.10 }',
        '\t}',
        '}',
      ].join('\n'),
    );
    expect(run('nft list map ip kube-proxy service-ips').output).toMatch(
      /\t\telements = \{ 10\.96\.0\.1 \. tcp \. 443 : goto service-2QRHZV4L-default\/kubernetes\/tcp\/https,\n/,
    );
    expect(run('nft list set ip kube-proxy service-ips')).toMatchObject({
      exitCode: 1,
      output: ['Error: No such file or directory', 'list set ip kube-proxy service-ips', '                       ^^^^^^^^^^^'].join('\n'),
    });
  });

  it('names the tables, iptables-nft ones included; the ruleset says which it does not print', () => {
    expect(run('nft list tables').output).toBe('table ip filter\ntable ip nat\ntable ip kube-proxy');
    const rs = run('nft list ruleset').output.split('\n');
    expect(rs[0]).toBe('# podpath: table ip filter, table ip nat (iptables-nft) not shown in nft syntax: see iptables-save');
    expect(rs.slice(1).join('\n')).toBe(run('nft list table ip kube-proxy').output);
    expect(run('nft list table ip nat')).toMatchObject({ exitCode: 127 });
  });

  it('errors as nft does: the message, the command, carets under the name; suggestions by nft misspell distance', () => {
    expect(run('nft list table ip kube-prxy')).toMatchObject({
      exitCode: 1,
      output: ["Error: No such file or directory; did you mean table 'kube-proxy' in family ip?", 'list table ip kube-prxy', '              ^^^^^^^^^'].join(
        '\n',
      ),
    });
    expect(run('nft list table inet kube-proxy').output.split('\n')[0]).toBe("Error: No such file or directory; did you mean table 'kube-proxy' in family ip?");
    expect(run('nft list chain kube-proxy service').output.split('\n')).toEqual([
      "Error: No such file or directory; did you mean chain 'services' in table ip 'kube-proxy'?",
      'list chain kube-proxy service',
      '                      ^^^^^^^',
    ]);
    expect(run('nft list table ip zzzzzz').output.split('\n')[0]).toBe('Error: No such file or directory');
  });

  it('runs on nodes only; what it does not model says so', () => {
    expect(run('nft list ruleset', 'web').exitCode).toBe(1);
    expect(run('nft -a list ruleset').exitCode).toBe(127);
    expect(run('nft add table ip x').exitCode).toBe(127);
    // a node without nftables tables of its own (kube-proxy none): only iptables-nft's
    expect(runCommand(oracleLab(), 'node1', 'nft list ruleset').output).toBe(
      '# podpath: table ip filter, table ip nat (iptables-nft) not shown in nft syntax: see iptables-save',
    );
  });
});
