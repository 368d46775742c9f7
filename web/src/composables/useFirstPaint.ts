import { ref, type Ref } from 'vue';

// True once the app has painted its first page, and for good after that.
//
// The first page of a cold load renders an interactive widget's look, not the widget: a select's
// box, a dropdown's trigger (SelectShell, or plain markup in the widget's classes). The real
// ElSelect/ElDropdown/ElPopover, with the tooltip and popper components each builds before it is
// ever opened (~15 instances per select), replace them once the browser reports the first
// contentful paint — the same pixels, so nothing moves. Measured on the customer list: 223 -> 167
// components at first render, ~44 ms sooner on screen (bench/web/README.md). Pages opened later
// render the widgets directly.
const painted = ref(false);
let scheduled = false;

// After the browser reports its first contentful paint (Paint Timing), i.e. once the frame is on
// screen: swapping in the widgets right after the frame was produced took the CPU the
// compositor needed to present it (two cores). Without Paint Timing, after the next frame.
function afterFirstPaint(fn: () => void): void {
  const later = () => setTimeout(fn);
  const frame = () => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(later);
    else later();
  };
  if (typeof PerformanceObserver !== 'function' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    frame();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    later();
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length) once();
  });
  observer.observe({ type: 'paint', buffered: true });
  setTimeout(once, 1000); // a page that paints nothing contentful
}

/** Marks the first paint as done now (a user reached for a widget before it). */
export function markPainted(): void {
  painted.value = true;
}

export function useFirstPaint(): Readonly<Ref<boolean>> {
  // Scheduled from the first caller's setup, not its mount: a component replaced before it
  // mounts must not leave the shells in place.
  if (!painted.value && !scheduled) {
    scheduled = true;
    afterFirstPaint(markPainted);
  }
  return painted;
}

/** For tests: back to a cold start. */
export function resetFirstPaint(): void {
  painted.value = false;
  scheduled = false;
}
