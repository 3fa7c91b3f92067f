/** Paragraphs of a step body: blank-line separated, as the lesson panel splits them (types.ts StepBase.body). */
export function paras(...p: readonly string[]): string {
  return p.join('\n\n');
}
