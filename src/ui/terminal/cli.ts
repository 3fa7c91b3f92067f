/**
 * The one seam between the UI and the engine's CLI (src/engine/cli): the terminal and the
 * Details panel print exactly what the engine renders, never invented output; a command
 * the engine does not model answers that it is not modelled.
 */
import { completionWords, runCommand, SUPPORTED_COMMANDS, type CommandResult } from '../../engine/cli';
import type { Lab } from '../../engine';

export type CliResult = CommandResult;

export function runCli(lab: Lab, where: string, line: string): CliResult {
  return runCommand(lab, where, line);
}

/** Command names offered by tab completion (`clear` is the terminal's own). */
export function cliCommands(): readonly string[] {
  return [...SUPPORTED_COMMANDS, 'clear'];
}

/** Flags and sub-commands tab completion offers after `command`. */
export function cliWords(command: string): readonly string[] {
  return completionWords(command);
}
