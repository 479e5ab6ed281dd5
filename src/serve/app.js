// The search page of `hrsearch serve`. Its whole state lives in the URL
// (q, session, agenda, title, organ, kind, text, offset; id and para for an
// open resolution; lang=en for the English interface), so any view can be
// bookmarked or shared. `text` chooses the texts searched (zh, en, all), the
// API's `lang` filter.
"use strict";

const PAGE_SIZE = 20;
const CSV_LIMIT = 10000;
const FILTER_KEYS = ["session", "agenda", "title", "organ", "kind", "text"];
const STATE_KEYS = ["q", ...FILTER_KEYS, "offset", "id", "para", "lang"];
const FORM_KEYS = ["agenda", "title", "organ", "kind", "text"];
// The page's state keys that the API names otherwise.
const API_NAMES = { text: "lang" };
const $ = (id) => document.getElementById(id);

// The interface in Chinese (the default) and English.
const WORDS = {
  zh: {
    placeholder: "普遍定期审议、\"技术合作\" -财政 session:19..22",
    query: "查询",
    search: "搜索",
    filters: "筛选",
    session: "届会",
    from: "起",
    to: "止",
    session_from: "起始届会",
    session_to: "终止届会",
    agenda: "议程项目",
    title_contains: "标题包含",
    organ: "机构",
    any: "全部",
    units: "单元",
    all: "全部",
    kind_pp: "序言段落",
    kind_op: "执行段落",
    kind_text: "正文",
    kind_title: "标题",
    kind_header: "文头",
    kind_heading: "小标题",
    kind_footnote: "脚注",
    kind_closing: "结尾",
    texts: "文本",
    texts_auto: "中文（拉丁字母查询兼查英文）",
    texts_zh: "仅中文",
    texts_en: "仅英文",
    texts_all: "中英文",
    kind_preambular: "序言段落",
    kind_operative: "执行段落",
    apply: "应用筛选",
    clear: "清除筛选",
    link_search: "本次搜索的链接",
    prev: "← 上一页",
    next: "下一页 →",
    back: "← 返回结果",
    link_here: "本页链接",
    welcome:
      "在已索引决议的段落中搜索。“引号”内为精确短语；不加引号的词须全部出现；也可只用左侧筛选条件浏览。",
    searching: "正在搜索…",
    loading: "正在载入…",
    matches: (n) => "共 " + n + " 个段落匹配。",
    none: "没有匹配的段落。",
    error: (message) => "出错：" + message,
    csv: (n) => "下载 CSV（" + n + " 行）",
    page: (a, b, n) => "第 " + a + "–" + b + " 条，共 " + n + " 条",
    filters_were: (list) => "筛选条件：" + list + "。",
    without: (filter, n) => "去掉 " + filter + " 后有 " + n + " 个段落匹配",
    no_single: (n) => "没有哪一个筛选条件单独造成无结果；不加任何筛选时有 " + n + " 个段落匹配。",
    facet_session: "届会",
    facet_agenda_item: "议程项目",
    facet_organ: "机构",
    facet_kind: "单元",
    session_label: (v) => (Number(v) >= 1900 ? v + "年" : "第" + v + "届"),
    symbol: "文号",
    number: "编号",
    document_kind: "类型",
    date: "日期",
    agenda_item: "议程项目",
    sponsors: "提案国",
    non_member: "* 非该机构成员",
    submitter: "提交者",
    adoption: "通过",
    adopted: (d) => d + " 通过",
    meeting: (n) => "第 " + n + " 次会议",
    without_vote: "未经表决",
    vote: (y, n, a) => "表决：" + y + " 票赞成、" + n + " 票反对、" + a + " 票弃权",
    on: (s) => "依据 " + s,
    official: "联合国正式文件",
    doc_resolution: "决议",
    doc_draft_resolution: "决议草案",
    doc_decision: "决定",
    doc_draft_decision: "决定草案",
    doc_amendment: "修正案",
    doc_proposal: "提案",
    doc_letter: "信函",
    doc_report: "报告",
    doc_working_paper: "工作文件",
    switch_label: "English",
    values_sep: "；",
    list_sep: "、",
  },
  en: {
    placeholder: "普遍定期审议, \"技术合作\" -财政 session:19..22",
    query: "Query",
    search: "Search",
    filters: "Filters",
    session: "Session",
    from: "from",
    to: "to",
    session_from: "Session from",
    session_to: "Session to",
    agenda: "Agenda item",
    title_contains: "Title contains",
    organ: "Organ",
    any: "any",
    units: "Units",
    all: "all",
    kind_pp: "preambular",
    kind_op: "operative",
    kind_text: "text",
    kind_title: "title",
    kind_header: "header",
    kind_heading: "heading",
    kind_footnote: "footnote",
    kind_closing: "closing",
    texts: "Texts",
    texts_auto: "Chinese (and English for Latin letters)",
    texts_zh: "Chinese only",
    texts_en: "English only",
    texts_all: "Chinese and English",
    kind_preambular: "preambular",
    kind_operative: "operative",
    apply: "Apply filters",
    clear: "Clear filters",
    link_search: "Link to this search",
    prev: "← Previous",
    next: "Next →",
    back: "← Back to the results",
    link_here: "Link to this view",
    welcome:
      "Search the paragraphs of the indexed resolutions. \"Quotes\" for an exact phrase; bare words are all required; or browse with the filters alone.",
    searching: "Searching…",
    loading: "Loading…",
    matches: (n) => n + (n === 1 ? " paragraph matches." : " paragraphs match."),
    none: "No paragraph matches.",
    error: (message) => "Error: " + message,
    csv: (n) => "Download CSV (" + n + (n === 1 ? " row)" : " rows)"),
    page: (a, b, n) => a + "–" + b + " of " + n,
    filters_were: (list) => "The filters were: " + list + ".",
    without: (filter, n) => "without " + filter + ", " + n + (n === 1 ? " paragraph matches" : " paragraphs match"),
    no_single: (n) => "No single filter empties it; with no filter at all, " + n + (n === 1 ? " paragraph matches." : " paragraphs match."),
    facet_session: "Session",
    facet_agenda_item: "Agenda item",
    facet_organ: "Organ",
    facet_kind: "Units",
    session_label: (v) => (Number(v) >= 1900 ? v : "session " + v),
    symbol: "Symbol",
    number: "Number",
    document_kind: "Kind",
    date: "Date",
    agenda_item: "Agenda item",
    sponsors: "Sponsors",
    non_member: "* not a member of the organ",
    submitter: "Submitted by",
    adoption: "Adoption",
    adopted: (d) => "adopted " + d,
    meeting: (n) => "meeting " + n,
    without_vote: "without a vote",
    vote: (y, n, a) => "vote " + y + "–" + n + "–" + a,
    on: (s) => "on " + s,
    official: "official document",
    doc_resolution: "resolution",
    doc_draft_resolution: "draft resolution",
    doc_decision: "decision",
    doc_draft_decision: "draft decision",
    doc_amendment: "amendment",
    doc_proposal: "proposal",
    doc_letter: "letter",
    doc_report: "report",
    doc_working_paper: "working paper",
    switch_label: "中文",
    values_sep: "; ",
    list_sep: ", ",
  },
};

