/**
 * The fuzz loop: `count` inputs per target from one seed; counts accepted, rejected, crashes
 * (a throw), hangs (one input over `limitMs` — synchronous code cannot be interrupted, so a
 * hang is measured after the fact) and rejections that do not say what is wrong.
 */
import { performance } from 'node:perf_hooks';
import { rng } from './mutate';
import type { Target } from './targets';

export interface FuzzReport {
  readonly target: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly crashes: readonly { input: string; error: string }[];
  readonly hangs: readonly { input: string; ms: number }[];
  readonly unclear: readonly { input: string; message: string }[];
  readonly ms: number;
}

export async function fuzz(t: Target, count: number, seed: number, limitMs = 2000): Promise<FuzzReport> {
  const r = rng(seed);
  let accepted = 0;
  let rejected = 0;
  const crashes: { input: string; error: string }[] = [];
  const hangs: { input: string; ms: number }[] = [];
  const unclear: { input: string; message: string }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const input = t.input(r, i);
    const s = performance.now();
    try {
      const out = await t.run(input);
      if (out.kind === 'accepted') accepted++;
      else {
        rejected++;
        const bad = out.messages.length === 0 ? '(no message)' : out.messages.find((m) => !t.namesWhat(m));
        if (bad !== undefined && unclear.length < 20) unclear.push({ input, message: bad });
      }
    } catch (e) {
      if (crashes.length < 20) crashes.push({ input, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      else crashes.push({ input: '', error: '' });
    }
    const ms = performance.now() - s;
    if (ms > limitMs) hangs.push({ input, ms });
  }
  return { target: t.name, inputs: count, accepted, rejected, crashes, hangs, unclear, ms: performance.now() - t0 };
}
