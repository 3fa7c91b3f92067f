import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { servicesLab } from './k8s-test-helpers';
import { POD_NOT_MODELLED } from './kubectl-describe';

const lines = (out: string) => out.split('\n');

describe('kubectl describe svc', () => {
  const lab = servicesLab();

  it('writes describeService’s fields in order, aligned by its tabwriter (padding 2)', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl describe svc web -n prod').output)).toEqual([
      'Name:                     web',
      'Namespace:                prod',
      'Labels:                   app=web',
      '                          tier=frontend',
      'Annotations:              <none>',
      'Selector:                 app=web',
      'Type:                     ClusterIP',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.98.0.69',
      'IPs:                      10.98.0.69',
      'Port:                     <unset>  80/TCP',
      'TargetPort:               8080/TCP',
      'Endpoints:                10.244.1.3:8080,10.244.2.2:8080',
      'Session Affinity:         None',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
    ]);
  });

  it('shows a NodePort’s named target port, its node port and External Traffic Policy', () => {
    expect(lines(runCommand(lab, 'node1', 'kubectl describe service/web-np -n prod').output).slice(10)).toEqual([
      'Port:                     http  80/TCP',
      'TargetPort:               http/TCP',
      'NodePort:                 http  30080/TCP',
      'Endpoints:                10.244.1.3:8080,10.244.2.2:8080',
      'Session Affinity:         None',
      'External Traffic Policy:  Cluster',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl describe svc web-lb -n prod').output).toContain('LoadBalancer Ingress:     203.0.113.10 (VIP)');
  });

  it('describes kube-dns with kubeadm’s labels and annotations, one Endpoints line per port', () => {
    const out = lines(runCommand(lab, 'node1', 'kubectl -n kube-system describe svc kube-dns').output);
    expect(out.slice(2, 7)).toEqual([
      'Labels:                   k8s-app=kube-dns',
      '                          kubernetes.io/cluster-service=true',
      '                          kubernetes.io/name=CoreDNS',
      'Annotations:              prometheus.io/port: 9153',
      '                          prometheus.io/scrape: true',
    ]);
    expect(out.filter((l) => l.startsWith('Endpoints:'))).toEqual([
      'Endpoints:                10.244.1.4:53,10.244.2.3:53',
      'Endpoints:                10.244.1.4:53,10.244.2.3:53',
      'Endpoints:                10.244.1.4:9153,10.244.2.3:9153',
    ]);
  });

  it('prints an empty Endpoints value for a selector that matches nothing, and ExternalName without ports or policies', () => {
    const typo = servicesLab({ faults: '[{ type: endpointslice-empty, service: prod/web }]' });
    const out = lines(runCommand(typo, 'node1', 'kubectl describe svc web -n prod').output);
    expect(out).toContain('Selector:                 app=wbe');
    expect(out).toContain('Endpoints:                ');
    expect(lines(runCommand(lab, 'node1', 'kubectl describe svc db -n prod').output)).toEqual([
      'Name:              db',
      'Namespace:         prod',
      'Labels:            <none>',
      'Annotations:       <none>',
      'Selector:          <none>',
      'Type:              ExternalName',
      'IP Families:       <none>',
      'IP:                ',
      'IPs:               <none>',
      'External Name:     db.example.com',
      'Session Affinity:  None',
      'Events:            <none>',
    ]);
  });

  it('says NotFound, and describes every match of a name prefix (describe.go DescribeMatchingResources)', () => {
    expect(runCommand(lab, 'node1', 'kubectl describe svc nope -n prod')).toMatchObject({
      exitCode: 1,
      output: 'Error from server (NotFound): services "nope" not found',
    });
    const out = runCommand(lab, 'node1', 'kubectl describe svc web- -n prod').output;
    expect(out.match(/^Name: +\S+$/gm)).toEqual([
      'Name:                     web-headless',
      'Name:                     web-lb',
      'Name:                     web-np',
    ]);
  });
});

