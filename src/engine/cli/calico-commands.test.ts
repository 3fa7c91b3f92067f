import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { calicoLab } from '../cni/calico/test-helpers';
import { table } from './calico-commands';

describe('calicoctl', () => {
  it('prints the node-to-node mesh as calicoctl node status does (calico.md §4.2)', () => {
    const r = runCommand(calicoLab(), 'node1', 'calicoctl node status');
    expect(r.exitCode).toBe(0);
    expect(r.output.split('\n').slice(0, 8)).toEqual([
      'Calico process is running.',
      '',
      'IPv4 BGP status',
      '+--------------+-------------------+-------+----------+-------------+',
      '| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |    INFO     |',
      '+--------------+-------------------+-------+----------+-------------+',
      expect.stringMatching(/^\| 192\.168\.1\.11 \| node-to-node mesh \| up {4}\| \d\d:\d\d:\d\d \| Established \|$/),
      '+--------------+-------------------+-------+----------+-------------+',
    ]);
    expect(r.output).toContain('IPv6 BGP status\nNo IPv6 peers found.');
  });
  it('shows a stopped BIRD on its node, and the peers that lost it (bgp-down)', () => {
    const lab = calicoLab({}, [{ type: 'bgp-down', node: 'node2' }]);
    expect(runCommand(lab, 'node2', 'calicoctl node status').output).toBe('Calico process is running.\n\nThe BGP backend process (BIRD) is not running.\n');
    // node1 (192.168.1.10) is passive towards the lexically higher 192.168.1.11
    expect(runCommand(lab, 'node1', 'calicoctl node status').output).toMatch(/\| 192\.168\.1\.11 \| node-to-node mesh \| start \| \S+ \| Passive +\|/);
  });
  it('wraps a cell over 30 characters in a 30-wide column (tablewriter)', () => {
    expect(table(['Info'], [['Active Socket: Connection refused']])).toEqual([
      '+--------------------------------+',
      '|              INFO              |',
      '+--------------------------------+',
      '| Active Socket: Connection      |',
      '| refused                        |',
      '+--------------------------------+',
    ]);
  });
  it('shows the pool and its blocks (calicoctl ipam show --show-blocks)', () => {
    const out = runCommand(calicoLab(), 'node1', 'calicoctl ipam show --show-blocks').output.split('\n');
    expect(out[1]).toBe('| GROUPING |      CIDR       | IPS TOTAL | IPS IN USE |   IPS FREE   |');
    expect(out.slice(3, 6)).toEqual([
      '| IP Pool  | 192.168.0.0/16  | 65536     | 3 (0%)     | 65533 (100%) |',
      '| Block    | 192.168.0.0/26  | 64        | 2 (3%)     | 62 (97%)     |',
      '| Block    | 192.168.0.64/26 | 64        | 1 (2%)     | 63 (98%)     |',
    ]);
  });
  it('answers what it does not model through notModelled, and is not installed on other shapes', () => {
    expect(runCommand(calicoLab(), 'node1', 'calicoctl get ippool -o wide').exitCode).toBe(127);
    expect(runCommand(calicoLab(), 'a', 'calicoctl node status').exitCode).toBe(1);
  });
});
