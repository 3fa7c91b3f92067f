/** The podpath mark and name, in the top bar and on the loading screen. */
export function Brand() {
  return (
    <div className="brand">
      <svg viewBox="0 0 24 24" className="brand__logo" aria-hidden="true">
        <circle cx="5" cy="12" r="3" />
        <circle cx="19" cy="6" r="3" />
        <circle cx="19" cy="18" r="3" />
        <path d="M8 12h4l4-5M12 12l4 5" />
      </svg>
      <span className="brand__name">podpath</span>
      <span className="brand__tag">pod networking lab</span>
    </div>
  );
}
