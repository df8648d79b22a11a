// quipu's page: plain ES module, no dependencies. Views are chosen by the
// URL hash: #/ (timeline), #/map, #/discrepancies, #/documents,
// #/doc/ID?s=&e= (reader), #/compare/EVENT (sources side by side),
// #/entity/ID, #/search?q=.
// Offsets from the API are UTF-8 byte offsets; the page converts them to
// string indices per document (byteMap).

const $ = (s, r = document) => r.querySelector(s);
const main = $('#main');
const panel = $('#panel');
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const cache = new Map();

async function api(path) {
  if (cache.has(path)) return cache.get(path);
  const r = await fetch(path);
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || `HTTP ${r.status}`);
  cache.set(path, j);
  return j;
}

function qs(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  return p.toString();
}

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const [path, query] = h.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

// byte offset -> UTF-16 index, for one text
function byteMap(text) {
  const enc = new TextEncoder();
  const bytes = enc.encode(text).length;
  const map = new Uint32Array(bytes + 1);
  let b = 0, i = 0;
  for (const ch of text) {
    const n = enc.encode(ch).length;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    i += ch.length;
  }
  map[bytes] = text.length;
  return (off) => map[Math.min(Math.max(off, 0), bytes)];
}

const DAY = 86400000;
const dayOf = (iso) => (iso ? Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY : null);
const isoOf = (d) => new Date(d * DAY).toISOString().slice(0, 10);

function dateLabel(e) {
  const d = e.date;
  if (!d) return 'undated';
  let s = d.value;
  if (d.mod === 'APPROX' || d.mod === 'ABOUT') s += ' ~';
  else if (d.mod) s += ' ' + d.mod;
  if (d.inherited) s += ' (from context)';
  return s;
}

function summary(e) {
  let s = e.name ? `${e.type}: ${e.name}` : e.type;
  const places = [...new Set(e.places.map((p) => p.name))];
  if (places.length) s += ' at ' + places.join(', ');
  const who = e.participants.map((p) => p.name);
  if (who.length) s += '; ' + [...new Set(who)].join(', ');
  if (e.forces.length) s += '; ' + e.forces.map((f) => f.mention.text).join(', ');
  return s;
}

const TYPES = ['battle', 'movement', 'embarkation', 'capture', 'siege', 'mutiny', 'request', 'communication', 'appointment', 'outcome', 'casualties', 'treaty'];
const COLORS = ['#b03a2e', '#2e86c1', '#17a589', '#d68910', '#7d3c98', '#c0392b', '#2874a6', '#af601a', '#1e8449', '#6e2c00', '#5d6d7e', '#b7950b'];
const colorOf = (t) => COLORS[Math.max(0, TYPES.indexOf(t))];

function showPanel(html) {
  panel.innerHTML = `<button class="close" title="close">×</button>` + html;
  panel.hidden = false;
  document.body.classList.add('with-panel');
  $('.close', panel).onclick = () => { panel.hidden = true; document.body.classList.remove('with-panel'); };
}

let docsCache = null;
async function docs() {
  if (!docsCache) docsCache = (await api('/api/documents?limit=5000')).items;
  return docsCache;
}
const fileName = (p) => (p || '').split('/').pop();

// ---------------------------------------------------------------- event panel

function highlight(text, start, end, base) {
  const m = byteMap(text);
  const a = m(start - base), b = m(end - base);
  return esc(text.slice(0, a)) + `<mark class="k-trigger">${esc(text.slice(a, b))}</mark>` + esc(text.slice(b));
}

