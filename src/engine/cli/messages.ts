/**
 * The lab's own voice in the terminal. Anything the lab does not model says so plainly
 * (exit 127, like a shell's "command not found") instead of printing invented output.
 */
import { done, type CommandResult, type Shell } from './context';

export const NOT_MODELLED_EXIT = 127;

export function notModelled(shell: Shell, what: string): CommandResult {
  return done(shell, `podpath: "${what}" is not modelled yet in this lab`, NOT_MODELLED_EXIT);
}

export function nodeOnly(shell: Shell, command: string): CommandResult {
  return done(
    shell,
    `podpath: ${command} runs on a node in this lab (a pod has its own network namespace and no NET_ADMIN); open a terminal on node ${shell.netns.node}`,
    1,
  );
}

/** A usage error of one of the modelled tools, with the tool's own prefix. */
export function usage(shell: Shell, tool: string, message: string, exitCode = 2): CommandResult {
  return done(shell, `${tool}: ${message}`, exitCode);
}