let words = WORDS.zh;

function language(state) {
  return state.lang === "en" ? "en" : "zh";
}

// Sets every fixed text of the page in the state's language, and the
// switch to the other language (the same view).
function translate(state) {
  const lang = language(state);
  words = WORDS[lang];
  document.documentElement.lang = lang === "en" ? "en" : "zh-Hans";
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = words[element.dataset.i18n];
  }
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = words[element.dataset.i18nPlaceholder];
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", words[element.dataset.i18nLabel]);
  }
  const other = { ...state, lang: lang === "en" ? "" : "en" };
  $("language").href = stateUrl(other);
  $("language").textContent = words.switch_label;
  $("language").lang = lang === "en" ? "zh-Hans" : "en";
}

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
  const state = { q: $("q").value.trim(), lang: readState().lang };
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

function hasFilter(state) {
  return FILTER_KEYS.some((key) => state[key]);
}

function searchParams(state, extra) {
  const params = new URLSearchParams();
  for (const key of ["q", ...FILTER_KEYS, "offset"]) {
    if (state[key]) params.set(API_NAMES[key] || key, state[key]);
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
  if (resolution.adoption_date) parts.push(words.adopted(resolution.adoption_date));
  if (resolution.meeting) parts.push(words.meeting(resolution.meeting));
  const vote = resolution.vote;
  if (vote && vote.method === "without_vote") parts.push(words.without_vote);
  else if (vote) parts.push(words.vote(vote.yes, vote.no, vote.abstentions));
  else if (resolution.adoption) parts.push(resolution.adoption);
  if (resolution.basis_symbol) parts.push(words.on(resolution.basis_symbol));
  return parts.join(" · ");
}

// A hit's `number` is its paragraph's; a resolution's is its own, a string.
function displayName(item) {
  const number = typeof item.number === "string" ? item.number : null;
  return item.symbol || item.resolution || number || item.doc_id || item.id;
}

// The official document on the UN's document system, in the page's language.
function officialUrl(symbol) {
  const lang = document.documentElement.lang === "en" ? "en" : "zh";
  return "https://undocs.org/" + lang + "/" + symbol.split("/").map(encodeURIComponent).join("/");
}

function setStatus(message, isError) {
  $("status").textContent = message;
  $("status").className = isError ? "status error" : "status";
}

async function render(state) {
  translate(state);
  fillForm(state);
  document.title = state.q ? state.q + " — hrsearch" : "hrsearch";
  if (state.id) return showResolution(state);
  $("resolution").hidden = true;
  $("results").hidden = false;
  $("filters").hidden = false;
  clearResults();
  if (!state.q && !hasFilter(state)) return setStatus(words.welcome, false);
  setStatus(words.searching, false);
  let results;
  try {
    results = await getJson("/api/search?" + searchParams(state, { limit: PAGE_SIZE, facets: 1 }));
  } catch (error) {
    return setStatus(words.error(error.message), true);
  }
  setStatus(results.total === 0 ? words.none : words.matches(results.total), false);
  showNotes(results);
  showHits(state, results);
  showFacets(state, results.facets);
}

// Takes away everything a previous answer left: hits, pager, links, notes.
function clearResults() {
  $("hits").replaceChildren();
  $("facets").replaceChildren();
  $("notes").replaceChildren();
  $("notes").hidden = true;
  $("actions").hidden = true;
  $("pager").hidden = true;
}

// How the query was read, and why nothing matched under the filters.
function showNotes(results) {
  const notes = $("notes");
  for (const note of results.notes || []) notes.append(text("li", null, note));
  const why = results.why_empty;
  if (why) {
    notes.append(text("li", null, words.filters_were(why.filters.join(" "))));
    for (const emptied of why.emptied_by) {
      let line = words.without(emptied.filter, emptied.matches_without);
      if (emptied.values) {
        const key = emptied.filter.split(":")[0];
        line += words.values_sep + key + ": " + emptied.values.map((v) => v.value + " (" + v.count + ")").join(words.list_sep);
      }
      notes.append(text("li", "why", line));
    }
    if (why.emptied_by.length === 0) notes.append(text("li", "why", words.no_single(why.matches_without_filters)));
  }
  notes.hidden = notes.childElementCount === 0;
}

function showHits(state, results) {
  const offset = Number(state.offset || 0);
  const shown = results.hits.length;
  const list = $("hits");
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
    // The Chinese and the English beside it, side by side on a wide
    // screen; the server escaped both and marked the matches.
    const texts = text("div", "texts");
    if (hit.text) {
      const snippet = text("p", "snippet");
      snippet.lang = "zh-Hans";
      snippet.innerHTML = hit.snippet;
      texts.append(snippet);
    }
    if (hit.en_snippet) {
      const english = text("p", "snippet english");
      english.lang = "en";
      english.innerHTML = hit.en_snippet;
      texts.append(english);
    }
    if (texts.childElementCount > 1) texts.classList.add("bilingual");
    item.append(head, text("div", "meta", metaLine(hit, hit.section)), texts);
    const open = () => go({ ...state, id: hit.doc_id, para: hit.paragraph });
    item.addEventListener("click", open);
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") open();
    });
    list.append(item);
  }
  $("actions").hidden = results.total === 0;
  $("csv").href = "/api/search.csv?" + searchParams({ ...state, offset: "" }, { limit: Math.min(Math.max(results.total, 1), CSV_LIMIT) });
  $("csv").textContent = words.csv(Math.min(results.total, CSV_LIMIT));
  $("permalink").href = stateUrl(state);
  $("pager").hidden = results.total <= PAGE_SIZE;
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + shown >= results.total;
  $("page").textContent = shown ? words.page(offset + 1, offset + shown, results.total) : "";
}

