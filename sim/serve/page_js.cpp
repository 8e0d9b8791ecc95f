// The workbench page's script (plain ES2020, no library): levers, runs with progress and
// cancel, the result against the base, the history side by side.
#include "serve/page.hpp"

namespace tiersim::serve {

namespace {

constexpr const char* kJs = R"js('use strict';
// tiersim workbench: fills the page from the JSON API (sim/serve/README.md). No library, no
// network but this server; every text from the server is set with textContent, except the
// network drawing, which the server escaped itself.
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };
  const api = async (method, path, body) => {
    const opts = { method, headers: {} };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    const res = await fetch(path, opts);
    const data = await res.json();
    if (!res.ok) throw new Error(data && data.error ? data.error : (method + ' ' + path + ': ' + res.status));
    return data;
  };

  // Numbers as the report prints them; null (NaN in the files) as an en dash.
  const fin = (x) => typeof x === 'number' && isFinite(x);
  const pct = (x, d = 1) => fin(x) ? (100 * x).toFixed(d) + '%' : '–';
  const num = (x, d = 1) => fin(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).replace(/^-(0\.?0*)$/, '$1') : '–';
  const isShare = (name) => /^(minor_stays|moderate_stays|severe_stays|county_retention|primary_share|utilisation\.|bed_occupancy\.)/.test(name) ||
    /\.(within_target|outside_window)$/.test(name);
  const fmt = (name, x) => isShare(name) ? pct(x) : num(x);
  const fmtDiff = (name, x) => (fin(x) && x > 0 ? '+' : '') + (isShare(name) ? (fin(x) ? num(100 * x) + ' pp' : '–') : num(x));
  const ci = (name, c) => (c && fin(c[0]) && fin(c[1])) ? (isShare(name) ? pct(c[0]) + '–' + pct(c[1]) : num(c[0]) + '–' + num(c[1])) : '–';
  const ciDiff = (name, c) => (c && fin(c[0]) && fin(c[1])) ? fmtDiff(name, c[0]) + ' to ' + fmtDiff(name, c[1]) : '–';
  // A paired difference is significant when its 95% CI leaves out zero. Which way is better
  // is the metric's own "better" in comparison.json ("higher", "lower" or "neither"), decided
  // by the server (stats/metric_direction.hpp), the same rule as comparison.html's colours.
  const significance = (m) => {
    const d = m ? m.difference[0] : null;
    if (!d || !d.ci95 || !fin(d.ci95[0]) || !fin(d.ci95[1])) return { cls: 'none', text: 'no data' };
    const dir = d.ci95[0] > 0 ? 1 : d.ci95[1] < 0 ? -1 : 0;
    if (dir === 0) return { cls: 'none', text: 'not significant 不显著' };
    const b = m.better === 'higher' ? 1 : m.better === 'lower' ? -1 : 0;
    return { cls: b === 0 ? 'flat' : (dir === b ? 'up' : 'down'), text: (dir > 0 ? '↑' : '↓') + ' significant 显著' };
  };
  const goalStatus = (m, target) => {
    if (!m || !fin(m.mean)) return 'no data';
    if (target === null || target === undefined) return 'no national numeric target';
    if (m.ci95[0] >= target) return 'met 达标';
    if (m.ci95[1] < target) return 'below target 未达标';
    return 'CI includes target 不确定';
  };

  const state = { scenarios: [], goals: [], scenario: null, levers: [], runs: new Map(), shown: null, polling: false };

