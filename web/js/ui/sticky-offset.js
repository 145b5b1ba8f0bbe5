// The settings' block that sticks to the top of the screen (the λ/σ block on a phone, the bar of an
// embedded view) and a view's toolbar that sticks right under it (app.css): the toolbar's offset is
// the block's height, kept in --sticky-settings-height as the block grows or shrinks (a fixed offset
// made the toolbar overlap the status line under it where the bar was shorter, e.g. an embedded
// Compare λ, whose bar is only the "Open the full explorable" link).
let tracking = false;
export function trackStickySettingsHeight() {
  if (tracking || typeof ResizeObserver !== 'function') return;
  const sidebar = document.querySelector('.sidebar');
  if (!sidebar) return;
  tracking = true;
  new ResizeObserver(() => {
    const height = sidebar.getClientRects().length ? Math.ceil(sidebar.getBoundingClientRect().height) : 0;
    document.documentElement.style.setProperty('--sticky-settings-height', `${height}px`);
  }).observe(sidebar);
}
