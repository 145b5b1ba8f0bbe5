// A button focused in a row that scrolls sideways (the view switch on a phone) scrolls fully into
// sight, clear of the row's faded edge (its scroll-padding, app.css): browsers scroll a focused
// element only when none of it shows, and the third view's label was cut at the edge.
document.addEventListener('focusin', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  if (target instanceof HTMLElement && target.closest('.view-switch')) target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
});
