import { useEffect, useRef, type ReactNode } from 'react';

// After in-app navigation the new page's heading takes focus, so keyboard and screen-reader users
// start at its top. The request waits for the heading to mount (a page may load data first).
let focusRequested = false;

export function requestHeadingFocus(): void {
  focusRequested = true;
}

export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusRequested) return;
    focusRequested = false;
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
