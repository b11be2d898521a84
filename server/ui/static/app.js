// newsfind web UI. Plain JavaScript, no dependencies, no inline code (the
// server sends Content-Security-Policy: default-src 'self').
//
// The whole state lives in the URL, with the API's parameter names:
//   /?q=ISIS&speaker=Josh+Earnest&from=2016-01-01   article search
//   /?tab=quotes&q=violence&speaker=Josh+Earnest      quote search
//   /?article=ID                                     one article
// Every change goes through navigate() (history.pushState) and route()
// renders whatever the URL says, so reload, share and back/forward all work.
'use strict';

(function () {
  const FIELDS = ['speaker', 'person', 'place', 'org', 'source'];
  const QUOTE_FIELDS = ['speaker', 'place', 'source'];
  const FACET_TITLE = { speaker: 'Speakers', person: 'People', place: 'Places', org: 'Organizations', source: 'Sources' };
  const FILTER_LABEL = { speaker: 'Speaker', person: 'Person', place: 'Place', org: 'Organization', source: 'Source' };
  // Facets with a value-search box (long lists).
  const SEARCHABLE = { speaker: true, person: true, place: true, org: true };
  const ENTITY_FIELD = { person: 'person', place: 'place', organization: 'org' };
  const ENTITY_TITLE = { person: 'Person', place: 'Place', organization: 'Organization' };
  const PAGE_SIZE = 20;
  const FACET_SIZE = 8;
  const FACET_MORE_SIZE = 100;
  const TYPE_DEBOUNCE_MS = 250;
  const FACET_DEBOUNCE_MS = 200;
  const SNIPPET_CHIPS = 5;

  const $ = (id) => document.getElementById(id);
  const el = {
    q: $('q'), form: $('search-form'), progress: $('progress'),
    tabArticles: $('tab-articles'), tabQuotes: $('tab-quotes'),
    searchView: $('search-view'), sidebar: $('sidebar'), facets: $('facets'),
    histogram: $('histogram'), axis: $('histogram-axis'), from: $('from'), to: $('to'),
    datesClear: $('dates-clear'), datesPanel: $('dates-panel'), daterange: $('daterange'),
    filtersToggle: $('filters-toggle'), summary: $('summary'), sort: $('sort'),
    said: $('said'), saidToggle: $('said-toggle'),
    active: $('active-filters'), status: $('status'), results: $('results'), more: $('more'),
    articleView: $('article-view'), article: $('article'), articleStatus: $('article-status'),
  };

  // ---------------------------------------------------------------- state

  function emptyState() {
    const s = { q: '', said: '', from: '', to: '', sort: '', size: '', tab: 'articles', article: '' };
    for (const f of FIELDS) s[f] = [];
    return s;
  }

  function parseState(search) {
    const p = new URLSearchParams(search);
    const s = emptyState();
    s.q = p.get('q') || '';
    s.said = p.get('said') || '';
    s.from = p.get('from') || '';
    s.to = p.get('to') || '';
    s.sort = p.get('sort') || '';
    // size (page length) is kept when a URL names it; the UI never sets it.
    s.size = /^[1-9][0-9]{0,2}$/.test(p.get('size') || '') ? p.get('size') : '';
    s.tab = p.get('tab') === 'quotes' ? 'quotes' : 'articles';
    s.article = p.get('article') || '';
    for (const f of FIELDS) s[f] = unique(p.getAll(f).filter((v) => v !== ''));
    return s;
  }

  function cloneState(s) {
    const c = Object.assign({}, s);
    for (const f of FIELDS) c[f] = s[f].slice();
    return c;
  }

  // stateURL is the page URL of a state; parameters in a fixed order so equal
  // states have equal URLs.
  function stateURL(s) {
    const p = new URLSearchParams();
    if (s.article) {
      p.set('article', s.article);
      return '/?' + p.toString();
    }
    if (s.tab === 'quotes') p.set('tab', 'quotes');
    if (s.q) p.set('q', s.q);
    if (s.said && s.tab !== 'quotes') p.set('said', s.said);
    for (const f of fieldsOf(s)) for (const v of s[f]) p.append(f, v);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    if (s.sort) p.set('sort', s.sort);
    if (s.size) p.set('size', s.size);
    const qs = p.toString();
    return qs ? '/?' + qs : '/';
  }

  function fieldsOf(s) { return s.tab === 'quotes' ? QUOTE_FIELDS : FIELDS; }

  function effectiveSort(s) { return s.sort || (s.q.trim() ? 'relevance' : 'date'); }

  function withState(s, change) {
    const c = cloneState(s);
    change(c);
    return stateURL(c);
  }

  function toggled(s, field, value) {
    return withState(s, (c) => {
      const i = c[field].indexOf(value);
      if (i >= 0) c[field].splice(i, 1); else c[field].push(value);
    });
  }

  function hasFilters(s) {
    return fieldsOf(s).some((f) => s[f].length > 0) || !!s.from || !!s.to || (!!s.said && s.tab !== 'quotes');
  }

  // ------------------------------------------------------------ API calls

  function searchParams(s, extra) {
    const p = new URLSearchParams();
    if (s.q.trim()) p.set('q', s.q.trim());
    if (s.said.trim() && s.tab !== 'quotes') p.set('said', s.said.trim());
    for (const f of fieldsOf(s)) for (const v of s[f]) p.append(f, v);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    for (const [k, v] of Object.entries(extra || {})) if (v !== '' && v != null) p.set(k, v);
    return p;
  }

  // The next pages (with a cursor) ask for no counts: they would be the
  // first page's, and counting is most of what a broad search costs.
  function searchAPI(s, cursor) {
    const facets = cursor ? 'none' : '';
    if (s.tab === 'quotes') {
      return '/api/quotes?' + searchParams(s, { sort: effectiveSort(s), size: s.size || PAGE_SIZE, facet_size: FACET_SIZE, facets: facets, cursor: cursor });
    }
    return '/api/search?' + searchParams(s, { sort: effectiveSort(s), size: s.size || PAGE_SIZE, facet_size: FACET_SIZE, facets: facets, cursor: cursor });
  }

  class APIError extends Error {
    constructor(message, status) { super(message); this.status = status; }
  }

  // A short-lived cache of API answers, so back/forward render at once and
  // the browser can restore the scroll position.
  const cache = new Map();
  const CACHE_MS = 60 * 1000;
  const CACHE_MAX = 30;

  async function getJSON(url, signal) {
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.data;
    let res;
    try {
      res = await fetch(url, { signal: signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new APIError('Could not reach the newsfind server. Check that it is running and try again.', 0);
    }
    let data = null;
    try { data = await res.json(); } catch (_) { /* handled below */ }
    if (!res.ok) {
      const msg = data && data.error ? data.error : 'The server answered ' + res.status + ' ' + res.statusText + '.';
      throw new APIError(msg, res.status);
    }
    if (data === null) throw new APIError('The server sent a response that is not JSON.', res.status);
    cache.set(url, { at: Date.now(), data: data });
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
    return data;
  }

  // ------------------------------------------------------------ helpers

  function unique(a) { return Array.from(new Set(a)); }

  function h(tag, attrs, children) {
    const n = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') n.className = v;
        else if (k === 'text') n.textContent = v;
        else n.setAttribute(k, v === true ? '' : v);
      }
    }
    for (const c of [].concat(children || [])) {
      if (c == null || c === false) continue;
      n.append(c instanceof Node ? c : String(c));
    }
    return n;
  }

  // safeHTML turns a highlight fragment from the API (escaped text with
  // <mark> tags) into DOM nodes, keeping only text and <mark>: whatever the
  // server sends, no markup but highlighting reaches the page.
  function safeHTML(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    const out = document.createDocumentFragment();
    (function copy(from, to) {
      for (const n of Array.from(from.childNodes)) {
        if (n.nodeType === Node.TEXT_NODE) to.append(n.textContent);
        else if (n.nodeType === Node.ELEMENT_NODE) {
          if (n.tagName === 'MARK') { const m = h('mark'); copy(n, m); to.append(m); } else copy(n, to);
        }
      }
    })(t.content, out);
    return out;
  }

  const dateFmt = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayHourFmt = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric', timeZone: 'UTC' });
  const numFmt = new Intl.NumberFormat('en');

  function fmtDate(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : dateFmt.format(d);
  }

  function timeEl(iso) {
    const s = fmtDate(iso);
    return s ? h('time', { datetime: iso, text: s }) : null;
  }

  function plural(n, one, many) { return numFmt.format(n) + ' ' + (n === 1 ? one : many); }

  function isoDay(d) { return d.toISOString().slice(0, 10); }

  // tidyQuote drops the punctuation that closes a quotation in running text
  // ("…paying for it," McCain said) and stray quotation marks at either end,
  // since the page draws its own.
  function tidyQuote(s) { return s.replace(/^[\s"“”]+/, '').replace(/[\s,;:"“”]+$/, ''); }

  function truncate(s, n) {
    const cps = Array.from(s);
    return cps.length <= n ? s : cps.slice(0, n - 1).join('').trimEnd() + '…';
  }

  function debounce(fn, ms) {
    let t = 0;
    const d = function () { const args = arguments; clearTimeout(t); t = setTimeout(() => fn.apply(null, args), ms); };
    d.cancel = () => clearTimeout(t);
    return d;
  }

  function setLoading(on) {
    el.progress.hidden = !on;
    document.body.classList.toggle('loading', on);
    el.results.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  // ------------------------------------------------------------ navigation

  // typing is true while the user types a query: the first keystroke pushes
  // a history entry, later ones replace it, so back skips whole queries.
  let typing = false;

  function navigate(url, opts) {
    opts = opts || {};
    if (!opts.keepTyping) typing = false;
    const here = location.pathname + location.search + location.hash;
    if (url === here && !opts.force) return;
    // Remember where we were, for the back button.
    history.replaceState(Object.assign({}, history.state, { scrollY: window.scrollY }), '');
    if (opts.replace) history.replaceState(opts.state || {}, '', url);
    else history.pushState(opts.state || {}, '', url);
    route({ fresh: true });
  }

  function isPlainClick(e) {
    return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.defaultPrevented;
  }

  // Internal links are real <a href> links (open in new tab, copy, share);
  // a plain click navigates without reloading the page.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || !isPlainClick(e) || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/') return;
    if (url.search === location.search && url.hash) return; // in-page anchor
    e.preventDefault();
    const fromSearch = !current.article && url.searchParams.has('article');
    navigate(url.pathname + url.search + url.hash, { state: fromSearch ? { fromSearch: true } : {} });
  });

  window.addEventListener('popstate', () => {
    typing = false;
    route({ fresh: false });
  });
  window.addEventListener('hashchange', () => { if (current.article) focusHash(); });

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  // ------------------------------------------------------------ router

  let current = emptyState();
  let shownArticle = null; // id of the article on screen
  let searchSeq = 0;
  let searchAbort = null;

  function route(opts) {
    const s = parseState(location.search);
    current = s;
    const restoreY = !opts.fresh && history.state ? history.state.scrollY : null;
    syncHeader(s);
    if (s.article) {
      showArticle(s.article, restoreY);
    } else {
      // Coming from an article to a new search starts at the top.
      if (opts.fresh && shownArticle !== null) window.scrollTo(0, 0);
      shownArticle = null;
      showSearch(s, restoreY);
    }
  }

  function syncHeader(s) {
    if (document.activeElement !== el.q || !typing) {
      if (el.q.value !== s.q) el.q.value = s.q;
    }
    const quotes = s.tab === 'quotes';
    el.tabArticles.href = withState(s, (c) => { c.tab = 'articles'; c.article = ''; });
    el.tabQuotes.href = withState(s, (c) => { c.tab = 'quotes'; c.article = ''; c.person = []; c.org = []; });
    el.tabArticles.classList.toggle('active', !s.article && !quotes);
    el.tabQuotes.classList.toggle('active', !s.article && quotes);
    if (!s.article && !quotes) el.tabArticles.setAttribute('aria-current', 'page'); else el.tabArticles.removeAttribute('aria-current');
    if (!s.article && quotes) el.tabQuotes.setAttribute('aria-current', 'page'); else el.tabQuotes.removeAttribute('aria-current');
    el.q.placeholder = quotes ? 'Search what people said' : 'Search the news';
    el.q.title = 'Keywords, "exact phrases", +must -mustnot, a AND b, a OR b, a NOT b, title:word';
  }

  // ------------------------------------------------------------ search view

  function showSearch(s, restoreY) {
    el.searchView.hidden = false;
    el.articleView.hidden = true;
    document.title = (s.q ? s.q + ' · ' : '') + (s.tab === 'quotes' ? 'Quotes · ' : '') + 'newsfind';
    el.sort.value = effectiveSort(s);
    el.saidToggle.hidden = s.tab === 'quotes' || !(s.q.trim() || s.said);
    el.said.checked = !!s.said;
    el.datesPanel.hidden = false;
    buildFacetPanels(s);
    renderActiveFilters(s);
    renderDateInputs(s);

    if (searchAbort) searchAbort.abort();
    const ctl = new AbortController();
    searchAbort = ctl;
    const seq = ++searchSeq;
    setLoading(true);
    el.status.replaceChildren();
    delete document.body.dataset.rendered;
    getJSON(searchAPI(s, ''), ctl.signal).then((res) => {
      if (seq !== searchSeq) return;
      renderResults(s, res, false);
      // Tells tests (and anyone curious) which URL the page now shows.
      document.body.dataset.rendered = location.search;
      if (restoreY != null) window.scrollTo(0, restoreY);
    }).catch((err) => {
      if (err.name === 'AbortError' || seq !== searchSeq) return;
      renderSearchError(s, err);
      document.body.dataset.rendered = location.search;
    }).finally(() => {
      if (seq === searchSeq) setLoading(false);
    });
  }

  function renderSearchError(s, err) {
    el.results.replaceChildren();
    el.more.hidden = true;
    el.summary.textContent = '';
    const retry = h('button', { type: 'button', class: 'btn', text: 'Try again' });
    retry.addEventListener('click', () => { cache.clear(); route({ fresh: true }); });
    const bad = err.status === 400;
    el.status.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, [
      h('h2', { text: bad ? 'That search could not be run' : 'Something went wrong' }),
      h('p', { class: 'error-message', text: err.message }),
      bad ? h('p', { text: 'Check the query syntax: quotes must be closed and field names look like title:word.' }) : null,
      retry,
    ]));
  }

  function renderResults(s, res, append) {
    const quotes = s.tab === 'quotes';
    const hits = res.hits || [];
    const total = res.total || 0;
    if (!append) {
      el.results.replaceChildren();
      el.summary.replaceChildren(
        h('strong', { text: plural(total, quotes ? 'quote' : 'article', quotes ? 'quotes' : 'articles') }),
        h('span', { class: 'took', text: ' in ' + numFmt.format(res.took_ms || 0) + ' ms' }));
      el.summary.dataset.total = String(total);
      renderFacets(s, res.facets || {});
      if (quotes) { el.histogram.replaceChildren(); el.axis.replaceChildren(); } else renderHistogram(s, res.histogram || []);
      el.datesPanel.classList.toggle('no-histogram', quotes || !(res.histogram || []).length);
    }
    for (const hit of hits) el.results.append(quotes ? quoteCard(s, hit) : articleCard(s, hit));
    el.results.classList.toggle('quote-list', quotes);
    if (!append && hits.length === 0) {
      el.status.replaceChildren(emptyState_(s));
    } else {
      el.status.replaceChildren();
    }
    const next = res.next_cursor || '';
    el.more.hidden = !next || hits.length === 0;
    el.more.dataset.cursor = next;
    el.more.textContent = 'More ' + (quotes ? 'quotes' : 'articles');
  }

  function emptyState_(s) {
    const what = s.tab === 'quotes' ? 'quotes' : 'articles';
    const tips = [];
    if (hasFilters(s)) {
      tips.push(h('li', {}, [h('a', { href: withState(s, (c) => { for (const f of FIELDS) c[f] = []; c.from = ''; c.to = ''; c.said = ''; }), text: 'Remove all filters' }), ' and search everything']));
    }
    if (s.q) tips.push(h('li', { text: 'Use fewer or different words; put phrases in "double quotes".' }));
    if (s.tab === 'quotes' && s.q) tips.push(h('li', {}, [h('a', { href: withState(s, (c) => { c.tab = 'articles'; }), text: 'Search articles' }), ' for "' + s.q + '" instead']));
    return h('div', { class: 'state state-empty' }, [
      h('h2', { text: s.q ? 'No ' + what + ' match “' + s.q + '”' : hasFilters(s) ? 'No ' + what + ' match these filters' : 'No ' + what + ' here yet' }),
      s.q || hasFilters(s) ? null : h('p', { text: s.tab === 'quotes'
        ? 'No quotes were found in the indexed articles.'
        : 'The index is empty. Add articles with `newsfind index FILE` or POST /api/bulk.' }),
      tips.length ? h('ul', {}, tips) : null,
    ]);
  }

  el.more.addEventListener('click', () => {
    const cursor = el.more.dataset.cursor;
    if (!cursor) return;
    const s = current;
    const seq = searchSeq;
    el.more.disabled = true;
    el.more.textContent = 'Loading…';
    getJSON(searchAPI(s, cursor)).then((res) => {
      if (seq !== searchSeq) return;
      const first = el.results.children.length;
      renderResults(s, res, true);
      const link = el.results.children[first] && el.results.children[first].querySelector('a');
      if (link) link.focus({ preventScroll: true });
    }).catch((err) => {
      if (seq !== searchSeq) return;
      el.status.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, [h('p', { text: 'Could not load more results: ' + err.message })]));
    }).finally(() => { el.more.disabled = false; });
  });

  function articleLink(id, hash) { return '/?article=' + encodeURIComponent(id) + (hash || ''); }

  function filterChip(s, field, value, cls) {
    const on = s[field].includes(value);
    return h('a', {
      class: 'chip chip-' + cls + (on ? ' on' : ''), href: toggled(s, field, value),
      title: (on ? 'Remove filter ' : 'Filter by ') + FILTER_LABEL[field].toLowerCase() + ': ' + value,
      'data-field': field, 'data-value': value,
    }, value);
  }

  function articleCard(s, hit) {
    const hl = hit.highlights || {};
    const title = h('a', { class: 'hit-title', href: articleLink(hit.id) });
    if (hl.title && hl.title.length) title.append(safeHTML(hl.title[0])); else title.textContent = hit.title || '(untitled)';
    const meta = h('div', { class: 'meta' }, [
      hit.source ? h('span', { class: 'source', text: hit.source }) : null,
      hit.published ? timeEl(hit.published) : null,
      hit.url ? h('a', { class: 'orig', href: hit.url, target: '_blank', rel: 'noopener noreferrer', text: 'original ↗', 'aria-label': 'Original article at ' + hostOf(hit.url) }) : null,
    ]);
    const snippet = h('p', { class: 'snippet' });
    // The server's snippet is the best body fragment (or the opening when
    // no body words matched); older servers send only highlights.
    const body = hit.snippet ? [hit.snippet] : (hl.body || []);
    body.slice(0, 2).forEach((frag, i) => {
      if (i > 0) snippet.append(h('span', { class: 'ellipsis', text: ' … ' }));
      snippet.append(safeHTML(frag));
    });
    const chips = h('div', { class: 'chips' });
    addChips(chips, s, 'speaker', hit.speakers || [], 'speaker');
    addChips(chips, s, 'place', hit.places || [], 'place');
    return h('li', { class: 'hit', 'data-id': hit.id }, [
      h('h3', {}, title), meta, body.length ? snippet : null, chips.childNodes.length ? chips : null,
    ]);
  }

  function addChips(box, s, field, values, cls) {
    if (!values.length) return;
    const group = h('span', { class: 'chip-group', 'aria-label': FACET_TITLE[field] });
    for (const v of values.slice(0, SNIPPET_CHIPS)) group.append(filterChip(s, field, v, cls));
    if (values.length > SNIPPET_CHIPS) group.append(h('span', { class: 'chip-more', text: '+' + (values.length - SNIPPET_CHIPS) }));
    box.append(group);
  }

  function hostOf(url) {
    try { return new URL(url).host; } catch (_) { return url; }
  }

  function quoteCard(s, q) {
    const text = h('blockquote', { class: 'quote-text' + (q.kind === 'indirect' ? ' indirect' : '') });
    if (q.highlighted) text.append(safeHTML(tidyQuote(q.highlighted))); else text.textContent = tidyQuote(q.text);
    const speaker = q.speaker
      ? h('a', { class: 'speaker', href: toggled(s, 'speaker', q.speaker), title: 'Show only quotes by ' + q.speaker, text: q.speaker })
      : h('span', { class: 'speaker unknown', text: 'Unattributed' });
    const who = h('div', { class: 'quote-who' }, [
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(q.speaker) }),
      h('div', {}, [
        speaker,
        h('div', { class: 'quote-how' }, [
          q.speaker_text && q.speaker_text !== q.speaker ? h('span', { class: 'as', text: 'as “' + q.speaker_text + '”' }) : null,
          q.cue ? h('span', { class: 'cue', text: q.cue }) : null,
          h('span', { class: 'kind kind-' + (q.kind || 'direct'), text: q.kind === 'indirect' ? 'paraphrase' : 'direct quote' }),
        ]),
      ]),
    ]);
    const src = h('div', { class: 'quote-src' }, [
      h('a', { class: 'quote-article', href: articleLink(q.article_id, '#quote-' + q.start), text: q.article_title || 'Read the article' }),
      h('span', { class: 'meta' }, [q.source ? h('span', { class: 'source', text: q.source }) : null, q.published ? timeEl(q.published) : null]),
    ]);
    return h('li', { class: 'quote-card', 'data-id': q.id }, [text, who, src]);
  }

  function initials(name) {
    if (!name) return '?';
    const parts = name.split(/\s+/).filter(Boolean);
    const a = Array.from(parts[0] || '?')[0];
    const b = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] : '';
    return (a + b).toUpperCase();
  }

  // ------------------------------------------------------------ active filters

  function renderActiveFilters(s) {
    const chips = [];
    for (const f of fieldsOf(s)) {
      for (const v of s[f]) {
        chips.push(h('a', { class: 'filter-chip', href: toggled(s, f, v), 'aria-label': 'Remove filter ' + FILTER_LABEL[f] + ': ' + v }, [
          h('span', { class: 'filter-kind', text: FILTER_LABEL[f] }), h('span', { text: v }), h('span', { class: 'x', 'aria-hidden': 'true', text: '×' }),
        ]));
      }
    }
    if (s.said && s.tab !== 'quotes') {
      chips.push(h('a', { class: 'filter-chip', href: withState(s, (c) => { c.said = ''; }), 'aria-label': 'Remove filter said: ' + s.said }, [
        h('span', { class: 'filter-kind', text: 'Said' }), h('span', { text: '“' + s.said + '”' }), h('span', { class: 'x', 'aria-hidden': 'true', text: '×' }),
      ]));
    }
    if (s.from || s.to) {
      const label = (s.from ? fmtParam(s.from) : '…') + ' – ' + (s.to ? fmtParam(s.to) : '…');
      chips.push(h('a', { class: 'filter-chip', href: withState(s, (c) => { c.from = ''; c.to = ''; }), 'aria-label': 'Remove date filter ' + label }, [
        h('span', { class: 'filter-kind', text: 'Published' }), h('span', { text: label }), h('span', { class: 'x', 'aria-hidden': 'true', text: '×' }),
      ]));
    }
    if (chips.length > 1) {
      chips.push(h('a', { class: 'clear-all', href: withState(s, (c) => { for (const f of FIELDS) c[f] = []; c.from = ''; c.to = ''; c.said = ''; }), text: 'Clear all' }));
    }
    el.active.replaceChildren(...chips);
    el.active.hidden = chips.length === 0;
    const n = fieldsOf(s).reduce((a, f) => a + s[f].length, 0) + (s.from || s.to ? 1 : 0) + (s.said && s.tab !== 'quotes' ? 1 : 0);
    el.filtersToggle.textContent = n ? 'Filters (' + n + ')' : 'Filters';
  }

  function fmtParam(v) {
    if (/^\d{4}$/.test(v)) return v;
    if (/^\d{4}-\d{2}$/.test(v)) { const t = parseBound(v, false); return isNaN(t) ? v : monthFmt.format(new Date(t)); }
    const t = parseBound(v, false);
    return isNaN(t) ? v : dateFmt.format(new Date(t));
  }

  // ------------------------------------------------------------ facets

  // Facet panels persist across searches (their search boxes keep text and
  // focus); only their value lists are redrawn.
  const panels = {};
  let panelsTab = '';

  function buildFacetPanels(s) {
    if (panelsTab === s.tab) return;
    panelsTab = s.tab;
    el.facets.replaceChildren();
    for (const f of fieldsOf(s)) {
      const p = { field: f, expanded: false, prefix: '', values: [] };
      const hid = 'facet-' + f + '-h';
      p.clear = h('a', { class: 'panel-clear', href: '/', hidden: true, text: 'Clear' });
      p.list = h('ul', { class: 'facet-list', 'aria-labelledby': hid });
      p.more = h('button', { type: 'button', class: 'facet-more link-btn', hidden: true, text: 'Show more' });
      p.note = h('p', { class: 'facet-note', hidden: true });
      if (SEARCHABLE[f]) {
        p.input = h('input', {
          type: 'search', class: 'facet-search', placeholder: 'Find ' + FACET_TITLE[f].toLowerCase() + '…',
          'aria-label': 'Search ' + FACET_TITLE[f].toLowerCase(), autocomplete: 'off', spellcheck: 'false',
        });
        const run = debounce(() => { p.prefix = p.input.value.trim(); refreshFacet(p, current); }, FACET_DEBOUNCE_MS);
        p.input.addEventListener('input', run);
        p.input.addEventListener('keydown', (e) => {
          if (e.key === 'Escape' && p.input.value) { e.preventDefault(); p.input.value = ''; run.cancel(); p.prefix = ''; refreshFacet(p, current); }
        });
      }
      p.more.addEventListener('click', () => { p.expanded = !p.expanded; refreshFacet(p, current); });
      p.section = h('section', { class: 'panel facet', 'data-field': f, 'aria-labelledby': hid }, [
        h('div', { class: 'panel-head' }, [h('h2', { id: hid, text: FACET_TITLE[f] }), p.clear]),
        p.input || null, p.list, p.note, p.more,
      ]);
      panels[f] = p;
      el.facets.append(p.section);
    }
  }

  function renderFacets(s, facets) {
    for (const f of fieldsOf(s)) {
      const p = panels[f];
      if (!p) continue;
      p.values = facets[f] || [];
      // The quote search may facet fewer fields than it filters on.
      p.section.hidden = s.tab === 'quotes' && !(f in facets) && s[f].length === 0 && !p.prefix;
      p.clear.hidden = s[f].length === 0;
      p.clear.href = withState(s, (c) => { c[f] = []; });
      p.clear.setAttribute('aria-label', 'Clear ' + FACET_TITLE[f].toLowerCase() + ' filter');
      if (p.prefix || p.expanded) refreshFacet(p, s); else drawFacet(p, s, p.values, false);
    }
  }

  // refreshFacet asks the server for more values of one facet, or for the
  // values matching the panel's search box.
  let facetSeq = {};
  function refreshFacet(p, s) {
    if (!p.prefix && !p.expanded) { drawFacet(p, s, p.values, false); return; }
    const seq = (facetSeq[p.field] || 0) + 1;
    facetSeq[p.field] = seq;
    const others = cloneState(s);
    others[p.field] = []; // disjunctive: a facet's own selection does not narrow its counts
    let url;
    if (s.tab === 'quotes') {
      url = '/api/quotes?' + searchParams(others, { size: 1, facet_size: FACET_MORE_SIZE });
    } else {
      url = '/api/facets/' + encodeURIComponent(p.field) + '?' + searchParams(others, { prefix: p.prefix, size: p.prefix ? 50 : FACET_MORE_SIZE });
    }
    p.section.classList.add('busy');
    getJSON(url).then((res) => {
      if (facetSeq[p.field] !== seq) return;
      let vals = s.tab === 'quotes' ? ((res.facets || {})[p.field] || []) : facetValues(res);
      // /api/facets matches the prefix itself; the quote search does not.
      if (p.prefix && s.tab === 'quotes') vals = vals.filter((v) => matchesPrefix(v.value, p.prefix));
      drawFacet(p, s, vals, true);
    }).catch((err) => {
      if (facetSeq[p.field] !== seq) return;
      p.list.replaceChildren(h('li', { class: 'facet-error', role: 'alert', text: 'Could not load values: ' + err.message }));
    }).finally(() => p.section.classList.remove('busy'));
  }

  // facetValues accepts the facet-value endpoint's answer as a bare list or
  // wrapped in an object.
  function facetValues(res) {
    if (Array.isArray(res)) return res;
    for (const k of ['values', 'facets', 'hits']) if (res && Array.isArray(res[k])) return res[k];
    return [];
  }

  // matchesPrefix matches as /api/facets does (search.wordPrefix): the
  // prefix starts the value or a word of it (a letter or digit after a
  // character that is neither), ignoring case and diacritics ("erdogan"
  // finds "Erdoğan", "nguyen" "Nguyễn").
  function matchesPrefix(value, prefix) {
    const v = foldLower(value);
    const p = foldLower(prefix.trim());
    let i = 0, inWord = false;
    for (const c of v) {
      const word = /[\p{L}\p{Nd}]/u.test(c);
      if ((i === 0 || (word && !inWord)) && v.startsWith(p, i)) return true;
      inWord = word;
      i += c.length;
    }
    return false;
  }

  // foldLower folds as the server's facet-value search does (search.foldLower:
  // schema.FoldWord, the text analyzer's lower case and ASCII folding, then
  // combining marks dropped).
  function foldLower(s) {
    let out = '';
    for (const c of s.toLowerCase()) if (!/\p{Mn}/u.test(c)) out += LETTER_FOLD[c] ?? c;
    return out;
  }

  // BEGIN LETTER_FOLD: generated by TestLetterFold from schema.FoldWord; do not edit.
  const LETTER_FOLD = {
    "«": "\"", "²": "2", "³": "3", "¹": "1", "»": "\"", "ß": "ss", "à": "a", "á": "a",
    "â": "a", "ã": "a", "ä": "a", "å": "a", "æ": "ae", "ç": "c", "è": "e", "é": "e",
    "ê": "e", "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i", "ð": "d", "ñ": "n",
    "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ø": "o", "ù": "u", "ú": "u",
    "û": "u", "ü": "u", "ý": "y", "þ": "th", "ÿ": "y", "ā": "a", "ă": "a", "ą": "a",
    "ć": "c", "ĉ": "c", "ċ": "c", "č": "c", "ď": "d", "đ": "d", "ē": "e", "ĕ": "e",
    "ė": "e", "ę": "e", "ě": "e", "ĝ": "g", "ğ": "g", "ġ": "g", "ģ": "g", "ĥ": "h",
    "ħ": "h", "ĩ": "i", "ī": "i", "ĭ": "i", "į": "i", "ı": "i", "ĳ": "ij", "ĵ": "j",
    "ķ": "k", "ĸ": "q", "ĺ": "l", "ļ": "l", "ľ": "l", "ŀ": "l", "ł": "l", "ń": "n",
    "ņ": "n", "ň": "n", "ŉ": "n", "ŋ": "n", "ō": "o", "ŏ": "o", "ő": "o", "œ": "oe",
    "ŕ": "r", "ŗ": "r", "ř": "r", "ś": "s", "ŝ": "s", "ş": "s", "š": "s", "ţ": "t",
    "ť": "t", "ŧ": "t", "ũ": "u", "ū": "u", "ŭ": "u", "ů": "u", "ű": "u", "ų": "u",
    "ŵ": "w", "ŷ": "y", "ź": "z", "ż": "z", "ž": "z", "ſ": "s", "ƀ": "b", "ƃ": "b",
    "ƈ": "c", "ƌ": "d", "ƒ": "f", "ƕ": "hv", "ƙ": "k", "ƚ": "l", "ƞ": "n", "ơ": "o",
    "ƥ": "p", "ƫ": "t", "ƭ": "t", "ư": "u", "ƴ": "y", "ƶ": "z", "ƿ": "w", "ǆ": "dz",
    "ǉ": "lj", "ǌ": "nj", "ǎ": "a", "ǐ": "i", "ǒ": "o", "ǔ": "u", "ǖ": "u", "ǘ": "u",
    "ǚ": "u", "ǜ": "u", "ǝ": "e", "ǟ": "a", "ǡ": "a", "ǣ": "ae", "ǥ": "g", "ǧ": "g",
    "ǩ": "k", "ǫ": "o", "ǭ": "o", "ǰ": "j", "ǳ": "dz", "ǵ": "g", "ǹ": "n", "ǻ": "a",
    "ǽ": "ae", "ǿ": "o", "ȁ": "a", "ȃ": "a", "ȅ": "e", "ȇ": "e", "ȉ": "i", "ȋ": "i",
    "ȍ": "o", "ȏ": "o", "ȑ": "r", "ȓ": "r", "ȕ": "u", "ȗ": "u", "ș": "s", "ț": "t",
    "ȝ": "z", "ȟ": "h", "ȡ": "d", "ȣ": "ou", "ȥ": "z", "ȧ": "a", "ȩ": "e", "ȫ": "o",
    "ȭ": "o", "ȯ": "o", "ȱ": "o", "ȳ": "y", "ȴ": "l", "ȵ": "n", "ȶ": "t", "ȷ": "j",
    "ȸ": "db", "ȹ": "qp", "ȼ": "c", "ȿ": "s", "ɀ": "z", "ɇ": "e", "ɉ": "j", "ɋ": "q",
    "ɍ": "r", "ɏ": "y", "ɐ": "a", "ɓ": "b", "ɔ": "o", "ɕ": "c", "ɖ": "d", "ɗ": "d",
    "ɘ": "e", "ə": "a", "ɚ": "a", "ɛ": "e", "ɜ": "e", "ɝ": "e", "ɞ": "e", "ɟ": "j",
    "ɠ": "g", "ɡ": "g", "ɢ": "g", "ɥ": "h", "ɦ": "h", "ɨ": "i", "ɪ": "i", "ɫ": "l",
    "ɬ": "l", "ɭ": "l", "ɯ": "m", "ɰ": "m", "ɱ": "m", "ɲ": "n", "ɳ": "n", "ɴ": "n",
    "ɵ": "o", "ɶ": "oe", "ɼ": "r", "ɽ": "r", "ɾ": "r", "ɿ": "r", "ʀ": "r", "ʁ": "r",
    "ʂ": "s", "ʄ": "j", "ʇ": "t", "ʈ": "t", "ʉ": "u", "ʋ": "v", "ʌ": "v", "ʍ": "w",
    "ʎ": "y", "ʏ": "y", "ʐ": "z", "ʑ": "z", "ʗ": "c", "ʙ": "b", "ʚ": "e", "ʛ": "g",
    "ʜ": "h", "ʝ": "j", "ʞ": "k", "ʟ": "l", "ʠ": "q", "ʣ": "dz", "ʥ": "dz", "ʦ": "ts",
    "ʨ": "tc", "ʪ": "ls", "ʫ": "lz", "ʮ": "h", "ʯ": "h", "ᴀ": "a", "ᴁ": "ae", "ᴂ": "ae",
    "ᴃ": "b", "ᴄ": "c", "ᴅ": "d", "ᴆ": "d", "ᴇ": "e", "ᴈ": "e", "ᴉ": "i", "ᴊ": "j",
    "ᴋ": "k", "ᴌ": "l", "ᴍ": "m", "ᴎ": "n", "ᴏ": "o", "ᴐ": "o", "ᴔ": "oe", "ᴕ": "ou",
    "ᴖ": "o", "ᴗ": "o", "ᴘ": "p", "ᴙ": "r", "ᴚ": "r", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
    "ᴡ": "w", "ᴢ": "z", "ᵢ": "i", "ᵣ": "r", "ᵤ": "u", "ᵥ": "v", "ᵫ": "ue", "ᵬ": "b",
    "ᵭ": "d", "ᵮ": "f", "ᵯ": "m", "ᵰ": "n", "ᵱ": "p", "ᵲ": "r", "ᵳ": "r", "ᵴ": "s",
    "ᵵ": "t", "ᵶ": "z", "ᵷ": "g", "ᵹ": "g", "ᵺ": "th", "ᵻ": "i", "ᵼ": "i", "ᵽ": "p",
    "ᵾ": "u", "ᶀ": "b", "ᶁ": "d", "ᶂ": "f", "ᶃ": "g", "ᶄ": "k", "ᶅ": "l", "ᶆ": "m",
    "ᶇ": "n", "ᶈ": "p", "ᶉ": "r", "ᶊ": "s", "ᶌ": "v", "ᶍ": "x", "ᶎ": "z", "ᶏ": "a",
    "ᶑ": "d", "ᶒ": "e", "ᶓ": "e", "ᶔ": "e", "ᶕ": "a", "ᶖ": "i", "ᶗ": "o", "ᶙ": "u",
    "ḁ": "a", "ḃ": "b", "ḅ": "b", "ḇ": "b", "ḉ": "c", "ḋ": "d", "ḍ": "d", "ḏ": "d",
    "ḑ": "d", "ḓ": "d", "ḕ": "e", "ḗ": "e", "ḙ": "e", "ḛ": "e", "ḝ": "e", "ḟ": "f",
    "ḡ": "g", "ḣ": "h", "ḥ": "h", "ḧ": "h", "ḩ": "h", "ḫ": "h", "ḭ": "i", "ḯ": "i",
    "ḱ": "k", "ḳ": "k", "ḵ": "k", "ḷ": "l", "ḹ": "l", "ḻ": "l", "ḽ": "l", "ḿ": "m",
    "ṁ": "m", "ṃ": "m", "ṅ": "n", "ṇ": "n", "ṉ": "n", "ṋ": "n", "ṍ": "o", "ṏ": "o",
    "ṑ": "o", "ṓ": "o", "ṕ": "p", "ṗ": "p", "ṙ": "r", "ṛ": "r", "ṝ": "r", "ṟ": "r",
    "ṡ": "s", "ṣ": "s", "ṥ": "s", "ṧ": "s", "ṩ": "s", "ṫ": "t", "ṭ": "t", "ṯ": "t",
    "ṱ": "t", "ṳ": "u", "ṵ": "u", "ṷ": "u", "ṹ": "u", "ṻ": "u", "ṽ": "v", "ṿ": "v",
    "ẁ": "w", "ẃ": "w", "ẅ": "w", "ẇ": "w", "ẉ": "w", "ẋ": "x", "ẍ": "x", "ẏ": "y",
    "ẑ": "z", "ẓ": "z", "ẕ": "z", "ẖ": "h", "ẗ": "t", "ẘ": "w", "ẙ": "y", "ẚ": "a",
    "ẛ": "f", "ẜ": "s", "ẝ": "s", "ạ": "a", "ả": "a", "ấ": "a", "ầ": "a", "ẩ": "a",
    "ẫ": "a", "ậ": "a", "ắ": "a", "ằ": "a", "ẳ": "a", "ẵ": "a", "ặ": "a", "ẹ": "e",
    "ẻ": "e", "ẽ": "e", "ế": "e", "ề": "e", "ể": "e", "ễ": "e", "ệ": "e", "ỉ": "i",
    "ị": "i", "ọ": "o", "ỏ": "o", "ố": "o", "ồ": "o", "ổ": "o", "ỗ": "o", "ộ": "o",
    "ớ": "o", "ờ": "o", "ở": "o", "ỡ": "o", "ợ": "o", "ụ": "u", "ủ": "u", "ứ": "u",
    "ừ": "u", "ử": "u", "ữ": "u", "ự": "u", "ỳ": "y", "ỵ": "y", "ỷ": "y", "ỹ": "y",
    "ỻ": "ll", "ỿ": "y", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "‘": "'",
    "’": "'", "‚": "'", "‛": "'", "“": "\"", "”": "\"", "„": "\"", "′": "'", "″": "\"",
    "‵": "'", "‶": "\"", "‸": "^", "‹": "'", "›": "'", "‼": "!!", "⁄": "/", "⁅": "[",
    "⁆": "]", "⁇": "??", "⁈": "?!", "⁉": "!?", "⁎": "*", "⁏": ";", "⁒": "%", "⁓": "~",
    "⁰": "0", "ⁱ": "i", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")", "ⁿ": "n", "₀": "0", "₁": "1",
    "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")", "ₐ": "a", "ₑ": "e", "ₒ": "o",
    "ₓ": "x", "ₔ": "a", "ↄ": "c", "①": "1", "②": "2", "③": "3", "④": "4", "⑤": "5",
    "⑥": "6", "⑦": "7", "⑧": "8", "⑨": "9", "⑩": "10", "⑪": "11", "⑫": "12", "⑬": "13",
    "⑭": "14", "⑮": "15", "⑯": "16", "⑰": "17", "⑱": "18", "⑲": "19", "⑳": "20", "⑴": "(1)",
    "⑵": "(2)", "⑶": "(3)", "⑷": "(4)", "⑸": "(5)", "⑹": "(6)", "⑺": "(7)", "⑻": "(8)", "⑼": "(9)",
    "⑽": "(10)", "⑾": "(11)", "⑿": "(12)", "⒀": "(13)", "⒁": "(14)", "⒂": "(15)", "⒃": "(16)", "⒄": "(17)",
    "⒅": "(18)", "⒆": "(19)", "⒇": "(20)", "⒈": "1.", "⒉": "2.", "⒊": "3.", "⒋": "4.", "⒌": "5.",
    "⒍": "6.", "⒎": "7.", "⒏": "8.", "⒐": "9.", "⒑": "10.", "⒒": "11.", "⒓": "12.", "⒔": "13.",
    "⒕": "14.", "⒖": "15.", "⒗": "16.", "⒘": "17.", "⒙": "18.", "⒚": "19.", "⒛": "20.", "⒜": "(a)",
    "⒝": "(b)", "⒞": "(c)", "⒟": "(d)", "⒠": "(e)", "⒡": "(f)", "⒢": "(g)", "⒣": "(h)", "⒤": "(i)",
    "⒥": "(j)", "⒦": "(k)", "⒧": "(l)", "⒨": "(m)", "⒩": "(n)", "⒪": "(o)", "⒫": "(p)", "⒬": "(q)",
    "⒭": "(r)", "⒮": "(s)", "⒯": "(t)", "⒰": "(u)", "⒱": "(v)", "⒲": "(w)", "⒳": "(x)", "⒴": "(y)",
    "⒵": "(z)", "ⓐ": "a", "ⓑ": "b", "ⓒ": "c", "ⓓ": "d", "ⓔ": "e", "ⓕ": "f", "ⓖ": "g",
    "ⓗ": "h", "ⓘ": "i", "ⓙ": "j", "ⓚ": "k", "ⓛ": "l", "ⓜ": "m", "ⓝ": "n", "ⓞ": "o",
    "ⓟ": "p", "ⓠ": "q", "ⓡ": "r", "ⓢ": "s", "ⓣ": "t", "ⓤ": "u", "ⓥ": "v", "ⓦ": "w",
    "ⓧ": "x", "ⓨ": "y", "ⓩ": "z", "⓪": "0", "⓫": "11", "⓬": "12", "⓭": "13", "⓮": "14",
    "⓯": "15", "⓰": "16", "⓱": "17", "⓲": "18", "⓳": "19", "⓴": "20", "⓵": "1", "⓶": "2",
    "⓷": "3", "⓸": "4", "⓹": "5", "⓺": "6", "⓻": "7", "⓼": "8", "⓽": "9", "⓾": "10",
    "⓿": "0", "❛": "'", "❜": "'", "❝": "\"", "❞": "\"", "❨": "(", "❩": ")", "❪": "(",
    "❫": ")", "❬": "\u003c", "❭": "\u003e", "❮": "\"", "❯": "\"", "❰": "\u003c", "❱": "\u003e", "❲": "[",
    "❳": "]", "❴": "{", "❵": "}", "❶": "1", "❷": "2", "❸": "3", "❹": "4", "❺": "5",
    "❻": "6", "❼": "7", "❽": "8", "❾": "9", "❿": "10", "➀": "1", "➁": "2", "➂": "3",
    "➃": "4", "➄": "5", "➅": "6", "➆": "7", "➇": "8", "➈": "9", "➉": "10", "➊": "1",
    "➋": "2", "➌": "3", "➍": "4", "➎": "5", "➏": "6", "➐": "7", "➑": "8", "➒": "9",
    "➓": "10", "ⱡ": "l", "ⱥ": "a", "ⱦ": "t", "ⱨ": "h", "ⱪ": "k", "ⱬ": "z", "ⱱ": "v",
    "ⱳ": "w", "ⱴ": "v", "ⱶ": "h", "ⱸ": "e", "ⱺ": "o", "ⱻ": "e", "ⱼ": "j", "⸨": "((",
    "⸩": "))", "ꜩ": "tz", "ꜰ": "f", "ꜱ": "s", "ꜳ": "aa", "ꜵ": "ao", "ꜷ": "au", "ꜹ": "av",
    "ꜻ": "av", "ꜽ": "ay", "ꜿ": "c", "ꝁ": "k", "ꝃ": "k", "ꝅ": "k", "ꝇ": "l", "ꝉ": "l",
    "ꝋ": "o", "ꝍ": "o", "ꝏ": "oo", "ꝑ": "p", "ꝓ": "p", "ꝕ": "p", "ꝗ": "q", "ꝙ": "q",
    "ꝛ": "r", "ꝟ": "v", "ꝡ": "vy", "ꝣ": "z", "ꝧ": "th", "ꝺ": "d", "ꝼ": "f", "ꝿ": "g",
    "ꞁ": "l", "ꞃ": "r", "ꞅ": "s", "ꟻ": "f", "ꟼ": "p", "ꟽ": "m", "ꟾ": "i", "ꟿ": "m",
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬆ": "st", "！": "!", "＂": "\"",
    "＃": "#", "＄": "$", "％": "%", "＆": "\u0026", "＇": "'", "（": "(", "）": ")", "＊": "*",
    "＋": "+", "，": ",", "－": "-", "．": ".", "／": "/", "０": "0", "１": "1", "２": "2",
    "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9", "：": ":",
    "；": ";", "＜": "\u003c", "＝": "=", "＞": "\u003e", "？": "?", "＠": "@", "［": "[", "＼": "\\",
    "］": "]", "＾": "^", "＿": "_", "ａ": "a", "ｂ": "b", "ｃ": "c", "ｄ": "d", "ｅ": "e",
    "ｆ": "f", "ｇ": "g", "ｈ": "h", "ｉ": "i", "ｊ": "j", "ｋ": "k", "ｌ": "l", "ｍ": "m",
    "ｎ": "n", "ｏ": "o", "ｐ": "p", "ｑ": "q", "ｒ": "r", "ｓ": "s", "ｔ": "t", "ｕ": "u",
    "ｖ": "v", "ｗ": "w", "ｘ": "x", "ｙ": "y", "ｚ": "z", "｛": "{", "｝": "}", "～": "~",
  };
  // END LETTER_FOLD

  function drawFacet(p, s, values, fromServer) {
    const f = p.field;
    const focused = document.activeElement && p.list.contains(document.activeElement) ? document.activeElement.value : null;
    const shown = values.slice();
    const have = new Set(shown.map((v) => v.value));
    // Selected values stay visible even when they fall outside the top list.
    if (!p.prefix) for (const v of s[f]) if (!have.has(v)) shown.unshift({ value: v, count: null });
    const items = shown.map((v) => {
      const on = s[f].includes(v.value);
      const box = h('input', { type: 'checkbox', value: v.value, checked: on, 'data-field': f });
      box.addEventListener('change', () => navigate(toggled(current, f, v.value)));
      return h('li', { class: on ? 'on' : '' }, [
        h('label', { class: 'facet-value' }, [
          box, h('span', { class: 'facet-name', title: v.value, text: v.value }),
          h('span', { class: 'count', text: v.count == null ? '' : numFmt.format(v.count), 'aria-label': v.count == null ? null : plural(v.count, 'result', 'results') }),
        ]),
      ]);
    });
    if (!items.length) {
      items.push(h('li', { class: 'facet-empty', text: p.prefix ? 'No ' + FACET_TITLE[f].toLowerCase() + ' start with “' + p.prefix + '”' : 'None in these results' }));
    }
    p.list.replaceChildren(...items);
    if (focused != null) {
      const again = Array.from(p.list.querySelectorAll('input')).find((i) => i.value === focused);
      if (again) again.focus();
    }
    p.more.hidden = !!p.prefix || (!p.expanded && values.length < FACET_SIZE);
    p.more.textContent = p.expanded ? 'Show fewer' : 'Show more';
    p.more.setAttribute('aria-expanded', p.expanded ? 'true' : 'false');
    p.note.hidden = !fromServer || !p.prefix;
    p.note.textContent = p.prefix ? 'Values matching “' + p.prefix + '”' : '';
  }

  // ------------------------------------------------------------ dates

  function renderDateInputs(s) {
    const day = (v, end) => { const t = v ? parseBound(v, end) : NaN; return isNaN(t) ? '' : isoDay(new Date(t)); };
    el.from.value = day(s.from, false);
    el.to.value = day(s.to, true);
    el.datesClear.hidden = !(s.from || s.to);
    el.datesClear.href = withState(s, (c) => { c.from = ''; c.to = ''; });
  }

  el.daterange.addEventListener('change', () => {
    navigate(withState(current, (c) => { c.from = el.from.value; c.to = el.to.value; }));
  });
  el.daterange.addEventListener('submit', (e) => e.preventDefault());

  let bars = [];

  function bucketLabel(b) {
    const start = new Date(b.start);
    const span = new Date(b.end) - start;
    const day = 864e5;
    if (span >= 360 * day) {
      // Several years per bucket when the dates span over a century.
      const last = new Date(b.end).getUTCFullYear() - 1;
      return start.getUTCFullYear() === last ? String(last) : start.getUTCFullYear() + '–' + last;
    }
    if (span >= 28 * day) return monthFmt.format(start);
    if (span >= day) return dateFmt.format(start);
    return dayHourFmt.format(start);
  }

  // rangeOf turns bars [i, j] into the API's inclusive from/to: whole days
  // when the buckets are whole days, exact instants otherwise.
  function rangeOf(i, j) {
    const a = new Date(bars[i].start);
    const e = new Date(bars[j].end);
    const b = new Date(e - 1000);
    const midnight = (d) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
    const firstOfMonth = (d) => midnight(d) && d.getUTCDate() === 1;
    const firstOfYear = (d) => firstOfMonth(d) && d.getUTCMonth() === 0;
    if (firstOfYear(a) && firstOfYear(e)) return { from: isoDay(a).slice(0, 4), to: isoDay(b).slice(0, 4) };
    if (firstOfMonth(a) && firstOfMonth(e)) return { from: isoDay(a).slice(0, 7), to: isoDay(b).slice(0, 7) };
    if (midnight(a) && midnight(e)) return { from: isoDay(a), to: isoDay(b) };
    return { from: a.toISOString().replace('.000Z', 'Z'), to: b.toISOString().replace('.000Z', 'Z') };
  }

  // parseBound reads a from/to value the way the API does: RFC 3339, or
  // YYYY-MM-DD, YYYY-MM, YYYY, where an end bound means the last instant of
  // that day, month or year. NaN when unreadable.
  function parseBound(v, end) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
    if (!m) return Date.parse(v);
    const y = +m[1], mo = m[2] ? +m[2] - 1 : 0, d = m[3] ? +m[3] : 1;
    if (!end) return Date.UTC(y, mo, d);
    if (m[3]) return Date.UTC(y, mo, d + 1) - 1;
    if (m[2]) return Date.UTC(y, mo + 1, 1) - 1;
    return Date.UTC(y + 1, 0, 1) - 1;
  }

  function inRange(s, b) {
    if (!s.from && !s.to) return true;
    const from = s.from ? parseBound(s.from, false) : -Infinity;
    const to = s.to ? parseBound(s.to, true) : Infinity;
    return Date.parse(b.end) > from && Date.parse(b.start) <= to;
  }

  function renderHistogram(s, buckets) {
    bars = buckets;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const nodes = buckets.map((b, i) => {
      const label = bucketLabel(b) + ': ' + plural(b.count, 'article', 'articles');
      const bar = h('button', { type: 'button', class: 'bar' + (inRange(s, b) ? ' in' : ''), 'data-i': String(i), title: label, 'aria-label': label });
      const fill = h('span', { class: 'fill' });
      // CSSOM writes are allowed under the CSP; style attributes are not.
      fill.style.height = (b.count ? Math.max(4, Math.round(100 * b.count / max)) : 0) + '%';
      bar.append(fill);
      return bar;
    });
    el.histogram.replaceChildren(...nodes);
    el.histogram.classList.toggle('ranged', !!(s.from || s.to));
    el.axis.replaceChildren();
    if (buckets.length) {
      el.axis.append(h('span', { text: bucketLabel(buckets[0]) }), h('span', { text: bucketLabel(buckets[buckets.length - 1]) }));
    }
  }

  // Click a bar, or press on one bar and drag across others, to filter by
  // that period. Keyboard users press Enter/Space on a bar.
  let drag = null;
  function barIndexAt(x) {
    const r = el.histogram.getBoundingClientRect();
    if (!bars.length || r.width === 0) return -1;
    return Math.min(bars.length - 1, Math.max(0, Math.floor((x - r.left) / r.width * bars.length)));
  }
  function paintDrag() {
    const lo = Math.min(drag.a, drag.b), hi = Math.max(drag.a, drag.b);
    el.histogram.querySelectorAll('.bar').forEach((b, i) => b.classList.toggle('dragging', i >= lo && i <= hi));
  }
  el.histogram.addEventListener('pointerdown', (e) => {
    const bar = e.target.closest('.bar');
    if (!bar || e.button !== 0) return;
    e.preventDefault();
    const i = Number(bar.dataset.i);
    drag = { a: i, b: i, id: e.pointerId };
    try { el.histogram.setPointerCapture(e.pointerId); } catch (_) { /* synthetic events */ }
    el.histogram.classList.add('selecting');
    paintDrag();
  });
  el.histogram.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const i = barIndexAt(e.clientX);
    if (i >= 0 && i !== drag.b) { drag.b = i; paintDrag(); }
  });
  function endDrag(commit) {
    if (!drag) return;
    const lo = Math.min(drag.a, drag.b), hi = Math.max(drag.a, drag.b);
    drag = null;
    el.histogram.classList.remove('selecting');
    el.histogram.querySelectorAll('.bar.dragging').forEach((b) => b.classList.remove('dragging'));
    if (commit) selectBars(lo, hi);
  }
  el.histogram.addEventListener('pointerup', () => endDrag(true));
  el.histogram.addEventListener('pointercancel', () => endDrag(false));
  el.histogram.addEventListener('click', (e) => {
    // detail === 0: activated from the keyboard, not the pointer.
    const bar = e.target.closest('.bar');
    if (bar && e.detail === 0) selectBars(Number(bar.dataset.i), Number(bar.dataset.i));
  });

  function selectBars(lo, hi) {
    if (!bars[lo] || !bars[hi]) return;
    const r = rangeOf(lo, hi);
    navigate(withState(current, (c) => { c.from = r.from; c.to = r.to; }));
  }

  // ------------------------------------------------------------ article view

  const TYPE_ORDER = ['person', 'place', 'organization'];

  function showArticle(id, restoreY) {
    el.searchView.hidden = true;
    el.articleView.hidden = false;
    if (searchAbort) { searchAbort.abort(); searchAbort = null; searchSeq++; }
    if (shownArticle === id) { focusHash(); return; }
    shownArticle = id;
    delete document.body.dataset.rendered;
    setLoading(true);
    el.article.replaceChildren();
    el.articleStatus.replaceChildren(h('div', { class: 'state state-loading', text: 'Loading article…' }));
    const seq = ++searchSeq;
    getJSON('/api/articles/' + encodeURIComponent(id)).then((a) => {
      if (seq !== searchSeq) return;
      el.articleStatus.replaceChildren();
      renderArticle(a);
      document.body.dataset.rendered = location.search;
      if (restoreY != null) window.scrollTo(0, restoreY); else if (!focusHash()) window.scrollTo(0, 0);
      // The link that opened the article is gone: give keyboard and screen
      // reader users the article's heading instead.
      const h1 = el.article.querySelector('h1');
      if (h1) h1.focus({ preventScroll: true });
    }).catch((err) => {
      if (seq !== searchSeq) return;
      shownArticle = null;
      document.title = 'Article not available · newsfind';
      el.articleStatus.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, [
        h('h2', { text: err.status === 404 ? 'Article not found' : 'Could not load the article' }),
        h('p', { class: 'error-message', text: err.status === 404 ? 'There is no article with id “' + id + '” in the index.' : err.message }),
        h('a', { class: 'btn', href: '/', text: 'Back to search' }),
      ]));
      document.body.dataset.rendered = location.search;
    }).finally(() => { if (seq === searchSeq) setLoading(false); });
  }

  // focusHash scrolls to and flashes the quote named in the URL fragment.
  function focusHash() {
    if (!location.hash.startsWith('#quote-')) return false;
    const target = document.getElementById(location.hash.slice(1));
    if (!target) return false;
    target.scrollIntoView({ block: 'center' });
    target.classList.remove('flash');
    void target.offsetWidth; // restart the animation
    target.classList.add('flash');
    return true;
  }

  function renderArticle(a) {
    document.title = (a.title || 'Article') + ' · newsfind';
    const entities = a.entities || [];
    const quotes = a.quotes || [];
    const back = h('a', { class: 'back', href: '/', text: '← Back to results' });
    back.addEventListener('click', (e) => {
      if (!isPlainClick(e)) return;
      if (history.state && history.state.fromSearch) { e.preventDefault(); e.stopPropagation(); history.back(); }
    });
    const meta = h('div', { class: 'meta article-meta' }, [
      a.source ? h('span', { class: 'source', text: a.source }) : null,
      a.published ? timeEl(a.published) : null,
      a.authors && a.authors.length ? h('span', { class: 'authors', text: 'by ' + a.authors.join(', ') }) : null,
      a.url ? h('a', { class: 'orig', href: a.url, target: '_blank', rel: 'noopener noreferrer', text: 'Read the original ↗' }) : null,
    ]);
    const counts = {};
    for (const e of entities) if (ENTITY_FIELD[e.type]) counts[e.type] = (counts[e.type] || 0) + 1;
    const legend = h('div', { class: 'legend', role: 'group', 'aria-label': 'Highlight in the text' }, TYPE_ORDER.map((t) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-type': t });
      box.addEventListener('change', () => el.article.classList.toggle('hide-' + t, !box.checked));
      return h('label', { class: 'legend-item legend-' + t }, [box, h('span', { class: 'swatch', 'aria-hidden': 'true' }), ENTITY_TITLE[t] === 'Person' ? 'People' : ENTITY_TITLE[t] === 'Place' ? 'Places' : 'Organizations', h('span', { class: 'count', text: String(counts[t] || 0) })]);
    }).concat([h('span', { class: 'legend-item legend-quote' }, [h('span', { class: 'swatch', 'aria-hidden': 'true' }), 'Quotes', h('span', { class: 'count', text: String(quotes.length) })])]));

    const body = h('div', { class: 'article-body', id: 'article-body' });
    renderBody(body, a.body || '', entities, quotes);

    el.article.className = 'article';
    el.article.replaceChildren(
      back,
      h('header', { class: 'article-head' }, [h('h1', { tabindex: '-1', text: a.title || '(untitled)' }), meta, legend]),
      h('div', { class: 'article-grid' }, [body, h('aside', { class: 'article-side', 'aria-label': 'Quotes and entities' }, [quotesPanel(quotes), entityPanels(entities)])]),
    );
  }

  function validSpan(x, n) {
    return Number.isInteger(x.start) && Number.isInteger(x.end) && x.start >= 0 && x.end <= n && x.start < x.end;
  }

  // nonOverlapping keeps a set of spans that do not overlap: earlier first,
  // longer first on ties.
  function nonOverlapping(spans) {
    spans.sort((x, y) => x.start - y.start || y.end - x.end);
    const out = [];
    let end = -1;
    for (const sp of spans) if (sp.start >= end) { out.push(sp); end = sp.end; }
    return out;
  }

  // renderBody draws the article text in paragraphs with entity mentions and
  // quotes marked. Offsets are code points, so the text is indexed as an
  // array of code points, never as UTF-16.
  function renderBody(box, body, entities, quotes) {
    const cps = Array.from(body);
    const n = cps.length;
    const ents = [];
    for (const e of entities) {
      if (!ENTITY_FIELD[e.type]) continue;
      for (const m of e.mentions || []) {
        const sp = { start: m.start, end: m.end, type: e.type, name: e.name, text: m.text };
        if (validSpan(sp, n)) ents.push(sp);
      }
    }
    const es = nonOverlapping(ents);
    const qs = nonOverlapping(quotes.map((q, i) => ({ start: q.start, end: q.end, i: i, q: q })).filter((x) => validSpan(x, n)));
    const cuts = new Set([0, n]);
    for (const sp of es.concat(qs)) { cuts.add(sp.start); cuts.add(sp.end); }
    cps.forEach((c, i) => { if (c === '\n') { cuts.add(i); cuts.add(i + 1); } });
    const points = Array.from(cuts).sort((x, y) => x - y);

    let p = null, qEl = null, qIdx = -1, ei = 0, qi = 0;
    const quoteIdSeen = new Set();
    const flush = () => { if (p && p.childNodes.length) box.append(p); p = null; qEl = null; qIdx = -1; };
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const text = cps.slice(a, b).join('');
      if (text === '\n') { flush(); continue; }
      if (!p) p = h('p');
      while (ei < es.length && es[ei].end <= a) ei++;
      while (qi < qs.length && qs[qi].end <= a) qi++;
      const ent = ei < es.length && es[ei].start <= a ? es[ei] : null;
      const quo = qi < qs.length && qs[qi].start <= a ? qs[qi] : null;
      let parent = p;
      if (quo) {
        if (!qEl || qIdx !== quo.i) {
          const id = 'quote-' + quo.start;
          qEl = h('span', { class: 'q q-' + (quo.q.kind || 'direct'), title: (quo.q.speaker ? 'Quote: ' + quo.q.speaker : 'Unattributed quote') + (quo.q.cue ? ' (' + quo.q.cue + ')' : '') });
          if (!quoteIdSeen.has(id)) { qEl.id = id; quoteIdSeen.add(id); }
          qEl.dataset.speaker = quo.q.speaker || '';
          qIdx = quo.i;
          p.append(qEl);
        }
        parent = qEl;
      } else {
        qEl = null; qIdx = -1;
      }
      if (ent) {
        parent.append(h('mark', { class: 'ent ent-' + ent.type, title: ENTITY_TITLE[ent.type] + ': ' + ent.name, 'data-name': ent.name, text: text }));
      } else {
        parent.append(text);
      }
    }
    flush();
    if (!box.childNodes.length) box.append(h('p', { class: 'muted', text: 'This article has no text.' }));
  }

  function quotesPanel(quotes) {
    const groups = new Map();
    for (const q of quotes) {
      const k = q.speaker || '';
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(q);
    }
    const keys = Array.from(groups.keys()).sort((x, y) => (x === '') - (y === '') || groups.get(y).length - groups.get(x).length);
    const sec = h('section', { class: 'side-panel quotes-panel', 'aria-labelledby': 'quotes-h' }, [
      h('h2', { id: 'quotes-h' }, ['Quotes ', h('span', { class: 'count', text: String(quotes.length) })]),
    ]);
    if (!quotes.length) sec.append(h('p', { class: 'muted', text: 'No quotes found in this article.' }));
    for (const k of keys) {
      const qs = groups.get(k);
      const head = k
        ? h('h3', { class: 'speaker-head' }, [h('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(k) }),
          h('a', { href: '/?tab=quotes&' + new URLSearchParams({ speaker: k }), title: 'All quotes by ' + k, text: k }),
          h('span', { class: 'count', text: String(qs.length) })])
        : h('h3', { class: 'speaker-head unknown' }, [h('span', { class: 'avatar', 'aria-hidden': 'true', text: '?' }), 'Unattributed', h('span', { class: 'count', text: String(qs.length) })]);
      sec.append(h('div', { class: 'speaker-group', 'data-speaker': k }, [head, h('ul', { class: 'speaker-quotes' }, qs.map((q) => h('li', { class: 'kind-' + (q.kind || 'direct') }, [
        h('a', { href: '#quote-' + q.start, text: (q.kind === 'indirect' ? '' : '“') + truncate(tidyQuote(q.text), 220) + (q.kind === 'indirect' ? '' : '”') }),
        q.cue ? h('span', { class: 'cue', text: q.cue }) : null,
      ])))]));
    }
    return sec;
  }

  function entityPanels(entities) {
    const frag = document.createDocumentFragment();
    for (const t of TYPE_ORDER) {
      const list = entities.filter((e) => e.type === t);
      if (!list.length) continue;
      list.sort((x, y) => (y.mentions || []).length - (x.mentions || []).length || x.name.localeCompare(y.name));
      const hid = 'ents-' + t + '-h';
      frag.append(h('section', { class: 'side-panel ent-panel', 'aria-labelledby': hid }, [
        h('h2', { id: hid }, [t === 'person' ? 'People ' : t === 'place' ? 'Places ' : 'Organizations ', h('span', { class: 'count', text: String(list.length) })]),
        h('ul', { class: 'ent-list' }, list.map((e) => h('li', {}, [
          h('a', { class: 'ent-link ent-' + t, href: '/?' + new URLSearchParams([[ENTITY_FIELD[t], e.name]]), title: 'Articles that mention ' + e.name, text: e.name }),
          h('span', { class: 'count', title: 'mentions', text: String((e.mentions || []).length) }),
        ]))),
      ]));
    }
    return frag;
  }

  // ------------------------------------------------------------ input

  // With "said in a quote" on, the typed words are what must have been said.
  const setQuery = (c) => { c.q = el.q.value; c.article = ''; if (c.said) c.said = c.q.trim(); };

  const typed = debounce(() => {
    const url = withState(current, setQuery);
    navigate(url, { replace: typing, keepTyping: true });
    typing = true;
  }, TYPE_DEBOUNCE_MS);

  el.q.addEventListener('input', typed);
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    typed.cancel();
    navigate(withState(current, setQuery), { replace: typing });
    typing = false;
  });
  el.q.addEventListener('blur', () => { typing = false; });

  el.said.addEventListener('change', () => {
    navigate(withState(current, (c) => { c.said = el.said.checked ? c.q.trim() : ''; }));
  });

  el.sort.addEventListener('change', () => {
    navigate(withState(current, (c) => { c.sort = el.sort.value === (c.q.trim() ? 'relevance' : 'date') ? '' : el.sort.value; }));
  });

  el.filtersToggle.addEventListener('click', () => {
    const open = !document.body.classList.contains('filters-open');
    document.body.classList.toggle('filters-open', open);
    el.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  });

  // "/" focuses the search box from anywhere but a text field.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    el.q.focus();
    el.q.select();
  });

  route({ fresh: true });
})();
