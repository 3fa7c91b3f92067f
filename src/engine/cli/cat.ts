/**
 * `cat FILE…` for the two files name resolution reads, from engine state:
 *
 *   /etc/resolv.conf  the pod's as the kubelet builds it and containerd writes it (search,
 *                     nameserver, options; dns/resolver.ts), or the node's own
 *   /etc/hosts        the pod's kubelet-managed file (dns/hosts.ts); a node's or a hostNetwork
 *                     pod's is the node's own file, which the lab does not model
 *   /etc/coredns/Corefile  in a CoreDNS pod: the coredns ConfigMap, mounted there by the
 *                     Deployment (kubeadm's CoreDNS manifest: volume config-volume)
 *
 * Any other path is not modelled (the lab has no filesystem).
 */
import { hostsFileFor } from '../dns/hosts';
import { formatResolvConf, resolvConfFor } from '../dns/resolver';
import { type CommandResult, done, notModelled, type Shell } from './context';

function resolvConf(shell: Shell): string[] {
  return formatResolvConf(resolvConfFor(shell.lab.cluster, shell.pod));
}

export function fileLines(shell: Shell, path: string): string[] | undefined {
  if (path === '/etc/resolv.conf') return resolvConf(shell);
  if (path === '/etc/hosts') return hostsFileFor(shell.lab.cluster, shell.pod)?.lines.slice();
  const coredns = shell.pod?.namespace === 'kube-system' && shell.pod.labels['k8s-app'] === 'kube-dns';
  if (path === '/etc/coredns/Corefile' && coredns) return shell.lab.cluster.dns.corefile.split('\n');
  return undefined;
}

export function catCommand(shell: Shell, argv: readonly string[]): CommandResult {
  if (argv.length === 0) return notModelled(shell, 'cat (reading standard input)');
  const out: string[] = [];
  for (const path of argv) {
    if (path.startsWith('-')) return notModelled(shell, `cat ${path}`);
    const lines = fileLines(shell, path);
    if (!lines) {
      const why = path === '/etc/hosts' ? ` on ${shell.kind === 'node' ? 'a node' : 'a hostNetwork pod (it is the node’s file)'}` : '';
      return notModelled(shell, `cat ${path}${why}`);
    }
    out.push(...lines);
  }
  return done(shell, out);
}