  // ---- levers ----
  const groups = { capacity: 'Capacity 人力与床位', visits: 'Expert visits 专家下沉', outreach: 'Outreach 义诊', policy: 'Policy 政策', run: 'Run 运行' };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  function leverControl(l, i) {
    const id = 'lever-' + i;
    let input;
    if (l.kind === 'int') {
      input = el('input', { id, type: 'number', step: '1', min: l.min, max: l.max, value: l.value, 'data-path': l.path });
    } else if (l.kind === 'share') {
      const out = el('output', { for: id, text: pct(l.value) });
      input = el('input', { id, type: 'range', min: '0', max: '1', step: '0.01', value: l.value, 'data-path': l.path });
      input.addEventListener('input', () => { out.textContent = pct(Number(input.value)); });
      return [input, el('span', { class: 'share' }, input, out)];
    } else if (l.kind === 'bool') {
      input = el('input', { id, type: 'checkbox', 'data-path': l.path });
      input.checked = !!l.value;
    } else {
      input = el('select', { id, 'data-path': l.path });
      for (const c of (l.choices || [l.value])) input.append(el('option', { value: c, text: c, selected: c === l.value }));
    }
    return [input, input];
  }
  function leverValue(l, input) {
    if (l.kind === 'int') return input.value === '' ? null : Number(input.value);
    if (l.kind === 'share') return Number(input.value);
    if (l.kind === 'bool') return input.checked;
    return input.value;
  }
  function renderLevers() {
    const box = $('levers');
    box.replaceChildren();
    let group = null;
    state.levers.forEach((l, i) => {
      if (l.group !== group) { group = l.group; box.append(el('div', { class: 'wb-group', text: groups[group] || group })); }
      const [input, control] = leverControl(l, i);
      const row = el('div', { class: 'lever', 'data-path': l.path, title: l.path }, el('label', { for: input.id, text: l.label }), control);
      const mark = () => row.classList.toggle('changed', !same(leverValue(l, input), l.value));
      input.addEventListener('input', mark);
      input.addEventListener('change', mark);
      l.input = input;
      box.append(row);
    });
  }
  function currentRequest() {
    const set = {};
    let replications = state.scenario.replications;
    for (const l of state.levers) {
      const v = leverValue(l, l.input);
      if (l.path === 'replications') { replications = v; continue; }
      if (!same(v, l.value)) set[l.path] = v;
    }
    return { scenario: state.scenario.id, set, replications };
  }

  // ---- scenarios ----
  async function selectScenario(id) {
    const [info, levers] = await Promise.all([api('GET', '/api/scenarios/' + id), api('GET', '/api/scenarios/' + id + '/levers')]);
    state.scenario = info;
    state.levers = levers;
    $('scenario-desc').textContent = info.name + (info.description ? ' — ' + info.description : '') + ' · ' + info.file;
    $('summary').textContent = info.summary;
    $('network').innerHTML = info.network_html;  // built and escaped by the server (report.html's drawing)
    renderLevers();
    $('form-error').textContent = '';
  }