describe('kubectl describe pod', () => {
  it('describes a running pod: top block, IPs (a tab-less line restarts alignment), Conditions, Events', () => {
    const lab = servicesLab();
    expect(lines(runCommand(lab, 'client', 'kubectl describe pod client').output)).toEqual([
      'Name:             client',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node1/192.168.1.10',
      'Start Time:       Wed, 01 Jan 2025 00:00:00 +0000',
      'Labels:           <none>',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.2',
      'IPs:',
      '  IP:  10.244.1.2',
      'Conditions:',
      '  Type                        Status',
      '  PodReadyToStartContainers   True ',
      '  Initialized                 True ',
      '  Ready                       True ',
      '  ContainersReady             True ',
      '  PodScheduled                True ',
      POD_NOT_MODELLED,
      'Events:',
      '  Type    Reason     Age   From               Message',
      '  ----    ------     ----  ----               -------',
      '  Normal  Scheduled  0s    default-scheduler  Successfully assigned default/client to node1',
    ]);
  });

  it('reports the CNI error of a pod stuck in ContainerCreating as the kubelet’s FailedCreatePodSandBox event', () => {
    const lab = servicesLab({ podCIDR: '10.244.1.0/30' });
    const out = lines(runCommand(lab, 'node1', 'kubectl describe pod web-1 -n prod').output);
    expect(out.slice(8, 12)).toEqual(['Status:           Pending', 'IP:               ', 'IPs:              <none>', 'Conditions:']);
    expect(out).toContain('  PodReadyToStartContainers   False ');
    expect(out.slice(-4)).toEqual([
      '  Type     Reason                  Age   From               Message',
      '  ----     ------                  ----  ----               -------',
      '  Normal   Scheduled               0s    default-scheduler  Successfully assigned prod/web-1 to node1',
      '  Warning  FailedCreatePodSandBox  0s    kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "1bcf2660c8ccd545bb9b3665dfe48dde36e90f0e2bbc2e642589b657d97447f8": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.2',
    ]);
  });

  it('describes CoreDNS (priority class, service account, controller, not ready) and the API server’s mirror pod', () => {
    const lab = servicesLab({ faults: '[{ type: coredns-not-ready }]' });
    const dns = lines(runCommand(lab, 'node1', 'kubectl -n kube-system describe pod coredns-qs8m4wct7f-ngfnz').output);
    expect(dns.slice(0, 5)).toEqual([
      'Name:                 coredns-qs8m4wct7f-ngfnz',
      'Namespace:            kube-system',
      'Priority:             2000000000',
      'Priority Class Name:  system-cluster-critical',
      'Service Account:      coredns',
    ]);
    expect(dns).toContain('Controlled By:  ReplicaSet/coredns-qs8m4wct7f');
    expect(dns).toContain('  Ready                       False ');
    const api = lines(runCommand(lab, 'node1', 'kubectl -n kube-system describe pod kube-apiserver-node1').output);
    expect(api.slice(2, 5)).toEqual([
      'Priority:             2000001000',
      'Priority Class Name:  system-node-critical',
      'Node:                 node1/192.168.1.10',
    ]);
    expect(api).toContain('Controlled By:  Node/node1');
    expect(api.at(-1)).toBe('Events:  <none>');
  });

  it('drops the events of several pods (describe.go: events for a single object only)', () => {
    const out = runCommand(servicesLab(), 'node1', 'kubectl describe pods -n prod').output;
    expect(out.match(/^Name:/gm)).toHaveLength(2);
    expect(out).not.toContain('Events:');
    expect(out).toContain(`${POD_NOT_MODELLED}\n\n\nName:             web-2`);
  });
});

describe('kubectl describe cm coredns', () => {
  it('prints the Corefile as ConfigMapDescriber does (Data, ----, the value, BinaryData, Events)', () => {
    const lab = servicesLab();
    const out = lines(runCommand(lab, 'node1', 'kubectl -n kube-system describe cm coredns').output);
    expect(out.slice(0, 9)).toEqual([
      'Name:         coredns',
      'Namespace:    kube-system',
      'Labels:       <none>',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'Corefile:',
      '----',
    ]);
    expect(out.slice(9, -7).join('\n')).toBe(lab.cluster.dns.corefile);
    // the value ends in a newline (a YAML literal block), then "\n" and "\n" per key (kubectl ≥ 1.30), then "\nBinaryData"
    expect(out.slice(-7)).toEqual(['', '', '', 'BinaryData', '====', '', 'Events:  <none>']);
    expect(runCommand(lab, 'node1', 'kubectl describe configmap coredns')).toMatchObject({
      exitCode: 1,
      output: 'Error from server (NotFound): configmaps "coredns" not found',
    });
    expect(runCommand(lab, 'node1', 'kubectl describe cm coredns -o yaml')).toMatchObject({
      exitCode: 1,
      output: "error: unknown shorthand flag: 'o' in -o\nSee 'kubectl describe --help' for usage.",
    });
  });
});
