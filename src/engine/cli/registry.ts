/**
 * The shape of a terminal command, shared by dispatch.ts and the command groups that add
 * their own (ipvs-commands.ts, nft-commands.ts, dns-commands.ts, k8s-commands.ts).
 */
import type { Lab } from '../lab';
import type { CommandResult, Shell } from './context';

export type Handler = (shell: Shell, argv: readonly string[]) => CommandResult;

export interface CommandInfo {
  readonly run: Handler;
  readonly usage: string;
  readonly what: string;
  /** sub-commands and flags offered by tab completion */
  readonly words?: readonly string[];
}

export type CommandGroup = Readonly<Record<string, CommandInfo>>;

/**
 * Running a command from inside a command (`kubectl exec POD -- CMD`): dispatch.ts registers
 * its runArgv here when it loads, so command groups need not import dispatch.ts (which imports
 * them) — no import cycle.
 */
let runner: ((lab: Lab, where: string, argv: readonly string[], stdin?: string) => CommandResult) | undefined;

export function setRunner(r: (lab: Lab, where: string, argv: readonly string[], stdin?: string) => CommandResult): void {
  runner = r;
}

export function runNested(lab: Lab, where: string, argv: readonly string[], stdin?: string): CommandResult {
  if (!runner) throw new Error('the command table is not loaded');
  return runner(lab, where, argv, stdin);
}
