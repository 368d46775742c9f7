import { createRouter, createWebHistory, START_LOCATION, type RouteLocationNormalized, type Router } from 'vue-router';
import { routes } from './routes';
import { useSessionStore } from '@/stores/session';
import { onForbidden, onUnauthorized } from '@/api/client';
import { i18n } from '@/locales';

/**
 * Starts fetching the target's lazy route components (layout and page chunks) while the guard
 * waits for the session probe; the router itself would only start them after the guards. The
 * module loader keeps the result, so the router's own import() of the same chunk is immediate.
 * Failures are left to the router, which reports them when it loads the component itself.
 */
function prefetchComponents(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    for (const component of Object.values(record.components ?? {})) {
      // vue-router's test for a lazy component: a function that is not a functional component.
      if (typeof component === 'function' && !('displayName' in component)) {
        void (component as () => Promise<unknown>)().catch(() => undefined);
      }
    }
  }
}

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    // Who is signed in, the screen's chunks and its first data are requested together, in that
    // order; the data is only shown once the checks below let the navigation through.
    const sessionLoaded = session.load();
    prefetchComponents(to);
    const preloaded = Promise.all(to.matched.map((record) => record.meta.preload?.()));
    await sessionLoaded;
    if (to.meta.public) {
      if (to.name === 'login' && session.signedIn) {
        const target = typeof to.query.redirect === 'string' ? to.query.redirect : '/';
        return target.startsWith('/') && !target.startsWith('//') ? target : '/';
      }
      return true;
    }
    if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.meta.permission && !session.hasPermission(to.meta.permission)) {
      return { name: 'forbidden', query: { from: to.fullPath } };
    }
    await preloaded;
    return true;
  });
  router.afterEach((to) => {
    const t = i18n.global.t;
    document.title = to.meta.title ? `${t(to.meta.title)} · Guanxi` : 'Guanxi';
  });

  // API answers: 401 → sign in again (keeping the target); 403 → the 403 page.
  onUnauthorized(() => {
    const session = useSessionStore();
    session.set(null);
    const current = router.currentRoute.value;
    if (current.name !== 'login') {
      void router.replace({ name: 'login', query: { redirect: current.fullPath } });
    }
  });
  onForbidden(() => {
    // After an admin reset the server refuses everything until the password is changed; the
    // layout has the change-password dialog open, so stay on the page.
    if (useSessionStore().user?.must_change_password) return;
    const current = router.currentRoute.value;
    if (current.name !== 'forbidden') {
      void router.replace({ name: 'forbidden', query: { from: current.fullPath } });
    }
  });
}

export function makeRouter(): Router {
  // To the top on a navigation, but not on the first: the page has not scrolled yet, and
  // scrolling then would force a layout in the middle of the first render.
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, from) => (from === START_LOCATION ? false : { top: 0 }),
  });
  installGuards(router);
  return router;
}
