import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, devApiKey, setCsrfToken } from '@/api/client';
import { sessionApi, type SessionUser } from '@/api/session';
import { grants } from '@/permissions';

// Dev-only: a bearer API key (localStorage gx_dev_key) acts as an admin when the
// server has no session endpoint yet. Never active in a production build.
const DEV_ADMIN: SessionUser = {
  id: 0,
  username: 'dev-key',
  display_name: 'API key (dev)',
  role: 'admin',
  team_id: null,
  locale: 'zh-CN',
  permissions: ['*'],
  scope: 'all',
};

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const loaded = ref(false);

  const signedIn = computed(() => user.value !== null);
  const permissions = computed(() => user.value?.permissions ?? []);

  function hasPermission(needed?: string | string[]): boolean {
    if (!user.value) return false;
    return grants(user.value.permissions, user.value.role, needed);
  }

  function set(u: SessionUser | null, csrf = ''): void {
    user.value = u;
    setCsrfToken(csrf);
  }

  /** Asks the server who is signed in (once per page load unless forced). */
  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    try {
      const s = await sessionApi.current();
      set(s.user, s.csrf_token);
    } catch (e) {
      if (devApiKey() && e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 401)) {
        set(DEV_ADMIN);
      } else {
        set(null);
      }
    } finally {
      loaded.value = true;
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    const s = await sessionApi.signIn(username, password);
    set(s.user, s.csrf_token);
    loaded.value = true;
  }

  async function signOut(): Promise<void> {
    try {
      await sessionApi.signOut();
    } finally {
      set(null);
    }
  }

  return { user, loaded, signedIn, permissions, hasPermission, load, signIn, signOut, set };
});
