import { describe, expect, it } from 'vitest';
import { base32, portProtoHash, sepChain, svcChain } from './chain-names';

describe('kube-proxy chain names (REFERENCE.md §2.2)', () => {
  it.each([
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['ns1/svc1', 'tcp', 'AQI2S6QIMU7PVVRP'],
    ['prod/web:http', 'tcp', 'I6F7J7E256H6PY43'],
  ])('%s + %s → %s', (spn, proto, hash) => {
    expect(portProtoHash(spn, proto)).toBe(hash);
    expect(svcChain(spn, proto.toUpperCase())).toBe(`KUBE-SVC-${hash}`);
  });

  it.each([
    ['default/kubernetes:https', '172.18.0.2:6443', 'V2PECCYPB6X2GSCW'],
    ['ns1/svc1', '10.0.1.1:80', '3JOIVZTXZZRGORX4'],
    ['ns1/svc1', '10.0.1.2:80', 'IO5XOSKPAXIFQXAJ'],
    ['ns1/svc1', '10.0.1.3:80', 'XGJFVO3L2O5SRFNT'],
    ['prod/web:http', '10.244.1.5:8080', 'ZCFFF5JOCFCA73JH'],
    ['prod/web:http', '10.244.2.7:8080', 'QB4ZII5YUCNXPGDC'],
    ['prod/web:http', '10.244.3.9:8080', '5JH2A3VJTJ2JZJCU'],
  ])('SEP %s %s → %s', (spn, ep, hash) => {
    expect(sepChain(spn, 'TCP', ep)).toBe(`KUBE-SEP-${hash}`);
  });

  it('base32 follows RFC 4648 test vectors', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(enc('f')).toBe('MY');
    expect(enc('fo')).toBe('MZXQ');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
  });
});
