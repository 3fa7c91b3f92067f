import { describe, expect, it } from 'vitest';
import { formatFdb, formatNeigh } from './table-format';

describe('formatNeigh (ip neigh)', () => {
  it('prints the oracle and REFERENCE §6.2 rows', () => {
    const n = { ip: '10.244.2.0', dev: 'flannel.1', mac: '02:f1:00:00:02:00', state: 'PERMANENT' } as const;
    // kernel oracle modes/vxlan node1_neigh (`ip neigh show dev flannel.1`), without iproute2's trailing space
    expect(formatNeigh(n, { showDev: false })).toBe('10.244.2.0 lladdr 02:f1:00:00:02:00 PERMANENT');
    expect(formatNeigh(n)).toBe('10.244.2.0 dev flannel.1 lladdr 02:f1:00:00:02:00 PERMANENT');
  });

  it('prints no lladdr for entries that never resolved', () => {
    expect(formatNeigh({ ip: '192.168.50.254', dev: 'eth0', state: 'FAILED' })).toBe('192.168.50.254 dev eth0 FAILED');
    expect(formatNeigh({ ip: '10.244.1.9', dev: 'cni0', mac: '00:00:00:00:00:00', state: 'INCOMPLETE' })).toBe('10.244.1.9 dev cni0 INCOMPLETE');
  });
});

describe('formatFdb (bridge fdb show)', () => {
  it('prints a VXLAN entry as the oracle and REFERENCE §6.2 do', () => {
    const e = { mac: '02:f1:00:00:02:00', dev: 'flannel.1', dst: '192.168.50.2', self: true, permanent: true };
    expect(formatFdb(e, { showDev: false })).toBe('02:f1:00:00:02:00 dst 192.168.50.2 self permanent');
    expect(formatFdb(e)).toBe('02:f1:00:00:02:00 dev flannel.1 dst 192.168.50.2 self permanent');
  });

  it("prints a bridge port's own address and a learned address (state printed as nothing)", () => {
    expect(formatFdb({ mac: 'be:74:31:36:83:47', dev: 'vethb6743d19', master: 'cni0', permanent: true })).toBe(
      'be:74:31:36:83:47 dev vethb6743d19 master cni0 permanent',
    );
    expect(formatFdb({ mac: '8e:c2:72:f1:5b:ca', dev: 'vethb6743d19', master: 'cni0', permanent: false })).toBe(
      '8e:c2:72:f1:5b:ca dev vethb6743d19 master cni0',
    );
  });
});
