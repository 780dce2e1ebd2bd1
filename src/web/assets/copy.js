// Progressive enhancement of the complaint receipt (src/complaints/public-pages.tsx): a button that copies a code
// and one that prints the page. Without JavaScript both stay hidden and the code is selectable text.
/* global window, document */
(function () {
  'use strict';
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error('copy refused'));
    });
  }
  function ready() {
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      var target = document.getElementById(button.getAttribute('data-copy'));
      var status = document.getElementById(button.getAttribute('data-status'));
      if (!target) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        copyText(target.textContent.trim()).then(
          function () {
            if (status) status.textContent = button.getAttribute('data-done');
          },
          function () {
            if (status) status.textContent = button.getAttribute('data-failed');
            var range = document.createRange();
            range.selectNodeContents(target);
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
          },
        );
      });
    });
    document.querySelectorAll('button[data-print]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        window.print();
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