async function showEvent(id) {
  const { event: e, tellings } = await api(`/api/events/${encodeURIComponent(id)}`);
  const d = e.date;
  const docsOf = [...new Set(tellings.map((t) => t.doc))];
  let html = `<h2>${esc(e.name || e.type)}</h2>
    <p><span class="date">${esc(dateLabel(e))}</span>${d && d.earliest ? `<span class="hint">${d.earliest} – ${d.latest}</span>` : ''}</p>
    <p><span class="type">${esc(e.type)}</span> confidence ${e.confidence}</p>`;
  if (e.places.length) html += `<p>Where: ${e.places.map((p) => `<a href="#/entity/${p.entity}">${esc(p.name)}</a> <span class="hint">${p.role}</span>`).join(', ')}</p>`;
  if (e.participants.length) html += `<p>Who: ${e.participants.map((p) => `<a href="#/entity/${p.entity}">${esc(p.name)}</a> <span class="hint">${p.role}</span>`).join(', ')}</p>`;
  if (e.forces.length) html += `<p>Forces: ${e.forces.map((f) => esc(f.mention.text)).join(', ')}</p>`;
  if (docsOf.length > 1) html += `<p><a class="compare" href="#/compare/${e.id}">Sources side by side</a></p>`;
  html += `<h3>Told by ${docsOf.length} source${docsOf.length > 1 ? 's' : ''}</h3>`;
  for (const t of tellings) {
    html += `<div class="telling"><div class="cite">${esc(fileName(t.path))}:${t.sentence.start}-${t.sentence.end} (${esc(t.lang || '')})</div>
      <p>${highlight(t.sentence.text, t.start, t.end, t.sentence.start)}</p>
      <a class="open-reader" href="#/doc/${encodeURIComponent(t.doc)}?s=${t.sentence.start}&e=${t.sentence.end}&t=${t.start}">open in the reader</a></div>`;
  }
  showPanel(html);
}

// ---------------------------------------------------------------- timeline

async function viewTimeline(params) {
  const ds = await docs();
  const f = Object.fromEntries(['from', 'to', 'entity', 'place', 'source', 'lang', 'type'].map((k) => [k, params.get(k) || '']));
  main.innerHTML = `<form class="filters" id="tl-filters">
      <label>from <input name="from" size="10" placeholder="1821" value="${esc(f.from)}"></label>
      <label>to <input name="to" size="10" placeholder="1824-12" value="${esc(f.to)}"></label>
      <label>entity <input name="entity" size="14" value="${esc(f.entity)}"></label>
      <label>place <input name="place" size="12" value="${esc(f.place)}"></label>
      <label>source <select name="source"><option value="">all</option>${ds.map((d) => `<option value="${esc(d.id)}" ${d.id === f.source ? 'selected' : ''}>${esc(d.title || fileName(d.path))}</option>`).join('')}</select></label>
      <label>language <select name="lang"><option value="">all</option><option ${f.lang === 'en' ? 'selected' : ''}>en</option><option ${f.lang === 'es' ? 'selected' : ''}>es</option></select></label>
      <label>type <select name="type"><option value="">all</option>${TYPES.map((t) => `<option ${t === f.type ? 'selected' : ''}>${t}</option>`).join('')}</select></label>
      <button>filter</button></form>
    <div class="hint">Scroll to zoom, drag to pan. A date with a modifier or a coarse grain is drawn as the span it means; click an event for its sources.</div>
    <div id="tl"></div><div id="tl-error" class="hint"></div><div class="event-list" id="event-list"></div>`;
  $('#tl-filters').onsubmit = (ev) => {
    ev.preventDefault();
    const fd = Object.fromEntries(new FormData(ev.target).entries());
    location.hash = '#/?' + qs(fd);
  };
  let data;
  try {
    data = await api('/api/timeline?' + qs({ ...f, limit: 5000 }));
  } catch (err) {
    $('#tl-error').textContent = err.message;
    return;
  }
  const events = data.items.filter((e) => e.date && e.date.earliest);
  $('#event-list').innerHTML = `<p class="hint">${data.total} events${data.total > data.items.length ? ` (first ${data.items.length})` : ''}</p>` +
    events.map((e) => `<div class="event-row" data-id="${e.id}"><span class="date">${esc(dateLabel(e))}</span>${esc(summary(e))} <span class="hint">${new Set(e.mentions.map((m) => m.doc)).size} source(s)</span></div>`).join('');
  for (const row of main.querySelectorAll('.event-row')) row.onclick = () => selectEvent(row.dataset.id);
  drawTimeline(events);
}

