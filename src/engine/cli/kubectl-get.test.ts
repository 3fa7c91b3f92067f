import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { servicesLab } from './k8s-test-helpers';
import { ENDPOINTS_DEPRECATION } from './kubectl-get';

const lines = (out: string) => out.split('\n');

describe('kubectl get svc', () => {
  const lab = servicesLab();

  it('prints TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) as printers.go does, SELECTOR with -o wide', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl get svc -n prod -o wide').output)).toEqual([
      'NAME           TYPE           CLUSTER-IP       EXTERNAL-IP      PORT(S)        AGE   SELECTOR',
      'db             ExternalName   <none>           db.example.com   <none>         0s    <none>',
      'web            ClusterIP      10.98.0.69       <none>           80/TCP         0s    app=web',
      'web-headless   ClusterIP      None             <none>           8080/TCP       0s    app=web',
      'web-lb         LoadBalancer   10.98.179.105    203.0.113.10     80:30081/TCP   0s    app=web',
      'web-np         NodePort       10.100.146.101   <none>           80:30080/TCP   0s    app=web',
    ]);
  });

  it('lists the cluster’s own Services with -A: kubernetes and kube-dns with its three ports', () => {
    const out = lines(runCommand(lab, 'client', 'kubectl get services -A').output);
    expect(out.slice(0, 3)).toEqual([
      'NAMESPACE     NAME           TYPE           CLUSTER-IP       EXTERNAL-IP      PORT(S)                  AGE',
      'default       kubernetes     ClusterIP      10.96.0.1        <none>           443/TCP                  0s',
      'kube-system   kube-dns       ClusterIP      10.96.0.10       <none>           53/UDP,53/TCP,9153/TCP   0s',
    ]);
  });

  it('shows <pending> for a LoadBalancer without an ingress IP', () => {
    const r = servicesLab().cluster;
    const svc = r.api.services.map((s) => (s.name === 'web-lb' ? { ...s, loadBalancerIP: undefined } : s));
    const pending = { ...lab, cluster: { ...r, api: { ...r.api, services: svc } } };
    expect(runCommand(pending, 'node1', 'kubectl get svc web-lb -n prod').output).toContain('<pending>');
  });

  it('says NotFound in the API server’s words, after what it found', () => {
    expect(runCommand(lab, 'node1', 'kubectl get svc web nope -n prod')).toMatchObject({
      exitCode: 1,
      output: [
        'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'web    ClusterIP   10.98.0.69   <none>        80/TCP    0s',
        'Error from server (NotFound): services "nope" not found',
      ].join('\n'),
    });
    expect(runCommand(lab, 'node1', 'kubectl get svc web')).toMatchObject({ exitCode: 1, output: 'Error from server (NotFound): services "web" not found' });
  });
});

describe('kubectl get endpoints and endpointslices', () => {
  const lab = servicesLab();
  const big = servicesLab({
    extraPods: `    - { name: web-3, namespace: prod, node: node1, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }
    - { name: web-4, namespace: prod, node: node2, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }], ready: false }
    - { name: web-5, namespace: prod, node: node2, labels: { app: web }, ports: [{ name: http, containerPort: 8080 }] }`,
  });

  it('lists ready ip:port per subset × port, with the API server’s deprecation warning first', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl get ep -A').output)).toEqual([
      ENDPOINTS_DEPRECATION,
      'NAMESPACE     NAME           ENDPOINTS                                               AGE',
      'default       kubernetes     192.168.1.10:6443                                       0s',
      'kube-system   kube-dns       10.244.1.4:53,10.244.2.3:53,10.244.1.4:53 + 3 more...   0s',
      'prod          web            10.244.1.3:8080,10.244.2.2:8080                         0s',
      'prod          web-headless   10.244.1.3:8080,10.244.2.2:8080                         0s',
      'prod          web-lb         10.244.1.3:8080,10.244.2.2:8080                         0s',
      'prod          web-np         10.244.1.3:8080,10.244.2.2:8080                         0s',
    ]);
  });

  it('counts only ready addresses in Endpoints but every address in EndpointSlices', () => {
    expect(lines(runCommand(big, 'node1', 'kubectl get endpoints web -n prod').output)[2]).toBe(
      'web    10.244.1.3:8080,10.244.1.4:8080,10.244.2.2:8080 + 1 more...   0s',
    );
    expect(lines(runCommand(big, 'node1', 'kubectl get endpointslices -n prod').output)).toContain(
      'web-mqd6g            IPv4          8080    10.244.1.3,10.244.2.2,10.244.1.4 + 2 more...   0s',
    );
  });

  it('shows a selector that matches nothing as <none> / <unset> <unset> (the placeholder slice)', () => {
    const typo = servicesLab({ faults: '[{ type: endpointslice-empty, service: prod/web }]' });
    expect(lines(runCommand(typo, 'node1', 'kubectl get ep web -n prod').output)).toEqual([
      ENDPOINTS_DEPRECATION,
      'NAME   ENDPOINTS   AGE',
      'web    <none>      0s',
    ]);
    expect(lines(runCommand(typo, 'node1', 'kubectl get endpointslices -n prod').output)).toContain(
      'web-mqd6g            IPv4          <unset>   <unset>                 0s',
    );
  });

  it('shows CoreDNS scaled to 0 and CoreDNS not ready the way each object reports it', () => {
    const scaled = servicesLab({ faults: '[{ type: coredns-scale, replicas: 0 }]' });
    expect(lines(runCommand(scaled, 'node1', 'kubectl -n kube-system get ep,endpointslices').output)).toEqual([
      ENDPOINTS_DEPRECATION,
      'NAME                 ENDPOINTS   AGE',
      'endpoints/kube-dns   <none>      0s',
      '',
      'NAME                                            ADDRESSTYPE   PORTS     ENDPOINTS   AGE',
      'endpointslice.discovery.k8s.io/kube-dns-xk78r   IPv4          <unset>   <unset>     0s',
    ]);
    const notReady = servicesLab({ faults: '[{ type: coredns-not-ready }]' });
    expect(lines(runCommand(notReady, 'node1', 'kubectl -n kube-system get ep,endpointslices,po').output)).toEqual([
      ENDPOINTS_DEPRECATION,
      'NAME                 ENDPOINTS   AGE',
      'endpoints/kube-dns               0s',
      '',
      'NAME                                            ADDRESSTYPE   PORTS        ENDPOINTS               AGE',
      'endpointslice.discovery.k8s.io/kube-dns-xk78r   IPv4          53,53,9153   10.244.1.4,10.244.2.3   0s',
      '',
      'NAME                           READY   STATUS    RESTARTS   AGE',
      'pod/coredns-qs8m4wct7f-dslvs   0/1     Running   0          0s',
      'pod/coredns-qs8m4wct7f-ngfnz   0/1     Running   0          0s',
      'pod/kube-apiserver-node1       1/1     Running   0          0s',
    ]);
  });
});

