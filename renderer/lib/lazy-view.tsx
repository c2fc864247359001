import { useEffect, useState, type ComponentType } from 'react';

/**
 * A view whose code is its own chunk, loaded on first use or ahead of it with `preload()`.
 * Unlike React.lazy it renders synchronously once loaded: React holds a Suspense boundary's
 * content back for up to 300 ms after its fallback showed, which would delay every first open.
 */
export function lazyView<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> & { preload: () => Promise<void> } {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const preload = () =>
    (pending ??= load().then((component) => {
      loaded = component;
    }));
  function LazyView(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (!loaded) void preload().then(() => setReady(true));
    }, []);
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <p className="view muted">Loading…</p>;
  }
  return Object.assign(LazyView, { preload });
}
