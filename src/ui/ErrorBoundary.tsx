import { Component, type ErrorInfo, type ReactNode } from 'react';

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
 * way to try again; the rest of the page keeps working.
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
    return (
      <div className="crash" role="alert">
        <p className="crash__title">{this.props.area} stopped working.</p>
        <p className="crash__detail">{this.state.error.message}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
