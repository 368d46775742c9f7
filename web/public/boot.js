// The page's first script: an async classic script from public/, outside the module graph, so it
// runs as soon as it arrives, while the app's chunks are still downloading. It builds one
// Intl.DateTimeFormat, which makes the browser load its ICU calendar and time-zone data (25–45 ms
// in Chromium, once per page, whatever the zone): the first list with dates would otherwise pay it
// in the middle of its render (utils/format.ts formats in the shop's zone with Intl).
new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' }).format(0);

