// The family page's only script: the print button (hidden without JavaScript).
for (const b of document.querySelectorAll('[data-print]')) {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
}
