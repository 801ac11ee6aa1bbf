// What a loaded list shows in one place: the failure with a retry, the spinner, the empty state
// or, once there is something, the list itself.
import type { ReactNode } from 'react';
import { Empty, ErrorState, Loading } from './states.tsx';
import type { Resource } from './use-resource.ts';

export function Loaded<T>(props: {
  resource: Pick<Resource<T>, 'data' | 'error' | 'reload'>;
  /** Whether there is nothing to list; `empty` says so instead of the list. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { data, error, reload } = props.resource;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (data === undefined) return <Loading />;
  if (props.isEmpty?.(data)) return <Empty>{props.empty}</Empty>;
  return <>{props.children(data)}</>;
}
