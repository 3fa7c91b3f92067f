/**
 * `wg` (wireguard-tools src/show.c show_main, pretty_print, dump_print, ugly_print; wg.c runs
 * `show` when given no subcommand):
 *
 *   wg | wg show [all | interfaces | IFACE] [public-key | private-key | listen-port | fwmark |
 *                 peers | endpoints | allowed-ips | persistent-keepalive | preshared-keys | dump]
 *
 * Pretty print: `interface: NAME`, two-space indented `public key`, `private key: (hidden)`
 * (WG_HIDE_KEYS defaults to hiding), `listening port`, then a blank line and one block per peer
 * (`endpoint`, `allowed ips` comma-joined or `(none)`), blank lines between peers and between
 * interfaces. `latest handshake` and `transfer` print only once a handshake happened and bytes
 * moved: the lab does not model handshakes or counters, so they are absent — what a freshly
 * configured device shows (handshakes start with the first packet). For the same reason the
 * dump's handshake epoch and byte counters are 0. The lab has no private keys; flanneld's
 * are derived like its public keys (cni/flannel/wg-keys.ts).
 */
import type { Interface } from '../model/datapath';
import { cidrString } from '../wire/ipv4';
import { wgKeyPair } from '../cni/flannel/wg-keys';
import { type CommandResult, done, notModelled, type Shell } from './context';
import type { CommandGroup } from './registry';

const PARAMS = [
  'public-key',
  'private-key',
  'listen-port',
  'fwmark',
  'peers',
  'preshared-keys',
  'endpoints',
  'allowed-ips',
  'latest-handshakes',
  'transfer',
  'persistent-keepalive',
  'dump',
] as const;

const USAGE = `Usage: wg show { <interface> | all | interfaces } [${PARAMS.join(' | ')}]`;

function privateKeyOf(shell: Shell, d: Interface): string {
  // flanneld's wireguard backend keys are per node (cni/flannel/wg-keys.ts); the lab holds no others
  return wgKeyPair(shell.netns.node).publicKey === d.wireguard?.publicKey ? wgKeyPair(shell.netns.node).privateKey : '(none)';
}

function pretty(d: Interface): string[] {
  const wg = d.wireguard!;
  const out = [`interface: ${d.name}`, `  public key: ${wg.publicKey}`, '  private key: (hidden)', `  listening port: ${wg.listenPort}`];
  if (wg.fwmark) out.push(`  fwmark: 0x${wg.fwmark.toString(16)}`);
  wg.peers.forEach((p) => {
    // a blank line after the interface block and between peers (pretty_print)
    out.push('', `peer: ${p.publicKey}`);
    if (p.endpoint) out.push(`  endpoint: ${p.endpoint.ip}:${p.endpoint.port}`);
    out.push(`  allowed ips: ${p.allowedIps.length ? p.allowedIps.map(cidrString).join(', ') : '(none)'}`);
    if (p.keepalive) out.push(`  persistent keepalive: every ${p.keepalive} seconds`);
  });
  return out;
}

/** One `wg show IFACE PARAM` answer (ugly_print); `all` prefixes every line with the interface and a tab. */
function ugly(shell: Shell, d: Interface, param: string, withIface: boolean): string[] {
  const wg = d.wireguard!;
  const pre = withIface ? `${d.name}\t` : '';
  const peers = (f: (p: (typeof wg.peers)[number]) => string) => wg.peers.map((p) => `${pre}${p.publicKey}\t${f(p)}`);
  const endpoint = (p: (typeof wg.peers)[number]) => (p.endpoint ? `${p.endpoint.ip}:${p.endpoint.port}` : '(none)');
  const fwmark = wg.fwmark ? `0x${wg.fwmark.toString(16)}` : 'off';
  switch (param) {
    case 'public-key':
      return [`${pre}${wg.publicKey}`];
    case 'private-key':
      return [`${pre}${privateKeyOf(shell, d)}`];
    case 'listen-port':
      return [`${pre}${wg.listenPort}`];
    case 'fwmark':
      return [`${pre}${fwmark}`];
    case 'peers':
      return wg.peers.map((p) => `${pre}${p.publicKey}`);
    case 'preshared-keys':
      return peers(() => '(none)');
    case 'endpoints':
      return peers(endpoint);
    case 'allowed-ips':
      return peers((p) => (p.allowedIps.length ? p.allowedIps.map(cidrString).join(' ') : '(none)'));
    case 'latest-handshakes':
      return peers(() => '0');
    case 'transfer':
      return peers(() => '0\t0');
    case 'persistent-keepalive':
      return peers((p) => (p.keepalive ? String(p.keepalive) : 'off'));
    default: {
      const head = `${pre}${privateKeyOf(shell, d)}\t${wg.publicKey}\t${wg.listenPort}\t${fwmark}`;
      const rows = wg.peers.map(
        (p) =>
          `${pre}${p.publicKey}\t(none)\t${endpoint(p)}\t${p.allowedIps.length ? p.allowedIps.map(cidrString).join(',') : '(none)'}\t0\t0\t0\t${p.keepalive ?? 'off'}`,
      );
      return [head, ...rows];
    }
  }
}

function wgShow(shell: Shell, args: readonly string[]): CommandResult {
  if (args.length > 2) return done(shell, USAGE, 1);
  const devices = shell.netns.interfaces.filter((d) => d.kind === 'wireguard' && d.wireguard);
  const [what, param] = args;
  if (param !== undefined && !(PARAMS as readonly string[]).includes(param)) return done(shell, [`Invalid parameter: \`${param}'`, USAGE], 1);
  if (what === undefined || what === 'all') {
    if (param !== undefined)
      return done(
        shell,
        devices.flatMap((d) => ugly(shell, d, param, true)),
      );
    return done(
      shell,
      devices.flatMap((d, i) => (i ? ['', ...pretty(d)] : pretty(d))),
    );
  }
  if (what === 'interfaces') return param !== undefined ? done(shell, USAGE, 1) : done(shell, devices.length ? devices.map((d) => d.name).join(' ') : []);
  if (what === '-h' || what === '--help' || what === 'help') return done(shell, USAGE, 0);
  const dev = devices.find((d) => d.name === what);
  // perror("Unable to access interface"): WG_CMD_GET_DEVICE answers ENODEV for an unknown name and
  // EOPNOTSUPP for a device of another kind (LNX drivers/net/wireguard/netlink.c lookup_interface)
  if (!dev) {
    const other = shell.netns.interfaces.some((d) => d.name === what);
    return done(shell, `Unable to access interface: ${other ? 'Operation not supported' : 'No such device'}`, 1);
  }
  return done(shell, param !== undefined ? ugly(shell, dev, param, false) : pretty(dev));
}

function wg(shell: Shell, argv: readonly string[]): CommandResult {
  if (argv.length === 0 || argv[0] === 'show') return wgShow(shell, argv.slice(1));
  return notModelled(shell, `wg ${argv.join(' ')}`);
}

export const WG_COMMANDS: CommandGroup = {
  wg: {
    run: wg,
    usage: 'wg [show [all | interfaces | IFACE] [dump | peers | endpoints | allowed-ips | public-key | listen-port]]',
    what: 'WireGuard devices, their keys and peers (flannel wireguard)',
    words: ['show', 'all', 'interfaces', 'dump', 'peers', 'endpoints', 'allowed-ips', 'public-key', 'listen-port'],
  },
};
