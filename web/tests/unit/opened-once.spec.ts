import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { useOpenedOnce } from '@/composables/useOpenedOnce';

describe('useOpenedOnce', () => {
  it('is false until the first open, then stays true after closing', async () => {
    const open = ref(false);
    const opened = useOpenedOnce(open);
    expect(opened.value).toBe(false);
    open.value = true;
    await nextTick();
    expect(opened.value).toBe(true);
    open.value = false;
    await nextTick();
    expect(opened.value).toBe(true);
  });

  it('is true at once when already open (a dialog opened on arrival)', () => {
    expect(useOpenedOnce(() => true).value).toBe(true);
  });
});