let selectedEvent = null;
function selectEvent(id) {
  selectedEvent = id;
  for (const el of document.querySelectorAll('.tl-event')) el.classList.toggle('selected', el.dataset.id === id);
  showEvent(id);
}

function drawTimeline(events) {
  const host = $('#tl');
  if (!events.length) { host.innerHTML = '<p class="hint">No dated events.</p>'; return; }
  const W = host.clientWidth || 900;
  let lo = Math.min(...events.map((e) => dayOf(e.date.earliest)));
  let hi = Math.max(...events.map((e) => dayOf(e.date.latest) + 1));
  const pad = Math.max(15, (hi - lo) * 0.03);
  let d0 = lo - pad, d1 = hi + pad;
  const render = () => {
    const x = (d) => ((d - d0) / (d1 - d0)) * W;
    const lanes = [];
    const items = [...events].sort((a, b) => dayOf(a.date.earliest) - dayOf(b.date.earliest));
    const placed = items.map((e) => {
      const a = x(dayOf(e.date.earliest)), b = Math.max(x(dayOf(e.date.latest) + 1), a + 8);
      let lane = lanes.findIndex((end) => end + 4 < a);
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = b;
      return { e, a, b, lane };
    });
    const H = 40 + lanes.length * 14;
    let ticks = '';
    const span = d1 - d0;
    const years = span > 3 * 365;
    const start = new Date(d0 * DAY);
    let t = years ? Date.UTC(start.getUTCFullYear(), 0, 1) / DAY : Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) / DAY;
    const step = years ? Math.max(1, Math.round(span / 365 / 10)) : Math.max(1, Math.round(span / 30 / 10));
    for (let n = 0; t < d1 && n < 200; n++) {
      if (t >= d0) ticks += `<g class="axis"><line x1="${x(t)}" x2="${x(t)}" y1="0" y2="${H}"/><text x="${x(t) + 2}" y="${H - 4}">${years ? isoOf(t).slice(0, 4) : isoOf(t).slice(0, 7)}</text></g>`;
      const dt = new Date(t * DAY);
      t = years ? Date.UTC(dt.getUTCFullYear() + step, 0, 1) / DAY : Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + step, 1) / DAY;
    }
    const shapes = placed.map(({ e, a, b, lane }) => {
      const y = 12 + lane * 14;
      const point = dayOf(e.date.latest) - dayOf(e.date.earliest) < 1;
      const c = colorOf(e.type);
      const title = `<title>${esc(dateLabel(e) + ' — ' + summary(e))}</title>`;
      const shape = point ? `<circle cx="${a + 4}" cy="${y}" r="5" fill="${c}"/>` : `<rect x="${a}" y="${y - 5}" width="${b - a}" height="10" fill="${c}" stroke="${c}"/>`;
      return `<g class="tl-event${e.id === selectedEvent ? ' selected' : ''}" data-id="${e.id}">${title}${shape}</g>`;
    }).join('');
    host.innerHTML = `<svg id="tl-svg" viewBox="0 0 ${W} ${H}" height="${H}">${ticks}${shapes}</svg>`;
    for (const g of host.querySelectorAll('.tl-event')) g.onclick = () => selectEvent(g.dataset.id);
    const svg = $('#tl-svg');
    svg.onwheel = (ev) => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      const at = d0 + ((ev.clientX - r.left) / r.width) * (d1 - d0);
      const k = ev.deltaY > 0 ? 1.25 : 0.8;
      d0 = at - (at - d0) * k; d1 = at + (d1 - at) * k;
      if (d1 - d0 < 3) { d1 = d0 + 3; }
      render();
    };
    svg.onmousedown = (ev) => {
      const r = svg.getBoundingClientRect();
      const x0 = ev.clientX, a0 = d0, b0 = d1;
      const move = (m) => { const dd = ((m.clientX - x0) / r.width) * (b0 - a0); d0 = a0 - dd; d1 = b0 - dd; render(); };
      const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    };
  };
  render();
}

