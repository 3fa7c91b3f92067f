/**
 * Terminal commands of kube-proxy's IPVS mode, node only (they need CAP_NET_ADMIN, like iptables):
 *
 *   ipvsadm -Ln | -L -n | --list --numeric [-t|-u VIP:PORT]   the virtual services (ipvsadm 1.26)
 *   ipvsadm -Lnc                                              the connection table
 *   ipvsadm -Sn | --save -n                                   the rules in ipvsadm's own syntax
 *   ipvsadm -L --timeout                                      tcp tcpfin udp timeouts
 *   ipset list|-L [-t|-n] [NAME], ipset save [NAME]           the sets (ipset 7.21)
 *
 * Counters come from the lab's kernel state (live IPVS connections). A node without an IPVS
 * table prints an empty one: running ipvsadm loads ip_vs (modprobe_ipvs). Listing without -n
 * resolves addresses and ports to names and is not modelled.
 */
import type { IpvsConn } from '../model/kernel-state';
import { ipsetList, ipsetNames, ipsetSave, IPSET_VERSION } from '../services/ipsets';
import { TCP_TIMEOUT_S, UDP_TIMEOUT_S } from '../tables/ipvs';
import { ipvsadmConnections, ipvsadmList, ipvsadmListService, ipvsadmSave } from '../tables/ipvs-format';
import { type CommandResult, done, nodeOnly, notModelled, type Shell } from './context';
import type { CommandGroup } from './registry';

function liveConns(shell: Shell): readonly IpvsConn[] {
  const k = shell.lab.kernel;
  return (k.ipvsConns[shell.netns.id] ?? []).filter((c) => c.expires > k.now);
}

interface IpvsadmArgs {
  list: boolean;
  save: boolean;
  numeric: boolean;
  connections: boolean;
  timeout: boolean;
  service?: { proto: 'tcp' | 'udp'; addr: string };
}

/** ipvsadm's option letters, bundled (`-Lnc`) or long (`--list --numeric`); undefined for anything not modelled. */
function parseIpvsadm(argv: readonly string[]): IpvsadmArgs | undefined {
  const a: IpvsadmArgs = { list: false, save: false, numeric: false, connections: false, timeout: false };
  const long: Record<string, keyof Omit<IpvsadmArgs, 'service'>> = {
    '--list': 'list',
    '--save': 'save',
    '--numeric': 'numeric',
    '--connection': 'connections',
    '--timeout': 'timeout',
  };
  const short: Record<string, keyof Omit<IpvsadmArgs, 'service'>> = { L: 'list', l: 'list', S: 'save', n: 'numeric', c: 'connections' };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (long[x]) a[long[x]] = true;
    else if (x === '-t' || x === '-u' || x === '--tcp-service' || x === '--udp-service') {
      const addr = argv[++i];
      if (!addr || !/^\d+\.\d+\.\d+\.\d+:\d+$/.test(addr)) return undefined;
      a.service = { proto: x === '-t' || x === '--tcp-service' ? 'tcp' : 'udp', addr };
    } else if (/^-[A-Za-z]+$/.test(x) && [...x.slice(1)].every((f) => short[f])) for (const f of x.slice(1)) a[short[f]] = true;
    else return undefined;
  }
  return a;
}

function ipvsadm(shell: Shell, argv: readonly string[]): CommandResult {
  if (shell.netns.kind !== 'node') return nodeOnly(shell, 'ipvsadm');
  const a = parseIpvsadm(argv);
  if (!a) return notModelled(shell, `ipvsadm ${argv.join(' ')}`);
  const services = shell.netns.ipvs ?? [];
  if (a.timeout && !a.save) return done(shell, `Timeout (tcp tcpfin udp): ${TCP_TIMEOUT_S.ESTABLISHED} ${TCP_TIMEOUT_S.FIN_WAIT} ${UDP_TIMEOUT_S}`);
  // a bare `ipvsadm` lists too (list_all(FMT_NONE)), with names
  if (!a.numeric) return notModelled(shell, `${['ipvsadm', ...argv].join(' ')} without -n (listing resolves addresses and ports to names)`);
  if (a.save) return done(shell, ipvsadmSave(services));
  if (!a.list) return notModelled(shell, `ipvsadm ${argv.join(' ')}`);
  if (a.connections) return done(shell, ipvsadmConnections(liveConns(shell), shell.lab.kernel.now));
  if (a.service) {
    const [ip, port] = a.service.addr.split(':');
    const svc = services.find((s) => s.proto === a.service!.proto && s.vip === ip && s.port === Number(port));
    if (!svc) return done(shell, 'No such service', 1);
    return done(shell, ipvsadmListService(svc, liveConns(shell)));
  }
  return done(shell, ipvsadmList(services, liveConns(shell)));
}

function ipsetError(shell: Shell): CommandResult {
  return done(shell, `ipset v${IPSET_VERSION}: The set with the given name does not exist`, 1);
}

function ipset(shell: Shell, argv: readonly string[]): CommandResult {
  if (shell.netns.kind !== 'node') return nodeOnly(shell, 'ipset');
  const [cmd, ...rest] = argv;
  const ns = shell.netns;
  if (cmd === 'save' || cmd === '-S' || cmd === '--save') {
    if (rest.length > 1) return notModelled(shell, `ipset ${argv.join(' ')}`);
    const out = ipsetSave(ns, rest[0]);
    return out ? done(shell, out) : ipsetError(shell);
  }
  if (cmd !== 'list' && cmd !== '-L' && cmd !== '--list') return notModelled(shell, `ipset ${argv.join(' ')}`);
  let terse = false;
  let names = false;
  let name: string | undefined;
  for (const x of rest) {
    if (x === '-t' || x === '-terse') terse = true;
    else if (x === '-n' || x === '-name') names = true;
    else if (!x.startsWith('-') && name === undefined) name = x;
    else return notModelled(shell, `ipset ${argv.join(' ')}`);
  }
  const out = names ? ipsetNames(ns, name) : ipsetList(ns, name, terse);
  return out ? done(shell, out) : ipsetError(shell);
}

export const IPVS_COMMANDS: CommandGroup = {
  ipvsadm: {
    run: ipvsadm,
    usage: 'ipvsadm -Ln [-t|-u VIP:PORT] | -Lnc | -Sn | -L --timeout',
    what: 'the IPVS virtual services, real servers and connections (node, kube-proxy ipvs mode)',
    words: ['-Ln', '-Lnc', '-L', '-n', '-c', '-Sn', '-t', '-u', '--list', '--numeric', '--connection', '--timeout'],
  },
  ipset: {
    run: ipset,
    usage: 'ipset list [-t|-n] [NAME] | ipset save [NAME]',
    what: "kube-proxy's ipsets and their members (node)",
    words: ['list', '-L', 'save', '-t', '-n'],
  },
};
