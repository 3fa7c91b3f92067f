import { describe, expect, it } from 'vitest';
import { felixRuleHashes } from './felix-rule';
import { felixStatic } from './felix-static';
import { calicoMode } from './names';
import { emptyNetfilter } from '../netns';

const hashOf = (rule: { match: { modules?: readonly { m: string; comment?: string }[] } }) => rule.match.modules?.[0]?.comment?.replace('cali:', '');

describe("Felix's rule hash (felix/generictables/rules.go RuleHashes)", () => {
  it('reproduces real hashes (calico.md §0: cali-fw, nat-outgoing, FORWARD hook)', () => {
    expect(
      felixRuleHashes('cali-fw-cali0d7763386da', ['-m conntrack --ctstate RELATED,ESTABLISHED --jump ACCEPT', '-m conntrack --ctstate INVALID --jump DROP']),
    ).toEqual(['jmN6LhWi_ZQe6T_y', 'xMle_RuDLF0m3A_3']);
    expect(felixRuleHashes('FORWARD', ['--jump cali-FORWARD'])).toEqual(['wUHhoiAYhphO9Mso']);
  });

  it('gives the static chains the hashes of a real IPIP node (REAL-3 via calico.md §6.7, §5.1)', () => {
    const nf = felixStatic(emptyNetfilter(), calicoMode('ipip'), true);
    const f = nf.filter!;
    expect(f['cali-FORWARD'].rules.map(hashOf)).toEqual([
      'W_vvds1Nw3n9QE2f',
      'ZfgmjuiLaA8Pg0kp',
      'tAzwBLPaV-j53OOZ',
      '4Z0Pf0byo05NFe-P',
      'hQ7Oc16wmUtLuneJ',
      'rnKNH2WxGcRQcIlD',
    ]);
    expect(f['cali-INPUT'].rules.map(hashOf)).toEqual([
      'PajejrV4aFdkZojI',
      '_wjq-Yrma8Ly1Svo',
      '8TZGxLWh_Eiz66wc',
      '6McIeIDvPdL6PE1T',
      'FHoqwXIibih3FkAm',
      'qZ1_fX7-OsFCh64q',
      '64so3UXgS7MtBy-m',
    ]);
    expect(f['cali-OUTPUT'].rules.map(hashOf)).toEqual([
      'Mq1_rAdXXH3YkrzW',
      '69FkRTJDvD5Vu6Vl',
      'AnEsmO6bDZbQntWW',
      'KMCPT0oQKE3eYLxL',
      'cMHr2aCzyAyBKiqV',
      'EI7GEITASEcJBTEO',
    ]);
    expect(f['cali-wl-to-host'].rules.map(hashOf)).toEqual(['Ee9Sbo10IpVujdIY', 'nSZbcOoG1xPONxb8']);
    expect(f.INPUT.rules.map(hashOf)).toEqual(['Cz_u1IQiXIMmKD4c']);
    expect(f.FORWARD.rules.map(hashOf)).toEqual(['wUHhoiAYhphO9Mso', 'S93hcgKJrXEqnTfs', 'mp77cMpurHhyjLrM']);
    expect(f.OUTPUT.rules.map(hashOf)).toEqual(['tVnHkvAo15HuiPy0']);
    const n = nf.nat!;
    expect(n.POSTROUTING.rules.map(hashOf)).toEqual(['O3lYWMrLQYEMJtB5']);
    expect(n['cali-POSTROUTING'].rules.map(hashOf)).toEqual(['Z-c7XtVd2Bq7s_hA', 'nYKhEzDlr11Jccal', 'SXWvdsbh4Mw7wOln']);
    expect(n['cali-nat-outgoing'].rules.map(hashOf)).toEqual(['flqWnvo8yq4ULQLa']);
    expect(n.PREROUTING.rules.map(hashOf)).toEqual(['6gwbT8clXdHdC1b1']);
    expect(n['cali-PREROUTING'].rules.map(hashOf)).toEqual(['r6XmIziWUJsdOK6Z']);
    expect(n['cali-OUTPUT'].rules.map(hashOf)).toEqual(['GBTAv2p5CwevEyJm']);
  });

  it('hashes the VXLAN tunnel-source MASQUERADE as a real node (e9dnSgSVNmIcpVhP)', () => {
    const n = felixStatic(emptyNetfilter(), calicoMode('vxlan'), true).nat!;
    expect(n['cali-POSTROUTING'].rules.map(hashOf)[2]).toBe('e9dnSgSVNmIcpVhP');
  });
});
