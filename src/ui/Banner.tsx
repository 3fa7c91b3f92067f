import { useLabStore } from './store/lab-store';

/** Errors about the scenario itself (a bad share link, an edit the engine refused). */
export function Banner() {
  const banner = useLabStore((s) => s.banner);
  if (!banner) return null;
  return (
    <div className={`banner banner--${banner.kind}`} role="alert">
      <div className="banner__body">
        <p className="banner__title">{banner.title}</p>
        {banner.details.length > 0 && (
          <ul className="banner__details">
            {banner.details.slice(0, 6).map((d, i) => (
              <li key={i}>
                <code>{d}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn--ghost" onClick={() => useLabStore.getState().showBanner(null)}>
        Dismiss
      </button>
    </div>
  );
}
