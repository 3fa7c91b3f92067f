/** Stands in for a study page whose module is not in this build yet (pages.tsx). */
export function Placeholder({ title }: { title: string }) {
  return (
    <section aria-labelledby="placeholder-h">
      <h1 id="placeholder-h">{title}</h1>
      <p>This page is not part of this build yet.</p>
    </section>
  );
}
