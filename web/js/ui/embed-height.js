// In a frame (the Embed dialog's snippet), tells the parent page the height of the content, so
// that the snippet's optional script can size the frame to it: no scroll bar of its own inside a
// course page. The message is {type: 'lazy-to-rich:height', height} and nothing else; it goes to
// any parent ('*'), since the page cannot know who embeds it and a height reveals nothing.
export const HEIGHT_MESSAGE = 'lazy-to-rich:height';

export function postHeightToParent() {
  if (window.parent === window || typeof ResizeObserver !== 'function') return;
  const root = document.documentElement;
  let posted = 0;
  // The root element's box is as tall as the content, whatever the frame's height: sizing the
  // frame to it cannot feed back.
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  }).observe(root);
}
