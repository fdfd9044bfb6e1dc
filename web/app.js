// The kubetrail timeline viewer: pods at a time cursor, swimlanes of many pods over a window,
// and one pod's whole story. Plain ES module over the JSON API; no build step, no network.

const ROW_H = 20;
const AXIS_H = 36;
const LABEL_W = 250;
const HOUR = 3_600_000;
/** Kubernetes deletes Events one hour after their last occurrence (kube-apiserver --event-ttl). */
const EVENT_TTL = HOUR;
const MAX_LANE_PAGES = 10;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- helpers

/** A DOM element; strings become text nodes, so recorded messages are never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** RFC3339 in UTC, milliseconds only when there are some. */
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const clock = (ms, withSeconds) => iso(ms).slice(11, withSeconds ? 19 : 16);

/** Epoch ms of RFC3339 text, or null. */
function parseInstant(text) {
  const value = Date.parse(text.trim());
  return Number.isNaN(value) ? null : value;
}

/** kubectl's AGE: apimachinery's duration.HumanDuration. */
function humanDuration(ms) {
  if (!Number.isFinite(ms)) return '<invalid>';
  const trunc = (n) => Math.trunc(n) || 0;
  const seconds = trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = trunc(ms / 60_000);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  const years = trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

/** A readable length of time for tooltips (not kubectl's format). */
function span(ms) {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  return humanDuration(ms);
}

/** The colour class of a STATUS (or phase, or container state) value. */
function statusClass(status) {
  const s = String(status ?? '');
  if (s === 'Running' || s === 'running' || s === 'True') return 'running';
  if (s === 'Completed' || s === 'Succeeded') return 'completed';
  if (s === 'CrashLoopBackOff') return 'crashloop';
  if (s === 'Terminating' || s === 'deleted') return 'terminating';
  if (/BackOff|ErrImage|InvalidImageName|CreateContainer/.test(s)) return 'imagepull';
  if (/OOMKilled|Error|Failed|ExitCode|Signal|Evicted|NodeLost|ContainerStatusUnknown|Unknown/.test(s))
    return 'error';
  if (s === 'terminated' || s === 'False') return 'terminated';
  if (/Pending|ContainerCreating|PodInitializing|Init:|waiting|SchedulingGated/.test(s)) return 'pending';
  return 'other';
}

const colours = {
  running: '#2e9d52',
  completed: '#7b8fa6',
  crashloop: '#d7263d',
  terminating: '#8e5bd1',
  imagepull: '#f08a24',
  error: '#a3122a',
  terminated: '#5a6270',
  pending: '#e8b923',
  other: '#9aa4b1',
};
const colourOf = (status) => colours[statusClass(status)];

const sourceTag = (source) =>
  source
    ? h(
        'span',
        {
          class: `src src-${source}`,
          title:
            source === 'object'
              ? "from the object's own timestamps"
              : 'observed: when the recorder saw the change (collector clock)',
        },
        source === 'object' ? 'obj' : 'obs',
      )
    : null;

// ---------------------------------------------------------------- state

const state = {
  clusters: [],
  cluster: '',
  namespace: '',
  first: 0,
  last: 0,
  at: 0,
  from: 0,
  to: 0,
  lanes: [],
  gaps: [],
  truncated: false,
  created: new Map(),
  selected: null,
  markers: [],
  hover: null,
};

let podsAbort = null;
let lanesAbort = null;
let podsTimer = 0;
let drawQueued = false;

async function api(path, params = {}, signal) {
  const url = new URL(path, location.href);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const res = await fetch(url, { signal });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

function setStatus(text, isError = false) {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function writeHash() {
  const params = new URLSearchParams();
  params.set('at', iso(state.at));
  params.set('from', iso(state.from));
  params.set('to', iso(state.to));
  if (state.cluster) params.set('cluster', state.cluster);
  if (state.namespace) params.set('namespace', state.namespace);
  if (state.selected) params.set('pod', state.selected);
  history.replaceState(null, '', `#${params}`);
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const time = (key) => {
    const value = params.get(key);
    return value === null ? null : parseInstant(value);
  };
  return {
    at: time('at'),
    from: time('from'),
    to: time('to'),
    cluster: params.get('cluster'),
    namespace: params.get('namespace'),
    pod: params.get('pod'),
  };
}

// ---------------------------------------------------------------- cursor and pods table

function setCursor(at, { fetchPods = true } = {}) {
  state.at = Math.round(at);
  $('at').value = iso(state.at);
  $('slider').value = String(Math.round((state.at - state.first) / 1000));
  $('table-at').textContent = iso(state.at);
  queueDraw();
  writeHash();
  if (fetchPods) {
    clearTimeout(podsTimer);
    podsTimer = setTimeout(loadPods, 120);
  }
}

async function loadPods() {
  podsAbort?.abort();
  const controller = new AbortController();
  podsAbort = controller;
  const at = state.at;
  try {
    const body = await api(
      '/api/v1/pods',
      { at: iso(at), cluster: state.cluster, namespace: state.namespace },
      controller.signal,
    );
    // AGE needs creationTimestamp, which the pods list leaves out: the lanes carry it, and a
    // zero-width timelines read at the cursor fills in pods outside the swimlane window.
    const missing = body.items.some((p) => !state.created.has(p.uid));
    if (missing) {
      const lanes = await api(
        '/api/v1/timelines',
        { from: iso(at), to: iso(at), cluster: state.cluster, namespace: state.namespace },
        controller.signal,
      );
      for (const lane of lanes.items) state.created.set(lane.uid, lane.createdAt);
    }
    if (controller.signal.aborted) return;
    renderPods(body.items, at);
    setStatus('');
  } catch (error) {
    if (error.name !== 'AbortError') setStatus(`pods: ${error.message}`, true);
  }
}

/** Rows drawn above and below those in view: the table holds a cluster's pods, but shows ~20. */
const TABLE_BUFFER = 30;
/** The pods table's rows as last fetched, drawn a window at a time (renderPodRows). */
const table = { items: [], at: 0, rowHeight: 0 };

function renderPods(items, at) {
  const allNamespaces = !state.namespace;
  $('pods').classList.toggle('all-ns', allNamespaces);
  table.items = items;
  table.at = at;
  // Columns sized for every row, not just those drawn, so they keep their width as rows scroll
  // in (the table's font is monospace: a character is 1ch).
  const widths = [
    ['NAMESPACE', (p) => p.namespace],
    ['NAME', (p) => p.name],
    ['READY', (p) => p.ready],
    ['STATUS', (p) => p.status],
    ['RESTARTS', (p) => p.restartsText],
    ['AGE', () => '<unknown>'],
    ['NODE', (p) => p.node ?? '<none>'],
  ]
    .filter(([title]) => allNamespaces || title !== 'NAMESPACE')
    // STATUS is drawn as a pill, a character wider on each side.
    .map(
      ([title, text]) =>
        items.reduce((w, p) => Math.max(w, String(text(p)).length), title.length) +
        (title === 'STATUS' ? 2 : 0),
    );
  $('pods-cols').replaceChildren(...widths.map((w) => h('col', { style: `width: calc(${w}ch + 18px)` })));
  // A fixed layout takes the columns' widths instead of measuring every cell.
  $('pods').style.width = `calc(${widths.reduce((a, b) => a + b, 0)}ch + ${widths.length * 18}px)`;
  // The instant these rows are of (the cursor may already be elsewhere while a fetch is pending).
  $('pods').dataset.at = iso(at);
  $('pods').dataset.rows = String(items.length);
  $('table-count').textContent = `${items.length} pod${items.length === 1 ? '' : 's'}`;
  renderPodRows();
  const namespaces = new Set([...state.lanes.map((l) => l.namespace), ...items.map((p) => p.namespace)]);
  $('namespaces').replaceChildren(...[...namespaces].sort().map((ns) => h('option', { value: ns })));
}

function podRow(pod) {
  const created = state.created.get(pod.uid);
  return h(
    'tr',
    {
      dataset: { uid: pod.uid },
      class: pod.uid === state.selected ? 'selected' : undefined,
      onclick: () => openDetail(pod.uid),
      title: 'open this pod',
    },
    h('td', { class: 'ns-col' }, pod.namespace),
    h('td', { class: 'name' }, pod.name),
    h('td', {}, pod.ready),
    h('td', {}, h('span', { class: `pill st-${statusClass(pod.status)}` }, pod.status)),
    h('td', { class: 'restarts' }, pod.restartsText),
    h('td', {}, created === undefined || created === null ? '<unknown>' : humanDuration(table.at - created)),
    h('td', {}, pod.node ?? '<none>'),
  );
}

/**
 * The rows in view and a few on either side, between two spacer rows as tall as those left out:
 * laying out a row for each of a large cluster's 10,000 pods took the browser over a second at
 * every move of the cursor.
 */
function renderPodRows() {
  const body = $('pods').tBodies[0];
  const { items } = table;
  if (items.length === 0) {
    body.replaceChildren(
      h('tr', {}, h('td', { colspan: 7, class: 'muted' }, `No resources found at ${iso(table.at)}.`)),
    );
    return;
  }
  const wrap = $('pods-wrap');
  const rowHeight = table.rowHeight || 20;
  const head = $('pods').tHead?.offsetHeight ?? 0;
  const from = Math.max(0, Math.floor((wrap.scrollTop - head) / rowHeight) - TABLE_BUFFER);
  const to = Math.min(items.length, from + Math.ceil(wrap.clientHeight / rowHeight) + 2 * TABLE_BUFFER);
  const spacer = (rows) =>
    rows > 0 ? h('tr', { class: 'spacer', style: `height: ${rows * rowHeight}px` }) : null;
  body.replaceChildren(
    ...[spacer(from), ...items.slice(from, to).map(podRow), spacer(items.length - to)].filter(Boolean),
  );
  body.dataset.from = String(from);
  body.dataset.to = String(to);
  // Spacers are sized by the rows' real height, measured once rows exist.
  const drawn = body.querySelector('tr[data-uid]');
  if (!table.rowHeight && drawn && drawn.offsetHeight > 0) {
    table.rowHeight = drawn.offsetHeight;
    renderPodRows();
  }
}

// ---------------------------------------------------------------- swimlanes

async function loadLanes() {
  lanesAbort?.abort();
  const controller = new AbortController();
  lanesAbort = controller;
  $('from').value = iso(state.from);
  $('to').value = iso(state.to);
  setStatus('loading timelines…');
  try {
    const lanes = [];
    let gaps = [];
    let cursor;
    let pages = 0;
    do {
      const body = await api(
        '/api/v1/timelines',
        {
          from: iso(state.from),
          to: iso(state.to),
          cluster: state.cluster,
          namespace: state.namespace,
          cursor,
        },
        controller.signal,
      );
      lanes.push(...body.items);
      gaps = body.gaps;
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < MAX_LANE_PAGES);
    if (controller.signal.aborted) return;
    state.lanes = lanes;
    state.gaps = gaps;
    state.truncated = Boolean(cursor);
    for (const lane of lanes) state.created.set(lane.uid, lane.createdAt);
    $('lane-count').textContent =
      `${lanes.length} pod${lanes.length === 1 ? '' : 's'}${state.truncated ? ' (more not shown: filter by namespace)' : ''}`;
    layoutLanes();
    setStatus('');
  } catch (error) {
    if (error.name !== 'AbortError') setStatus(`timelines: ${error.message}`, true);
  }
}

function layoutLanes() {
  const scroll = $('lane-scroll');
  const canvas = $('lanes-canvas');
  const width = scroll.clientWidth;
  const height = scroll.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.floor(width * ratio));
  canvas.height = Math.max(1, Math.floor(height * ratio));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const total = AXIS_H + state.lanes.length * ROW_H + 4;
  $('lane-spacer').style.height = `${Math.max(0, total - height)}px`;
  queueDraw();
}

function queueDraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    drawLanes();
  });
}

