import { describe, expect, it } from 'vitest';
import { labFromText } from '../lab';
import { runCommand } from './dispatch';
import { humanDuration, parseExec, parseFlags, splitVerb, tabwrite } from './kubectl';
import { oracleLab } from './test-helpers';

describe('tabwrite (cli-runtime tabwriter: minwidth 6, padding 3)', () => {
  it('lays out the REFERENCE.md §6.1 example exactly', () => {
    const rows = [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ['web-6d4cf56db6-7xkqz', '1/1', 'Running', '0', '12m', '10.244.1.5', 'worker-1', '<none>', '<none>'],
      ['web-6d4cf56db6-bq2lm', '1/1', 'Running', '0', '12m', '10.244.2.7', 'worker-2', '<none>', '<none>'],
    ];
    expect(tabwrite(rows)).toEqual([
      'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES',
      'web-6d4cf56db6-7xkqz   1/1     Running   0          12m   10.244.1.5   worker-1   <none>           <none>',
      'web-6d4cf56db6-bq2lm   1/1     Running   0          12m   10.244.2.7   worker-2   <none>           <none>',
    ]);
  });
});

describe('kubectl get', () => {
  const lab = oracleLab();

  it('lists pods -o wide in the default namespace, aged by the lab clock (a fresh lab is 0s old)', () => {
    expect(runCommand(lab, 'node1', 'kubectl get pods -o wide').output.split('\n')).toEqual([
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES',
      'pod-a   1/1     Running   0          0s    10.244.1.2   node1   <none>           <none>',
      'pod-b   1/1     Running   0          0s    10.244.1.3   node1   <none>           <none>',
      'pod-c   1/1     Running   0          0s    10.244.2.2   node2   <none>           <none>',
    ]);
    const later = { ...lab, kernel: { ...lab.kernel, now: 192_000 } };
    expect(runCommand(later, 'node1', 'kubectl get pod pod-a').output.split('\n')[1]).toBe('pod-a   1/1     Running   0          3m12s');
  });

  it('adds NAMESPACE with -A, lists the system pods in kube-system, and says when nothing is found', () => {
    expect(runCommand(lab, 'pod-a', 'kubectl get po -A').output.split('\n')[0]).toBe(
      'NAMESPACE     NAME                       READY   STATUS    RESTARTS   AGE',
    );
    expect(runCommand(lab, 'node1', 'kubectl get pods -n kube-system -o wide').output.split('\n')).toEqual([
      'NAME                       READY   STATUS    RESTARTS   AGE   IP             NODE    NOMINATED NODE   READINESS GATES',
      'coredns-qs8m4wct7f-dslvs   1/1     Running   0          0s    10.244.2.3     node2   <none>           <none>',
      'coredns-qs8m4wct7f-ngfnz   1/1     Running   0          0s    10.244.1.4     node1   <none>           <none>',
      'kube-apiserver-node1       1/1     Running   0          0s    192.168.50.1   node1   <none>           <none>',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl get pods -n nope').output).toBe('No resources found in nope namespace.');
    expect(runCommand(lab, 'node1', 'kubectl get pod nope')).toMatchObject({ exitCode: 1, output: 'Error from server (NotFound): pods "nope" not found' });
    expect(runCommand(lab, 'node1', 'kubectl get pod pod-c -owide').output.split('\n')).toHaveLength(2);
  });

  it('shows a pod whose IPAM range ran out as ContainerCreating with no IP (and CoreDNS after it)', () => {
    const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: full }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10, podCIDR: 10.244.1.0/30 }]
  pods: [{ name: a, node: node1 }, { name: b, node: node1 }]
`);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(runCommand(r.lab, 'node1', 'kubectl get pods -o wide').output.split('\n')).toEqual([
      'NAME   READY   STATUS              RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES',
      'a      1/1     Running             0          0s    10.244.1.2   node1   <none>           <none>',
      'b      0/1     ContainerCreating   0          0s    <none>       node1   <none>           <none>',
    ]);
    expect(runCommand(r.lab, 'node1', 'kubectl -n kube-system get pods').output).toMatch(/^coredns-\S+ +0\/1 +ContainerCreating +0 +0s$/m);
    expect(runCommand(r.lab, 'b', 'ip a').output).toMatch(/^podpath: pod default\/b is ContainerCreating/);
  });

  it('lists nodes, with their internal IPs under -o wide', () => {
    expect(runCommand(lab, 'node1', 'kubectl get nodes').output.split('\n')).toEqual([
      'NAME    STATUS   ROLES    AGE   VERSION',
      'node1   Ready    <none>   0s    <unknown>',
      'node2   Ready    <none>   0s    <unknown>',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl get no -o wide').output).toContain('192.168.50.2   <none>');
  });

  it('ages with the lab clock (apimachinery HumanDuration)', () => {
    const h = 3600_000;
    const d = 24 * h;
    expect(
      [0, 12_000, 119_000, 125_000, 300_000, 330_000, 179 * 60_000, 3 * h + 60_000, 30 * h, 72 * h, 77 * h, 400 * d, 800 * d, 3000 * d].map(humanDuration),
    ).toEqual(['0s', '12s', '119s', '2m5s', '5m', '5m30s', '179m', '3h1m', '30h', '3d', '3d5h', '400d', '2y70d', '8y']);
  });

  it('says plainly what is not modelled', () => {
    expect(runCommand(lab, 'node1', 'kubectl get deploy')).toMatchObject({
      exitCode: 127,
      output: 'podpath: "kubectl get deploy" is not modelled yet in this lab',
    });
    expect(runCommand(lab, 'node1', 'kubectl get pods -o yaml').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl get pods -l app=web').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl get cm -n kube-system').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl describe node node1').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl logs pod-a')).toMatchObject({ exitCode: 127, output: 'podpath: "kubectl logs" is not modelled yet in this lab' });
  });
});

describe('kubectl arguments', () => {
  const lab = oracleLab();

  it('answers in kubectl’s own words for unknown kinds and missing arguments', () => {
    expect(runCommand(lab, 'node1', 'kubectl get foo')).toMatchObject({ exitCode: 1, output: 'error: the server doesn\'t have a resource type "foo"' });
    expect(runCommand(lab, 'node1', 'kubectl get pods pod-a -A')).toMatchObject({
      exitCode: 1,
      output: 'error: a resource cannot be retrieved by name across all namespaces',
    });
    expect(runCommand(lab, 'node1', 'kubectl get').output.split('\n')).toEqual([
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
      '',
      'error: Required resource not specified.',
      'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
      "See 'kubectl get -h' for help and examples",
    ]);
    expect(runCommand(lab, 'node1', 'kubectl describe').output).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  });

  it('takes flags before or after the verb, in every pflag spelling', () => {
    expect(splitVerb(['-n', 'kube-system', 'describe', 'cm', 'coredns'])).toEqual({ verb: 'describe', rest: ['-n', 'kube-system', 'cm', 'coredns'] });
    expect(splitVerb(['--namespace', 'prod', '-o', 'wide', 'get', 'svc']).verb).toBe('get');
    for (const f of [['-n', 'x'], ['-nx'], ['-n=x'], ['--namespace', 'x'], ['--namespace=x']]) expect(parseFlags(['pods', ...f]).namespace).toBe('x');
    expect(parseFlags(['pods', '-owide', '-A'])).toMatchObject({ output: 'wide', all: true, args: ['pods'] });
    expect(runCommand(lab, 'node1', 'kubectl -n kube-system get pods').output).toContain('kube-apiserver-node1');
  });
});

describe('kubectl exec', () => {
  const lab = oracleLab();

  it('runs the command inside the pod', () => {
    expect(runCommand(lab, 'node1', 'kubectl exec -it pod-c -- hostname').output).toBe('pod-c');
    expect(runCommand(lab, 'node1', 'kubectl exec -n default pod/pod-a -- ip route').output.split('\n')[0]).toBe('default via 10.244.1.1 dev eth0 ');
  });

  it('keeps what the command changed (a ping from inside the pod)', () => {
    const r = runCommand(lab, 'node1', 'kubectl exec pod-a -- ping -c 1 10.244.2.2');
    expect(r.traces).toHaveLength(1);
    expect(r.lab.kernel.now).toBeGreaterThan(lab.kernel.now);
  });

  it('answers as kubectl does for a missing pod or a missing --', () => {
    expect(runCommand(lab, 'node1', 'kubectl exec nope -- ls')).toMatchObject({ exitCode: 1, output: 'Error from server (NotFound): pods "nope" not found' });
    expect(parseExec(['pod-a', 'ls'])).toEqual({
      ok: false,
      error: 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
    });
    expect(parseExec(['pod-a', '--'])).toEqual({ ok: false, error: 'error: you must specify at least one command for the container' });
  });
});
