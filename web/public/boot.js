// The page's first script: an async classic script from public/, outside the module graph, so it
// runs as soon as it arrives, while the app's chunks are still downloading. It builds one
// Intl.DateTimeFormat, which makes the browser load its ICU calendar and time-zone data (25–45 ms
// in Chromium, once per page, whatever the zone): the first list with dates would otherwise pay it
// in the middle of its render (utils/format.ts formats in the shop's zone with Intl).
new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' }).format(0);

// It also lays out a line of text in the app's font stack (src/styles/main.css, --gx-font-family;
// regular and semibold, Chinese and Latin): the first layout that meets a font opens and parses
// it (a CJK font is tens of MB; ~35 ms measured), which the list's first layout would otherwise pay.
(function warmFonts() {
  const stack =
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', " +
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:absolute;left:-9999px;top:0;visibility:hidden;font-size:14px;font-family:' + stack;
  box.innerHTML = '<span>客户列表 Customers 0123</span><b style="font-weight:600">会员等级 Tier</b>';
  (document.body || document.documentElement).appendChild(box);
  void box.offsetWidth;
  box.remove();
})();
