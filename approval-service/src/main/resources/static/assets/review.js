/* Sluice reviewer UI: live updates. Server-sent events name the request that changed; htmx then fetches that
   card (or the queue, for a new request). A periodic refresh covers events this page could not get (another
   instance of the service decided, or the stream was reconnecting). Nothing here evaluates strings as code. */
(function () {
  'use strict';

  var REFRESH_MS = 30000;

  /* Swapping an element away would throw away a comment being typed in it: wait until the field loses focus. */
  function refresh(element, eventName) {
    var active = document.activeElement;
    if (active && element.contains(active) && active.value) {
      active.addEventListener('blur', function () { refresh(element, eventName); }, { once: true });
      return;
    }
    if (element.dataset.card) {
      htmx.ajax('GET', element.dataset.card, { target: element, swap: 'outerHTML' });
    } else {
      htmx.trigger(element, eventName);
    }
  }

  function changed(id) {
    var card = document.getElementById('approval-' + id);
    var queue = document.getElementById('queue');
    if (card) {
      refresh(card);
    } else if (queue) {
      refresh(queue, 'queue-changed');
    }
  }

  function refreshAll() {
    var queue = document.getElementById('queue');
    if (queue) {
      refresh(queue, 'queue-changed');
      return;
    }
    document.querySelectorAll('article.approval[data-card]').forEach(function (card) { refresh(card); });
  }

  function connect() {
    var stream = document.body.dataset.events;
    if (!stream) {
      return;
    }
    if (window.EventSource) {
      var source = new EventSource(stream);
      source.addEventListener('ready', function () { document.body.dataset.live = 'connected'; });
      source.addEventListener('approval', function (event) { changed(event.data); });
      source.addEventListener('error', function () { document.body.dataset.live = 'reconnecting'; });
    }
    window.setInterval(refreshAll, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', connect);
})();
