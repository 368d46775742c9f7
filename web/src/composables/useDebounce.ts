import { ref, watch, type Ref } from 'vue';

/** A ref that follows `source` after `ms` of quiet (search boxes, live counts). */
export function useDebounced<T>(source: Ref<T>, ms = 300): Ref<T> {
  const out = ref(source.value) as Ref<T>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(source, (v) => {
    clearTimeout(timer);
    timer = setTimeout(() => (out.value = v), ms);
  });
  return out;
}

/** Persists a ref in localStorage as JSON under `key`. */
export function usePersisted<T>(key: string, initial: T): Ref<T> {
  let start = initial;
  try {
    const raw = localStorage.getItem(key);
    if (raw) start = JSON.parse(raw) as T;
  } catch {
    /* ignore */
  }
  const r = ref(start) as Ref<T>;
  watch(
    r,
    (v) => {
      try {
        localStorage.setItem(key, JSON.stringify(v));
      } catch {
        /* ignore */
      }
    },
    { deep: true },
  );
  return r;
}
