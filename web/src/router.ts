// A small history router: the path is state, links push it, back/forward pop it.
import { useEffect, useState } from 'react';

const listeners = new Set<(path: string) => void>();

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((listener) => listener(location.pathname));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    listeners.add(setPath);
    return () => {
      window.removeEventListener('popstate', onPop);
      listeners.delete(setPath);
    };
  }, []);
  return path;
}

/** Follows a plain left click on an in-app link without reloading the page. */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