// ---------------------------------------------------------------- map

let world = null;
function decodeTopo(topo, obj) {
  const { scale, translate } = topo.transform;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * scale[0] + translate[0], y * scale[1] + translate[1]]; });
  });
  const ring = (idx) => idx.flatMap((i) => (i >= 0 ? arcs[i] : [...arcs[~i]].reverse()));
  return topo.objects[obj].geometries.map((g) => (g.type === 'Polygon' ? [g.arcs.map(ring)] : g.type === 'MultiPolygon' ? g.arcs.map((p) => p.map(ring)) : []));
}

async function viewMap(params) {
  main.innerHTML = `<form class="filters" id="route-form"><label>route of <input name="entity" size="18" placeholder="an army or a commander" value="${esc(params.get('entity') || '')}"></label><button>show</button></form><div id="map"></div><div id="map-note" class="hint"></div>`;
  $('#route-form').onsubmit = (ev) => { ev.preventDefault(); location.hash = '#/map?' + qs({ entity: new FormData(ev.target).get('entity') }); };
  if (!world) world = decodeTopo(await api('/world.json'), 'countries');
  const [places, tl] = await Promise.all([api('/api/entities?label=LOC&limit=5000'), api('/api/timeline?limit=5000')]);
  const located = places.items.filter((p) => p.geo);
  const evs = tl.items.filter((e) => e.places.some((p) => p.lat != null));
  let route = [];
  if (params.get('entity')) {
    const found = await api('/api/entities?' + qs({ q: params.get('entity'), limit: 1 }));
    if (found.items.length) {
      const ent = await api(`/api/entities/${found.items[0].id}`);
      route = ent.events.filter((e) => e.date && e.date.earliest && e.places.some((p) => p.lat != null))
        .map((e) => ({ e, p: e.places.find((p) => p.lat != null && p.role !== 'origin') || e.places.find((p) => p.lat != null) }))
        .sort((a, b) => dayOf(a.e.date.earliest) - dayOf(b.e.date.earliest));
      $('#map-note').textContent = `Route of ${ent.entity.name}: ${route.length} dated, located events.`;
    } else $('#map-note').textContent = 'No such entity.';
  }
  const pts = [...evs.flatMap((e) => e.places.filter((p) => p.lat != null).map((p) => [p.lon, p.lat])), ...route.map((r) => [r.p.lon, r.p.lat])];
  if (!pts.length) pts.push(...located.slice(0, 50).map((p) => [p.geo.lon, p.geo.lat]));
  let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  if (!isFinite(x0)) { x0 = -180; x1 = 180; y0 = -60; y1 = 80; }
  const padx = Math.max(3, (x1 - x0) * 0.2), pady = Math.max(3, (y1 - y0) * 0.2);
  x0 -= padx; x1 += padx; y0 -= pady; y1 += pady;
  const W = $('#map').clientWidth || 900;
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
  const H = Math.min(900, Math.max(300, W * ((y1 - y0) / ((x1 - x0) * k))));
  const px = (lon) => ((lon - x0) / (x1 - x0)) * W;
  const py = (lat) => ((y1 - lat) / (y1 - y0)) * H;
  // A ring that crosses the antimeridian is broken there, not drawn across the map.
  const path = (poly) => poly.map((r) => {
    let d = '', prev = null;
    for (const [lon, lat] of r) {
      d += (prev === null || Math.abs(lon - prev) > 180 ? 'M' : 'L') + `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`;
      prev = lon;
    }
    return d;
  }).join('');
  const countries = world.map((polys) => `<path class="country" d="${polys.map(path).join('')}"/>`).join('');
  const inView = (lon, lat) => lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
  const dots = located.filter((p) => inView(p.geo.lon, p.geo.lat)).map((p, i) =>
    `<circle class="place-dot" cx="${px(p.geo.lon)}" cy="${py(p.geo.lat)}" r="2.5"><title>${esc(p.name)}</title></circle>` +
    (i < 40 ? `<text class="map-label" x="${px(p.geo.lon) + 4}" y="${py(p.geo.lat) - 3}">${esc(p.name)}</text>` : '')).join('');
  const edots = evs.map((e) => {
    const p = e.places.find((p) => p.lat != null);
    return `<circle class="event-dot" data-id="${e.id}" cx="${px(p.lon)}" cy="${py(p.lat)}" r="5"><title>${esc(dateLabel(e) + ' — ' + summary(e))}</title></circle>`;
  }).join('');
  const line = route.length > 1 ? `<polyline class="route" points="${route.map((r) => `${px(r.p.lon)},${py(r.p.lat)}`).join(' ')}"/>` : '';
  const rlabels = route.map((r) => `<text class="route-label" x="${px(r.p.lon) + 5}" y="${py(r.p.lat) + 12}">${esc(r.e.date.value)}</text>`).join('');
  $('#map').innerHTML = `<svg viewBox="0 0 ${W} ${H}" height="${H}">${countries}${dots}${line}${edots}${rlabels}</svg>`;
  for (const c of main.querySelectorAll('.event-dot')) c.onclick = () => showEvent(c.dataset.id);
}