const plotWidth = () => $('lane-scroll').clientWidth - LABEL_W - 10;
const xOf = (t) => LABEL_W + ((t - state.from) / (state.to - state.from)) * plotWidth();
const timeAt = (x) => state.from + ((x - LABEL_W) / plotWidth()) * (state.to - state.from);

const tickSteps = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400].map((s) => s * 1000);

let hatch = null;
function hatchPattern(ctx) {
  if (hatch) return hatch;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const t = tile.getContext('2d');
  t.strokeStyle = 'rgba(90, 98, 112, 0.55)';
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.moveTo(-2, 2);
  t.lineTo(2, -2);
  t.moveTo(6, 10);
  t.lineTo(10, 6);
  t.stroke();
  hatch = ctx.createPattern(tile, 'repeat');
  return hatch;
}

function drawLanes() {
  const canvas = $('lanes-canvas');
  const scroll = $('lane-scroll');
  const ctx = canvas.getContext('2d');
  const ratio = window.devicePixelRatio || 1;
  const width = scroll.clientWidth;
  const height = scroll.clientHeight;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
  ctx.textBaseline = 'middle';
  const top = scroll.scrollTop;
  const first = Math.max(0, Math.floor(top / ROW_H));
  const visible = Math.ceil((height - AXIS_H) / ROW_H) + 1;
  const lanes = state.lanes.slice(first, first + visible);
  const right = LABEL_W + plotWidth();
  const clampX = (x) => Math.min(right, Math.max(LABEL_W, x));
  state.markers = [];

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_H, width, height - AXIS_H);
  ctx.clip();
  lanes.forEach((lane, i) => {
    const index = first + i;
    const y = AXIS_H + index * ROW_H - top;
    if (index % 2 === 1) {
      ctx.fillStyle = '#f4f6f8';
      ctx.fillRect(0, y, width, ROW_H);
    }
    if (lane.uid === state.selected) {
      ctx.fillStyle = '#dbe9ff';
      ctx.fillRect(0, y, width, ROW_H);
    }
    // CrashLoopBackOff episodes: a band behind the spans, so it shows above and below them.
    for (const [startedAt, endedAt] of lane.crashLoops) {
      const x0 = clampX(xOf(startedAt));
      const x1 = clampX(xOf(endedAt ?? state.to));
      ctx.fillStyle = 'rgba(215, 38, 61, 0.16)';
      ctx.fillRect(x0, y + 1, Math.max(1, x1 - x0), ROW_H - 2);
      ctx.fillStyle = 'rgba(215, 38, 61, 0.8)';
      ctx.fillRect(x0, y + ROW_H - 3, Math.max(1, x1 - x0), 2);
    }
    for (const [from, to, status] of lane.spans) {
      const x0 = clampX(xOf(from));
      const x1 = clampX(xOf(to));
      ctx.fillStyle = colourOf(status);
      ctx.fillRect(x0, y + 5, Math.max(1, x1 - x0), ROW_H - 10);
    }
    for (const restart of lane.restarts) {
      const x = xOf(restart[0]);
      if (x < LABEL_W || x > right) continue;
      ctx.fillStyle = '#111';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x - 4, y + 1);
      ctx.lineTo(x + 4, y + 1);
      ctx.lineTo(x, y + 8);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.fillRect(x - 0.5, y + 8, 1, ROW_H - 10);
      state.markers.push({ x, y: y + 4, lane, restart });
    }
    ctx.fillStyle = lane.deletedAt !== null && lane.deletedAt <= state.at ? '#8a94a3' : '#1d2733';
    const label = state.namespace ? lane.name : `${lane.namespace}/${lane.name}`;
    ctx.fillText(fit(ctx, label, LABEL_W - 12), 6, y + ROW_H / 2);
  });
  // Where the recorder was blind: hatched across every lane.
  for (const gap of state.gaps) {
    const x0 = clampX(xOf(gap.from));
    const x1 = clampX(xOf(gap.to));
    if (x1 <= x0) continue;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.fillRect(x0, AXIS_H, x1 - x0, height - AXIS_H);
    ctx.fillStyle = hatchPattern(ctx);
    ctx.fillRect(x0, AXIS_H, x1 - x0, height - AXIS_H);
  }
  ctx.restore();

  drawAxis(ctx, width, right);
  for (const gap of state.gaps) {
    const x0 = clampX(xOf(gap.from));
    const x1 = clampX(xOf(gap.to));
    if (x1 - x0 < 30) continue;
    ctx.fillStyle = '#5a6270';
    ctx.fillText('no data', x0 + 4, AXIS_H - 22);
  }
  // The cursor line.
  const cx = xOf(state.at);
  if (cx >= LABEL_W && cx <= right) {
    ctx.fillStyle = '#1f5fd6';
    ctx.fillRect(cx - 1, AXIS_H - 6, 2, height - AXIS_H + 6);
    const text = clock(state.at, true);
    const w = ctx.measureText(text).width + 8;
    ctx.fillRect(Math.min(right - w, Math.max(LABEL_W, cx - w / 2)), 2, w, 16);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, Math.min(right - w, Math.max(LABEL_W, cx - w / 2)) + 4, 10);
  }
  canvas.dataset.lanes = String(state.lanes.length);
  canvas.dataset.visibleLanes = String(lanes.length);
  canvas.dataset.restartMarkers = String(state.markers.length);
}