describe('kubectl get (several kinds, namespaces, configmaps)', () => {
  const lab = servicesLab();

  it('prints one table per kind, names prefixed kind/ and tables separated by an empty line', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl get svc,endpointslices -n prod').output)).toEqual([
      'NAME                   TYPE           CLUSTER-IP       EXTERNAL-IP      PORT(S)        AGE',
      'service/db             ExternalName   <none>           db.example.com   <none>         0s',
      'service/web            ClusterIP      10.98.0.69       <none>           80/TCP         0s',
      'service/web-headless   ClusterIP      None             <none>           8080/TCP       0s',
      'service/web-lb         LoadBalancer   10.98.179.105    203.0.113.10     80:30081/TCP   0s',
      'service/web-np         NodePort       10.100.146.101   <none>           80:30080/TCP   0s',
      '',
      'NAME                                                ADDRESSTYPE   PORTS   ENDPOINTS               AGE',
      'endpointslice.discovery.k8s.io/web-headless-l7zbq   IPv4          8080    10.244.1.3,10.244.2.2   0s',
      'endpointslice.discovery.k8s.io/web-lb-tsm4p         IPv4          8080    10.244.1.3,10.244.2.2   0s',
      'endpointslice.discovery.k8s.io/web-mqd6g            IPv4          8080    10.244.1.3,10.244.2.2   0s',
      'endpointslice.discovery.k8s.io/web-np-w2zjv         IPv4          8080    10.244.1.3,10.244.2.2   0s',
    ]);
    // one kind with objects: no prefix (get.go multipleGVKsRequested looks at the objects found)
    expect(lines(runCommand(lab, 'node1', 'kubectl get svc,ep -n kube-node-lease').output)).toEqual([
      ENDPOINTS_DEPRECATION,
      'No resources found in kube-node-lease namespace.',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl get service/web pods/web-1 -n prod').output).toContain('service/web');
  });

  it('lists namespaces (cluster-scoped: no NAMESPACE column even with -A)', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl get ns -A').output)).toEqual([
      'NAME              STATUS   AGE',
      'default           Active   0s',
      'kube-node-lease   Active   0s',
      'kube-public       Active   0s',
      'kube-system       Active   0s',
      'prod              Active   0s',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl get namespace nope')).toMatchObject({
      exitCode: 1,
      output: 'Error from server (NotFound): namespaces "nope" not found',
    });
  });

  it('gets CoreDNS’s ConfigMap by name and nothing else', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl get cm coredns -n kube-system').output)).toEqual(['NAME      DATA   AGE', 'coredns   1      0s']);
    expect(runCommand(lab, 'node1', 'kubectl get configmap coredns')).toMatchObject({
      exitCode: 1,
      output: 'Error from server (NotFound): configmaps "coredns" not found',
    });
    expect(runCommand(lab, 'node1', 'kubectl get cm kube-proxy -n kube-system').exitCode).toBe(127);
  });

  it('ages every object with the lab clock', () => {
    const later = { ...lab, kernel: { ...lab.kernel, now: 12_345 } };
    expect(lines(runCommand(later, 'node1', 'kubectl get ns default').output)[1]).toBe('default   Active   12s');
  });
});