  // ---- runs ----
  const changesText = (set) => {
    const keys = Object.keys(set || {});
    return keys.length ? keys.map((k) => k + ' = ' + JSON.stringify(set[k])).join('; ') : 'no change (the scenario as it is)';
  };
  function renderQueue() {
    const list = $('queue');
    list.replaceChildren();
    const runs = [...state.runs.values()].sort((a, b) => b.id - a.id);
    for (const r of runs) {
      const bar = el('div', { class: 'bar' }, el('span'));
      bar.firstChild.style.width = Math.round(100 * (r.progress || 0)) + '%';
      const label = el('a', { text: 'Run ' + r.id + ' · ' + r.scenario + ' · ' + r.status + (r.status === 'running' ? ' ' + Math.round(100 * r.progress) + '%' : '') });
      label.addEventListener('click', () => showRun(r.id));
      const li = el('li', { class: 'st-' + r.status, 'data-run': r.id }, label);
      if (r.status === 'queued' || r.status === 'running') {
        const cancel = el('button', { type: 'button', text: 'Cancel 取消', 'data-cancel': r.id });
        cancel.addEventListener('click', async () => {
          try { state.runs.set(r.id, await api('DELETE', '/api/runs/' + r.id)); } catch (e) { $('form-error').textContent = e.message; }
          renderQueue();
        });
        li.append(cancel);
      } else {
        li.append(el('span', { class: 'note', text: r.replications + ' reps' }));
      }
      li.append(bar);
      list.append(li);
    }
  }
  async function poll() {
    if (state.polling) return;
    state.polling = true;
    try {
      for (;;) {
        const list = await api('GET', '/api/runs');
        for (const brief of list) {
          const old = state.runs.get(brief.id);
          if (brief.status === 'done' && (!old || !old.summary)) {
            state.runs.set(brief.id, await api('GET', '/api/runs/' + brief.id));
            if (state.shown === brief.id || state.shown === null) showRun(brief.id);
            renderHistory();
          } else if (!old || !old.summary) {
            state.runs.set(brief.id, brief);
          }
        }
        renderQueue();
        if (!list.some((r) => r.status === 'queued' || r.status === 'running')) break;
        await new Promise((ok) => setTimeout(ok, 500));
      }
    } catch (e) {
      $('form-error').textContent = e.message;
    } finally {
      state.polling = false;
    }
  }
  async function submit() {
    $('form-error').textContent = '';
    const button = $('run');
    button.disabled = true;
    try {
      const { id } = await api('POST', '/api/runs', currentRequest());
      state.shown = id;
      state.runs.set(id, { id, status: 'queued', progress: 0, scenario: state.scenario.id, replications: 0 });
      renderQueue();
      poll();
    } catch (e) {
      $('form-error').textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---- result ----
  const metric = (r, name) => r.comparison && r.comparison.metrics[name];
  function metricTable(r, names, label) {
    const rows = names.filter((n) => metric(r, n));
    if (!rows.length) return el('p', { class: 'note', text: 'none in this scenario' });
    const body = el('tbody');
    for (const n of rows) {
      const m = metric(r, n);
      const d = m.difference[0];
      const s = significance(m);
      body.append(el('tr', { 'data-metric': n }, el('th', { text: label(n) }),
        el('td', { text: fmt(n, m.arms[0].mean) }), el('td', { text: fmt(n, m.arms[1].mean), title: '95% CI ' + ci(n, m.arms[1].ci95) }),
        el('td', { text: fmtDiff(n, d.mean), title: '95% CI ' + ciDiff(n, d.ci95) }), el('td', { class: 'sig-cell' }, el('span', { class: 'sig ' + s.cls, text: s.text }))));
    }
    return el('table', { class: 'num' }, el('thead', {}, el('tr', {}, el('th', { text: '' }), el('th', { text: 'base 基线' }),
      el('th', { text: 'variant 方案' }), el('th', { text: 'difference 差值' }), el('th', { text: '' }))), body);
  }
  function showRun(id) {
    const r = state.runs.get(id);
    state.shown = id;
    if (!r || r.status !== 'done' || !r.comparison) {
      return;
    }
    switchTab('result');
    $('result-empty').hidden = true;
    $('result').hidden = false;
    $('result').setAttribute('data-run', id);
    $('result-title').textContent = 'Run ' + id + ': ' + r.summary.scenario + ' · ' + r.replications + ' replications';
    $('result-changes').textContent = 'Changes 调整: ' + changesText(r.set);
    $('report-link').href = r.report;
    $('yaml-link').href = r.scenario_file;
    const goals = $('goals');
    goals.replaceChildren();
    for (const g of state.goals) {
      const m = metric(r, g.metric);
      const v = m ? m.arms[1] : null;
      const d = m ? m.difference[0] : null;
      const s = significance(m);
      goals.append(el('div', { class: 'wb-goal', 'data-metric': g.metric },
        el('span', { class: 'zh big', text: g.zh }), el('span', { class: 'en', text: g.en }),
        el('div', { class: 'value', 'data-value': v && fin(v.mean) ? String(v.mean) : '', text: v ? pct(v.mean) : 'no data' }),
        el('div', { class: 'ci', text: v ? '95% CI ' + ci(g.metric, v.ci95) : '' }),
        el('div', { class: 'diff' }, 'vs base ' + (m ? pct(m.arms[0].mean) : '–') + ': ' + (d ? fmtDiff(g.metric, d.mean) : '–') + ' ',
          el('span', { class: 'sig ' + s.cls, text: s.text, title: d ? '95% CI of the difference ' + ciDiff(g.metric, d.ci95) : '' })),
        el('span', { class: 'chip ' + (/^met/.test(goalStatus(v, g.target)) ? 'ok' : /^below/.test(goalStatus(v, g.target)) ? 'bad' : /^CI/.test(goalStatus(v, g.target)) ? 'warn' : 'none'),
          text: goalStatus(v, g.target) + (g.target !== null && g.target !== undefined ? ' (target ' + pct(g.target, 0) + ')' : '') })));
    }
    const names = Object.keys(r.comparison.metrics);
    $('waits').replaceChildren(metricTable(r, names.filter((n) => /^wait_minutes\.[a-z]+\.(mean|p90)$/.test(n)), (n) => n.replace('wait_minutes.', '').replace('.', ' ')));
    const util = names.filter((n) => /^(utilisation|bed_occupancy)\./.test(n) && !/\.v\d+$/.test(n));
    $('utilisation').replaceChildren(metricTable(r, util.slice(0, 16), (n) => n.replace('utilisation.', 'servers ').replace('bed_occupancy.', 'beds ')));
    $('green').replaceChildren(metricTable(r, names.filter((n) => /^green_channel\./.test(n)), (n) => n.replace('green_channel.', '').replace(/_/g, ' ')));
    $('flows').replaceChildren(metricTable(r, ['referrals_up', 'referrals_down', 'bypass', 'left_unseen', 'expert_visits.patients_seen'], (n) => n.replace(/_/g, ' ')));
    $('result-network').innerHTML = r.network_html || '';  // the variant's flows, drawn and escaped by the server
    renderQueue();
  }

  // ---- history: every finished run side by side ----
  function renderHistory() {
    const done = [...state.runs.values()].filter((r) => r.status === 'done' && r.comparison).sort((a, b) => a.id - b.id);
    const box = $('history');
    box.replaceChildren();
    if (!done.length) { box.append(el('p', { class: 'note', text: 'No finished run yet.' })); return; }
    const head = el('tr', {}, el('th', { text: '' }), ...done.map((r) => el('th', { class: 'run', text: 'Run ' + r.id + ' (' + r.scenario + ')' })));
    const body = el('tbody');
    body.append(el('tr', {}, el('th', { text: 'changes 调整' }), ...done.map((r) => el('td', { class: 'text', text: changesText(r.set) }))));
    body.append(el('tr', {}, el('th', { text: 'replications' }), ...done.map((r) => el('td', { text: String(r.replications) }))));
    for (const g of state.goals) {
      body.append(el('tr', { 'data-metric': g.metric }, el('th', { text: g.zh + ' ' + g.en }), ...done.map((r) => {
        const m = metric(r, g.metric);
        if (!m) return el('td', { text: '–' });
        const s = significance(m);
        return el('td', {}, pct(m.arms[1].mean) + ' ', el('span', { class: 'sig ' + s.cls, text: '(' + fmtDiff(g.metric, m.difference[0].mean) + ')' }));
      })));
    }
    box.append(el('table', { class: 'num' }, el('thead', {}, head), body));
  }

  function switchTab(name) {
    for (const b of document.querySelectorAll('.wb-tabs button')) b.classList.toggle('active', b.dataset.tab === name);
    for (const t of ['result', 'history', 'scenario']) $('tab-' + t).hidden = t !== name;
  }

  async function start() {
    for (const b of document.querySelectorAll('.wb-tabs button')) b.addEventListener('click', () => switchTab(b.dataset.tab));
    $('run').addEventListener('click', submit);
    $('reset').addEventListener('click', renderLevers);
    $('scenario').addEventListener('change', () => selectScenario($('scenario').value).catch((e) => { $('form-error').textContent = e.message; }));
    try {
      [state.scenarios, state.goals] = await Promise.all([api('GET', '/api/scenarios'), api('GET', '/api/goals')]);
      for (const s of state.scenarios) $('scenario').append(el('option', { value: s.id, text: s.name === s.id ? s.name : s.name + ' (' + s.id + ')' }));
      await selectScenario(state.scenarios[0].id);
      renderHistory();
      await poll();  // runs started before this page was (re)loaded
      document.body.setAttribute('data-ready', '1');
    } catch (e) {
      $('form-error').textContent = e.message;
    }
  }
  start();
})();
)js";

}  // namespace

std::string_view page_js() { return kJs; }

}  // namespace tiersim::serve