function fit(ctx, text, width) {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text.length;
  while (cut > 1 && ctx.measureText(`…${text.slice(text.length - cut)}`).width > width) cut--;
  return `…${text.slice(text.length - cut)}`;
}

function drawAxis(ctx, width, right) {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, AXIS_H);
  ctx.fillStyle = '#e3e7ec';
  ctx.fillRect(0, AXIS_H - 1, width, 1);
  const range = state.to - state.from;
  const step = tickSteps.find((s) => (s / range) * plotWidth() >= 90) ?? tickSteps[tickSteps.length - 1];
  const withSeconds = step < 60_000;
  ctx.fillStyle = '#5a6270';
  ctx.fillText('UTC', 6, AXIS_H - 9);
  for (let t = Math.ceil(state.from / step) * step; t <= state.to; t += step) {
    const x = xOf(t);
    ctx.fillStyle = '#c9d0d8';
    ctx.fillRect(x, AXIS_H - 6, 1, 6);
    ctx.fillStyle = '#5a6270';
    const label = step >= 86_400_000 || t % 86_400_000 === 0 ? iso(t).slice(0, 10) : clock(t, withSeconds);
    if (x + 30 < right) ctx.fillText(label, x + 3, AXIS_H - 9);
  }
}

function laneAt(y) {
  if (y < AXIS_H) return null;
  const index = Math.floor((y - AXIS_H + $('lane-scroll').scrollTop) / ROW_H);
  return state.lanes[index] ?? null;
}