// ---------------------------------------------------------------- reader

function spansOf(doc) {
  // Annotations and event triggers as non-overlapping marks (longer first).
  const entityAt = new Map(doc.links.filter((l) => l.kind === 'entity').map((l) => [`${l.start}:${l.end}`, l]));
  const eventsAt = new Map();
  for (const l of doc.links.filter((l) => l.kind === 'event')) {
    const k = `${l.start}:${l.end}`;
    if (!eventsAt.has(k)) eventsAt.set(k, []);
    eventsAt.get(k).push(l);
  }
  const cands = doc.annotations.map((a) => ({ start: a.start, end: a.end, cls: a.kind === 'entity' ? 'k-' + a.label : 'k-' + a.kind, a, entity: entityAt.get(`${a.start}:${a.end}`), events: eventsAt.get(`${a.start}:${a.end}`) || [] }));
  for (const [k, ls] of eventsAt) {
    const [s, e] = k.split(':').map(Number);
    if (!cands.some((c) => c.start === s && c.end === e)) cands.push({ start: s, end: e, cls: 'k-trigger', events: ls });
  }
  cands.sort((x, y) => x.start - y.start || y.end - x.end);
  const out = [];
  let pos = -1;
  for (const c of cands) if (c.start >= pos) { out.push(c); pos = c.end; }
  return out;
}

async function viewDoc(id, params) {
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  const text = doc.text;
  const m = byteMap(text);
  const hs = params.get('s') ? +params.get('s') : null, he = params.get('e') ? +params.get('e') : null;
  const marks = spansOf(doc);
  const cuts = new Set([0, new TextEncoder().encode(text).length]);
  for (const s of marks) { cuts.add(s.start); cuts.add(s.end); }
  if (hs != null) { cuts.add(hs); cuts.add(he); }
  const bounds = [...cuts].sort((a, b) => a - b);
  let html = '', mi = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    while (mi < marks.length && marks[mi].end <= a) mi++;
    const mk = mi < marks.length && marks[mi].start <= a && b <= marks[mi].end ? marks[mi] : null;
    const hl = hs != null && a >= hs && b <= he ? ' sentence-hl' : '';
    const piece = esc(text.slice(m(a), m(b)));
    if (mk) html += `<mark class="${mk.cls}${hl}" data-m="${marks.indexOf(mk)}">${piece}</mark>`;
    else html += hl ? `<span class="${hl.trim()}">${piece}</span>` : piece;
  }
  const d = doc.document;
  main.innerHTML = `<h2>${esc(d.title || fileName(d.path))}</h2><p class="cite">${esc(d.path)} · ${esc(d.lang || '')} · ${d.bytes} bytes</p>
    <p class="legend"><span class="k" style="background:var(--per)">person</span><span style="background:var(--loc)">place</span><span style="background:var(--org)">organization</span><span style="background:var(--mil)">unit</span><span style="background:var(--ship)">ship</span><span style="background:var(--event)">named event</span><span style="background:var(--timex)">date</span><span style="background:var(--quantity)">number</span><span style="border-bottom:2px solid var(--accent)">event word</span></p>
    <div class="reader" id="reader">${html}</div>`;
  for (const el of main.querySelectorAll('#reader mark')) el.onclick = () => showMark(marks[+el.dataset.m], doc);
  const first = $('.sentence-hl', main);
  if (first) first.scrollIntoView({ block: 'center' });
}

