import { describe, expect, it } from 'vitest';
import { runProbe } from '../../lab';
import { runCommand } from '../dispatch';
import { servicesLab } from '../k8s-test-helpers';
import { editorTextFor } from './index';

const dnsProbe = { from: 'client', to: 'web.prod.svc.cluster.local', protocol: 'dns' as const };

describe('kubectl scale deployment coredns', () => {
  it('undoes the coredns-scale fault: lookups work again', () => {
    const lab = servicesLab({ faults: '[{ type: coredns-scale, replicas: 0 }]' });
    expect(runProbe(lab, dnsProbe).trace.verdict).toBe('dropped');
    expect(runCommand(lab, 'node1', 'kubectl scale deployment coredns --replicas=2').output).toBe(
      'Error from server (NotFound): deployments.apps "coredns" not found',
    );
    const r = runCommand(lab, 'client', 'kubectl -n kube-system scale deployment coredns --replicas=2');
    expect(r).toMatchObject({ output: 'deployment.apps/coredns scaled', exitCode: 0 });
    expect(r.lab.scenario.faults).toEqual([]);
    expect(r.lab.cluster.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns')).toHaveLength(2);
    expect(runProbe(r.lab, dnsProbe).trace.verdict).toBe('delivered');
    expect(runCommand(lab, 'node1', 'kubectl scale deploy/coredns -n kube-system').output).toBe('error: required flag(s) "replicas" not set');
  });
});

describe('kubectl apply -f - / delete', () => {
  const svc = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: prod
spec:
  selector: { app: web }
  ports:
    - port: 8000
      targetPort: 8080
`;
  it('creates, leaves unchanged, configures and deletes a Service; kube-proxy follows', () => {
    const lab = servicesLab();
    const a = runCommand(lab, 'node1', 'kubectl apply -f -', svc);
    expect(a).toMatchObject({ output: 'service/api created', exitCode: 0 });
    const ip = a.lab.cluster.api.services.find((s) => s.name === 'api')!.clusterIP!;
    expect(runCommand(a.lab, 'node1', 'iptables-save -t nat').output).toContain(`-d ${ip}/32 -p tcp -m comment --comment "prod/api cluster IP"`);
    expect(runProbe(a.lab, { from: 'client', to: `${ip}:8000`, protocol: 'tcp' }).trace.verdict).toBe('delivered');
    expect(runCommand(a.lab, 'node1', 'kubectl apply -f -', svc).output).toBe('service/api unchanged');
    const c = runCommand(a.lab, 'node1', 'kubectl apply -f -', svc.replace('8000', '8001'));
    expect(c.output).toBe('service/api configured');
    expect(c.lab.cluster.api.services.find((s) => s.name === 'api')!.clusterIP).toBe(ip);
    const d = runCommand(c.lab, 'node1', 'kubectl delete svc api -n prod');
    expect(d).toMatchObject({ output: 'service "api" deleted', exitCode: 0 });
    expect(runCommand(d.lab, 'node1', 'kubectl delete service/api -n prod')).toMatchObject({
      output: 'Error from server (NotFound): services "api" not found',
      exitCode: 1,
    });
  });
  it('refuses what the API server refuses', () => {
    const lab = servicesLab();
    expect(runCommand(lab, 'node1', 'kubectl apply -f -', svc.replace(/ {2}ports:[\s\S]*$/, '')).output).toBe(
      'The Service "api" is invalid: spec.ports: Required value',
    );
    expect(runCommand(lab, 'node1', 'kubectl apply -f -', svc.replace('prod', 'nope')).output).toBe(
      'Error from server (NotFound): error when creating "STDIN": namespaces "nope" not found',
    );
    expect(
      runCommand(lab, 'node1', 'kubectl apply -f -', 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: x }\nspec: {}\n').output,
    ).toContain('no matches for kind "CiliumNetworkPolicy" in version "cilium.io/v2"');
    expect(runCommand(lab, 'node1', 'kubectl apply -f x.yaml').output).toBe('error: the path "x.yaml" does not exist');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(runCommand(lab, 'node1', 'kubectl apply -f -', bomb)).toMatchObject({ exitCode: 1 });
    expect(
      runCommand(lab, 'node1', 'kubectl apply -f -', svc.replace('name: api', 'name: web').replace('selector', 'clusterIP: 10.96.5.5\n  selector')).output,
    ).toContain('field is immutable');
  });
  it('a NetworkPolicy applied and deleted (the scenario holds it; the shape enforces it)', () => {
    const lab = servicesLab();
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: prod }\nspec: { podSelector: {} }\n';
    const a = runCommand(lab, 'node1', 'kubectl apply -f -', np);
    expect(a.output).toBe('networkpolicy.networking.k8s.io/deny created');
    expect(a.lab.cluster.api.networkPolicies).toHaveLength(1);
    const d = runCommand(a.lab, 'node1', 'kubectl delete netpol deny -n prod');
    expect(d.output).toBe('networkpolicy.networking.k8s.io "deny" deleted');
    expect(runCommand(d.lab, 'node1', 'kubectl delete networkpolicy deny -n prod').output).toBe(
      'Error from server (NotFound): networkpolicies.networking.k8s.io "deny" not found',
    );
  });
  it('a hand-written EndpointSlice is kept across a rebuild (it lives in Lab.edits)', () => {
    const lab = servicesLab();
    const manual = `apiVersion: v1
kind: Service
metadata: { name: ext, namespace: prod }
spec:
  ports: [{ port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  namespace: prod
  labels: { kubernetes.io/service-name: ext }
addressType: IPv4
ports: [{ port: 8080, protocol: TCP }]
endpoints:
  - addresses: [10.244.1.3]
`;
    const a = runCommand(lab, 'node1', 'kubectl apply -f -', manual);
    expect(a.output).toBe('service/ext created\nendpointslice.discovery.k8s.io/ext-1 created');
    expect(a.lab.edits).toHaveLength(1);
    // another API edit rebuilds the lab from the scenario: the slice comes back by replay
    const b = runCommand(a.lab, 'node1', 'kubectl apply -f -', svc);
    expect(b.lab.cluster.api.endpointSlices.some((e) => e.name === 'ext-1')).toBe(true);
    expect(runCommand(b.lab, 'node1', 'kubectl get endpointslices -n prod').output).toContain('ext-1');
  });
});

describe('kubectl edit configmap kube-proxy + rollout restart', () => {
  it('the mode changes only after the restart; conntrack survives it', () => {
    let lab = servicesLab();
    const get = 'kubectl get configmap kube-proxy -n kube-system -o yaml';
    const yaml = runCommand(lab, 'node1', get).output;
    expect(yaml).toContain('    kind: KubeProxyConfiguration');
    expect(yaml).toContain('    mode: iptables');
    // something in conntrack before the switch
    lab = runProbe(lab, { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'tcp' }).lab;
    const before = runCommand(lab, 'node1', 'conntrack -L').output;
    const text = editorTextFor(lab, ['kubectl', '-n', 'kube-system', 'edit', 'cm', 'kube-proxy'])!;
    expect(text.startsWith('# Please edit the object below.')).toBe(true);
    expect(runCommand(lab, 'node1', 'kubectl -n kube-system edit configmap kube-proxy', text).output).toBe('Edit cancelled, no changes made.');
    const e = runCommand(lab, 'node1', 'kubectl -n kube-system edit configmap kube-proxy', text.replace('mode: iptables', 'mode: ipvs'));
    expect(e).toMatchObject({ output: 'configmap/kube-proxy edited', exitCode: 0 });
    expect(runCommand(e.lab, 'node1', get).output).toContain('    mode: ipvs');
    expect(e.lab.cluster.proxy.mode).toBe('iptables');
    const r = runCommand(e.lab, 'node1', 'kubectl -n kube-system rollout restart daemonset kube-proxy');
    expect(r).toMatchObject({ output: 'daemonset.apps/kube-proxy restarted', exitCode: 0 });
    expect(r.lab.cluster.proxy.mode).toBe('ipvs');
    expect(runCommand(r.lab, 'node1', 'ipvsadm -Ln').output).toContain('TCP  10.96.');
    expect(runCommand(r.lab, 'node1', 'conntrack -L').output).toBe(before);
    expect(runCommand(r.lab, 'node1', get).output).toContain('    mode: ipvs');
  });
  it('refuses a mode kube-proxy does not have; no kube-proxy, no ConfigMap', () => {
    const lab = servicesLab();
    const text = runCommand(lab, 'node1', 'kubectl get cm kube-proxy -n kube-system -o yaml').output.replace('mode: iptables', 'mode: userspace');
    const e = runCommand(lab, 'node1', 'kubectl -n kube-system edit cm/kube-proxy', text);
    const r = runCommand(e.lab, 'node1', 'kubectl rollout restart ds/kube-proxy -n kube-system');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('Invalid value: "userspace"');
    const none = servicesLab({ kubeProxy: 'none' });
    expect(runCommand(none, 'node1', 'kubectl get cm kube-proxy -n kube-system -o yaml').output).toBe(
      'Error from server (NotFound): configmaps "kube-proxy" not found',
    );
  });
  it('a restart starts a stopped kube-proxy again', () => {
    const lab = servicesLab({ faults: '[{ type: kube-proxy-stopped, node: node1 }]' });
    expect(lab.cluster.proxy.stopped).toEqual(['node1']);
    const r = runCommand(lab, 'node1', 'kubectl -n kube-system rollout restart daemonset/kube-proxy');
    expect(r.lab.cluster.proxy.stopped).toEqual([]);
  });
});

describe('kubectl apply over a selector typo (fault endpointslice-empty)', () => {
  it('replaces the live selector, so the Service has endpoints again', () => {
    const lab = servicesLab({ faults: '[{ type: endpointslice-empty, service: prod/web }]' });
    const probe = { from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'tcp' as const };
    expect(runProbe(lab, probe).trace.verdict).not.toBe('delivered');
    const live = lab.scenario.cluster.services.find((s) => s.name === 'web')!;
    const manifest = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: prod }
spec:
  selector: ${JSON.stringify(live.selector)}
  ports: ${JSON.stringify(live.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, protocol: p.protocol })))}
`;
    const r = runCommand(lab, 'node1', 'kubectl apply -f -', manifest);
    expect(r).toMatchObject({ output: 'service/web configured', exitCode: 0 });
    expect(r.lab.scenario.faults).toEqual([]);
    expect(runProbe(r.lab, probe).trace.verdict).toBe('delivered');
  });
});