function tooltipFor(x, y) {
  const marker = state.markers.find((m) => Math.abs(m.x - x) <= 5 && y >= m.y - 5 && y <= m.y + 12);
  if (marker) {
    const [at, container, exitCode, reason, signal, inferred] = marker.restart;
    return [
      h('b', {}, `restart of ${container}`),
      ` at ${iso(at)}`,
      h('br'),
      `exit code ${exitCode ?? '?'}${signal !== null ? `, signal ${signal}` : ''}, reason ${reason ?? '?'}`,
      inferred ? [h('br'), 'inferred from a jump in restartCount'] : null,
      h('br'),
      h('span', { class: 'muted' }, `${marker.lane.namespace}/${marker.lane.name}`),
    ];
  }
  if (x < LABEL_W) return null;
  const t = timeAt(x);
  const gap = state.gaps.find((g) => g.from <= t && t <= g.to);
  if (gap && y >= AXIS_H)
    return [
      h('b', {}, 'no data'),
      ` ${iso(gap.from)} – ${iso(gap.to)}`,
      h('br'),
      `the recorder was blind${gap.reason ? `: ${gap.reason}` : ''}`,
    ];
  const lane = laneAt(y);
  if (!lane) return y < AXIS_H ? ['click to move the cursor to ', h('b', {}, iso(Math.round(t)))] : null;
  const spanAt = lane.spans.find(([from, to]) => from <= t && t < to);
  const loop = lane.crashLoops.find(([from, to]) => from <= t && t <= (to ?? state.to));
  return [
    h('b', {}, `${lane.namespace}/${lane.name}`),
    h('br'),
    spanAt
      ? `${spanAt[2]} ${iso(spanAt[0])} – ${iso(spanAt[1])} (${span(spanAt[1] - spanAt[0])})`
      : 'no status here',
    loop
      ? [h('br'), `CrashLoopBackOff episode of ${loop[2]} since ${iso(loop[0])}, ${loop[3]} restarts`]
      : null,
  ];
}