async function showMark(mk, doc) {
  const a = mk.a || {};
  let html = `<h2>${esc(a.text || '')}</h2>`;
  if (a.kind === 'timex') html += `<p>date <span class="date">${esc(a.value)}</span>${a.mod ? ' ' + esc(a.mod) : ''}</p><p class="hint">${esc(a.earliest || '?')} – ${esc(a.latest || '?')}</p>`;
  if (a.kind === 'quantity') html += `<p>number: ${a.value ?? `${a.low}–${a.high}`} ${esc(a.unit || '')} <span class="hint">${esc(a.category || '')}${a.approx ? ', ' + esc(a.approx) : ''}</span></p>`;
  if (a.kind === 'entity') {
    html += `<p><span class="type">${esc(a.label)}</span> ${esc(a.canonical || '')}</p>`;
    if (a.geo) html += `<p class="hint">${a.geo.lat}, ${a.geo.lon} · ${esc(a.geo.id)}</p>`;
  }
  if (mk.entity) {
    const { entity: e, events } = await api(`/api/entities/${mk.entity.id}`);
    const srcs = new Set(e.mentions.map((x) => x.doc));
    html += `<p>Entity <a href="#/entity/${e.id}">${esc(e.name)}</a>: ${e.mentions.length} mentions in ${srcs.size} source(s)${e.aliases.length ? '; also ' + e.aliases.map(esc).join(', ') : ''}; ${events.length} events.</p>`;
  }
  for (const l of mk.events || []) {
    const { event: e, tellings } = await api(`/api/events/${l.id}`);
    const others = tellings.filter((t) => t.doc !== doc.document.id);
    html += `<div class="disc"><span class="date">${esc(dateLabel(e))}</span> ${esc(summary(e))}<br>`;
    html += others.length ? `Also told by: ${[...new Set(others.map((t) => fileName(t.path)))].map(esc).join(', ')} · <a href="#/compare/${e.id}">side by side</a>` : '<span class="hint">told by this source only</span>';
    html += '</div>';
  }
  showPanel(html);
}

// ---------------------------------------------------------------- side by side

function markSentence(text, base, items, linked) {
  const m = byteMap(text);
  const inside = items.filter((x) => x.start >= base && x.end <= base + new TextEncoder().encode(text).length).sort((a, b) => a.start - b.start || b.end - a.end);
  let html = '', pos = base;
  for (const x of inside) {
    if (x.start < pos) continue;
    html += esc(text.slice(m(pos - base), m(x.start - base)));
    const cls = x.kind === 'event' ? 'k-trigger' : 'k-' + x.label;
    const link = x.id && linked.has(x.id) ? ` linked" data-link="${linked.get(x.id)}` : '';
    html += `<mark class="${cls}${link}" title="${esc(x.id || '')}">${esc(text.slice(m(x.start - base), m(x.end - base)))}</mark>`;
    pos = x.end;
  }
  return html + esc(text.slice(m(pos - base)));
}

