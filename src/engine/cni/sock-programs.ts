/**
 * The cgroup socket programs CNI agents attach (cgroup/connect4, sendmsg4), by name: they run
 * inside connect() and sendmsg() and may rewrite the destination before any packet exists —
 * Cilium's socket load balancing. Each CNI shape that uses them contributes its programs here.
 */
import type { Netns } from '../model/datapath';
import type { Ipv4 } from '../wire/ipv4';
import type { Ctx, DatapathPort } from '../devices/port';
import { sock4Connect, sock4Sendmsg } from './cilium/sock';

export interface SockEnv {
  readonly w: DatapathPort;
  /** the namespace of the socket (a pod's, or the node's) */
  readonly ns: Netns;
  /** the node whose root cgroup holds the program */
  readonly node: Netns;
  readonly proto: 'tcp' | 'udp';
  readonly dst: Ipv4;
  readonly dport: number;
  readonly ctx: Ctx;
}

/** The address the socket connects or sends to after the program ran (unchanged when it did nothing). */
export interface SockResult {
  readonly dst: Ipv4;
  readonly dport: number;
  /** the service frontend it replaced, for the reply's reverse translation (recvmsg4) */
  readonly frontend?: { readonly ip: Ipv4; readonly port: number };
  /** the call fails before any packet exists (Cilium: a Service without backends, -EHOSTUNREACH) */
  readonly error?: 'EHOSTUNREACH';
}

export type SockProgramImpl = (env: SockEnv) => SockResult;

const PROGRAMS: Readonly<Record<string, SockProgramImpl>> = { cil_sock4_connect: sock4Connect, cil_sock4_sendmsg: sock4Sendmsg };

export function sockProgram(name: string): SockProgramImpl | undefined {
  return PROGRAMS[name];
}
