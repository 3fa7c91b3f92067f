/**
 * Content text as text: paragraphs split at blank lines, `code` spans in backticks
 * (types.ts: "short paragraphs (blank-line separated); `code` spans in backticks"). Never
 * parsed as HTML — React escapes every piece.
 */
import { memo } from 'react';

function spans(text: string) {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part));
}

export const Prose = memo(function Prose({ text, className }: { text: string; className?: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <div className={className ? `prose ${className}` : 'prose'}>
      {paragraphs.map((p, i) => (
        <p key={i}>{spans(p)}</p>
      ))}
    </div>
  );
});
