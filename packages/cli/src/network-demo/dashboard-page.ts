import { html, Markup } from '@contactmesh/web-widget/gateway';
import type { CentreView, DashboardState, Sample } from './dashboard-state.js';

// The network demo's dashboard: plain server-side HTML (escaped by the `html` tag), a chart drawn
// as inline SVG on the server, and a small script (/dashboard.js) that swaps in a fresh panel every
// two seconds. No inline script or style, nothing loaded from elsewhere.

const percent = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value * 100)} %`);
const seconds = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(1)} s`);
const clockTime = (at: number) => new Date(at).toISOString().slice(11, 19);
const colours = ['#1a73e8', '#d93025', '#188038', '#f29900'];

/** A line chart of one figure per centre over the samples, as SVG. */
function chart(samples: readonly Sample[], centres: readonly string[], figure: 'serviceLevel' | 'asa', label: string): Markup {
  const width = 560;
  const height = 160;
  const values = samples.flatMap((s) => centres.map((c) => s.byCentre[c]?.[figure]).filter((v): v is number => v !== undefined));
  const top = figure === 'serviceLevel' ? 1 : Math.max(1, ...values);
  const x = (i: number) => (samples.length <= 1 ? 0 : (i / (samples.length - 1)) * width);
  const y = (v: number) => height - (v / top) * height;
  const lines = centres.map((centre, c) => {
    const points = samples
      .map((s, i) => [i, s.byCentre[centre]?.[figure]] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined)
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
    return html`<polyline class="line" points="${points}" stroke="${colours[c % colours.length] ?? '#000'}"></polyline>`;
  });
  const top2 = figure === 'serviceLevel' ? '100 %' : `${top.toFixed(0)} s`;
  return html`<figure>
<figcaption>${label}</figcaption>
<svg viewBox="-40 -10 ${width + 50} ${height + 30}" role="img" aria-label="${label} per centre over time">
<line class="axis" x1="0" y1="${height}" x2="${width}" y2="${height}"></line><line class="axis" x1="0" y1="0" x2="0" y2="${height}"></line>
<text x="-36" y="8" class="tick">${top2}</text><text x="-36" y="${height}" class="tick">0</text>
${lines}
</svg>
<p class="legend">${centres.map((centre, c) => html`<span class="key" data-colour="${c}">■ ${centre}</span> `)}</p>
</figure>`;
}

function centreCard(view: CentreView): Markup {
  const agentStates = Object.entries(view.agents).sort(([a], [b]) => a.localeCompare(b));
  return html`<section class="centre" aria-labelledby="c-${view.id}">
<h2 id="c-${view.id}">${view.id} <small>${view.mode} mode</small></h2>
<table><caption>Queues</caption><thead><tr><th scope="col">queue</th><th scope="col">waiting</th><th scope="col">longest wait</th></tr></thead><tbody>
${view.waiting.map((q) => html`<tr><td>${q.queue}</td><td>${q.waiting}</td><td>${q.longestWaitSeconds.toFixed(0)} s</td></tr>`)}
</tbody></table>
<p>Agents: ${agentStates.length === 0 ? 'none' : agentStates.map(([state, n], i) => html`${i > 0 ? ' · ' : ''}${state} ${n}`)}</p>
<p>Offered ${view.offered} · handled ${view.handled} · abandoned ${view.abandoned} · service level ${percent(view.serviceLevel)} · ASA ${seconds(view.asa)}</p>
</section>`;
}

/** The live part of the dashboard (also served alone as `/dashboard/panel` for the refresh script). */
export function dashboardPanel(state: DashboardState): string {
  const views = state.view();
  const ids = views.map((v) => v.id);
  return html`<div class="centres">${views.map(centreCard)}</div>
${chart(state.samples, ids, 'serviceLevel', 'Service level (last window)')}
${chart(state.samples, ids, 'asa', 'Average speed of answer, seconds (last window)')}
<section aria-labelledby="auctions"><h2 id="auctions">Recent auctions</h2>
${
  state.auctions.length === 0
    ? html`<p>None yet.</p>`
    : html`<ol reversed>${[...state.auctions]
        .reverse()
        .slice(0, 10)
        .map(
          (
            a,
          ) => html`<li><strong>${clockTime(a.at)} ${a.centre} · contact ${a.contact}: ${a.result}</strong>${a.winner === undefined ? '' : html` → ${a.winner.centre}`}
<p>${a.explanation?.summary ?? a.reason}</p>
${
  a.explanation === undefined || a.explanation.bids.length === 0
    ? ''
    : html`<table><thead><tr><th scope="col">bid</th><th scope="col">centre</th><th scope="col">time to service</th><th scope="col">proficiency</th><th scope="col">score</th><th scope="col">standing</th></tr></thead><tbody>
${a.explanation.bids.map((b) => html`<tr><td>${b.id}</td><td>${b.centre}</td><td>${(b.terms.timeToServiceMs / 1_000).toFixed(0)} s</td><td>${b.terms.proficiency}</td><td>${b.score === undefined ? '—' : b.score.toFixed(2)}</td><td>${b.standing}</td></tr>`)}
</tbody></table>`
}</li>`,
        )}</ol>`
}
</section>
<section aria-labelledby="handovers"><h2 id="handovers">Handovers and reservations</h2>
<p>Agents reserved right now: ${views.reduce((n, v) => n + (v.agents.reserved ?? 0), 0)}.</p>
${
  state.handovers.length === 0
    ? html`<p>No contact has moved between centres yet.</p>`
    : html`<ul>${[...state.handovers]
        .reverse()
        .slice(0, 12)
        .map(
          (h) =>
            html`<li>${clockTime(h.at)} contact ${h.contact}: ${h.from} → ${h.to}${h.agent === undefined ? ' (its queue)' : html` (agent ${h.agent})`}</li>`,
        )}</ul>`
}
</section>`.text;
}

/** `GET /dashboard`: the whole page. */
export function dashboardPage(state: DashboardState): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>contactmesh demo — dashboard</title>
<link rel="stylesheet" href="/dashboard.css"><script src="/dashboard.js" defer></script></head>
<body><header><h1>contactmesh demo network</h1><p>Three centres, simulated agents and traffic; updates every two seconds.</p></header>
<main id="panel" aria-live="off">${new Markup(dashboardPanel(state))}</main></body></html>`.text;
}

export const dashboardCss = `body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.4;color-scheme:light dark}
.centres{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.centre{border:1px solid #8886;border-radius:.5rem;padding:.5rem 1rem}h2 small{font-weight:normal;font-size:.7em}
table{border-collapse:collapse}td,th{padding:.1rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}
caption{text-align:left;font-weight:600}svg{width:100%;max-width:40rem;height:auto}
.line{fill:none;stroke-width:2}.axis{stroke:#888}.tick{font-size:10px;fill:currentColor}
.key[data-colour="0"]{color:#1a73e8}.key[data-colour="1"]{color:#d93025}.key[data-colour="2"]{color:#188038}.key[data-colour="3"]{color:#f29900}`;

export const dashboardScript = `(()=>{const p=document.getElementById('panel');if(!p)return;
const tick=async()=>{try{const r=await fetch('/dashboard/panel',{cache:'no-store'});if(r.ok)p.innerHTML=await r.text()}catch{}setTimeout(tick,2e3)};setTimeout(tick,2e3)})();`;
