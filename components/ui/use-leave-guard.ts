"use client";

import { useCallback, useEffect, useRef } from "react";

const GUARD_STATE = "latchkeyLeaveGuard";

/**
 * Warns before the page is left while something would be lost with it (a secret on screen): reload, closing the
 * tab or typing an address get the browser's own "Leave site?" question; Back is caught in the page, by standing an
 * extra history entry in front of this one (Next.js copies its own state into it, so Back lands on the same page
 * and only `onBack` runs). `release` takes the entry away again before the page moves on by itself.
 */
export function useLeaveGuard(active: boolean, onBack: () => void) {
  const onBackRef = useRef(onBack);
  onBackRef.current = onBack;
  const armed = useRef(false);

  useEffect(() => {
    if (!active) return;
    armed.current = true;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = "";
    };
    const popState = () => {
      if (!armed.current) return;
      window.history.pushState({ [GUARD_STATE]: true }, "");
      onBackRef.current();
    };
    window.history.pushState({ [GUARD_STATE]: true }, "");
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("popstate", popState);
    return () => {
      armed.current = false;
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("popstate", popState);
    };
  }, [active]);

  /**
   * Stops guarding and steps back over the extra entry; resolves once the browser is back on the page's own entry,
   * so that what follows (a refresh, a navigation) starts from there. `steps` 2 leaves the page as Back would have.
   */
  const release = useCallback((steps: 1 | 2 = 1) => {
    armed.current = false;
    if (!window.history.state?.[GUARD_STATE]) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        window.removeEventListener("popstate", done);
        clearTimeout(timer);
        resolve();
      };
      // A browser that does not report the step still goes on.
      const timer = setTimeout(done, 500);
      window.addEventListener("popstate", done);
      window.history.go(-steps);
    });
  }, []);

  return { release };
}
