// CompressNet quality monitor dashboard: polls the JSON API and draws inline SVG charts.
// No libraries; everything is rendered from /api/* of the same server.
"use strict";

const POLL_MS = 1000;
const CHARTS = [
  { metric: "meanSsim", title: "mean SSIM", second: "p05Ssim", threshold: "ssimMin", digits: 4 },
  { metric: "aggregatePsnr", title: "aggregate PSNR (dB)", second: "meanPsnr", threshold: "psnrMin", digits: 2 },
  { metric: "latencyP99Ms", title: "latency p99 / p50 (ms)", second: "latencyP50Ms", digits: 0 },
  { metric: "missingRatio", title: "missing ratio", threshold: "missingMax", digits: 4 },
  { metric: "compressionRatio", title: "compression ratio", digits: 1 },
];
const SVG = "http://www.w3.org/2000/svg";
let thresholds = {};

function fmt(v, digits) {
  return v === null || v === undefined || Number.isNaN(v) ? "–" : Number(v).toFixed(digits);
}

function el(tag, attrs, text) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function valueOf(w, metric) {
  if (metric === "missingRatio") {
    const all = w.count + w.missing;
    return all > 0 ? w.missing / all : null;
  }
  return w[metric];
}

function drawChart(model, spec, windows) {
  const width = 300, height = 120, pad = { l: 42, r: 8, t: 8, b: 16 };
  const svg = el("svg:svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`,
    "data-model": model, "data-metric": spec.metric, "data-points": windows.length });
  const pts = windows.map((w) => ({ x: w.windowEnd, y: valueOf(w, spec.metric), y2: spec.second ? w[spec.second] : null }));
  const ys = pts.flatMap((p) => [p.y, p.y2]).filter((v) => v !== null && v !== undefined);
  const th = spec.threshold ? thresholds[spec.threshold] : undefined;
  if (th !== undefined) ys.push(th);
  if (ys.length === 0 || pts.length === 0) {
    svg.appendChild(el("svg:text", { x: 10, y: 60 }, "no closed window yet"));
    return svg;
  }
  let lo = Math.min(...ys), hi = Math.max(...ys);
  if (hi - lo < 1e-9) { lo -= 0.5 * Math.max(Math.abs(lo) * 0.01, 1e-3); hi += 0.5 * Math.max(Math.abs(hi) * 0.01, 1e-3); }
  const x0 = pts[0].x, x1 = pts[pts.length - 1].x;
  const sx = (x) => pad.l + (x1 === x0 ? (width - pad.l - pad.r) : (x - x0) / (x1 - x0) * (width - pad.l - pad.r));
  const sy = (y) => pad.t + (hi - y) / (hi - lo) * (height - pad.t - pad.b);
  svg.appendChild(el("svg:line", { class: "axis", x1: pad.l, y1: height - pad.b, x2: width - pad.r, y2: height - pad.b }));
  svg.appendChild(el("svg:line", { class: "axis", x1: pad.l, y1: pad.t, x2: pad.l, y2: height - pad.b }));
  svg.appendChild(el("svg:text", { x: 2, y: pad.t + 8 }, fmt(hi, spec.digits)));
  svg.appendChild(el("svg:text", { x: 2, y: height - pad.b }, fmt(lo, spec.digits)));
  if (th !== undefined) {
    svg.appendChild(el("svg:line", { class: "threshold", x1: pad.l, x2: width - pad.r, y1: sy(th), y2: sy(th), "data-threshold": th }));
  }
  const line = (key, cls) => {
    const p = pts.filter((q) => q[key] !== null && q[key] !== undefined)
      .map((q) => `${sx(q.x).toFixed(1)},${sy(q[key]).toFixed(1)}`);
    if (p.length === 1) p.push(p[0]);
    if (p.length > 0) svg.appendChild(el("svg:polyline", { class: cls, points: p.join(" ") }));
  };
  if (spec.second) line("y2", "line2");
  line("y", "line");
  const last = pts[pts.length - 1].y;
  svg.appendChild(el("svg:text", { class: "latest", x: width - pad.r - 70, y: pad.t + 10, "data-latest": fmt(last, spec.digits) }, fmt(last, spec.digits)));
  return svg;
}

