/**
 * IPVS in the netfilter hooks (LNX net/netfilter/ipvs/ip_vs_core.c ip_vs_ops4): requests to a
 * virtual service are scheduled to a real server at LOCAL_IN (ip_vs_remote_request4) or
 * LOCAL_OUT (ip_vs_local_request4); replies from a real server are translated back at
 * FORWARD and LOCAL_IN (ip_vs_reply4). Filled in by the IPVS proxier work; a namespace
 * without an IPVS table passes every packet untouched.
 */
import type { Hook, Netns } from '../model/datapath';
import type { HookIo, HookResult } from './hooks';
import type { Pkt } from './packet';
import type { Ctx } from './recorder';
import type { Walker } from './walker';

export type IpvsHookFn = 'request' | 'reply';

export function ipvsHook(_w: Walker, _ns: Netns, _fn: IpvsHookFn, _hook: Hook, p: Pkt, _io: HookIo, _ctx: Ctx): HookResult {
  return { pass: true, pkt: p };
}