function wireLanes() {
  const canvas = $('lanes-canvas');
  const tooltip = $('tooltip');
  let dragging = false;
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  canvas.addEventListener('mousedown', (event) => {
    const { x, y } = point(event);
    if (y < AXIS_H && x >= LABEL_W) {
      dragging = true;
      setCursor(timeAt(x));
    }
  });
  window.addEventListener('mouseup', () => {
    dragging = false;
  });
  canvas.addEventListener('mousemove', (event) => {
    const { x, y } = point(event);
    if (dragging) setCursor(Math.min(state.to, Math.max(state.from, timeAt(x))));
    const content = tooltipFor(x, y);
    if (!content) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...[content].flat(2).filter((c) => c !== null));
    tooltip.hidden = false;
    const left = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${event.clientY + 16}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    tooltip.hidden = true;
  });
  canvas.addEventListener('click', (event) => {
    const { y } = point(event);
    const lane = laneAt(y);
    if (lane) openDetail(lane.uid);
  });
  $('lane-scroll').addEventListener('scroll', queueDraw, { passive: true });
  let rowsQueued = false;
  $('pods-wrap').addEventListener(
    'scroll',
    () => {
      if (rowsQueued) return;
      rowsQueued = true;
      requestAnimationFrame(() => {
        rowsQueued = false;
        renderPodRows();
      });
    },
    { passive: true },
  );
  new ResizeObserver(layoutLanes).observe($('lane-scroll'));
}

function setWindow(from, to) {
  if (!(to > from)) return;
  state.from = Math.round(from);
  state.to = Math.round(to);
  writeHash();
  loadLanes();
}

// ---------------------------------------------------------------- pod detail

async function openDetail(uid) {
  state.selected = uid;
  writeHash();
  queueDraw();
  for (const row of $('pods').tBodies[0].rows) row.classList.toggle('selected', row.dataset.uid === uid);
  const panel = $('detail');
  panel.hidden = false;
  $('detail-body').replaceChildren(h('p', { class: 'muted' }, 'loading…'));
  try {
    const [pod, timeline] = await Promise.all([
      api(`/api/v1/pods/${encodeURIComponent(uid)}`),
      api(`/api/v1/pods/${encodeURIComponent(uid)}/timeline`),
    ]);
    if (state.selected !== uid) return;
    $('detail-body').replaceChildren(...renderDetail(pod, timeline).flat(2).filter(Boolean));
  } catch (error) {
    $('detail-body').replaceChildren(h('p', { class: 'error' }, error.message));
  }
}

function closeDetail() {
  state.selected = null;
  $('detail').hidden = true;
  for (const row of $('pods').tBodies[0].rows) row.classList.remove('selected');
  writeHash();
  queueDraw();
}

const timeCell = (value, source) =>
  h(
    'td',
    { class: 'time' },
    value ? value.replace('.000Z', 'Z') : '—',
    ' ',
    value ? sourceTag(source) : null,
  );

