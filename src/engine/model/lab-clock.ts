/**
 * The lab's wall clock. The engine counts milliseconds from the moment a scenario starts
 * (KernelState.now); where a tool prints a date or a Unix time (dig's WHEN, CoreDNS's SOA
 * serial), that moment is LAB_EPOCH: 2025-01-01 00:00:00 UTC. A fixed start keeps every run
 * of a scenario identical; the UI names it as a simplification.
 */
export const LAB_EPOCH_S = 1735689600;

export function labUnixSeconds(nowMs: number): number {
  return LAB_EPOCH_S + Math.floor(nowMs / 1000);
}
