// The Awkhad Connector dashboard: one page, no build step, no dependencies.
// Routes: #/ (overview), #/jobs?state=..&channel=..&function=..&exc=..&error=..&q=..&offset=.. (jobs),
// #/job/<uuid> (one job), #/batches (job batches), #/batch/<id> (one batch and its jobs),
// #/system (runners, channels, recurring jobs, backends).
(function () {
  'use strict';

  // every 3 s, or every N seconds with ?refresh=N before the # (0.5 - 3600), for example
  // http://127.0.0.1:8069/?refresh=30#/ on a wall screen
  var REFRESH_MS = refreshMillis(location.search, 3000);
  var SEARCH_REFRESH_MS = 5 * REFRESH_MS; // a text search reads every row: refresh it less often
  var STATES = ['wait_dependencies', 'pending', 'enqueued', 'started', 'done', 'cancelled', 'failed'];
  var PAGE = 50;
  var view = document.getElementById('view');
  var flashBox = document.getElementById('flash');
  var updated = document.getElementById('updated');
  var auto = document.getElementById('auto-refresh');
  var timer = null;
  var seq = 0;
  var selected = {}; // uuid -> true: the jobs ticked in the list (cleared when the address changes)

  // ---- small helpers -------------------------------------------------------------------------

  /** The refresh period from the page's query (?refresh=SECONDS), or fallback when absent or out of range. */
  function refreshMillis(search, fallback) {
    var m = /[?&]refresh=([0-9]+(?:\.[0-9]+)?)(?:&|$)/.exec(search || '');
    var seconds = m ? parseFloat(m[1]) : NaN;
    return seconds >= 0.5 && seconds <= 3600 ? Math.round(seconds * 1000) : fallback;
  }

  /** Builds an element: h('a', {href: '#/'}, 'text', child...). Text is always text, never HTML. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') on(el, k.substring(2), v);
        else if (k === 'class') el.className = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  /**
   * Listens through el._on[type], so that a refresh that keeps an element (see morph) hands it the
   * handler of the element it was redrawn as.
   */
  function on(el, type, fn) {
    if (!el._on) el._on = {};
    if (!el._on[type]) el.addEventListener(type, function (e) { if (el._on[type]) el._on[type](e); });
    el._on[type] = fn;
  }

  // ---- updates in place ----------------------------------------------------------------------
  // A refresh draws the view anew off screen, then changes the page only where it differs: the
  // elements stay, and with them the scroll inside the traceback box, the focus and the caret in a
  // field, and a text selection.

  function sameKind(o, n) {
    if (o.nodeType !== n.nodeType || o.nodeName !== n.nodeName) return false;
    if (o.nodeType !== 1) return true;
    return o.id === n.id && o.getAttribute('data-uuid') === n.getAttribute('data-uuid')
      && o.getAttribute('data-key') === n.getAttribute('data-key');
  }

  function morphChildren(oldParent, newParent) {
    var olds = Array.prototype.slice.call(oldParent.childNodes);
    var news = Array.prototype.slice.call(newParent.childNodes);
    for (var i = 0; i < news.length; i++) {
      var o = olds[i];
      var n = news[i];
      if (!o) oldParent.appendChild(n);
      else if (sameKind(o, n)) morphNode(o, n);
      else oldParent.replaceChild(n, o);
    }
    for (var j = news.length; j < olds.length; j++) oldParent.removeChild(olds[j]);
  }

  function morphNode(o, n) {
    if (o.nodeType !== 1) {
      if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
      return;
    }
    var i;
    for (i = o.attributes.length - 1; i >= 0; i--) {
      var name = o.attributes[i].name;
      if (!n.hasAttribute(name)) o.removeAttribute(name);
    }
    for (i = 0; i < n.attributes.length; i++) {
      var a = n.attributes[i];
      if (o.getAttribute(a.name) !== a.value) o.setAttribute(a.name, a.value);
    }
    if (o.tagName === 'INPUT' || o.tagName === 'SELECT') {
      if (o.type === 'checkbox') o.checked = n.checked;
      else if (o !== document.activeElement && o.value !== n.value) o.value = n.value;
    }
    if (o.tagName === 'BUTTON') o.disabled = n.disabled;
    if (n._on) {
      Object.keys(n._on).forEach(function (type) { on(o, type, n._on[type]); });
    }
    morphChildren(o, n);
  }

  /** Shows {@code nodes} in the view, changing only what differs from what it shows. */
  function show(nodes) {
    var fresh = document.createElement('div');
    append(fresh, nodes);
    morphChildren(view, fresh);
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function token() { return sessionStorage.getItem('connector-token'); }

  function api(method, path, body) {
    var headers = {'Accept': 'application/json'};
    if (token()) headers['Authorization'] = 'Bearer ' + token();
    var init = {method: method, headers: headers};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = {error: text}; }
        if (res.status === 401) throw {auth: true, message: data && data.error};
        if (!res.ok && res.status !== 409) throw {status: res.status, message: (data && data.error) || res.statusText};
        return {status: res.status, data: data};
      });
    });
  }

  function flash(message, kind) {
    flashBox.textContent = '';
    if (!message) return;
    flashBox.appendChild(h('div', {class: 'flash ' + (kind || 'info')}, message,
      h('button', {class: 'link', onclick: function () { flashBox.textContent = ''; }, 'aria-label': 'dismiss'}, '×')));
  }

  function shortFunction(f) {
    if (!f) return '';
    if (f.charAt(0) === '<') return f; // <binding model>.method: already short, and its dots are the model's
    var parts = f.split('.');
    if (parts.length < 2) return f;
    var cls = parts[parts.length - 2].split('$').pop();
    return cls + '.' + parts[parts.length - 1];
  }

  function shortExc(name) {
    if (!name) return '';
    return name.split('.').pop().split('$').pop();
  }

  function ago(iso) {
    if (!iso) return '–';
    var s = Math.round((Date.now() - Date.parse(iso)) / 1000);
    var future = s < 0;
    s = Math.abs(s);
    var text = s < 60 ? s + ' s' : s < 3600 ? Math.round(s / 60) + ' min' : s < 86400 ? Math.round(s / 3600) + ' h'
      : Math.round(s / 86400) + ' d';
    return future ? 'in ' + text : text + ' ago';
  }

  function time(iso) {
    return iso ? h('time', {datetime: iso, title: iso}, ago(iso)) : '–';
  }

  function badge(state) {
    return h('span', {class: 'badge state-' + state, 'data-state': state}, state.replace('_', ' '));
  }

  function tries(j) {
    return j.retry + ' / ' + (j.maxRetries === 0 ? '∞' : j.maxRetries);
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== '') parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function route() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var q = hash.indexOf('?');
    var path = q < 0 ? hash : hash.substring(0, q);
    var params = {};
    if (q >= 0) {
      hash.substring(q + 1).split('&').forEach(function (p) {
        if (!p) return;
        var i = p.indexOf('=');
        try {
          var k = decodeURIComponent(i < 0 ? p : p.substring(0, i));
          params[k] = i < 0 ? '' : decodeURIComponent(p.substring(i + 1).replace(/\+/g, ' '));
        } catch (e) {
          params._malformed = p;
        }
      });
    }
    return {path: path, params: params};
  }

  function table(headers, rows, empty) {
    if (!rows.length) return h('p', {class: 'muted empty'}, empty);
    return h('div', {class: 'scroll'}, h('table', null,
      h('thead', null, h('tr', null, headers.map(function (x) { return h('th', null, x); }))),
      h('tbody', null, rows)));
  }

  function section(title, id) {
    var rest = Array.prototype.slice.call(arguments, 2);
    return h('section', {class: 'card', id: id}, title ? h('h2', null, title) : null, rest);
  }

  // ---- views ---------------------------------------------------------------------------------

  function overview() {
    // the capture backlog is optional: an older server without /api/capture leaves the section out
    var capture = api('GET', '/api/capture').then(function (c) { return c.data; }, function () { return null; });
    var batchList = api('GET', '/api/batches?limit=5').then(function (b) { return b.data.batches; }, function () { return null; });
    return Promise.all([api('GET', '/api/overview'), api('GET', '/api/recurring'), capture, batchList]).then(function (r) {
      var o = r[0].data;
      var counts = h('div', {class: 'counts'}, STATES.map(function (s) {
        var n = o.counts[s] || 0;
        return h('a', {class: 'count state-' + s + (n > 0 && s === 'failed' ? ' alert' : ''), href: '#/jobs?state=' + s,
          id: 'count-' + s}, h('span', {class: 'n'}, n), h('span', {class: 'label'}, s.replace('_', ' ')));
      }));
      return [
        h('h1', null, 'Overview ', h('span', {class: 'muted small'}, o.total + ' jobs on ' + o.database)),
        counts,
        throughputSection(o.throughput),
        backendErrorsSection(o.backendErrors),
        failuresSection(o.failures),
        channelsSection(o.channels, o.channelsConfiguredBy),
        captureSection(r[2]),
        batchesSection(r[3]),
        runnersSection(o.runners),
        recurringSection(r[1].data.recurring)
      ];
    });
  }

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  /** Done, retried and failed per minute over the last hour: one stacked bar a minute (counts from the server). */
  function throughputSection(minutes) {
    if (!minutes) return null;
    var W = 600;
    var H = 70;
    var bar = W / minutes.length;
    var max = Math.max(1, Math.max.apply(null, minutes.map(function (m) { return m.done + m.retried + m.failed; })));
    var sums = {done: 0, retried: 0, failed: 0};
    var bars = [];
    minutes.forEach(function (m, i) {
      var y = H;
      ['done', 'retried', 'failed'].forEach(function (k) {
        sums[k] += m[k];
        if (!m[k]) return;
        var hgt = Math.max(1, m[k] / max * (H - 4));
        y -= hgt;
        bars.push(svg('rect', {x: (i * bar + 0.5).toFixed(1), y: y.toFixed(1), width: Math.max(1, bar - 1).toFixed(1),
          height: hgt.toFixed(1), 'class': 'bar-' + k},
          svg('title', {}, new Date(m.minute).toLocaleTimeString() + ': ' + m.done + ' done, ' + m.retried + ' retried, '
            + m.failed + ' failed')));
      });
    });
    return section('Last hour, per minute', 'throughput',
      svg('svg', {viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', 'class': 'chart', role: 'img',
        'aria-label': 'jobs done, retried and failed per minute over the last hour'},
        svg('line', {x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, 'class': 'axis'}), bars),
      h('p', {class: 'muted small', id: 'throughput-sums'}, h('span', {class: 'key done'}, '■'), ' ' + sums.done + ' done · ',
        h('span', {class: 'key retried'}, '■'), ' ' + sums.retried + ' retried · ', h('span', {class: 'key failed'}, '■'),
        ' ' + sums.failed + ' failed (tallest bar: ' + max + ' a minute)'));
  }

  /** Change capture (docs/capture.md): changes written to captured tables and not published yet, and how old. */
  function captureSection(c) {
    if (!c || !c.models || !c.models.length) return null;
    return section('Change capture', 'capture',
      h('p', {id: 'capture-backlog', class: c.failing > 0 ? 'alert' : null},
        c.pending + (c.pending === 1 ? ' change' : ' changes') + ' waiting to be published'
        + (c.pending > 0 && c.oldestAt ? ', the oldest captured ' + ago(c.oldestAt) : '')
        + (c.failing > 0 ? '; ' + c.failing + ' failing (their listeners threw; retried with back-off)' : '')),
      h('p', {class: 'muted small'}, 'Captured models: ' + c.models.join(', ')
        + '. A backlog that grows means no runner publishes changes (the change reader runs in runners).'));
  }

  /** Backends whose jobs failed a try in the last day: the backend itself may be down or refusing us. */
  function backendErrorsSection(list) {
    if (!list || !list.length) return null;
    return section('Backends with errors', 'backend-errors', table(['Backend', 'Last error', 'When'], list.map(function (b) {
      return h('tr', {class: 'backend-error', 'data-key': 'b' + b.id},
        h('td', null, h('a', {href: '#/jobs?backend=' + encodeURIComponent(b.name)}, b.name)),
        h('td', {class: 'error-line'}, h('a', {href: '#/job/' + b.lastError.jobUuid}, h('strong', null,
          shortExc(b.lastError.excName)), b.lastError.excName ? ': ' : '', b.lastError.error)),
        h('td', null, time(b.lastError.at)));
    }), ''));
  }

  function failuresSection(f) {
    var rows = f.groups.map(function (g) {
      var filterHash = '#/jobs' + query(g.filter);
      return h('tr', {class: 'failure-group'},
        h('td', {class: 'num'}, h('a', {href: filterHash, class: 'count-link'}, g.count)),
        h('td', {title: g.function}, shortFunction(g.function)),
        h('td', {class: 'error-line', title: 'newest: ' + g.example}, h('a', {href: filterHash},
          h('strong', null, shortExc(g.excName)), g.excName ? ': ' : '', g.error)),
        h('td', null, time(g.lastSeen)),
        h('td', {class: 'actions'},
          h('a', {class: 'button small', href: '#/job/' + g.newestUuid, title: 'the newest job of this group'}, 'Newest'),
          h('button', {class: 'small primary requeue-group', onclick: function () {
            bulk('requeue', g.filter, 'The failed jobs of ' + shortFunction(g.function) + ' failing with "'
              + g.error + '".');
          }}, 'Requeue all')));
    });
    var note = f.complete ? null : h('p', {class: 'muted small'}, 'Grouped from the newest ' + f.scanned + ' failed jobs.');
    var retrying = null;
    if (f.retrying && f.retrying.length) {
      retrying = [h('h3', {class: 'sub'}, 'Retrying: their last try failed, they will run again'),
        table(['Jobs', 'Function', 'Last error (first line)', 'Last seen', ''], f.retrying.map(function (g) {
          var hash = '#/jobs' + query(g.filter);
          return h('tr', {class: 'retry-group'},
            h('td', {class: 'num'}, h('a', {href: hash}, g.count)),
            h('td', {title: g['function']}, shortFunction(g['function'])),
            h('td', {class: 'warn-line', title: 'newest: ' + g.example}, h('a', {href: hash}, h('strong', null, shortExc(g.excName)),
              g.excName ? ': ' : '', g.error)),
            h('td', null, time(g.lastSeen)),
            h('td', {class: 'actions'}, h('button', {class: 'small primary run-now-group', onclick: function () {
              bulk('run-now', g.filter, 'The jobs of ' + shortFunction(g['function']) + ' waiting to retry after "'
                + g.error + '": they run at once (tries kept).');
            }}, 'Run all now')));
        }), '')];
    }
    return section('What failed, and why', 'failures',
      table(['Jobs', 'Function', 'Error (first line)', 'Last seen', ''], rows, 'No failed jobs.'), note, retrying);
  }

  function channelsSection(channels, configuredBy) {
    var rows = channels.map(function (c) {
      var cap = c.configured ? c.used + ' / ' + c.capacity + (c.sequential ? ' · sequential' : '')
        + (c.throttleSeconds ? ' · 1 start / ' + c.throttleSeconds + ' s' : '')
        : (c.governedBy ? 'under ' + c.governedBy : '–');
      return h('tr', {class: 'channel-row'},
        h('td', null, h('a', {href: '#/jobs?channel=' + encodeURIComponent(c.name)}, c.name)),
        h('td', null, cap),
        h('td', {class: 'num'}, c.running),
        h('td', {class: 'num'}, c.pending - c.scheduled),
        h('td', {class: 'num'}, c.scheduled),
        h('td', {class: 'num'}, c.waiting),
        h('td', {class: 'oldest-due'}, c.oldestDue ? time(c.oldestDue) : '–'),
        h('td', {class: 'num' + (c.failed ? ' bad' : '')}, c.failed ? h('a', {href: '#/jobs?state=failed&channel='
          + encodeURIComponent(c.name)}, c.failed) : 0));
    });
    return section('Channels', 'channels',
      table(['Channel', 'Capacity (used / max)', 'Running', 'Pending (due)', 'Scheduled', 'Waiting', 'Oldest due', 'Failed'],
        rows,
        'No channel configured and no open job.'),
      h('p', {class: 'muted small'}, configuredBy ? 'Capacities as configured by ' + configuredBy + '.'
        : 'No live runner: capacities unknown.'));
  }

  function runnersSection(runners) {
    var rows = runners.map(function (r) {
      return h('tr', {class: 'runner-row'},
        h('td', {title: r.id}, r.id, r.thisProcess ? h('span', {class: 'muted small'}, ' (this process)') : null),
        h('td', null, r.host + ' · pid ' + r.pid),
        h('td', null, r.channels),
        h('td', {class: 'num'}, r.running + ' / ' + r.workers),
        h('td', null, time(r.heartbeatAt)),
        h('td', null, h('span', {class: 'badge ' + (r.alive ? 'ok' : 'bad')}, r.alive ? 'alive' : 'lease expired')));
    });
    return section('Runners', 'runners', table(['Runner', 'Host', 'Channels', 'Running / workers', 'Last heartbeat',
      'Status'], rows, 'No runner has a lease: nothing runs the jobs. Start one with ./connector run.'));
  }

  function recurringSection(list) {
    var rows = list.map(function (r) {
      return h('tr', null,
        h('td', null, r.name, r.enabled ? null : h('span', {class: 'muted small'}, ' (disabled)')),
        h('td', null, h('code', null, r.schedule)),
        h('td', {title: r.function}, shortFunction(r.function)),
        h('td', null, time(r.nextRunAt)),
        h('td', null, r.lastJobUuid ? h('a', {href: '#/job/' + r.lastJobUuid}, r.lastJobState ? badge(r.lastJobState)
          : 'removed') : '–'));
    });
    return section('Recurring jobs', 'recurring', table(['Name', 'Schedule', 'Function', 'Next run', 'Last job'], rows,
      'No recurring job defined.'));
  }

  // ---- job batches ---------------------------------------------------------------------------

  /**
   * A batch's progress: done and cancelled, failed, still to run, as a bar and in words. The bar is
   * an SVG (its parts' widths are attributes: the page's CSP allows no inline style).
   */
  function batchProgress(b) {
    var total = Math.max(1, b.total);
    var x = 0;
    var parts = [];
    [['done', b.done + b.cancelled], ['failed', b.failed], ['waiting', b.waiting]].forEach(function (p) {
      if (p[1] <= 0) return;
      var w = 100 * p[1] / total;
      parts.push(svg('rect', {x: x.toFixed(3), y: 0, width: w.toFixed(3), height: 10, 'class': 'part ' + p[0]}));
      x += w;
    });
    return h('div', {class: 'batch-bar'},
      svg('svg', {viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'class': 'progress', role: 'img',
        'aria-label': b.percentDone + '% ended done or cancelled'}, svg('title', {}, b.percentDone + '% ended done or cancelled'),
        parts),
      h('span', {class: 'progress-text'}, b.done + ' done · ' + b.failed + ' failed · ' + b.total + ' total'
        + (b.cancelled ? ' · ' + b.cancelled + ' cancelled' : '')));
  }

  function batchBadge(state) {
    return h('span', {class: 'badge batch-' + state, 'data-state': state}, state);
  }

  function batchRows(list) {
    return list.map(function (b) {
      return h('tr', {class: 'batch-row', 'data-key': 'batch-' + b.id},
        h('td', {class: 'num'}, b.id),
        h('td', null, h('a', {href: '#/batch/' + b.id, class: 'batch-link'}, b.name)),
        h('td', {class: 'batch-state'}, batchBadge(b.state)),
        h('td', {class: 'batch-bar-cell'}, batchProgress(b)),
        h('td', null, time(b.dateCreated)),
        h('td', null, time(b.lastDone)));
    });
  }

  var BATCH_HEADERS = ['#', 'Batch', 'State', 'Progress', 'Created', 'Last done'];

  /** The overview's card: the newest batches (an import run is one). */
  function batchesSection(list) {
    if (!list) return null;
    return section('Job batches', 'batches-card',
      table(BATCH_HEADERS, batchRows(list.slice(0, 5)), 'No job batch yet: an import run makes one.'),
      list.length ? h('p', {class: 'muted small'}, h('a', {href: '#/batches'}, 'All batches')) : null);
  }

  function batches() {
    return api('GET', '/api/batches?limit=200').then(function (r) {
      return [h('h1', null, 'Job batches'),
        section(null, 'batches', table(BATCH_HEADERS, batchRows(r.data.batches), 'No job batch yet: an import run makes one.')),
        h('p', {class: 'muted small'}, 'The newest 200 batches. A batch is finished when every job is done or cancelled,'
          + ' failed when nothing is left to run and some failed (requeue or cancel them).')];
    });
  }

  function batch(id) {
    return api('GET', '/api/batches/' + encodeURIComponent(id)).then(function (r) {
      var b = r.data;
      var rows = b.jobList.map(function (j) {
        return h('tr', {class: 'job-row', 'data-uuid': j.uuid},
          h('td', null, badge(j.state)),
          h('td', null, h('a', {href: '#/job/' + j.uuid, class: 'job-link'}, j.description)),
          h('td', null, j.excName ? h('strong', null, shortExc(j.excName)) : '–'),
          h('td', null, time(j.dateCreated)));
      });
      return [
        h('p', {class: 'crumbs'}, h('a', {href: '#/batches'}, '← batches')),
        h('h1', {id: 'batch-name'}, b.name),
        section('Progress', 'batch-summary',
          h('p', null, h('span', {id: 'batch-state'}, batchBadge(b.state)), ' ', h('span', {class: 'muted small'},
            'created ', time(b.dateCreated), b.lastDone ? [' · last done ', time(b.lastDone)] : null)),
          batchProgress(b),
          h('p', {class: 'small', id: 'batch-counts'}, b.waiting + ' to run · ' + b.done + ' done · ' + b.failed + ' failed · '
            + b.cancelled + ' cancelled · ' + b.total + ' total')),
        section('Jobs', 'batch-jobs', table(['State', 'Job', 'Error', 'Created'], rows, 'This batch has no job.'),
          b.total > b.jobList.length ? h('p', {class: 'muted small'}, 'The first ' + b.jobList.length + ' of ' + b.total
            + ' jobs.') : null)
      ];
    });
  }

  function system() {
    return Promise.all([api('GET', '/api/overview'), api('GET', '/api/recurring'), api('GET', '/api/backends')])
      .then(function (r) {
        var backends = r[2].data.backends.map(function (b) {
          return h('tr', null, h('td', null, b.name), h('td', null, b.type), h('td', null, b.location || '–'),
            h('td', null, b.version || '–'), h('td', null, h('span', {class: 'badge ' + (b.active ? 'ok' : 'muted')},
              b.active ? 'active' : 'inactive')), h('td', {class: 'small'}, b.settings.join(', ') || '–'),
            h('td', {class: 'error-line'}, b.lastError ? [h('strong', null, shortExc(b.lastError.excName)), ': ',
              b.lastError.error, ' ', h('span', {class: 'muted small'}, time(b.lastError.at))] : '–'));
        });
        return [
          h('h1', null, 'Runners & schedules'),
          runnersSection(r[0].data.runners),
          channelsSection(r[0].data.channels, r[0].data.channelsConfiguredBy),
          recurringSection(r[1].data.recurring),
          section('Backends', 'backends', table(['Name', 'Type', 'Location', 'Version', 'Status', 'Settings',
            'Last error (a day)'], backends,
            'No backend configured.'))
        ];
      });
  }

  function jobs(params) {
    var offset = parseInt(params.offset || '0', 10) || 0;
    var filter = {state: params.state, channel: params.channel, 'function': params['function'], exc: params.exc,
      error: params.error, q: params.q, backend: params.backend, shape: params.shape, failedAfter: params.failedAfter,
      failedBefore: params.failedBefore};
    var sort = params.sort === 'failed' ? 'failed' : null;
    return api('GET', '/api/jobs' + query(Object.assign({}, filter, {limit: PAGE, offset: offset, sort: sort})))
      .then(function (r) {
      var d = r.data;
      var tabs = h('div', {class: 'tabs'},
        h('a', {href: '#/jobs' + query(Object.assign({}, filter, {state: null})), class: params.state ? '' : 'active'},
          'all ', h('span', {class: 'n'}, Object.keys(d.countsByState).reduce(function (a, k) {
            return a + d.countsByState[k]; }, 0))),
        STATES.map(function (s) {
          return h('a', {href: '#/jobs' + query(Object.assign({}, filter, {state: s})),
            class: 'state-' + s + (params.state === s ? ' active' : '')}, s.replace('_', ' '), ' ',
            h('span', {class: 'n'}, d.countsByState[s] || 0));
        }));
      var form = h('form', {class: 'filters', id: 'filters', onsubmit: function (e) {
        e.preventDefault();
        var f = e.target;
        location.hash = '#/jobs' + query({state: params.state, channel: f.channel.value, 'function': f['function'].value,
          q: f.q.value, exc: params.exc, error: params.error, backend: f.backend.value, shape: params.shape,
          failedAfter: isoOf(f.failedAfter.value), failedBefore: isoOf(f.failedBefore.value), sort: sort});
      }},
        h('input', {name: 'q', placeholder: 'search description, function, error, arguments, uuid', value: params.q || '',
          class: 'wide'}),
        h('input', {name: 'function', placeholder: 'function or method', value: params['function'] || ''}),
        h('input', {name: 'channel', placeholder: 'channel', value: params.channel || ''}),
        h('input', {name: 'backend', placeholder: 'backend', value: params.backend || ''}),
        h('label', {class: 'muted small'}, 'failed after ', h('input', {name: 'failedAfter', type: 'datetime-local',
          value: localOf(params.failedAfter)})),
        h('label', {class: 'muted small'}, 'before ', h('input', {name: 'failedBefore', type: 'datetime-local',
          value: localOf(params.failedBefore)})),
        h('button', {type: 'submit', class: 'primary'}, 'Filter'),
        h('a', {href: '#/jobs', class: 'button'}, 'Clear'));
      var chips = [];
      if (params.shape) {
        chips.push(h('span', {class: 'chip', id: 'chip-shape'}, 'error like: ', h('strong', null, shortExc(params.exc)),
          params.exc ? ': ' : '', params.shape, ' ', h('a', {href: '#/jobs' + query(Object.assign({}, filter,
            {exc: null, shape: null})), title: 'remove this filter', class: 'chip-x'}, '×')));
      }
      if (params.exc && !params.shape || params.error !== undefined && params.error !== null) {
        chips.push(h('span', {class: 'chip'}, 'error: ', h('strong', null, shortExc(params.exc)), params.exc ? ': ' : '',
          params.error || '', ' ', h('a', {href: '#/jobs' + query(Object.assign({}, filter, {exc: null, error: null})),
            title: 'remove this filter', class: 'chip-x'}, '×')));
      }
      var rows = d.jobs.map(function (j) {
        return h('tr', {class: 'job-row', 'data-uuid': j.uuid, onclick: function (e) {
          if (e.target.tagName !== 'A' && e.target.tagName !== 'INPUT' && e.target.tagName !== 'BUTTON'
            && !e.target.classList.contains('pick')) location.hash = '#/job/' + j.uuid;
        }},
          h('td', {class: 'pick'}, h('input', {type: 'checkbox', class: 'pick-job', 'aria-label': 'select this job',
            checked: !!selected[j.uuid], onchange: function (e) {
              if (e.target.checked) selected[j.uuid] = true; else delete selected[j.uuid];
              refresh(true);
            }})),
          h('td', null, badge(j.state)),
          h('td', null, h('a', {href: '#/job/' + j.uuid, class: 'job-link'}, j.description),
            h('div', {class: 'muted small', title: j['function']}, shortFunction(j['function']) + '(' + (j.args || '')
              .replace(/^\[|\]$/g, '') + ')')),
          h('td', null, j.channel),
          h('td', {class: 'num'}, tries(j)),
          h('td', null, time(j.dateCreated), j.eta && j.state === 'pending' ? h('div', {class: 'muted small'}, 'eta ',
            time(j.eta), ' ', waiting(j) ? h('button', {class: 'small row-run-now', title: 'set its eta to now: it runs'
              + ' as soon as its channel has a free slot (its tries are kept)', onclick: function (e) {
              e.stopPropagation();
              act(j.uuid, 'run-now');
            }}, 'Run now') : null) : null),
          h('td', {class: 'failed-at'}, j.dateFailed && j.state === 'failed' ? time(j.dateFailed) : ''),
          h('td', {class: 'error-line'}, j.error !== null && j.error !== undefined
            ? [h('strong', null, shortExc(j.excName)), j.excName ? ': ' : '', j.error] : ''));
      });
      var onPage = d.jobs.map(function (j) { return j.uuid; });
      var picked = Object.keys(selected);
      var allPicked = onPage.length > 0 && onPage.every(function (u) { return selected[u]; });
      var pickAll = h('input', {type: 'checkbox', id: 'pick-all', 'aria-label': 'select every job of this page',
        checked: allPicked, onchange: function (e) {
          onPage.forEach(function (u) { if (e.target.checked) selected[u] = true; else delete selected[u]; });
          refresh(true);
        }});
      var selectionBar = h('div', {class: 'bulk selection', id: 'selection'}, picked.length
        ? [h('strong', null, picked.length + ' selected'), ' ',
          ['requeue', 'run-now', 'cancel', 'done'].map(function (a) {
            return h('button', {class: 'small' + (a === 'requeue' ? ' primary' : ''), id: 'sel-' + a, onclick: function () {
              actOnSelection(a);
            }}, {requeue: 'Requeue', 'run-now': 'Run now', cancel: 'Cancel', done: 'Set done'}[a]);
          }), h('button', {class: 'small', id: 'sel-clear', onclick: function () { selected = {}; refresh(true); }},
            'Clear selection')]
        : h('span', {class: 'muted small'}, 'Tick jobs to requeue, run, cancel or set done just those.'));
      var failedAtHead = h('a', {href: '#/jobs' + query(Object.assign({}, filter, {sort: sort ? null : 'failed'})),
        id: 'sort-failed', title: sort ? 'back to newest first' : 'latest failure first'}, 'Failed at' + (sort ? ' ↓' : ''));
      var bulkBar = null;
      var hasFilter = Object.keys(filter).some(function (k) { return filter[k]; });
      if (hasFilter && d.total > 0) {
        var actions = [];
        if (params.state === 'failed' || params.state === 'cancelled') {
          actions.push(h('button', {class: 'small primary', id: 'bulk-requeue', onclick: function () {
            bulk('requeue', filter, 'Every job matching this filter.');
          }}, 'Requeue all ' + d.total));
        }
        if (params.state === 'pending') {
          actions.push(h('button', {class: 'small primary', id: 'bulk-run-now', onclick: function () {
            bulk('run-now', filter, 'Every pending job matching this filter whose eta is in the future: its eta is set'
              + ' to now (tries kept). Jobs already due run in their turn.');
          }}, 'Run waiting jobs now'));
        }
        if (['pending', 'wait_dependencies', 'failed'].indexOf(params.state) >= 0) {
          actions.push(h('button', {class: 'small', id: 'bulk-cancel', onclick: function () {
            bulk('cancel', filter, 'Every job matching this filter.');
          }}, 'Cancel all ' + d.total));
        }
        bulkBar = actions.length === 0 ? null : h('div', {class: 'bulk'}, h('span', {class: 'muted'}, 'Act on every job matching the filter: '), actions);
      }
      var pager = h('div', {class: 'pager'},
        offset > 0 ? h('a', {class: 'button small', href: '#/jobs' + query(Object.assign({}, filter,
          {offset: Math.max(0, offset - PAGE), sort: sort}))}, '← newer') : null,
        h('span', {class: 'muted'}, d.total ? (offset + 1) + '–' + (offset + d.jobs.length) + ' of ' + d.total : ''),
        offset + d.jobs.length < d.total ? h('a', {class: 'button small', href: '#/jobs' + query(Object.assign({}, filter,
          {offset: offset + PAGE, sort: sort}))}, 'older →') : null);
      return [h('h1', null, 'Jobs'), tabs, form, chips, bulkBar, selectionBar,
        section(null, 'jobs', table([pickAll, 'State', 'Job', 'Channel', 'Tries', 'Created', failedAtHead, 'Error'], rows,
          'No job matches.'), pager)];
    });
  }

  function job(uuid) {
    return api('GET', '/api/jobs/' + encodeURIComponent(uuid)).then(function (r) {
      var j = r.data;
      var buttons = h('div', {class: 'job-actions'},
        h('button', {class: 'primary', id: 'btn-run-now', disabled: !j.actions['run-now'],
          title: j.actions['run-now'] ? 'set its eta to now: it runs as soon as its channel has a free slot (tries kept)'
            : 'only pending jobs can be run now' + (j.actions.requeue ? ': use Requeue' : ''),
          onclick: function () { act(j.uuid, 'run-now'); }}, 'Run now'),
        h('button', {class: 'primary', id: 'btn-requeue', disabled: !j.actions.requeue,
          title: j.actions.requeue ? (j.state === 'done' ? 'run it again: back to pending, tries reset, its result cleared'
            : 'back to pending, tries reset') : 'only failed, cancelled or done jobs can be requeued'
            + (j.actions['run-now'] ? ': use Run now' : ''),
          onclick: function () { act(j.uuid, 'requeue'); }}, 'Requeue'),
        h('button', {id: 'btn-cancel', disabled: !j.actions.cancel,
          title: j.actions.cancel ? 'cancel it (and the jobs left waiting only for it)' : 'it ended or is running',
          onclick: function () { act(j.uuid, 'cancel'); }}, 'Cancel'),
        h('button', {id: 'btn-done', disabled: !j.actions.done,
          title: j.actions.done ? 'set done by hand: releases the jobs waiting for it' : 'it is done or running',
          onclick: function () { act(j.uuid, 'done'); }}, 'Set done'));
      var error = null;
      if (j.error) {
        error = section(j.error.standing === 'current' ? 'Error' : j.error.standing === 'set-done'
          ? 'Last error (then set done by hand, it did not succeed)' : 'Last error (before it succeeded)', 'error',
          h('p', {class: 'error-message', id: 'error-message'}, h('strong', null, j.error.excName || ''),
            j.error.excName ? ': ' : '', j.error.message || ''),
          j.error.traceback ? h('pre', {class: 'trace', id: 'traceback'}, j.error.traceback)
            : h('p', {class: 'muted'}, 'No traceback stored.'),
          j.state === 'failed' ? h('p', null, h('a', {href: '#/jobs' + query({state: 'failed', 'function': j['function'],
            exc: j.error.excName, error: j.error.firstLine})}, 'Other failed jobs with this error →')) : null);
      }
      var runner = j.runner ? [j.runner.unit, ' ', h('span', {class: 'badge ' + (j.runner.alive ? 'ok' : 'bad')},
        j.runner.alive ? 'runner alive' : 'runner gone')] : '–';
      var fields = [
        ['uuid', h('code', null, j.uuid)],
        ['function', h('code', null, j['function'])],
        ['arguments', h('pre', {class: 'args'}, JSON.stringify(j.arguments, null, 2))],
        ['channel', j.channel],
        ['priority', j.priority],
        ['tries', tries(j) + (j.triesLeft === null ? ' (retries forever)' : ' (' + j.triesLeft + ' left)')],
        ['eta', j.eta ? time(j.eta) : '–'],
        ['identity key', j.identityKey ? h('code', null, j.identityKey) : '–'],
        ['created', time(j.dateCreated)],
        ['enqueued', time(j.dateEnqueued)],
        ['started', time(j.dateStarted)],
        ['done', time(j.dateDone)],
        ['cancelled', time(j.dateCancelled)],
        ['run time', j.execTimeSeconds !== null ? j.execTimeSeconds.toFixed(3) + ' s' : '–'],
        ['runner', runner],
        ['result', j.result !== null ? h('pre', {class: 'args'}, typeof j.result === 'string' ? j.result
          : JSON.stringify(j.result, null, 2)) : '–']
      ];
      if (j.functionConfig) {
        fields.push(['function settings', h('code', null, JSON.stringify({channel: j.functionConfig.channel,
          retryPattern: j.functionConfig.retryPattern, timeoutSeconds: j.functionConfig.timeoutSeconds}))]);
      }
      var deps = null;
      if (j.dependsOn.length || j.dependents.length || j.graph) {
        var link = function (d) {
          return h('li', null, d.state ? badge(d.state) : h('span', {class: 'muted'}, 'removed'), ' ',
            h('a', {href: '#/job/' + d.uuid}, d.description || d.uuid));
        };
        deps = section('Dependencies', 'dependencies',
          h('div', {class: 'deps'},
            h('div', null, h('h3', null, 'Waits for'), j.dependsOn.length ? h('ul', null, j.dependsOn.map(link))
              : h('p', {class: 'muted'}, 'nothing')),
            h('div', null, h('h3', null, 'Waited for by'), j.dependents.length ? h('ul', null, j.dependents.map(link))
              : h('p', {class: 'muted'}, 'nothing'))),
          j.graph ? h('p', {class: 'muted small'}, 'Graph ' + j.graph.uuid + ': ' + j.graph.size + ' job(s) — '
            + Object.keys(j.graph.countsByState).map(function (k) { return j.graph.countsByState[k] + ' ' + k; })
              .join(', ')) : null);
      }
      var related = null;
      if (j.related && j.related.error) {
        related = section('Related record', 'related', h('p', {class: 'error-message'}, j.related.error));
      } else if (j.related) {
        related = section('Related record', 'related', h('p', {id: 'related-words'}, j.related.words),
          h('ul', {class: 'related-links'}, j.related.links.map(function (l) {
            var facts = Object.keys(l.facts).filter(function (k) { return l.facts[k] !== null; }).map(function (k) {
              return k + ' ' + l.facts[k];
            }).join(' · ');
            return h('li', {class: 'related-' + l.rel},
              l.href ? h('a', {href: l.href, class: 'related-link', 'data-rel': l.rel}, l.label) : h('strong', null, l.label),
              facts ? h('span', {class: 'muted small'}, ' — ' + facts) : null);
          })));
      }
      var history = section('History: every try and action', 'history', table(['Try', 'Outcome', 'Started', 'Ended',
        'Runner / by', 'Error'], (j.history || []).map(function (t, i) {
          var outcomeClass = t.outcome === 'done' ? 'ok' : t.outcome === 'failed' || t.outcome === 'found dead' ? 'bad'
            : t.kind === 'action' ? 'muted' : '';
          return h('tr', {class: 'history-row ' + t.kind, 'data-key': t.kind + i},
            h('td', {class: 'num'}, t.kind === 'try' ? t['try'] : ''),
            h('td', null, h('span', {class: 'badge ' + outcomeClass}, t.outcome)),
            h('td', null, t.startedAt ? time(t.startedAt) : '–'),
            h('td', null, t.endedAt ? time(t.endedAt) : '–'),
            h('td', {class: 'small'}, t.kind === 'action' ? 'by ' + (t.by || '?') : (t.workerId || '–')),
            h('td', {class: 'error-line', title: t.message || ''}, t.error ? [h('strong', null, shortExc(t.excName)),
              t.excName ? ': ' : '', t.error] : ''));
        }), 'No try ended yet.'));
      return [
        h('p', {class: 'crumbs'}, h('a', {href: '#/jobs'}, '← jobs'), ' · ',
          h('a', {href: '#/jobs?function=' + encodeURIComponent(j['function'])}, 'jobs of this function')),
        h('h1', null, j.related && j.related.words ? j.related.words : j.description, ' ',
          h('span', {id: 'job-state'}, badge(j.state))),
        j.related && j.related.words ? h('p', {class: 'muted small'}, j.description) : null,
        buttons,
        related,
        error,
        history,
        section('Job', 'fields', h('table', {class: 'fields'}, h('tbody', null, fields.map(function (f) {
          return h('tr', null, h('th', null, f[0]), h('td', null, f[1]));
        })))),
        deps
      ];
    });
  }

  // ---- actions -------------------------------------------------------------------------------

  /** A pending job whose eta is still ahead: Run now has something to do. */
  function waiting(j) {
    return j.state === 'pending' && j.eta && new Date(j.eta).getTime() > Date.now();
  }

  function act(uuid, action) {
    api('POST', '/api/jobs/' + encodeURIComponent(uuid) + '/' + action, {}).then(function (r) {
      flash((r.data.changed ? 'Job ' : 'Not changed: job ') + r.data.message, r.data.changed ? 'ok' : 'warn');
      refresh(true);
    }, failed);
  }

  /** A datetime-local field's value (local time) as an ISO instant; '' for none. */
  function isoOf(local) {
    if (!local) return '';
    var t = new Date(local);
    return isNaN(t.getTime()) ? '' : t.toISOString();
  }

  /** An ISO instant as a datetime-local field's value (local time). */
  function localOf(iso) {
    if (!iso) return '';
    var t = new Date(iso);
    if (isNaN(t.getTime())) return '';
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return t.getFullYear() + '-' + p(t.getMonth() + 1) + '-' + p(t.getDate()) + 'T' + p(t.getHours()) + ':' + p(t.getMinutes());
  }

  /** Runs {@code action} on the ticked jobs, by their uuids, after saying how many. */
  function actOnSelection(action) {
    var uuids = Object.keys(selected);
    if (!uuids.length) return;
    var verb = {requeue: 'Requeue', 'run-now': 'Run now', cancel: 'Cancel', done: 'Set done'}[action];
    if (!window.confirm(verb + ' ' + uuids.length + (uuids.length === 1 ? ' selected job?' : ' selected jobs?'))) return;
    api('POST', '/api/jobs/' + action, {uuids: uuids}).then(function (r) {
      var d = r.data;
      var why = d.results.filter(function (x) { return !x.changed; }).slice(0, 3).map(function (x) { return x.message; });
      flash(verb + ': ' + d.changed + ' of ' + d.matched + ' selected job(s) changed' + (why.length ? ' — not changed: '
        + why.join('; ') : ''), d.unchanged ? 'warn' : 'ok');
      selected = {};
      refresh(true);
    }, failed);
  }

  function bulk(action, filter, what) {
    var f = {};
    Object.keys(filter).forEach(function (k) { if (filter[k] !== undefined && filter[k] !== null && filter[k] !== '') f[k] = filter[k]; });
    if (filter.error !== undefined && filter.error !== null) f.error = filter.error;
    // ask the server how many jobs it would touch, and say that number in the confirmation
    api('POST', '/api/jobs/' + action, {filter: f, dryRun: true}).then(function (count) {
      var n = count.data.total;
      if (n === 0) {
        flash(action === 'run-now' ? 'No job waits for an eta in the future: nothing to run now (due jobs run in their turn).'
          : 'No job matches any more: nothing to ' + action + '.', 'warn');
        refresh(true);
        return;
      }
      var question = (action === 'run-now' ? 'Run ' + n + (n === 1 ? ' waiting job' : ' waiting jobs') + ' now?'
        : action.charAt(0).toUpperCase() + action.slice(1) + ' ' + n + (n === 1 ? ' job' : ' jobs') + '?')
        + (count.data.more ? ' (' + count.data.matched + ' in this call: run it again for the rest)' : '')
        + '\n\n' + what;
      if (!window.confirm(question)) return;
      return api('POST', '/api/jobs/' + action, {filter: f}).then(function (r) {
        var d = r.data;
        var why = d.results.filter(function (x) { return !x.changed; }).slice(0, 3).map(function (x) { return x.message; });
        flash((d.summary || action + ': ' + d.changed + ' of ' + d.matched + ' job(s) changed') + (d.more ? ' (more match: run it again)' : '')
          + (why.length ? ' — not changed: ' + why.join('; ') : ''), d.unchanged ? 'warn' : 'ok');
        refresh(true);
      });
    }).catch(failed);
  }

  function failed(err) {
    if (err && err.auth) { askToken(err.message); return; }
    flash((err && err.message) || String(err), 'bad');
  }

  function askToken(message) {
    stop();
    view.textContent = '';
    append(view, section('This dashboard needs its token', 'token',
      h('p', null, message || 'Give the token the server was started with (--http-token or CONNECTOR_HTTP_TOKEN).'),
      h('form', {onsubmit: function (e) {
        e.preventDefault();
        sessionStorage.setItem('connector-token', e.target.token.value.trim());
        refresh(true);
      }}, h('input', {type: 'password', name: 'token', autocomplete: 'off', placeholder: 'token', class: 'wide'}),
        h('button', {type: 'submit', class: 'primary'}, 'Open'))));
  }

  // ---- refresh loop --------------------------------------------------------------------------

  function render() {
    var r = route();
    document.querySelectorAll('nav a').forEach(function (a) {
      var nav = a.getAttribute('data-nav');
      var on = nav === 'overview' ? r.path === '/' : nav === 'jobs' ? r.path === '/jobs' && r.params.state !== 'failed'
        : nav === 'failed' ? r.path === '/jobs' && r.params.state === 'failed' : nav === 'system' ? r.path === '/system'
        : nav === 'batches' ? r.path === '/batches' || r.path.indexOf('/batch/') === 0 : false;
      a.classList.toggle('active', on);
    });
    if (r.params._malformed) {
      return Promise.reject({status: 400, message: 'This address has a malformed part "' + r.params._malformed
        + '" (a % not followed by a valid UTF-8 escape). Fix the address, or go back to the jobs list.'});
    }
    if (r.path === '/' || r.path === '') return overview();
    if (r.path === '/jobs') return jobs(r.params);
    if (r.path.indexOf('/job/') === 0) return job(r.path.substring(5));
    if (r.path === '/system') return system();
    if (r.path === '/batches') return batches();
    if (r.path.indexOf('/batch/') === 0) return batch(r.path.substring(7));
    return Promise.resolve([h('h1', null, 'Not found'), h('p', null, h('a', {href: '#/'}, 'Back to the overview'))]);
  }

  /** True while the user has selected text (a traceback being copied) in the page. */
  function userBusy() {
    var sel = window.getSelection();
    return sel && sel.toString().length > 0 && view.contains(sel.anchorNode);
  }

  function refresh(forced) {
    var my = ++seq;
    stop();
    Promise.resolve().then(render).then(function (nodes) {
      if (my !== seq) return; // a newer refresh (navigation, action) owns the page
      if (!forced && userBusy()) return; // do not change the page under the user's selection
      show(nodes);
      updated.textContent = 'updated ' + new Date().toLocaleTimeString();
      updated.classList.remove('bad');
    }, function (err) {
      if (my !== seq) return;
      if (err && err.auth) { askToken(err.message); return; }
      if (err && err.status === 404) {
        show([h('h1', null, 'Not found'), h('p', null, err.message), h('p', null, h('a', {href: '#/jobs'}, 'Jobs'))]);
        return;
      }
      if (err && err.status) { // the server answered, and refused or failed: say it here, in this view
        show(section('The server could not show this view', 'error-view',
          h('p', {class: 'error-message', id: 'error-view-message'}, 'HTTP ' + err.status + ': ' + (err.message || '')),
          h('p', {class: 'muted small'}, 'This view refreshes on its own; ', h('a', {href: '#/'}, 'back to the overview'), '.')));
        updated.textContent = 'updated ' + new Date().toLocaleTimeString() + ' (with an error)';
        updated.classList.add('bad');
        return;
      }
      updated.textContent = 'cannot reach the server: ' + ((err && err.message) || err);
      updated.classList.add('bad');
    }).then(function () { if (my === seq) schedule(); });
  }

  function schedule() {
    stop();
    if (auto.checked) timer = setTimeout(refresh, route().params.q ? SEARCH_REFRESH_MS : REFRESH_MS);
  }

  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  auto.addEventListener('change', function () { if (auto.checked) refresh(true); else stop(); });
  window.addEventListener('hashchange', function () {
    flash(null);
    selected = {};
    window.scrollTo(0, 0);
    refresh(true);
  });
  refresh(true);
})();