function renderDetail(pod, timeline) {
  const ms = (text) => (text ? Date.parse(text) : null);
  const start = ms(pod.createdAt) ?? ms(pod.firstSeenAt);
  const end = ms(pod.deletedAt) ?? Math.max(state.last, ms(pod.lastSeenAt));
  const tracks = [
    ['phase', timeline.phases],
    ['STATUS', timeline.statuses],
    ...Object.entries(timeline.conditions).map(([name, spans]) => [name, spans]),
    ...Object.entries(timeline.containers).map(([name, spans]) => [`container ${name}`, spans]),
    ['deletion', timeline.deletion],
  ].filter(([, spans]) => spans.length > 0);
  const owners = pod.owners.length
    ? pod.owners.map((o) =>
        h(
          'span',
          { class: 'owner', title: o.uid },
          ' ← ',
          `${o.kind ?? '?'} ${o.name ?? o.uid}`,
          o.recorded ? null : h('span', { class: 'muted' }, ' (not recorded)'),
          o.deletedAt ? h('span', { class: 'muted' }, ` (deleted ${o.deletedAt})`) : null,
        ),
      )
    : [h('span', { class: 'muted' }, ' (no owner)')];
  const identity = [
    ['namespace', pod.namespace],
    ['cluster', pod.cluster],
    ['uid', pod.uid],
    ['node', pod.node ?? '<none>'],
    ['created', pod.createdAt, 'object'],
    ['first seen', pod.firstSeenAt, 'observed'],
    ['last seen', pod.lastSeenAt, 'observed'],
    ['deletion requested', pod.deletionRequestedAt, 'object'],
    ['deleted', pod.deletedAt, 'observed', pod.deletedInferred ? ' (inferred: missing from a relist)' : ''],
    ['restarts', String(pod.restartCount)],
    ['predecessor', pod.predecessorUid],
    ['successor', pod.successorUid],
  ].filter(([, value]) => value !== null && value !== undefined);
  return [
    h(
      'h2',
      {},
      pod.name,
      ' ',
      pod.columns
        ? h('span', { class: `pill st-${statusClass(pod.columns.status)}` }, pod.columns.status)
        : null,
    ),
    h('p', { class: 'owners' }, h('b', {}, 'Pod'), ...owners),
    h(
      'table',
      { class: 'kv' },
      identity.map(([key, value, source, note]) =>
        h(
          'tr',
          {},
          h('th', {}, key),
          h(
            'td',
            {},
            source ? value.replace('.000Z', 'Z') : value,
            source ? [' ', sourceTag(source)] : null,
            note ?? '',
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted legend-src' },
      sourceTag('object'),
      " time from the pod's own timestamps; ",
      sourceTag('observed'),
      ' when the recorder observed it.',
    ),
    h('h3', {}, 'Timelines'),
    renderTrackChart(tracks, start, end),
    ...tracks.map(([name, spans]) =>
      h(
        'details',
        {},
        h('summary', {}, `${name} (${spans.length})`),
        h(
          'table',
          { class: 'grid' },
          h(
            'tr',
            {},
            ['value', 'from', 'to', 'for', 'reason / message'].map((t) => h('th', {}, t)),
          ),
          spans.map((s) =>
            h(
              'tr',
              {},
              h('td', {}, h('span', { class: `pill st-${statusClass(trackValue(s))}` }, s.value)),
              timeCell(s.from, s.fromSource),
              timeCell(s.to, s.toSource),
              h('td', {}, s.to ? span(Date.parse(s.to) - Date.parse(s.from)) : 'ongoing'),
              h(
                'td',
                { class: 'msg' },
                [s.reason, s.message, detailText(s.detail)].filter(Boolean).join(' — '),
              ),
            ),
          ),
        ),
      ),
    ),
    h('h3', {}, `Restarts (${timeline.restarts.length})`),
    timeline.restarts.length === 0
      ? h('p', { class: 'muted' }, 'none recorded')
      : h(
          'table',
          { class: 'grid', id: 'detail-restarts' },
          h(
            'tr',
            {},
            ['at', 'container', 'exit code', 'reason', 'signal', 'count', ''].map((t) => h('th', {}, t)),
          ),
          timeline.restarts.map((r) =>
            h(
              'tr',
              {},
              timeCell(r.at, r.atSource),
              h(
                'td',
                {},
                r.container,
                r.containerKind !== 'app' ? h('span', { class: 'muted' }, ` (${r.containerKind})`) : null,
              ),
              h('td', {}, r.exitCode ?? '—'),
              h('td', {}, r.reason ?? '—'),
              h('td', {}, r.signal ?? '—'),
              h('td', {}, r.restartCount),
              h('td', { class: 'muted' }, r.inferred ? 'inferred from restartCount' : ''),
            ),
          ),
        ),
    timeline.crashLoops.length === 0
      ? null
      : [
          h('h3', {}, `CrashLoopBackOff episodes (${timeline.crashLoops.length})`),
          h(
            'table',
            { class: 'grid' },
            h(
              'tr',
              {},
              ['container', 'from', 'to', 'restarts', 'last message'].map((t) => h('th', {}, t)),
            ),
            timeline.crashLoops.map((e) =>
              h(
                'tr',
                {},
                h('td', {}, e.container),
                timeCell(e.startedAt, e.startedAtSource),
                h(
                  'td',
                  {},
                  e.endedAt ? `${e.endedAt.replace('.000Z', 'Z')} (${e.endReason ?? 'ended'})` : 'ongoing',
                ),
                h('td', {}, e.restarts),
                h('td', { class: 'msg' }, e.lastMessage ?? ''),
              ),
            ),
          ),
        ],
    h('h3', {}, `Events (${timeline.events.length})`),
    h(
      'p',
      { class: 'muted' },
      'Kubernetes deletes an Event an hour after it last happened; kubetrail keeps them. Those marked ',
      h('span', { class: 'expired' }, 'expired'),
      ' are no longer in the cluster (kubectl get events would not show them).',
    ),
    h(
      'table',
      { class: 'grid', id: 'detail-events' },
      h(
        'tr',
        {},
        ['at', 'type', 'reason', 'message', 'count', 'from'].map((t) => h('th', {}, t)),
      ),
      timeline.events.map((e) => {
        const expired = Date.parse(e.at) + EVENT_TTL < state.last;
        return h(
          'tr',
          { class: e.type === 'Warning' ? 'warning' : undefined },
          timeCell(e.at, e.atSource),
          h('td', {}, e.type ?? ''),
          h(
            'td',
            {},
            e.reason ?? '',
            expired
              ? h('span', { class: 'expired', title: 'older than the 1 h Event TTL' }, 'expired')
              : null,
          ),
          h(
            'td',
            { class: 'msg' },
            e.message ?? '',
            e.fieldPath ? h('span', { class: 'muted' }, ` ${e.fieldPath}`) : null,
          ),
          h('td', {}, e.occurrences > 1 ? `+${e.occurrences} (count ${e.count})` : String(e.count ?? 1)),
          h('td', { class: 'muted' }, e.source ?? ''),
        );
      }),
    ),
    timeline.gaps.length === 0
      ? null
      : [
          h('h3', {}, 'Recorder gaps (no data)'),
          h(
            'ul',
            {},
            timeline.gaps.map((g) =>
              h('li', {}, `${g.from ?? '?'} – ${g.to ?? '?'}${g.reason ? `: ${g.reason}` : ''}`),
            ),
          ),
        ],
  ];
}

function detailText(detail) {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail)
    .filter(([key, value]) => value !== null && value !== undefined && key !== 'kind')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
}

/** A container waiting or terminated is coloured by its reason (CrashLoopBackOff, Error, OOMKilled…). */
const trackValue = (s) =>
  (s.value === 'waiting' || s.value === 'terminated') && s.reason ? s.reason : s.value;

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) if (child) el.append(child);
  return el;
}

