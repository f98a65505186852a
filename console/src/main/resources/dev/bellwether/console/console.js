// Bellwether analyst console. Every string from the server is put on the page as text
// (textContent, text nodes, attribute values); nothing here parses HTML.
'use strict';

(function () {
  const MAX_ITEMS = 500;
  const SILENCE_CHOICES = ['30m', '1h', '2h', '4h', '1d'];
  const model = { items: new Map(), alerts: new Map(), charts: new Map(), topics: [], sentiments: [], who: '' };
  const rows = new Map();
  const $ = (id) => document.getElementById(id);

  // --- DOM building: text only ---------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, String(value));
      else if (key === 'href') { const safe = safeHref(value); if (safe) node.setAttribute('href', safe); }
      else if (['title', 'type', 'value', 'hidden', 'disabled', 'selected'].includes(key)) node[key] = value;
      else throw new Error('el: unsupported property ' + key);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  /** Only http(s) links: a feed cannot smuggle a javascript: or data: URL into a link. */
  function safeHref(url) {
    try {
      const u = new URL(String(url), window.location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text, cls) {
    const href = safeHref(url);
    return href
      ? el('a', { class: cls, href: href, 'data-external': 'true' }, text)
      : el('span', { class: cls }, text);
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toISOString().slice(11, 19) + 'Z';
  }

  function fixed(x, digits) {
    return typeof x === 'number' && isFinite(x) ? x.toFixed(digits) : '–';
  }

  function signed(x) {
    return (x > 0 ? '+' : '') + fixed(x, 2);
  }

  // --- server ------------------------------------------------------------------------------

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Bellwether-Console': '1' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
    return data;
  }

  async function loadState() {
    const response = await fetch('/api/state', { credentials: 'same-origin' });
    if (!response.ok) {
      setConnection('error', response.status === 401 ? 'token refused: log in again' : 'error ' + response.status);
      return;
    }
    const state = await response.json();
    model.who = state.who;
    model.topics = state.topics;
    model.sentiments = state.sentiments;
    $('who').textContent = 'signed in as ' + state.who;
    $('logout').hidden = state.who === 'local';
    fillSelect($('filter-topic'), model.topics);
    fillSelect($('filter-sentiment'), model.sentiments);
    model.items.clear();
    rows.clear();
    $('items').replaceChildren();
    for (const item of state.items.slice().reverse()) upsertItem(item);
    model.alerts.clear();
    for (const card of state.alerts) model.alerts.set(card.alert.id, card);
    renderAlerts();
    model.charts.clear();
    for (const points of state.charts) {
      if (points.length) model.charts.set(points[0].topic, points);
    }
    renderCharts();
  }

  function connect() {
    const events = new EventSource('/api/events');
    events.addEventListener('open', () => {
      setConnection('live', 'live');
      loadState().catch((e) => setConnection('error', e.message));
    });
    events.addEventListener('error', () => setConnection('connecting', 'reconnecting…'));
    events.addEventListener('item', (e) => upsertItem(JSON.parse(e.data)));
    events.addEventListener('alert', (e) => {
      const card = JSON.parse(e.data);
      model.alerts.set(card.alert.id, card);
      renderAlerts();
    });
    events.addEventListener('window', (e) => addPoint(JSON.parse(e.data)));
  }

  function setConnection(state, text) {
    const node = $('connection');
    node.dataset.state = state;
    node.textContent = text;
  }

  function fillSelect(select, values) {
    const current = select.value;
    const first = select.firstElementChild;
    select.replaceChildren(first);
    for (const v of values) select.appendChild(el('option', { value: v }, v));
    select.value = values.includes(current) ? current : '';
  }

  // --- scored news -------------------------------------------------------------------------

  function upsertItem(item) {
    model.items.set(item.id, item);
    const row = itemRow(item);
    const old = rows.get(item.id);
    if (old) {
      old.replaceWith(row);
    } else {
      $('items').prepend(row);
    }
    rows.set(item.id, row);
    while (rows.size > MAX_ITEMS) {
      const oldest = rows.keys().next().value;
      rows.get(oldest).remove();
      rows.delete(oldest);
      model.items.delete(oldest);
    }
    row.hidden = !matches(item);
    updateCounts();
  }

  function itemRow(item) {
    const tags = el('div', { class: 'tags' },
      item.entities.map((e) => el('span', { class: 'entity', title: 'entity' }, e)),
      el('span', { class: 'topic', title: 'topic (confidence)' }, item.topic + ' ', el('small', {}, fixed(item.topic_confidence, 2))),
      el('span', { class: 'sentiment s-' + item.sentiment, title: 'sentiment, score P(positive) - P(negative)' },
        item.sentiment + ' ', el('small', {}, signed(item.score))),
      item.correction ? el('span', { class: 'corrected', title: 'an analyst corrected this item' },
        'corrected by ' + item.corrected_by + ': ' +
        [item.correction.topic, item.correction.sentiment].filter(Boolean).join(', ')) : null);
    const meta = el('div', { class: 'meta' },
      el('time', { title: item.published_at }, time(item.published_at)), ' · ',
      el('span', { class: 'source' }, item.source || 'unknown source'), ' · ',
      el('span', { class: 'model', title: 'model that scored it' }, item.model),
      item.story_size > 1 ? el('span', { class: 'story', title: 'copies of this story the console holds' }, ' · story ×' + item.story_size) : null,
      item.flags.length ? el('span', { class: 'flags' }, ' · ' + item.flags.join(', ')) : null);
    const form = correctionForm(item);
    const toggle = el('button', { class: 'correct-btn', type: 'button', title: 'correct topic or sentiment' }, 'Correct');
    toggle.addEventListener('click', () => { form.hidden = !form.hidden; });
    return el('li', { class: 'item', 'data-item-id': item.id, 'data-sentiment': item.sentiment },
      el('div', { class: 'item-main' }, link(item.url, item.title, 'headline'), meta, tags),
      el('div', { class: 'item-actions' }, toggle), form);
  }

  function correctionForm(item) {
    const topic = el('select', { class: 'correct-topic', 'aria-label': 'correct topic' },
      el('option', { value: '' }, 'topic: keep ' + item.topic),
      model.topics.filter((t) => t !== item.topic).map((t) => el('option', { value: t }, t)));
    const sentiment = el('select', { class: 'correct-sentiment', 'aria-label': 'correct sentiment' },
      el('option', { value: '' }, 'sentiment: keep ' + item.sentiment),
      model.sentiments.filter((s) => s !== item.sentiment).map((s) => el('option', { value: s }, s)));
    const status = el('span', { class: 'status', 'aria-live': 'polite' });
    const form = el('form', { class: 'correct-form', hidden: true }, topic, sentiment,
      el('button', { class: 'correct-save', type: 'submit' }, 'Save correction'), status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!topic.value && !sentiment.value) {
        status.textContent = 'choose a topic or a sentiment';
        return;
      }
      status.textContent = 'saving…';
      try {
        await post('/api/feedback/label', { item_id: item.id, topic: topic.value || null, sentiment: sentiment.value || null });
        status.textContent = 'saved';
      } catch (e) {
        status.textContent = 'not saved: ' + e.message;
      }
    });
    return form;
  }

  function matches(item) {
    const topic = $('filter-topic').value;
    const sentiment = $('filter-sentiment').value;
    const entity = $('filter-entity').value.trim().toUpperCase();
    return (!topic || item.topic === topic)
      && (!sentiment || item.sentiment === sentiment)
      && (!entity || item.entities.some((e) => e.includes(entity)));
  }

  function applyFilters() {
    for (const [id, row] of rows) row.hidden = !matches(model.items.get(id));
    updateCounts();
  }

  function updateCounts() {
    let shown = 0;
    for (const row of rows.values()) if (!row.hidden) shown++;
    $('item-count').textContent = shown === rows.size ? String(rows.size) : shown + ' of ' + rows.size;
    $('items-empty').hidden = rows.size > 0;
  }

  // --- alerts ------------------------------------------------------------------------------

  function renderAlerts() {
    const cards = [...model.alerts.values()].sort((a, b) => String(b.alert.updated_at).localeCompare(String(a.alert.updated_at)));
    $('alerts').replaceChildren(...cards.map(alertCard));
    const firing = cards.filter((c) => c.alert.status === 'firing').length;
    $('alert-count').textContent = cards.length ? firing + ' firing, ' + cards.length + ' in all' : '';
    $('alerts-empty').hidden = cards.length > 0;
  }

  function alertCard(card) {
    const a = card.alert;
    const numbers = el('dl', { class: 'numbers' },
      el('dt', {}, 'negative share'), el('dd', {}, fixed(a.negative_share, 2) + ' vs baseline ' + fixed(a.baseline_negative_share, 2) + ' (' + fixed(a.ratio, 1) + '×)'),
      el('dt', {}, 'z'), el('dd', {}, fixed(a.z_score, 1)),
      el('dt', {}, 'negative stories'), el('dd', {}, a.negative_stories + ' vs baseline ' + fixed(a.baseline_negative_stories, 1)),
      el('dt', {}, 'window'), el('dd', {}, time(a.window_start) + ' – ' + time(a.window_end)));
    const headlines = el('ol', { class: 'headlines' }, a.headlines.map((h) => el('li', {},
      link(h.url, h.title, 'headline'), ' ', el('small', {}, (h.source || '') + ' ' + signed(h.score)))));
    const marks = [];
    if (card.acknowledged_by) marks.push('acknowledged by ' + card.acknowledged_by);
    if (card.verdict) marks.push((card.verdict === 'useful' ? 'useful' : 'false alarm') + ' (' + card.verdict_by + ')');
    if (card.silenced_by) marks.push('scope silenced by ' + card.silenced_by);
    const status = el('span', { class: 'status', 'aria-live': 'polite' });
    const verdict = (value, label) => {
      const b = el('button', { type: 'button', class: 'verdict', 'data-verdict': value }, label);
      b.addEventListener('click', () => send(status, '/api/feedback/alert', { alert_id: a.id, verdict: value }));
      return b;
    };
    const duration = el('select', { class: 'silence-for', 'aria-label': 'silence for' },
      SILENCE_CHOICES.map((d) => el('option', { value: d, selected: d === '2h' }, d)));
    const silence = el('button', { type: 'button', class: 'silence-btn' }, 'Silence ' + a.scope);
    silence.addEventListener('click', () => send(status, '/api/silences', { alert_id: a.id, duration: duration.value }));
    return el('article', { class: 'alert-card sev-' + a.severity + ' st-' + a.status, 'data-alert-id': a.id, 'data-scope': a.scope },
      el('header', {}, el('span', { class: 'severity' }, a.severity), ' ', el('strong', { class: 'scope' }, a.scope), ' ',
        el('span', { class: 'alert-status' }, a.status), el('small', {}, ' rev ' + a.revision)),
      numbers, headlines,
      marks.length ? el('p', { class: 'marks' }, marks.join(' · ')) : null,
      el('div', { class: 'actions' }, verdict('useful', 'Useful'), verdict('false-alarm', 'False alarm'),
        verdict('acknowledged', 'Acknowledge'), duration, silence, status),
      el('p', { class: 'models' }, 'models: ' + a.models.join(', ')));
  }

  async function send(status, path, body) {
    status.textContent = 'saving…';
    try {
      const r = await post(path, body);
      status.textContent = r.silence_id ? 'silenced: ' + r.silence_id : 'saved';
    } catch (e) {
      status.textContent = 'not saved: ' + e.message;
    }
  }

  // --- sentiment charts --------------------------------------------------------------------

  function addPoint(point) {
    const points = (model.charts.get(point.topic) || []).filter((p) => p.window_end !== point.window_end);
    points.push(point);
    points.sort((a, b) => String(a.window_end).localeCompare(String(b.window_end)));
    while (points.length > 60) points.shift();
    model.charts.set(point.topic, points);
    renderCharts();
  }

  function renderCharts() {
    const topics = [...model.charts.keys()].sort();
    $('charts').replaceChildren(...topics.map((t) => chart(t, model.charts.get(t))));
    $('charts-empty').hidden = topics.length > 0;
  }

  function chart(topic, points) {
    const w = 180, h = 44, pad = 2;
    const box = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img', 'aria-label': 'mean sentiment of ' + topic });
    const y = (score) => pad + (1 - (score + 1) / 2) * (h - 2 * pad);
    box.appendChild(svg('line', { x1: 0, x2: w, y1: y(0), y2: y(0), class: 'zero' }));
    const step = points.length > 1 ? (w - 2 * pad) / (points.length - 1) : 0;
    const coords = points.map((p, i) => (pad + i * step).toFixed(1) + ',' + y(p.mean_score).toFixed(1));
    box.appendChild(svg('polyline', { points: coords.join(' '), class: 'line' }));
    const last = points[points.length - 1];
    const figure = el('figure', { class: 'chart', 'data-topic': topic, title: 'filter the stream by ' + topic },
      el('figcaption', {}, el('span', { class: 'chart-topic' }, topic), ' ',
        el('small', { class: last.mean_score < 0 ? 'neg' : 'pos' }, signed(last.mean_score) + ' · ' + fixed(last.negative_share * 100, 0) + '% neg')));
    figure.appendChild(box);
    figure.addEventListener('click', () => {
      $('filter-topic').value = $('filter-topic').value === topic ? '' : topic;
      applyFilters();
    });
    return figure;
  }

  // --- start -------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    for (const id of ['filter-topic', 'filter-sentiment']) $(id).addEventListener('change', applyFilters);
    $('filter-entity').addEventListener('input', applyFilters);
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    connect();
  });
})();
