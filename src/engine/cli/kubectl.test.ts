import { describe, expect, it } from 'vitest';
import { labFromText } from '../lab';
import { runCommand } from './dispatch';
import { humanDuration, parseExec } from './kubectl';
import { tabwrite } from './kubectl';
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

  it('lists pods -o wide in the default namespace', () => {
    expect(runCommand(lab, 'node1', 'kubectl get pods -o wide').output.split('\n')).toEqual([
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES',
      'pod-a   1/1     Running   0          5m    10.244.1.2   node1   <none>           <none>',
      'pod-b   1/1     Running   0          5m    10.244.1.3   node1   <none>           <none>',
      'pod-c   1/1     Running   0          5m    10.244.2.2   node2   <none>           <none>',
    ]);
  });

  it('adds NAMESPACE with -A, filters with -n, and says when nothing is found', () => {
    expect(runCommand(lab, 'pod-a', 'kubectl get po -A').output.split('\n')[0]).toBe('NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE');
    expect(runCommand(lab, 'node1', 'kubectl get pods -n kube-system').output).toBe('No resources found in kube-system namespace.');
    expect(runCommand(lab, 'node1', 'kubectl get pod nope')).toMatchObject({ exitCode: 1, output: 'Error from server (NotFound): pods "nope" not found' });
    expect(runCommand(lab, 'node1', 'kubectl get pod pod-c -owide').output.split('\n')).toHaveLength(2);
  });

  it('shows a pod whose IPAM range ran out as ContainerCreating with no IP', () => {
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
      'a      1/1     Running             0          5m    10.244.1.2   node1   <none>           <none>',
      'b      0/1     ContainerCreating   0          5m    <none>       node1   <none>           <none>',
    ]);
    expect(runCommand(r.lab, 'b', 'ip a').output).toMatch(/^podpath: pod default\/b is ContainerCreating/);
  });

  it('lists nodes, with their internal IPs under -o wide', () => {
    expect(runCommand(lab, 'node1', 'kubectl get nodes').output.split('\n')).toEqual([
      'NAME    STATUS   ROLES    AGE   VERSION',
      'node1   Ready    <none>   5m    <unknown>',
      'node2   Ready    <none>   5m    <unknown>',
    ]);
    expect(runCommand(lab, 'node1', 'kubectl get no -o wide').output).toContain('192.168.50.2   <none>');
  });

  it('ages with the lab clock (apimachinery HumanDuration)', () => {
    expect([0, 119_000, 125_000, 300_000, 330_000, 3 * 3600_000 + 60_000, 30 * 3600_000, 72 * 3600_000].map(humanDuration)).toEqual([
      '0s',
      '119s',
      '2m5s',
      '5m',
      '5m30s',
      '3h1m',
      '30h',
      '3d',
    ]);
  });

  it('says plainly what is not modelled', () => {
    expect(runCommand(lab, 'node1', 'kubectl get svc').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl get pods -o yaml').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'kubectl logs pod-a')).toMatchObject({ exitCode: 127, output: 'podpath: "kubectl logs" is not modelled yet in this lab' });
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