function renderSummary(s) {
  thresholds = s.thresholds || thresholds;
  const tiles = [
    ["images scored", s.count, 0, "count"], ["mean SSIM", s.meanSsim, 4, "meanSsim"],
    ["aggregate PSNR", s.aggregatePsnr, 2, "aggregatePsnr"], ["mean PSNR", s.meanPsnr, 2, "meanPsnr"],
    ["latency p50 ms", s.latencyP50Ms, 0, "latencyP50Ms"], ["latency p99 ms", s.latencyP99Ms, 0, "latencyP99Ms"],
    ["compression", s.compressionRatio, 1, "compressionRatio"],
    ["latent B/image", s.meanLatentBytes, 2, "meanLatentBytes"], ["missing", s.missing, 0, "missing"],
    ["orphans", s.orphans, 0, "orphans"], ["late", s.late, 0, "late"], ["dead letters", s.deadLetters, 0, "deadLetters"],
  ];
  const box = document.getElementById("summary");
  box.replaceChildren(...tiles.map(([label, v, d, key]) => {
    const t = el("div", { class: "tile", id: "summary-" + key, "data-value": fmt(v, d) });
    t.append(el("div", { class: "label" }, label), el("div", { class: "value" }, fmt(v, d)));
    return t;
  }));
}

function renderModels(data) {
  const box = document.getElementById("models");
  box.replaceChildren(...data.models.map((m) => {
    const sec = el("div", { class: "model", "data-model": m.modelId });
    sec.appendChild(el("h2", {}, "model " + m.modelId));
    sec.appendChild(el("h3", {}, `time windows (${m.time.length})`));
    const charts = el("div", { class: "charts" });
    for (const spec of CHARTS) {
      const b = el("div", { class: "chart-box" });
      b.append(el("div", { class: "title" }, spec.title), drawChart(m.modelId, spec, m.time));
      charts.appendChild(b);
    }
    sec.appendChild(charts);
    const lastN = m.count[m.count.length - 1];
    sec.appendChild(el("div", { class: "last-n", "data-count": lastN ? lastN.count : 0 },
      lastN ? `last ${lastN.count} images: mean SSIM ${fmt(lastN.meanSsim, 4)}, SSIM p05 ${fmt(lastN.p05Ssim, 4)}, `
        + `aggregate PSNR ${fmt(lastN.aggregatePsnr, 2)} dB, latency p50/p99 ${fmt(lastN.latencyP50Ms, 0)}/${fmt(lastN.latencyP99Ms, 0)} ms, `
        + `ratio ${fmt(lastN.compressionRatio, 1)}:1` : "last-N view: not enough images yet"));
    return sec;
  }));
}

function renderAlerts(alerts) {
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren(...alerts.slice().reverse().map((a) => {
    const tr = el("tr", { class: a.state, "data-rule": a.rule, "data-model": a.modelId });
    tr.append(el("td", {}, new Date(a.raisedAt).toISOString().slice(11, 19)), el("td", {}, a.modelId),
      el("td", {}, a.rule), el("td", { class: "state" }, a.state), el("td", {}, fmt(a.value, 4)),
      el("td", {}, fmt(a.threshold, 4)), el("td", {}, a.message));
    return tr;
  }));
}

const shown = new Map();
function renderImages(images) {
  const strip = document.getElementById("strip");
  const wanted = images.slice().reverse();
  const figures = wanted.map((img) => {
    if (shown.has(img.id)) return shown.get(img.id);
    const fig = el("figure", { class: "pair", "data-id": img.id, "data-ssim": fmt(img.ssim, 4) });
    for (const which of ["original", "reconstructed"]) {
      const i = el("img", { alt: `${which} ${img.id}`, class: which, width: img.width * 3, height: img.height * 3 });
      i.onload = () => i.setAttribute("data-loaded", String(i.naturalWidth));
      i.src = `/api/images/${encodeURIComponent(img.id)}/${which}.png`;
      fig.appendChild(i);
    }
    fig.appendChild(el("figcaption", {},
      `${img.id} · SSIM ${fmt(img.ssim, 4)} · PSNR ${fmt(img.psnr, 2)} dB · MSE ${fmt(img.mse, 5)} · ${img.latencyMs} ms`));
    shown.set(img.id, fig);
    return fig;
  });
  for (const id of [...shown.keys()]) if (!wanted.some((w) => w.id === id)) shown.delete(id);
  strip.replaceChildren(...figures);
}

async function getJson(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const [summary, windows, alerts, images] = await Promise.all(
      ["/api/summary", "/api/windows", "/api/alerts", "/api/images"].map(getJson));
    renderSummary(summary);
    renderModels(windows);
    renderAlerts(alerts);
    renderImages(images);
    status.textContent = "live · updated " + new Date().toISOString().slice(11, 19) + " UTC";
    status.className = "status ok";
    document.body.setAttribute("data-refreshed", String(Number(document.body.getAttribute("data-refreshed") || 0) + 1));
  } catch (e) {
    status.textContent = "error: " + e.message;
    status.className = "status err";
  } finally {
    setTimeout(refresh, POLL_MS);
  }
}

refresh();
