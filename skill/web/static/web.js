/* Rugadvies leaflet page: optional enhancement only. Without this file everything still works
   (each section has its own player, "play all" is a link to the M3U playlist).
   With it: only one player sounds at a time, and the "play all" button plays the sections
   one after another on the page, announcing each one in a polite live region. */
(function () {
  'use strict';

  var players = Array.prototype.slice.call(document.querySelectorAll('audio[data-title]'));
  var button = document.getElementById('play-all');
  var status = document.getElementById('now-playing');
  if (!players.length) { return; }

  var LABEL_START = 'Alles afspelen op deze pagina';
  var LABEL_STOP = 'Stoppen met alles afspelen';
  var chaining = false;

  function announce(text) {
    if (status) { status.textContent = text; }
  }

  function setChaining(on) {
    chaining = on;
    if (button) { button.textContent = on ? LABEL_STOP : LABEL_START; }
  }

  function start(player) {
    player.currentTime = 0;
    var result = player.play();
    if (result && typeof result.catch === 'function') {
      result.catch(function () {
        setChaining(false);
        announce('Afspelen lukt niet in deze browser. Gebruik de speler bij elk onderdeel of de afspeellijst.');
      });
    }
  }

  players.forEach(function (player, index) {
    var box = player.closest('.listen');
    player.addEventListener('play', function () {
      players.forEach(function (other) { if (other !== player && !other.paused) { other.pause(); } });
      if (box) { box.classList.add('is-playing'); }
      announce('Nu speelt: ' + player.getAttribute('data-title') + ' (onderdeel ' + (index + 1) + ' van ' +
               players.length + ').');
    });
    player.addEventListener('pause', function () {
      if (box) { box.classList.remove('is-playing'); }
    });
    player.addEventListener('ended', function () {
      if (box) { box.classList.remove('is-playing'); }
      if (!chaining) { return; }
      var next = players[index + 1];
      if (next) {
        start(next);
      } else {
        setChaining(false);
        announce('Klaar: alle onderdelen zijn afgespeeld.');
      }
    });
  });

  if (button) {
    button.addEventListener('click', function () {
      if (chaining) {
        setChaining(false);
        players.forEach(function (player) { player.pause(); });
        announce('Gestopt.');
        return;
      }
      setChaining(true);
      start(players[0]);
    });
    setChaining(false);
    button.hidden = false;
  }
}());

/* Speed control: the chosen tempo (the same 85 % and 120 % as the skill's paces) for every player on the
   page, pitch kept by the browser. Shown only when this script runs. */
(function () {
  'use strict';

  var row = document.getElementById('tempo-row');
  var select = document.getElementById('tempo');
  var players = Array.prototype.slice.call(document.querySelectorAll('audio[data-title]'));
  if (!row || !select || !players.length) { return; }

  function apply() {
    var rate = parseFloat(select.value) || 1;
    players.forEach(function (player) {
      player.defaultPlaybackRate = rate;  // kept when a player loads its file
      player.playbackRate = rate;
      if ('preservesPitch' in player) { player.preservesPitch = true; }
    });
  }

  select.addEventListener('change', apply);
  players.forEach(function (player) { player.addEventListener('loadedmetadata', apply); });
  row.hidden = false;
  apply();
}());
