/**
 * The shape of a terminal command, shared by dispatch.ts and the command groups that add
 * their own (ipvs-commands.ts, nft-commands.ts, dns-commands.ts, k8s-commands.ts).
 */
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
