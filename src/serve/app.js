// The search page of `hrsearch serve`. Its whole state lives in the URL
// (q, session, agenda, title, organ, kind, offset; id and para for an open
// resolution), so any view can be bookmarked or shared.
"use strict";

const PAGE_SIZE = 20;
const CSV_LIMIT = 10000;
const STATE_KEYS = ["q", "session", "agenda", "title", "organ", "kind", "offset", "id", "para"];
const FORM_KEYS = ["agenda", "title", "organ", "kind"];
const $ = (id) => document.getElementById(id);

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const key of STATE_KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  return state;
}

function stateUrl(state) {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) {
    if (state[key]) params.set(key, state[key]);
  }
  const query = params.toString();
  return query ? "/?" + query : "/";
}

function go(state) {
  history.pushState(null, "", stateUrl(state));
  render(state);
}

function fillForm(state) {
  $("q").value = state.q || "";
  const [from, to] = (state.session || "").split("..");
  $("session-from").value = from || "";
  $("session-to").value = state.session && state.session.includes("..") ? to || "" : from || "";
  for (const key of FORM_KEYS) $(key).value = state[key] || "";
}

function formState() {
  const state = { q: $("q").value.trim() };
  const from = $("session-from").value.trim();
  const to = $("session-to").value.trim();
  if (from && to) state.session = from === to ? from : from + ".." + to;
  else if (from) state.session = from + "..";
  else if (to) state.session = ".." + to;
  for (const key of FORM_KEYS) {
    const value = $(key).value.trim();
    if (value) state[key] = value;
  }
  return state;
}

function searchParams(state, extra) {
  const params = new URLSearchParams();
  for (const key of ["q", "session", "agenda", "title", "organ", "kind", "offset"]) {
    if (state[key]) params.set(key, state[key]);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function text(tag, className, content) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (content !== undefined && content !== null) element.textContent = content;
  return element;
}

function metaLine(item, section) {
  const parts = [];
  if (item.organ) parts.push(item.organ);
  if (item.session) parts.push(sessionName(item.session, item.special_session));
  if (item.agenda_item) parts.push("议程项目 " + item.agenda_item);
  if (section) parts.push(section);
  return parts.join(" · ");
}

// `第21届会议`, or for a session named by its year `2023年届会`.
function sessionName(session, special) {
  if (session >= 1900) return session + "年届会";
  return "第" + session + (special ? "届特别会议" : "届会议");
}

// How a text was adopted: date, meeting, vote, the proposal it was adopted on.
function adoptionLine(resolution) {
  const parts = [];
  if (resolution.adoption_date) parts.push("adopted " + resolution.adoption_date);
  if (resolution.meeting) parts.push("meeting " + resolution.meeting);
  const vote = resolution.vote;
  if (vote && vote.method === "without_vote") parts.push("without a vote");
  else if (vote) parts.push("vote " + vote.yes + "–" + vote.no + "–" + vote.abstentions);
  if (resolution.basis_symbol) parts.push("on " + resolution.basis_symbol);
  return parts.join(" · ");
}

function displayName(item) {
  return item.symbol || item.resolution || item.number || item.doc_id || item.id;
}

async function render(state) {
  fillForm(state);
  document.title = state.q ? state.q + " — hrsearch" : "hrsearch";
  if (state.id) return showResolution(state);
  $("resolution").hidden = true;
  $("results").hidden = false;
  $("filters").hidden = false;
  if (!state.q) return clearResults();
  $("status").textContent = "Searching…";
  let results;
  try {
    results = await getJson("/api/search?" + searchParams(state, { limit: PAGE_SIZE, facets: 1 }));
  } catch (error) {
    $("status").textContent = error.message;
    $("status").className = "status error";
    return clearResults();
  }
  $("status").className = "status";
  showHits(state, results);
  showFacets(state, results.facets);
}

function clearResults() {
  $("hits").replaceChildren();
  $("facets").replaceChildren();
  $("actions").hidden = true;
  $("pager").hidden = true;
}

function showHits(state, results) {
  const offset = Number(state.offset || 0);
  const shown = results.hits.length;
  $("status").textContent =
    results.total === 0
      ? "No paragraph matches."
      : results.total + (results.total === 1 ? " paragraph matches." : " paragraphs match.");
  const list = $("hits");
  list.replaceChildren();
  list.start = offset + 1;
  for (const hit of results.hits) {
    const item = text("li", "hit");
    item.tabIndex = 0;
    item.dataset.id = hit.doc_id;
    item.dataset.label = hit.paragraph;
    const head = text("div", "head");
    head.append(
      text("span", "label", hit.paragraph),
      text("span", "title", displayName(hit) + " " + (hit.title || "")),
    );
    const snippet = text("p", "snippet");
    snippet.innerHTML = hit.snippet; // escaped by the server, matches in <mark>
    item.append(head, text("div", "meta", metaLine(hit, hit.section)), snippet);
    const open = () => go({ ...state, id: hit.doc_id, para: hit.paragraph });
    item.addEventListener("click", open);
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") open();
    });
    list.append(item);
  }
  $("actions").hidden = results.total === 0;
  $("csv").href = "/api/search.csv?" + searchParams({ ...state, offset: "" }, { limit: Math.min(Math.max(results.total, 1), CSV_LIMIT) });
  $("csv").textContent = "Download CSV (" + Math.min(results.total, CSV_LIMIT) + " rows)";
  $("permalink").href = stateUrl(state);
  $("pager").hidden = results.total <= PAGE_SIZE;
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + shown >= results.total;
  $("page").textContent = shown ? offset + 1 + "–" + (offset + shown) + " of " + results.total : "";
}

