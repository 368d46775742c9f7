import { ref, watch, type Ref, type WatchSource } from 'vue';

/**
 * True from the first time `open` is true, then for good: `v-if` on a dialog with it creates the
 * dialog when first opened instead of with the page (fewer components at first render), and keeps
 * it afterwards so closing animates and reopening is instant.
 */
export function useOpenedOnce(open: WatchSource<boolean>): Ref<boolean> {
  const opened = ref(false);
  watch(
    open,
    (now) => {
      if (now) opened.value = true;
    },
    { immediate: true },
  );
  return opened;
}