const FACETS = [
  ["session", (v) => words.session_label(v), (v) => ({ session: v })],
  ["agenda_item", (v) => v, (v) => ({ agenda: v })],
  ["organ", (v) => v, (v) => ({ organ: v })],
  ["kind", (v) => words["kind_" + v] || v, (v) => ({ kind: v })],
];

function showFacets(state, facets) {
  const box = $("facets");
  if (!facets) return;
  for (const [key, label, narrow] of FACETS) {
    const values = facets[key] || [];
    if (values.length === 0) continue;
    const list = text("ul");
    list.dataset.facet = key;
    for (const facet of values.slice(0, 12)) {
      const link = text("a");
      link.href = stateUrl({ ...state, ...narrow(facet.value), offset: "" });
      link.dataset.value = facet.value;
      link.append(text("span", "value", label(facet.value)), text("span", "count", facet.count));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        go({ ...state, ...narrow(facet.value), offset: "" });
      });
      const item = text("li");
      item.append(link);
      list.append(item);
    }
    box.append(text("h3", null, words["facet_" + key]), list);
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

// The resolution's header: symbol (linked to the official document),
// number, organ, session, agenda item and its title, kind, date, sponsors
// with the non-members marked, submitter, adoption.
function showHeader(resolution) {
  const list = $("res-header");
  list.replaceChildren();
  const row = (key, content) => {
    if (!content) return;
    const item = text("div", "field");
    item.dataset.field = key;
    const value = text("dd");
    value.append(content);
    item.append(text("dt", null, words[key]), value);
    list.append(item);
  };
  if (resolution.symbol) {
    const fragment = document.createDocumentFragment();
    const link = text("a", "official", resolution.symbol);
    link.href = officialUrl(resolution.symbol);
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    link.title = words.official;
    fragment.append(link);
    row("symbol", fragment);
  }
  if (resolution.number && resolution.number !== resolution.symbol) row("number", resolution.number);
  row("organ", resolution.organ || "");
  if (resolution.session) row("session", sessionName(resolution.session, resolution.special_session));
  if (resolution.agenda_item) {
    row("agenda_item", [resolution.agenda_item, resolution.agenda_title || ""].join(" ").trim());
  }
  if (resolution.kind) row("document_kind", words["doc_" + resolution.kind] || resolution.kind);
  row("date", resolution.date || "");
  if (resolution.sponsors.length) {
    const names = resolution.sponsors.map((s) => s.name + (s.non_member ? "*" : ""));
    const fragment = document.createDocumentFragment();
    fragment.append(text("span", "names", names.join("、")));
    if (resolution.sponsors.some((s) => s.non_member)) {
      fragment.append(text("span", "legend", " （" + words.non_member + "）"));
    }
    row("sponsors", fragment);
  }
  row("submitter", resolution.submitter || "");
  row("adoption", adoptionLine(resolution));
}

