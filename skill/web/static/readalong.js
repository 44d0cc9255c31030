/* Read along: while a section plays, highlight the sentence being read and keep it in view.
   Optional enhancement: without this file the page and its players work the same.
   Each player has a <track kind="captions"> (audio/<id>.vtt, one cue per sentence); every sentence on the
   page carries its cue's id in data-cue. No smooth scrolling for readers who prefer reduced motion. */
(function () {
  'use strict';

  var reduced = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

  function keepInView(el) {
    var box = el.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight)) { return; }
    el.scrollIntoView({block: 'center', behavior: reduced && reduced.matches ? 'auto' : 'smooth'});
  }

  Array.prototype.forEach.call(document.querySelectorAll('audio[data-section]'), function (player) {
    var track = player.textTracks && player.textTracks[0];
    var section = document.getElementById(player.getAttribute('data-section'));
    if (!track || !section) { return; }
    track.mode = 'hidden'; // cues fire cuechange, but the browser draws nothing
    var current = null;

    function show(el) {
      if (el === current) { return; }
      if (current) { current.classList.remove('is-reading'); }
      current = el;
      if (el) {
        el.classList.add('is-reading');
        if (!player.paused) { keepInView(el); }
      }
    }

    track.addEventListener('cuechange', function () {
      var cue = track.activeCues && track.activeCues.length ? track.activeCues[0] : null;
      if (cue) { show(section.querySelector('[data-cue="' + cue.id + '"]')); }
    });
    player.addEventListener('ended', function () { show(null); });
  });
}());