async function viewCompare(id) {
  const { event: e, tellings } = await api(`/api/events/${encodeURIComponent(id)}`);
  const byDoc = new Map();
  for (const t of tellings) if (!byDoc.has(t.doc)) byDoc.set(t.doc, t);
  let pair = [...byDoc.values()];
  const en = pair.find((t) => t.lang === 'en'), es = pair.find((t) => t.lang === 'es');
  if (en && es) pair = [en, es, ...pair.filter((t) => t !== en && t !== es)];
  pair = pair.slice(0, 2);
  if (pair.length < 2) { main.innerHTML = '<p>This event is told by one source only.</p>'; return; }
  const full = await Promise.all(pair.map((t) => api(`/api/documents/${encodeURIComponent(t.doc)}`)));
  const ids = full.map((d, i) => new Set(d.links.filter((l) => l.kind === 'entity' && l.start >= pair[i].sentence.start && l.end <= pair[i].sentence.end).map((l) => l.id)));
  const shared = [...ids[0]].filter((x) => ids[1].has(x));
  const linked = new Map(shared.map((x, i) => [x, i]));
  const cols = pair.map((t, i) => {
    const items = full[i].links;
    return `<section><h3>${esc(full[i].document.title || fileName(t.path))} <span class="hint">(${esc(t.lang || '')})</span></h3>
      <div class="cite">${esc(fileName(t.path))}:${t.sentence.start}-${t.sentence.end}</div>
      <p class="cmp-text">${markSentence(t.sentence.text, t.sentence.start, items, linked)}</p>
      <a href="#/doc/${encodeURIComponent(t.doc)}?s=${t.sentence.start}&e=${t.sentence.end}">open in the reader</a></section>`;
  }).join('');
  const names = await Promise.all(shared.map((x) => api(`/api/entities/${x}`)));
  const mentionIn = (i, x) => full[i].links.filter((l) => l.id === x && l.start >= pair[i].sentence.start && l.end <= pair[i].sentence.end).map((l) => {
    const b = new TextEncoder().encode(pair[i].sentence.text);
    return new TextDecoder().decode(b.slice(l.start - pair[i].sentence.start, l.end - pair[i].sentence.start));
  }).join(', ');
  const rows = shared.map((x, k) => `<tr><td>${esc(names[k].entity.name)}</td><td>${esc(mentionIn(0, x))}</td><td>${esc(mentionIn(1, x))}</td></tr>`).join('');
  main.innerHTML = `<h2>${esc(e.name || e.type)} <span class="date">${esc(dateLabel(e))}</span></h2><p>${esc(summary(e))}</p>
    <div class="cmp" id="compare">${cols}</div>
    <h3>Linked mentions</h3>${rows ? `<table id="aligned"><tr><th>entity</th><th>${esc(fileName(pair[0].path))}</th><th>${esc(fileName(pair[1].path))}</th></tr>${rows}</table>` : '<p class="hint">No entity is named in both sentences.</p>'}`;
}

// ---------------------------------------------------------------- lists

async function viewDiscrepancies() {
  const ds = (await api('/api/discrepancies?limit=5000')).items;
  const all = await docs();
  const path = new Map(all.map((d) => [d.id, d.path]));
  main.innerHTML = `<h2>Discrepancies (${ds.length})</h2>` + ds.map((d) => `<div class="disc"><span class="kind">${esc(d.kind)}</span>${esc(d.description)}
    <ul>${d.evidence.map((c) => `<li><a href="#/doc/${encodeURIComponent(c.doc)}?s=${c.start}&e=${c.end}">${esc(fileName(path.get(c.doc)))}:${c.start}-${c.end}</a> “${esc(c.text)}”</li>`).join('')}</ul></div>`).join('');
}

async function viewDocuments() {
  const ds = await docs();
  main.innerHTML = `<h2>Sources (${ds.length})</h2><table>${ds.map((d) => `<tr><td><a href="#/doc/${encodeURIComponent(d.id)}">${esc(d.title || fileName(d.path))}</a></td><td class="cite">${esc(d.path)}</td><td>${esc(d.lang || '')}</td><td>${d.bytes}</td></tr>`).join('')}</table>`;
}