async function showResolution(state) {
  $("results").hidden = true;
  $("filters").hidden = true;
  $("resolution").hidden = false;
  $("res-permalink").href = stateUrl(state);
  $("res-title").textContent = words.loading;
  $("res-header").replaceChildren();
  $("res-body").replaceChildren();
  const path = state.id.split("/").map(encodeURIComponent).join("/");
  const query = state.q ? "?highlight=" + encodeURIComponent(state.q) : "";
  let resolution;
  try {
    resolution = await getJson("/api/resolution/" + path + query);
  } catch (error) {
    $("res-title").textContent = words.error(error.message);
    return;
  }
  $("res-title").textContent = displayName(resolution) + " " + (resolution.title || "");
  showHeader(resolution);
  const body = $("res-body");
  const matching = new Set(resolution.matching_paragraphs || []);
  const highlights = resolution.highlights || {};
  const englishHighlights = resolution.en_highlights || {};
  let section = null;
  let focus = null;
  const unit = (paragraph, className) => {
    const row = text("div", className);
    row.id = "para-" + paragraph.label;
    if (matching.has(paragraph.label)) row.classList.add("match");
    const content = text("div", "text");
    if (paragraph.text) {
      const chinese = text("div", "zh");
      chinese.lang = "zh-Hans";
      chinese.append(markedText(paragraph.text, highlights[paragraph.label]));
      content.append(chinese);
    }
    if (paragraph.en) {
      const english = text("div", "en");
      english.lang = "en";
      english.append(markedText(paragraph.en, englishHighlights[paragraph.label]));
      content.append(english);
    }
    if (content.childElementCount > 1) content.classList.add("bilingual");
    row.append(text("span", "label", paragraph.label), content);
    if (paragraph.label === state.para) focus = row;
    return row;
  };
  for (const paragraph of resolution.paragraphs) {
    // An attached footnote stands under the unit that carries its marker.
    if (paragraph.note_of) continue;
    if (paragraph.kind === "heading") {
      section = paragraph.text;
      body.append(unit(paragraph, "para heading"));
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
$("clear").addEventListener("click", () => go({ q: $("q").value.trim(), lang: readState().lang }));
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
$("language").addEventListener("click", (event) => {
  event.preventDefault();
  const state = readState();
  go({ ...state, lang: language(state) === "en" ? "" : "en" });
});
window.addEventListener("popstate", () => render(readState()));
render(readState());
