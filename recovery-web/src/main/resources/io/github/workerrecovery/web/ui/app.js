// Worker Auto-Recovery dashboard: plain JavaScript, no build step, nothing fetched from elsewhere.
// Every text that comes from the engine or a worker goes into the page through textContent
// (never parsed as HTML), so a worker printing markup into its stderr shows it as text.
'use strict';

(function () {
  const API = '/api/v1';
  const TIMELINE_MAX = 200;     // incidents kept on the page
  const REPLAY = 500;           // events replayed into the timeline on load
  const state = {
    session: { logged_in: false, write: false },  // what the session cookie allows (GET /session)
    rows: new Map(),            // instance -> <tr>
    incidents: new Map(),       // instance -> the open incident's element
    status: null,
    view: 'overview',
    instance: null,             // the worker page's [worker, slot]
    refreshTimer: null,
    fleet: false,               // whether this host is in fleet mode (GET /fleet)
    source: null,
    latencies: [],              // event-to-screen latencies, ms (read by the browser test)
    firstRenderMs: null,
    timings: {}                 // first render's phases, ms from navigation start (read by the scale test)
  };
  window.recoveryDashboard = state;

  // ------------------------------------------------------------------ small helpers

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else e.setAttribute(k, v);
      }
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function setText(node, text) {
    const t = text === null || text === undefined ? '' : String(text);
    if (node.textContent !== t) node.textContent = t;
  }

  // An engine instant as a key that sorts like the instant: the fraction padded to 9 digits
  // (Instant.toString drops trailing zeros, and Date keeps only milliseconds).
  function instantKey(iso) {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso || '');
    return m ? m[1] + '.' + (m[2] || '').padEnd(9, '0') + 'Z' : '';
  }

  function mark(name) { state.timings[name] = Math.round(performance.now()); }

  function pct(v) { return v === null || v === undefined ? '-' : v.toFixed(1); }
  function rate(v) { return v === null || v === undefined ? '-' : (v * 100).toFixed(0) + ' %'; }

  function duration(ms) {
    if (!ms) return '-';
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function time(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleTimeString();
  }

  // The CSRF token of the session, from the cookie the server set at login for this page to read
  // (the session cookie itself is HttpOnly): every write echoes it in a header, which a page of
  // another site could neither read nor send.
  function csrf() {
    const m = /(?:^|;\s*)recovery_csrf=([^;]*)/.exec(document.cookie);
    return m ? m[1] : '';
  }

  async function get(path) {
    const r = await fetch(API + path, { cache: 'no-store', credentials: 'same-origin' });
    if (r.status === 401) {
      // reads on this server need a login
      location.assign('/login');
    }
    if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || r.status);
    return r.json();
  }

  async function post(path, body) {
    const r = await fetch(API + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: JSON.stringify(body || {})
    });
    const json = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    return { status: r.status, json };
  }

  // ------------------------------------------------------------------ overview

  function card(label, value) {
    return el('div', { class: 'card' }, el('b', { text: value }), el('span', { text: label }));
  }

  function renderStatus(s) {
    state.status = s;
    const t = s.totals;
    document.getElementById('totals').replaceChildren(
      card('instances', t.instances), card('healthy', t.healthy),
      card('recoveries', t.recoveries), card('succeeded', t.recoveries_succeeded),
      card('failed', t.recoveries_failed), card('relapsed', t.recoveries_relapsed), card('success rate', rate(t.success_rate)),
      card('mean time to recover', t.recoveries_succeeded ? (t.mean_recovery_ms + ' ms') : '-'),
      card('probe failures', t.probe_failures));
    setText(document.getElementById('instance-count'), t.instances + ' (' + Object.entries(t.by_state)
      .map(([k, v]) => v + ' ' + k).join(', ') + ')');
    const tbody = document.querySelector('#instances tbody');
    const seen = new Set();
    const fragment = document.createDocumentFragment();
    for (const i of s.instances) {
      seen.add(i.instance);
      let tr = state.rows.get(i.instance);
      if (!tr) {
        tr = makeRow(i);
        state.rows.set(i.instance, tr);
        fragment.append(tr);
      }
      updateRow(tr, i, instantKey(s.at));
    }
    tbody.append(fragment);
    for (const [id, tr] of state.rows) {
      if (!seen.has(id)) { tr.remove(); state.rows.delete(id); }
    }
    const outages = document.getElementById('outages');
    outages.replaceChildren(...(s.outages.length ? s.outages.map(o => el('li', null,
      el('b', { text: o.outage }), ' since ' + time(o.since) + ': ', o.message,
      el('small', { text: ' (' + o.affected.join(', ') + ')' }))) : [el('li', { class: 'hint', text: 'none' })]));
    const actions = new Set(['restart']);
    s.workers.forEach(w => w.actions.forEach(a => actions.add(a)));
    document.getElementById('recover-actions').replaceChildren(...[...actions].map(a => el('option', { value: a })));
  }

  // One row built once and cloned for every instance: cloning a finished subtree is several
  // times cheaper than creating and configuring its nine elements one by one, which counts with
  // a thousand instances.
  let rowTemplate = null;

  function makeRow(i) {
    if (!rowTemplate) {
      rowTemplate = el('tr', null,
        el('td', null, el('a')), el('td', null, el('span', { class: 'state' })),
        el('td', { class: 'num pid' }), el('td', { class: 'num uptime' }), el('td', { class: 'num restarts' }),
        el('td', { class: 'num cpu' }), el('td', { class: 'num mem' }), el('td', { class: 'reason' }));
    }
    const tr = rowTemplate.cloneNode(true);
    tr.setAttribute('data-instance', i.instance);
    const link = tr.firstChild.firstChild;
    link.setAttribute('href', '#/instance/' + encodeURIComponent(i.worker) + '/' + i.slot);
    link.textContent = i.instance;
    return tr;
  }

  // A snapshot older than the last state change the event stream brought must not undo it: the
  // status and the stream are read at different moments.
  function updateRow(tr, i, snapshotAt) {
    const c = tr.children;
    if (snapshotAt >= (tr.dataset.stateAt || '')) {
      setState(tr, i.state);
      setText(c[7], i.last_reason);
    }
    setText(c[2], i.pid === null ? '-' : i.pid);
    setText(c[3], duration(i.uptime_ms));
    setText(c[4], i.restarts);
    setText(c[5], pct(i.cpu_percent));
    setText(c[6], pct(i.memory_percent));
  }

  function setState(tr, s) {
    const badge = tr.children[1].firstChild;
    setText(badge, s);
    const cls = 'state state-' + s;
    if (badge.className !== cls) badge.className = cls;
    tr.setAttribute('data-state', s);
  }

  async function loadAlerts() {
    const alerts = await get('/alerts');
    document.getElementById('alerts').replaceChildren(...(alerts.length ? alerts.slice(0, 20).map(a => el('li', null,
      el('span', { class: 'sev-' + a.severity, text: a.severity }), ' ' + time(a.timestamp) + ' ', a.message))
      : [el('li', { class: 'hint', text: 'none' })]));
  }

  async function refresh() {
    try {
      renderStatus(await get('/status'));
      await loadAlerts();
      if (state.view === 'instance' && state.instance) await loadInstance();
      if (state.view === 'strategies') await loadStrategies();
    } catch (e) {
      console.warn('refresh failed: ' + e.message);
    }
  }

  function refreshSoon() {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refresh(); }, 200);
  }

  // ------------------------------------------------------------------ incident timeline

  function incidentFor(e) {
    let li = state.incidents.get(e.instance);
    if (!li) {
      li = el('li', { class: 'incident', 'data-instance': e.instance },
        el('div', { class: 'head' }, el('b', { text: e.instance }), ' ', el('span', { class: 'when', text: time(e.at) })),
        el('ul', { class: 'steps' }));
      state.incidents.set(e.instance, li);
      const list = document.getElementById('timeline');
      list.prepend(li);
      while (list.children.length > TIMELINE_MAX) list.lastChild.remove();
    }
    return li;
  }

  function step(li, cls, ...content) {
    li.querySelector('.steps').append(el('li', { class: cls }, ...content));
  }

  function decisionTable(d) {
    const rows = d.candidates.map(c => el('tr', { class: c.action === d.chosen ? 'chosen' : '' },
      el('td', { text: c.action }), el('td', { class: 'num', text: c.successes + '/' + c.attempts }),
      el('td', { class: 'num', text: c.posterior_mean.toFixed(2) }),
      el('td', { class: 'num', text: c.sampled === undefined ? '-' : c.sampled.toFixed(2) })));
    return el('table', null, el('thead', null, el('tr', null, el('th', { text: 'candidate' }),
      el('th', { text: 'worked' }), el('th', { text: 'odds' }), el('th', { text: 'sampled' }))), el('tbody', null, ...rows));
  }

  function onTimelineEvent(e) {
    switch (e.type) {
      case 'failure-detected': {
        const open = state.incidents.get(e.instance);
        if (!open || open.classList.contains('closed')) state.incidents.delete(e.instance);
        const li = incidentFor(e);
        step(li, 'failure', el('b', { text: e.failure }), ': ', e.reason,
          e.pattern ? el('small', { text: ' pattern ' + e.pattern }) : null, e.relapse ? ' (relapse)' : null);
        break;
      }
      case 'decision': {
        const d = e.decision;
        step(incidentFor(e), 'decision', 'decided ', el('b', { class: 'chosen', text: d.chosen }),
          ' (' + d.policy + ', attempt ' + e.attempt + '/' + e.max_attempts + ', ',
          el('span', { class: d.explored ? 'explored' : '', text: d.explored ? 'explored' : 'exploited' }), ')',
          d.candidates.length ? decisionTable(d) : null);
        break;
      }
      case 'action-started':
        step(incidentFor(e), 'action', 'ran ' + e.action + (e.manual ? ' (manual)' : ''));
        break;
      case 'action-ended':
        step(incidentFor(e), 'action', e.action + (e.completed ? ' completed' : ' did not complete') + ' in '
          + e.took_ms + ' ms' + (e.detail ? ': ' : ''), e.detail);
        break;
      case 'verdict': {
        const li = incidentFor(e);
        const o = e.outcome;
        li.classList.add(o.success ? 'ok' : 'bad');
        step(li, 'verdict', el('b', { text: o.success ? 'verified: healthy' : 'verification failed' }),
          o.success ? ' after ' + o.time_to_recover_ms + ' ms' : ': ', o.success ? null : o.detail);
        if (o.success) li.classList.add('closed');
        break;
      }
      case 'probation-passed':
        step(incidentFor(e), 'probation', el('b', { text: 'probation passed' }), ' (' + e.action + ' credited)');
        break;
      case 'relapse':
        step(incidentFor(e), 'probation', el('b', { text: 'relapsed in probation' }), ': ', e.outcome.detail);
        break;
      case 'held':
        step(incidentFor(e), 'held', 'held by shared outage ' + e.outage);
        break;
      default:
        return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ event stream

  function connect(after) {
    const source = new EventSource(API + '/events?after=' + after);
    state.source = source;
    const live = document.getElementById('live');
    source.onopen = () => { live.className = 'live on'; setText(live, 'live'); };
    source.onerror = () => { live.className = 'live off'; setText(live, 'reconnecting'); };
    const handle = msg => {
      const e = JSON.parse(msg.data);
      let shown = onTimelineEvent(e);
      if (e.type === 'state-changed') {
        const tr = state.rows.get(e.instance);
        const at = instantKey(e.at);
        if (tr && at >= (tr.dataset.stateAt || '')) {
          tr.dataset.stateAt = at;
          setState(tr, e.to);
          setText(tr.children[7], e.reason);
          shown = true;
        }
      }
      if (shown) state.latencies.push({ sequence: e.sequence, type: e.type, ms: Date.now() - Date.parse(e.at) });
      if (state.latencies.length > 1000) state.latencies.splice(0, 500);
      if (e.type !== 'pattern' && e.type !== 'task') refreshSoon();
    };
    ['state-changed', 'failure-detected', 'decision', 'action-started', 'action-ended', 'verdict',
      'probation-passed', 'relapse', 'held', 'alert', 'outage-opened', 'outage-ended', 'knowledge', 'pattern', 'task']
      .forEach(type => source.addEventListener(type, handle));
    source.addEventListener('gap', () => refresh());
  }

  // ------------------------------------------------------------------ strategies and patterns

  function spark(trend) {
    const s = svg('svg', { class: 'spark', viewBox: '0 0 96 20', preserveAspectRatio: 'none' });
    const max = Math.max(1, ...trend);
    trend.forEach((n, i) => {
      const h = Math.round(18 * n / max);
      s.append(svg('rect', { x: i * 4, y: 20 - h, width: 3, height: h }));
    });
    return s;
  }

  async function loadStrategies() {
    const [groups, patterns] = await Promise.all([get('/strategies'), get('/patterns')]);
    const box = document.getElementById('strategies');
    box.replaceChildren(...(groups.length ? groups.map(g => el('div', { class: 'group' },
      el('h3', null, g.failure, g.pattern ? ' / ' + g.pattern : '', g.template ? el('small', { text: ' ' + g.template }) : null),
      el('table', null, el('thead', null, el('tr', null, ...['action', 'attempts', 'successes', 'success rate',
        'posterior', 'mean time to recover', 'origins'].map(h => el('th', { text: h })))),
      el('tbody', null, ...g.actions.map(a => el('tr', { class: a.preferred ? 'preferred' : '' },
        el('td', { text: a.action + (a.preferred ? ' (preferred)' : '') }), el('td', { class: 'num', text: a.attempts }),
        el('td', { class: 'num', text: a.successes }), el('td', { class: 'num', text: rate(a.success_rate) }),
        el('td', { class: 'num', text: a.posterior_mean.toFixed(2) }),
        el('td', { class: 'num', text: a.mean_recovery_ms === null ? '-' : a.mean_recovery_ms + ' ms' }),
        el('td', { text: Object.entries(a.origins).map(([o, n]) => o + ' ' + n).join(', ') }))))))) 
      : [el('p', { class: 'hint', text: 'nothing learned yet' })]));
    document.querySelector('#patterns tbody').replaceChildren(...patterns.map(p => el('tr', null,
      el('td', { text: p.id }), el('td', { class: 'num', text: p.count }),
      el('td', null, p.template, p.location ? el('small', { text: ' at ' + p.location }) : null),
      el('td', { text: Object.entries(p.workers).map(([w, n]) => w + ' ' + n).join(', ') }),
      el('td', { text: time(p.last_seen) }), el('td', null, spark(p.trend)))));
  }

  // ------------------------------------------------------------------ fleet

  // The fleet page is offered only when the server says this host is in fleet mode: GET /fleet
  // answers {"fleet": false} otherwise (200, so a single host's page logs no error). A 503 means
  // fleet mode with its database unreadable now: the page is offered, with the reason.
  async function loadFleet() {
    const r = await fetch(API + '/fleet', { cache: 'no-store', credentials: 'same-origin' });
    if (r.status === 401) { location.assign('/login'); return; }
    const json = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    const error = document.getElementById('fleet-error');
    if (!r.ok) {
      state.fleet = true;
      document.getElementById('fleet-link').hidden = false;
      error.hidden = false;
      setText(error, 'the fleet could not be read: ' + (json.error || r.status));
      return;
    }
    state.fleet = json.fleet;
    document.getElementById('fleet-link').hidden = !json.fleet;
    error.hidden = true;
    if (!json.fleet) {
      setText(document.getElementById('fleet-summary'), 'this host is not in fleet mode');
      return;
    }
    renderFleet(json);
  }

  function renderFleet(f) {
    setText(document.getElementById('fleet-summary'), f.name + ': ' + f.hosts.length + ' host(s), read by '
      + f.this_host + ' at ' + time(f.read_at));
    const l = f.leader;
    setText(document.getElementById('fleet-leader'), !l ? 'none yet'
      : l.live ? l.host + ' (term ' + l.term + ', lease until ' + time(l.lease_until) + ')'
        : 'none (the lease of ' + l.host + ', term ' + l.term + ', lapsed)');
    document.querySelector('#fleet-hosts tbody').replaceChildren(...f.hosts.map(h => el('tr', { 'data-host': h.id, 'data-state': h.state },
      el('td', null, el('b', { text: h.id }), h.leader ? ' (leader)' : null, h.this_host ? el('small', { text: ' this host' }) : null),
      el('td', null, el('span', { class: 'state state-' + h.state, text: h.state })),
      el('td', { class: 'num lease', text: h.lease_left_ms > 0 ? duration(h.lease_left_ms) : 'lapsed' }),
      el('td', { text: h.address }), el('td', { text: h.version }),
      el('td', { text: h.workers.map(w => w.id + ' \u00d7' + w.instances).join(', ') || '-' }))));
    document.getElementById('fleet-outages').replaceChildren(...(f.outages.length ? f.outages.map(o => el('li', { 'data-outage': o.key },
      el('b', { text: o.description }), ' (' + o.group + ') since ' + time(o.opened_at) + ', held until ' + time(o.hold_until),
      o.canary_instance ? el('small', { text: ' canary ' + o.canary_instance + ' on ' + o.canary_host }) : null))
      : [el('li', { class: 'hint', text: 'none' })]));
  }

  // ------------------------------------------------------------------ worker page

  function chart(samples) {
    const box = document.getElementById('chart');
    const n = samples.length;
    const line = (key, cls) => {
      const points = samples.map((s, i) => s[key] === null ? null
        : ((n < 2 ? 600 : i * 600 / (n - 1)).toFixed(1) + ',' + (118 - Math.min(100, s[key]) * 1.16).toFixed(1)))
        .filter(p => p !== null).join(' ');
      return svg('polyline', { class: cls, points });
    };
    box.replaceChildren(line('cpu_percent', 'cpu'), line('memory_percent', 'mem'));
  }

  async function loadInstance() {
    const [worker, slot] = state.instance;
    let d;
    try {
      d = await get('/instances/' + encodeURIComponent(worker) + '/' + encodeURIComponent(slot));
    } catch (e) {
      setText(document.getElementById('instance-title'), e.message);
      return;
    }
    const i = d.instance;
    setText(document.getElementById('instance-title'), i.instance);
    document.getElementById('instance-summary').replaceChildren(
      card('state', i.state), card('pid', i.pid === null ? '-' : i.pid), card('uptime', duration(i.uptime_ms)),
      card('restarts', i.restarts), card('CPU %', pct(i.cpu_percent)), card('memory %', pct(i.memory_percent)),
      card('last reason', i.last_reason || '-'));
    document.getElementById('instance-summary').firstChild.firstChild.className = 'state state-' + i.state;
    chart(d.samples);
    document.getElementById('state-history').replaceChildren(...d.state_history.slice().reverse().map(c => el('li', null,
      time(c.at) + ' ', el('span', { class: 'state state-' + c.to, text: c.to }), ' from ' + c.from + ': ', c.reason)));
    setText(document.getElementById('stderr-file'), d.stderr_file || 'no stderr log');
    setText(document.getElementById('stderr'), d.stderr_tail.join('\n'));
  }

  async function runRecovery() {
    const [worker] = state.instance;
    const action = document.getElementById('recover-action').value.trim();
    const out = document.getElementById('recover-result');
    setText(out, 'running ' + action + ' on ' + worker + '...');
    const r = await post('/recover', { worker, action });
    if (r.status === 200) {
      setText(out, r.json.outcome.success ? 'done: healthy after ' + r.json.outcome.time_to_recover_ms + ' ms'
        : 'done: did not help: ' + r.json.outcome.detail);
    } else if (r.status === 202) {
      setText(out, 'queued: follow it in the incident timeline');
    } else {
      setText(out, 'refused (' + r.status + '): ' + r.json.error);
    }
    refreshSoon();
  }

  // ------------------------------------------------------------------ token and views

  function applySession(session) {
    state.session = session;
    setText(document.getElementById('who'), session.write ? 'logged in: read and write'
      : session.logged_in ? 'logged in: read only' : 'read-only view');
    document.getElementById('login-link').hidden = session.write;
    document.getElementById('logout').hidden = !session.logged_in;
    document.getElementById('recover-control').hidden = !session.write;
    document.getElementById('recover-locked').hidden = session.write;
  }

  async function logout() {
    await post('/logout');
    location.assign('/login');
  }

  function route() {
    const parts = (location.hash || '#/overview').slice(2).split('/');
    let view = parts[0] || 'overview';
    if (view === 'instance' && parts.length >= 3) {
      state.instance = [decodeURIComponent(parts[1]), decodeURIComponent(parts[2])];
    } else if (!['overview', 'timeline', 'strategies', 'fleet'].includes(view)) {
      view = 'overview';
    }
    state.view = view;
    document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + view; });
    document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
    if (view === 'instance') loadInstance();
    if (view === 'strategies') loadStrategies();
    if (view === 'fleet') loadFleet().catch(e => console.warn('fleet: ' + e.message));
  }

  async function start() {
    document.getElementById('logout').addEventListener('click', () => logout().catch(e => console.warn(e.message)));
    document.getElementById('recover-run').addEventListener('click', runRecovery);
    window.addEventListener('hashchange', route);
    // the status first: it is what the first render waits for; the session alongside
    const statusReply = get('/status');
    get('/session').then(applySession).catch(e => console.warn('session: ' + e.message));
    route();
    const status = await statusReply;
    mark('status');
    renderStatus(status);
    mark('rendered');
    // from the start of navigation to the first full table on screen (read by the scale test):
    // the frame after the one that lays the table out and paints it
    requestAnimationFrame(() => {
      mark('frame');
      requestAnimationFrame(() => mark('next_frame'));
      setTimeout(() => { mark('painted'); state.firstRenderMs = performance.now(); }, 0);
    });
    loadAlerts();
    connect(Math.max(0, status.last_event - REPLAY));
    setInterval(refresh, 5000);
    // the fleet is read from its database, not from this engine's events: on its own clock, and
    // only while its page is shown (once at start, to know whether to offer it)
    if (state.view !== 'fleet') loadFleet().catch(e => console.warn('fleet: ' + e.message));
    setInterval(() => {
      if (state.view === 'fleet') loadFleet().catch(e => console.warn('fleet: ' + e.message));
    }, 5000);
  }

  start().catch(e => console.warn('dashboard start failed: ' + e.message));
})();
