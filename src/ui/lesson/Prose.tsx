import { Fragment } from 'react';

/**
 * Content text as text: paragraphs split on blank lines, `code` spans in backticks. Nothing
 * is parsed as HTML (React escapes every string).
 */
export function Prose({ text, className }: { text: string; className?: string }) {
  const paras = text.split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <div className={className}>
      {paras.map((p, i) => (
        <p key={i}>
          <Inline text={p.trim()} />
        </p>
      ))}
    </div>
  );
}

/** One line with its `code` spans. */
export function Inline({ text }: { text: string }) {
  // split keeps the captured spans at the odd indexes
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>;
}