/** One row per track over the pod's life: the shape of the story before the tables. */
function renderTrackChart(tracks, start, end) {
  const labelW = 150;
  const width = 560;
  const rowH = 16;
  const plotW = width - labelW - 6;
  const range = Math.max(1, end - start);
  const x = (t) => labelW + Math.min(1, Math.max(0, (t - start) / range)) * plotW;
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${tracks.length * rowH + 18}`,
    class: 'tracks',
    role: 'img',
    'aria-label': 'per-track spans',
  });
  tracks.forEach(([name, spans], i) => {
    const y = i * rowH;
    const label = svg('text', { x: 0, y: y + 12, class: 'track-label' });
    label.textContent = name.length > 24 ? `${name.slice(0, 23)}…` : name;
    root.append(label);
    for (const s of spans) {
      const from = Date.parse(s.from);
      const to = s.to ? Date.parse(s.to) : end;
      const rect = svg('rect', {
        x: x(from),
        y: y + 3,
        width: Math.max(1, x(to) - x(from)),
        height: rowH - 6,
        fill: colourOf(trackValue(s)),
      });
      const title = svg('title');
      title.textContent = `${name}: ${s.value}${s.reason ? ` (${s.reason})` : ''} ${s.from} (${s.fromSource}) – ${s.to ?? 'ongoing'}${s.toSource ? ` (${s.toSource})` : ''}`;
      rect.append(title);
      root.append(rect);
    }
  });
  const axisY = tracks.length * rowH + 12;
  for (const [t, anchor] of [
    [start, 'start'],
    [end, 'end'],
  ]) {
    const text = svg('text', { x: x(t), y: axisY, 'text-anchor': anchor, class: 'track-axis' });
    text.textContent = iso(t);
    root.append(text);
  }
  if (state.at >= start && state.at <= end) {
    root.append(
      svg('line', {
        x1: x(state.at),
        x2: x(state.at),
        y1: 0,
        y2: tracks.length * rowH,
        class: 'track-cursor',
      }),
    );
  }
  return root;
}

// ---------------------------------------------------------------- wiring

function renderLegend() {
  const entries = [
    ['Running', 'running'],
    ['Pending / creating', 'pending'],
    ['CrashLoopBackOff', 'crashloop'],
    ['Error / OOMKilled', 'error'],
    ['Image pull back-off', 'imagepull'],
    ['Terminating', 'terminating'],
    ['Completed', 'completed'],
    ['other', 'other'],
  ];
  $('legend').replaceChildren(
    ...entries.map(([label, cls]) => h('span', { class: 'key' }, h('i', { class: `sw st-${cls}` }), label)),
    h('span', { class: 'key' }, h('i', { class: 'sw band' }), 'CrashLoopBackOff episode'),
    h('span', { class: 'key' }, h('i', { class: 'sw marker' }, '▼'), 'restart (hover for exit code)'),
    h('span', { class: 'key' }, h('i', { class: 'sw gap' }), 'no data (recorder blind)'),
    h('span', { class: 'key' }, h('i', { class: 'sw cursor' }), 'cursor'),
  );
}

function recordedRange() {
  const chosen = state.clusters.filter((c) => !state.cluster || c.name === state.cluster);
  const firsts = chosen.map((c) => Date.parse(c.firstObservedAt)).filter(Number.isFinite);
  const lasts = chosen.map((c) => Date.parse(c.lastObservedAt)).filter(Number.isFinite);
  const now = Date.now();
  state.first = firsts.length ? Math.min(...firsts) : now - HOUR;
  state.last = lasts.length ? Math.max(...lasts) : now;
  $('slider').max = String(Math.max(1, Math.ceil((state.last - state.first) / 1000)));
  $('recorded').textContent = `recorded ${iso(state.first)} – ${iso(state.last)}`;
}

function wireControls() {
  $('cluster').addEventListener('change', () => {
    state.cluster = $('cluster').value;
    recordedRange();
    setCursor(state.at);
    loadLanes();
  });
  $('namespace').addEventListener('change', () => {
    state.namespace = $('namespace').value.trim();
    writeHash();
    setCursor(state.at);
    loadLanes();
  });
  $('slider').addEventListener('input', () => setCursor(state.first + Number($('slider').value) * 1000));
  $('at').addEventListener('change', () => {
    const at = parseInstant($('at').value);
    if (at === null) setStatus('at: use RFC3339, e.g. 2026-01-02T03:12:00Z', true);
    else setCursor(at);
  });
  $('step-back').addEventListener('click', () => setCursor(state.at - 60_000));
  $('step-fwd').addEventListener('click', () => setCursor(state.at + 60_000));
  const applyRange = () => {
    const from = parseInstant($('from').value);
    const to = parseInstant($('to').value);
    if (from === null || to === null || to <= from) setStatus('from/to: RFC3339, from before to', true);
    else setWindow(from, to);
  };
  $('from').addEventListener('change', applyRange);
  $('to').addEventListener('change', applyRange);
  const zoom = (factor) => {
    const middle = state.at >= state.from && state.at <= state.to ? state.at : (state.from + state.to) / 2;
    const width = Math.max(10_000, (state.to - state.from) * factor);
    const share = (middle - state.from) / (state.to - state.from);
    setWindow(middle - width * share, middle + width * (1 - share));
  };
  const pan = (share) => {
    const shift = (state.to - state.from) * share;
    setWindow(state.from + shift, state.to + shift);
  };
  $('zoom-in').addEventListener('click', () => zoom(0.5));
  $('zoom-out').addEventListener('click', () => zoom(2));
  $('pan-left').addEventListener('click', () => pan(-0.5));
  $('pan-right').addEventListener('click', () => pan(0.5));
  $('last-hour').addEventListener('click', () => setWindow(state.last - HOUR, state.last));
  $('detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetail();
  });
}

async function main() {
  renderLegend();
  wireControls();
  wireLanes();
  const hash = readHash();
  try {
    state.clusters = (await api('/api/v1/clusters')).items;
  } catch (error) {
    setStatus(`clusters: ${error.message}`, true);
    return;
  }
  const select = $('cluster');
  const options = state.clusters.map((c) => h('option', { value: c.name }, c.name));
  if (state.clusters.length !== 1) options.unshift(h('option', { value: '' }, 'all clusters'));
  select.replaceChildren(...options);
  state.cluster = hash.cluster ?? (state.clusters.length === 1 ? state.clusters[0].name : '');
  select.value = state.cluster;
  state.namespace = hash.namespace ?? '';
  $('namespace').value = state.namespace;
  recordedRange();
  // Default window: the last hour of recorded data; the cursor at its end.
  state.to = hash.to ?? state.last;
  state.from = hash.from ?? Math.max(state.to - HOUR, Math.min(state.first, state.to - 60_000));
  setCursor(hash.at ?? state.last);
  await loadLanes();
  if (hash.pod) openDetail(hash.pod);
}

main();
