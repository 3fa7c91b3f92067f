import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isChunkLoadError } from './chunk-error';

interface Props {
  /** what failed, for the message: "The canvas", "The terminal" */
  readonly area: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

/**
 * Keeps one broken panel from white-screening the lab: the panel shows what failed and a
 * way to try again; the rest of the page keeps working. When the panel's code did not download
 * (chunk-error.ts), trying again in this page cannot help: the way offered is reloading it, and
 * the message says what comes back (the address bar is always a share link: useShareLinkSync).
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // Shown in the panel itself; logging it again would only add console noise.
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const download = isChunkLoadError(this.state.error);
    return (
      <div className="crash" role="alert">
        <p className="crash__title">{this.props.area} stopped working.</p>
        <p className="crash__detail">{this.state.error.message}</p>
        {download ? (
          <>
            <p className="crash__detail">
              Its code could not be downloaded. Reloading the page fetches it again; the page comes back as its address holds it (in the lab: the scenario,
              faults and the last probe), while the flow log and what the terminal changed start afresh.
            </p>
            <button type="button" className="btn" onClick={() => location.reload()}>
              Reload the page
            </button>
          </>
        ) : (
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        )}
      </div>
    );
  }
}