async function viewEntity(id) {
  const { entity: e, events } = await api(`/api/entities/${encodeURIComponent(id)}`);
  const all = await docs();
  const path = new Map(all.map((d) => [d.id, d.path]));
  const per = new Map();
  for (const m of e.mentions) { if (!per.has(m.doc)) per.set(m.doc, []); per.get(m.doc).push(m); }
  main.innerHTML = `<h2>${esc(e.name)} <span class="type">${esc(e.label)}</span></h2>
    ${e.aliases.length ? `<p>Also: ${e.aliases.map(esc).join(', ')}</p>` : ''}${e.geo ? `<p class="hint">${e.geo.lat}, ${e.geo.lon} · ${esc(e.geo.id)}</p>` : ''}
    <h3>Mentions</h3><ul>${[...per].map(([doc, ms]) => `<li>${esc(fileName(path.get(doc)))}: ${ms.slice(0, 12).map((m) => `<a href="#/doc/${encodeURIComponent(doc)}?s=${m.start}&e=${m.end}">${esc(m.text)}</a>`).join(', ')}${ms.length > 12 ? ` … +${ms.length - 12}` : ''}</li>`).join('')}</ul>
    <h3>Events (${events.length})</h3><p><a href="#/map?entity=${encodeURIComponent(e.name)}">route on the map</a> · <a href="#/?entity=${encodeURIComponent(e.id)}">on the timeline</a></p>
    ${events.map((v) => `<div class="event-row" data-id="${v.id}"><span class="date">${esc(dateLabel(v))}</span>${esc(summary(v))}</div>`).join('')}`;
  for (const row of main.querySelectorAll('.event-row')) row.onclick = () => showEvent(row.dataset.id);
}

async function viewSearch(params) {
  const q = params.get('q') || '';
  $('#search').value = q;
  const r = await api('/api/search?' + qs({ q, limit: 50 }));
  const all = await docs();
  const path = new Map(all.map((d) => [d.id, d.path]));
  main.innerHTML = `<h2>Search: ${esc(q)}</h2>` + (r.items.length ? '' : '<p>Nothing found.</p>') + r.items.map((h) => h.kind === 'entity'
    ? `<div class="event-row"><span class="type">${esc(h.label)}</span><a href="#/entity/${h.id}">${esc(h.text)}</a></div>`
    : `<div class="event-row"><a class="cite" href="#/doc/${encodeURIComponent(h.doc)}?s=${h.start}&e=${h.end}">${esc(fileName(path.get(h.doc)))}:${h.start}-${h.end}</a> ${esc(h.text)}</div>`).join('');
}

// ---------------------------------------------------------------- routing

async function route() {
  const { parts, params } = parseHash();
  const view = parts[0] || 'timeline';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view || (view === 'timeline' && a.dataset.view === 'timeline'));
  try {
    if (view === 'timeline') await viewTimeline(params);
    else if (view === 'map') await viewMap(params);
    else if (view === 'discrepancies') await viewDiscrepancies();
    else if (view === 'documents') await viewDocuments();
    else if (view === 'doc') await viewDoc(decodeURIComponent(parts[1]), params);
    else if (view === 'compare') await viewCompare(decodeURIComponent(parts[1]));
    else if (view === 'entity') await viewEntity(decodeURIComponent(parts[1]));
    else if (view === 'search') await viewSearch(params);
    else main.innerHTML = '<p>Unknown page.</p>';
  } catch (err) {
    main.innerHTML = `<p class="hint">Error: ${esc(err.message)}</p>`;
  }
  document.body.dataset.ready = view;
}

$('#search-form').onsubmit = (ev) => { ev.preventDefault(); location.hash = '#/search?' + qs({ q: $('#search').value }); };
window.addEventListener('hashchange', route);
route();