const FACETS = [
  ["session", "Session", (v) => (Number(v) >= 1900 ? v + "年" : "第" + v + "届"), (v) => ({ session: v })],
  ["agenda_item", "Agenda item", (v) => v, (v) => ({ agenda: v })],
  ["organ", "Organ", (v) => v, (v) => ({ organ: v })],
  ["kind", "Units", (v) => v, (v) => ({ kind: v })],
];

function showFacets(state, facets) {
  const box = $("facets");
  box.replaceChildren();
  if (!facets) return;
  for (const [key, title, label, narrow] of FACETS) {
    const values = facets[key] || [];
    if (values.length === 0) continue;
    const list = text("ul");
    list.dataset.facet = key;
    for (const facet of values.slice(0, 12)) {
      const link = text("a");
      link.href = stateUrl({ ...state, ...narrow(facet.value), offset: "" });
      link.append(text("span", "value", label(facet.value)), text("span", "count", facet.count));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        go({ ...state, ...narrow(facet.value), offset: "" });
      });
      const item = text("li");
      item.append(link);
      list.append(item);
    }
    box.append(text("h3", null, title), list);
  }
}

function markedText(textContent, spans) {
  const fragment = document.createDocumentFragment();
  const chars = Array.from(textContent);
  let at = 0;
  for (const [start, end] of spans || []) {
    if (start > at) fragment.append(chars.slice(at, start).join(""));
    fragment.append(text("mark", null, chars.slice(start, end).join("")));
    at = end;
  }
  fragment.append(chars.slice(at).join(""));
  return fragment;
}

async function showResolution(state) {
  $("results").hidden = true;
  $("filters").hidden = true;
  $("resolution").hidden = false;
  const path = state.id.split("/").map(encodeURIComponent).join("/");
  const query = state.q ? "?highlight=" + encodeURIComponent(state.q) : "";
  let resolution;
  try {
    resolution = await getJson("/api/resolution/" + path + query);
  } catch (error) {
    $("res-title").textContent = error.message;
    $("res-meta").textContent = "";
    $("res-body").replaceChildren();
    return;
  }
  $("res-title").textContent = displayName(resolution) + " " + (resolution.title || "");
  const adoption = adoptionLine(resolution);
  $("res-meta").textContent = metaLine(resolution) + (resolution.sponsors.length ? " · " + resolution.sponsors.length + " sponsors" : "") + (adoption ? " · " + adoption : "");
  const body = $("res-body");
  body.replaceChildren();
  const matching = new Set(resolution.matching_paragraphs || []);
  const highlights = resolution.highlights || {};
  let section = null;
  let focus = null;
  const unit = (paragraph, className) => {
    const row = text("div", className);
    row.id = "para-" + paragraph.label;
    if (matching.has(paragraph.label)) row.classList.add("match");
    const content = text("div", "text");
    content.append(markedText(paragraph.text, highlights[paragraph.label]));
    row.append(text("span", "label", paragraph.label), content);
    if (paragraph.label === state.para) focus = row;
    return row;
  };
  for (const paragraph of resolution.paragraphs) {
    // An attached footnote stands under the unit that carries its marker.
    if (paragraph.note_of) continue;
    if (paragraph.kind === "heading") {
      section = paragraph.text;
      const heading = unit(paragraph, "para heading");
      body.append(heading);
      continue;
    }
    if (paragraph.section && paragraph.section !== section) {
      section = paragraph.section;
      body.append(text("h2", null, section));
    }
    const row = unit(paragraph, "para " + paragraph.kind);
    for (const note of resolution.paragraphs.filter((p) => p.note_of === paragraph.label)) {
      row.append(unit(note, "para footnote note"));
    }
    body.append(row);
  }
  if (focus) {
    focus.classList.add("focus");
    focus.scrollIntoView({ block: "center" });
  } else {
    window.scrollTo(0, 0);
  }
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  go(formState());
});
$("apply").addEventListener("click", () => go(formState()));
$("clear").addEventListener("click", () => go({ q: $("q").value.trim() }));
$("prev").addEventListener("click", () => {
  const state = readState();
  go({ ...state, offset: String(Math.max(0, Number(state.offset || 0) - PAGE_SIZE)) });
});
$("next").addEventListener("click", () => {
  const state = readState();
  go({ ...state, offset: String(Number(state.offset || 0) + PAGE_SIZE) });
});
$("back").addEventListener("click", () => {
  const state = readState();
  delete state.id;
  delete state.para;
  go(state);
});
window.addEventListener("popstate", () => render(readState()));
render(readState());
