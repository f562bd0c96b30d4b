// review.html's only script, inlined and allowed by its sha256 in the CSP. It never builds HTML from data: it
// toggles `hidden`, sets textContent and data-* values, reads the JSON island with JSON.parse, and writes
// decisions to localStorage under a key per report. Plain ES2017, no template literals (this file is one).

export const REVIEW_JS = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ww-data').textContent);
  var KEY = 'wirewatch:decisions:' + data.report;
  var FACETS = ['outlet', 'rule', 'lang', 'status', 'decision', 'story'];
  var FIELDS = FACETS.concat(['from', 'to', 'q']);
  var items = Array.prototype.slice.call(document.querySelectorAll('article.item'));
  var state = {};
  var current = -1;
  var stored = load();

  function norm(s) { return String(s || '').normalize('NFKC').toLowerCase().replace(/\u0451/g, '\u0435'); }
  var texts = items.map(function (el) {
    var parts = el.querySelectorAll('.headline, .excerpt, .outlet, .credit');
    return norm(Array.prototype.map.call(parts, function (p) { return p.textContent; }).join(' '));
  });

  function load() {
    try { var v = JSON.parse(localStorage.getItem(KEY) || '{}'); return v && typeof v === 'object' ? v : {}; }
    catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(stored)); } catch (e) { say('Could not save decisions: ' + e.message); }
  }
  function say(msg) { document.getElementById('status').textContent = msg; }
  function control(key) { return document.getElementById('f-' + key); }
  function valuesOf(el, key) {
    if (key === 'rule') return el.dataset.rules.split(' ');
    if (key === 'story') return el.dataset.stories.split(' ');
    return [el.dataset[key]];
  }
  function passes(el, i, skip) {
    for (var k = 0; k < FACETS.length; k++) {
      var key = FACETS[k];
      if (key !== skip && state[key] && valuesOf(el, key).indexOf(state[key]) < 0) return false;
    }
    var day = el.dataset.day;
    if (state.from && (!day || day < state.from)) return false;
    if (state.to && (!day || day > state.to)) return false;
    var words = norm(state.q).split(/\s+/).filter(Boolean);
    return words.every(function (w) { return texts[i].indexOf(w) >= 0; });
  }
  function recount() {
    FACETS.forEach(function (key) {
      var sel = control(key);
      if (!sel) return;
      Array.prototype.forEach.call(sel.options, function (opt) {
        var n = 0;
        items.forEach(function (el, i) {
          if (passes(el, i, key) && (opt.value === '' || valuesOf(el, key).indexOf(opt.value) >= 0)) n++;
        });
        opt.textContent = opt.dataset.label + ' (' + n + ')';
      });
    });
  }
  function apply() {
    var shown = 0;
    items.forEach(function (el, i) { var ok = passes(el, i, null); el.hidden = !ok; if (ok) shown++; });
    document.getElementById('shown').textContent = String(shown);
    document.getElementById('empty').hidden = shown > 0;
    showStories();
    recount();
    if (current >= 0 && items[current].hidden) select(-1);
  }
  function showStories() {
    var view = document.getElementById('stories-view');
    if (!view) return;
    Array.prototype.forEach.call(view.querySelectorAll('article.st-story'), function (st) {
      st.hidden = Boolean(state.story) && encodeURIComponent(st.dataset.storyId) !== state.story;
    });
    if (state.story) view.open = true;
  }
  function reveal(id) {
    var i = -1;
    items.forEach(function (el, j) { if (el.dataset.id === id) i = j; });
    if (i < 0) return;
    if (items[i].hidden) { FIELDS.forEach(function (key) { state[key] = ''; var c = control(key); if (c) c.value = ''; }); apply(); }
    select(i); writeHash();
  }
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    FIELDS.forEach(function (key) {
      state[key] = params.get(key) || '';
      var c = control(key);
      if (c) { c.value = state[key]; if (c.value !== state[key]) { state[key] = ''; c.value = ''; } }
    });
    var id = params.get('item');
    current = -1;
    items.forEach(function (el, i) { if (id && el.dataset.id === id) current = i; });
  }
  function writeHash() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    if (current >= 0) params.set('item', items[current].dataset.id);
    var hash = params.toString();
    try { history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search); }
    catch (e) { location.hash = hash; }
  }
  function select(i) {
    items.forEach(function (el) { el.classList.remove('selected'); });
    current = i;
    if (i >= 0) { var el = items[i]; el.classList.add('selected'); el.focus({ preventScroll: true }); el.scrollIntoView({ block: 'nearest' }); }
  }
  function step(dir) {
    for (var i = current + dir; i >= 0 && i < items.length; i += dir) {
      if (!items[i].hidden) { select(i); writeHash(); return; }
    }
  }
  function copyQuote(el) {
    var text = data.quotes[el.dataset.id] || '';
    var done = function () { say('Copied quote: ' + el.querySelector('.headline').textContent); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(text) ? done() : say('Copy failed'); });
    } else if (legacyCopy(text)) { done(); } else { say('Copy failed'); }
  }
  function legacyCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text; document.body.appendChild(ta); ta.select();
    var ok = false; try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove(); return ok;
  }
  function open(el) {
    var a = el.querySelector('a.open');
    if (a) window.open(a.href, '_blank', 'noopener,noreferrer'); else say('This item has no web link');
  }
  function show(el) {
    var entry = stored[el.dataset.id];
    var decision = entry && entry.decision ? entry.decision : (data.decisions[el.dataset.id] || 'none');
    el.dataset.decision = decision;
    Array.prototype.forEach.call(el.querySelectorAll('.actions button[data-act]'), function (b) {
      if (b.dataset.act !== 'copy') b.setAttribute('aria-pressed', String(b.dataset.act === decision));
    });
    if (entry && typeof entry.comment === 'string') el.querySelector('.comment').value = entry.comment;
  }
  function decide(el, decision) {
    var id = el.dataset.id;
    var entry = stored[id] || {};
    entry.decision = el.dataset.decision === decision ? 'none' : decision;
    entry.at = new Date().toISOString();
    stored[id] = entry; save(); show(el); apply();
  }
  function comment(el, text) {
    var entry = stored[el.dataset.id] || { decision: el.dataset.decision };
    entry.comment = text; entry.at = new Date().toISOString();
    stored[el.dataset.id] = entry; save();
  }
  function exportDecisions() {
    var list = [];
    items.forEach(function (el) {
      var d = el.dataset.decision, entry = stored[el.dataset.id] || {};
      if (d === 'none' || !stored[el.dataset.id]) return;
      var rec = { id: el.dataset.id, decision: d, at: entry.at || data.generatedAt };
      if (entry.comment) rec.comment = entry.comment;
      list.push(rec);
    });
    var doc = { schemaVersion: 1, report: data.report, generatedAt: data.generatedAt, exportedAt: new Date().toISOString(), decisions: list };
    var url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' }));
    var a = document.createElement('a');
    a.href = url; a.download = 'decisions.json'; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say('Exported ' + list.length + ' decisions');
  }
  document.getElementById('filters').addEventListener('input', function (ev) {
    var key = ev.target.dataset && ev.target.dataset.facet;
    if (!key) return;
    state[key] = ev.target.value; apply(); writeHash();
  });
  document.getElementById('filters').addEventListener('submit', function (ev) { ev.preventDefault(); });
  document.getElementById('f-clear').addEventListener('click', function () { location.hash = ''; readHash(); apply(); writeHash(); });
  document.getElementById('export-decisions').addEventListener('click', exportDecisions);
  document.getElementById('list').addEventListener('click', function (ev) {
    var el = ev.target.closest('article.item');
    if (!el) return;
    var i = items.indexOf(el);
    if (i !== current) { select(i); writeHash(); }
    var act = ev.target.closest('button[data-act]');
    if (!act) return;
    if (act.dataset.act === 'copy') copyQuote(el); else decide(el, act.dataset.act);
  });
  var storiesView = document.getElementById('stories-view');
  if (storiesView) storiesView.addEventListener('click', function (ev) {
    var li = ev.target.closest('li.st-member');
    if (li && !ev.target.closest('a')) reveal(li.dataset.itemId);
  });
  document.getElementById('list').addEventListener('change', function (ev) {
    if (ev.target.classList.contains('comment')) comment(ev.target.closest('article.item'), ev.target.value);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = ev.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { if (ev.key === 'Escape') ev.target.blur(); return; }
    var el = current >= 0 ? items[current] : null;
    if (ev.key === 'j') step(1);
    else if (ev.key === 'k') step(-1);
    else if (ev.key === 'o' && el) open(el);
    else if (ev.key === 'c' && el) copyQuote(el);
    else if (ev.key === '/') { ev.preventDefault(); control('q').focus(); }
    else return;
    ev.preventDefault();
  });
  window.addEventListener('hashchange', function () { readHash(); apply(); select(current); });
  items.forEach(show);
  readHash(); apply(); select(current);
  document.documentElement.dataset.ready = '1';
})();
`;
