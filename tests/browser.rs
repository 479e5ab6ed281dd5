//! The search page in a real browser: headless Chromium driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them) against `hrsearch serve` on a free localhost port.
//! Screenshots of each step are written to `target/screenshots/`, so a
//! failure can be looked at.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{sample_index, write_corpus, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const SAMPLE: &str = "hrc-21-item10-technical-cooperation-draft";
/// The units of each resolution that hold 普遍定期审议: ten paragraphs and
/// the section heading `技术合作和普遍定期审议`.
const UPR_LABELS: [&str; 11] = [
    "PP9", "OP5", "OP9", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16", "HD1",
];

/// chromedriver on a free port; stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed: apt-get install chromium chromium-driver");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn browser(driver: &Driver, downloads: &Path, width: u32, height: u32) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                format!("--window-size={width},{height}"),
            ],
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false,
            },
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// Keeps every Content-Security-Policy violation of the page from now on
/// in `window.__violations`.
async fn watch_csp(client: &Client) {
    client
        .execute(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', \
             e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));",
            vec![],
        )
        .await
        .unwrap();
}

/// Waits until `script` (a JavaScript expression) is true in the page.
async fn wait_for(client: &Client, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let value = client
            .execute(&format!("return Boolean({script});"), vec![])
            .await
            .unwrap();
        if value == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let status = client
                .execute(
                    "return document.getElementById('status').textContent;",
                    vec![],
                )
                .await
                .unwrap();
            panic!("timed out waiting for {script} (status: {status})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// (resolution id, label) of each hit shown, in order.
async fn shown_hits(client: &Client) -> Vec<(String, String)> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('#hits .hit'))
                .map(h => [h.dataset.id, h.dataset.label]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(value).unwrap()
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn sorted(mut hits: Vec<(String, String)>) -> Vec<(String, String)> {
    hits.sort();
    hits
}

fn expected(ids: &[&str]) -> Vec<(String, String)> {
    sorted(
        ids.iter()
            .flat_map(|id| UPR_LABELS.iter().map(|l| (id.to_string(), l.to_string())))
            .collect(),
    )
}

/// The sample (session 21) and two variants (sessions 20 and 22) indexed.
fn corpus_index() -> (tempfile::TempDir, PathBuf) {
    let (dir, index) = sample_index();
    let more = dir.path().join("more");
    write_corpus(&more, 3, "浏览");
    // r0000 is session 20, r0001 session 21, r0002 session 22.
    common::index_folder(&index, &more);
    (dir, index)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_researcher_searches_filters_reads_and_shares() {
    let (dir, index) = corpus_index();
    let server = Server::start(&index);
    let driver = Driver::start();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let client = browser(&driver, &downloads, 1280, 900).await;

    // Type the query and search. Every CSP violation from here on is kept.
    client.goto(&server.url("/")).await.unwrap();
    watch_csp(&client).await;
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.send_keys("普遍定期审议").await.unwrap();
    click(&client, "#go").await;
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length === 20",
    )
    .await;
    screenshot(&client, "1-search").await;
    assert_eq!(text_of(&client, "#status").await, "共 44 个段落匹配。");
    let first_page = shown_hits(&client).await;
    // Every hit has its match marked.
    let marks = client
        .execute(
            "return Array.from(document.querySelectorAll('#hits .hit'))
                .every(h => h.querySelector('mark') && h.querySelector('mark').textContent.includes('普遍定期审议'));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(marks, Value::Bool(true));

    // The next pages hold the other 24: together, exactly the 44 units.
    click(&client, "#next").await;
    wait_for(
        &client,
        "location.search.includes('offset=20') && document.querySelector('#hits').start === 21",
    )
    .await;
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length === 20",
    )
    .await;
    let mut all = first_page.clone();
    all.extend(shown_hits(&client).await);
    click(&client, "#next").await;
    wait_for(
        &client,
        "location.search.includes('offset=40') && document.querySelectorAll('#hits .hit').length === 4",
    )
    .await;
    all.extend(shown_hits(&client).await);
    assert_eq!(sorted(all), expected(&["r0000", "r0001", "r0002", SAMPLE]));

    // A session filter: sessions 21 to 22.
    client
        .find(Locator::Css("#session-from"))
        .await
        .unwrap()
        .send_keys("21")
        .await
        .unwrap();
    client
        .find(Locator::Css("#session-to"))
        .await
        .unwrap()
        .send_keys("22")
        .await
        .unwrap();
    click(&client, "#apply").await;
    wait_for(
        &client,
        "document.getElementById('status').textContent === '共 33 个段落匹配。'",
    )
    .await;
    wait_for(&client, "!location.search.includes('offset')").await;
    screenshot(&client, "2-session-filter").await;

    // A facet narrows the search: session 22 only.
    let facet = client
        .find(Locator::XPath(
            "//ul[@data-facet='session']//a[span[@class='value']='第22届']",
        ))
        .await
        .unwrap();
    facet.click().await.unwrap();
    wait_for(
        &client,
        "document.getElementById('status').textContent === '共 11 个段落匹配。'",
    )
    .await;
    assert_eq!(sorted(shown_hits(&client).await), expected(&["r0002"]));
    let search_link = client.current_url().await.unwrap().to_string();
    assert!(search_link.contains("session=22"), "{search_link}");

    // Open a hit: the whole resolution, that paragraph marked and in view.
    click(&client, "#hits .hit[data-label='OP13']").await;
    wait_for(
        &client,
        "document.querySelector('#resolution:not([hidden]) .para.focus')",
    )
    .await;
    screenshot(&client, "3-resolution").await;
    let focused = client
        .execute(
            "const p = document.querySelector('.para.focus');
             const r = p.getBoundingClientRect();
             return [p.id, r.top >= 0 && r.bottom <= innerHeight,
                     Array.from(p.querySelectorAll('mark')).map(m => m.textContent),
                     Array.from(document.querySelectorAll('.para.match')).map(p => p.id)];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused[0], "para-OP13");
    // The footnote stands under the sponsors line whose `*` it explains,
    // and the header's adoption line, title and section heading are there.
    let placed = client
        .execute(
            "return [!!document.querySelector('#para-H4 > #para-FN1.note'),
                     document.querySelector('#para-FN1').textContent,
                     !!document.querySelector('#para-TITLE'),
                     !!document.querySelector('#para-HD1.heading')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        placed,
        json!([true, "FN1* 非人权理事会成员国。", true, true])
    );
    assert_eq!(
        focused[1],
        Value::Bool(true),
        "the paragraph is scrolled into view"
    );
    assert_eq!(focused[2], json!(["普遍定期审议"]));
    let matching: Vec<String> = UPR_LABELS.iter().map(|l| format!("para-{l}")).collect();
    let mut shown: Vec<String> = serde_json::from_value(focused[3].clone()).unwrap();
    shown.sort();
    let mut matching_sorted = matching.clone();
    matching_sorted.sort();
    assert_eq!(shown, matching_sorted);

    // The permalink of the open resolution reproduces it in a new page.
    let resolution_link = client.current_url().await.unwrap().to_string();
    assert!(resolution_link.contains("id=r0002"), "{resolution_link}");
    client.goto("about:blank").await.unwrap();
    client.goto(&resolution_link).await.unwrap();
    wait_for(&client, "document.querySelector('.para.focus')").await;
    assert_eq!(
        client
            .execute("return document.querySelector('.para.focus').id;", vec![])
            .await
            .unwrap(),
        "para-OP13"
    );

    // The search permalink too.
    client.goto(&search_link).await.unwrap();
    watch_csp(&client).await;
    wait_for(
        &client,
        "document.getElementById('status').textContent === '共 11 个段落匹配。'",
    )
    .await;
    assert_eq!(sorted(shown_hits(&client).await), expected(&["r0002"]));
    assert_eq!(
        client
            .find(Locator::Css("#q"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap(),
        Some("普遍定期审议".to_string())
    );

    // Download the CSV of the current results.
    click(&client, "#csv").await;
    let csv_path = downloads.join("hrsearch.csv");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !csv_path.is_file() {
        assert!(Instant::now() < deadline, "the CSV was not downloaded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let body = std::fs::read(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(body.strip_prefix("\u{feff}".as_bytes()).unwrap());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[2].to_string(), r[11].to_string())
        })
        .collect();
    assert_eq!(sorted(rows), expected(&["r0002"]));

    // The page works under its strict Content-Security-Policy: nothing it
    // did was blocked, and the policy is in force (an inline script is).
    let violations = client
        .execute("return window.__violations;", vec![])
        .await
        .unwrap();
    assert_eq!(violations, json!([]), "the page broke its own policy");
    for page in ["/", "/?q=%E6%99%AE%E9%81%8D&id=r0002"] {
        client.goto(&server.url(page)).await.unwrap();
        watch_csp(&client).await;
        wait_for(
            &client,
            "document.getElementById('status').textContent !== '' \
             || document.querySelector('#res-body .para')",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let violations = client
            .execute("return window.__violations;", vec![])
            .await
            .unwrap();
        assert_eq!(
            violations,
            json!([]),
            "{page}: the page broke its own policy"
        );
    }
    let inline_ran = client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; \
             document.body.appendChild(s); return window.__inline === 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        inline_ran,
        json!(false),
        "an inline script ran despite the policy"
    );

    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_fits_a_narrow_screen_and_reports_bad_queries() {
    let (dir, index) = corpus_index();
    let server = Server::start(&index);
    let driver = Driver::start();
    let client = browser(&driver, dir.path(), 390, 844).await;
    client
        .goto(&server.url("/?q=%E6%99%AE%E9%81%8D%E5%AE%9A%E6%9C%9F%E5%AE%A1%E8%AE%AE"))
        .await
        .unwrap();
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length === 20",
    )
    .await;
    screenshot(&client, "4-narrow").await;
    let layout = client
        .execute(
            "return [document.documentElement.scrollWidth <= innerWidth,
                     document.getElementById('filters').getBoundingClientRect().top
                       > document.getElementById('results').getBoundingClientRect().top];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        layout,
        json!([true, true]),
        "no sideways scrolling; filters below the hits"
    );

    // A malformed query gets the server's message, not an empty page.
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("\"普遍定期").await.unwrap();
    click(&client, "#go").await;
    wait_for(
        &client,
        "document.getElementById('status').textContent.includes('quote')",
    )
    .await;
    assert_eq!(shown_hits(&client).await, Vec::<(String, String)>::new());
    client.close().await.unwrap();
}

/// Whether the page scrolls sideways, and the element that sticks out
/// furthest past the right edge (for the failure message).
async fn sideways(client: &Client) -> Value {
    client
        .execute(
            "let worst = null, right = innerWidth;
             for (const e of document.querySelectorAll('body *')) {
               const r = e.getBoundingClientRect();
               if (r.width && r.right > right + 0.5) { right = r.right; worst = e.tagName + '#' + e.id + '.' + e.className; }
             }
             return [document.documentElement.scrollWidth > innerWidth, worst];",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_speaks_chinese_browses_and_shows_a_whole_header() {
    let (dir, index) = corpus_index();
    // An adopted General Assembly resolution, for its symbol.
    let ga = dir.path().join("ga");
    std::fs::create_dir_all(&ga).unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ga-70-item69b-adopted.txt"),
        ga.join("ga.txt"),
    )
    .unwrap();
    common::index_folder(&index, &ga);
    let server = Server::start(&index);
    let driver = Driver::start();
    let client = browser(&driver, dir.path(), 1280, 900).await;

    // Regression: the interface was English in a page marked zh-Hans.
    client.goto(&server.url("/")).await.unwrap();
    watch_csp(&client).await;
    wait_for(
        &client,
        "document.getElementById('status').textContent !== ''",
    )
    .await;
    screenshot(&client, "5-chinese-home").await;
    let chinese = client
        .execute(
            "return [document.documentElement.lang, document.getElementById('go').textContent,
                     document.getElementById('apply').textContent,
                     document.querySelector('#kind option[value=op]').textContent,
                     document.getElementById('language').textContent];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        chinese,
        json!(["zh-Hans", "搜索", "应用筛选", "执行段落", "English"])
    );

    // The English switch keeps the view and puts itself in the URL.
    client
        .goto(&server.url("/?q=%E7%BB%8F%E9%AA%8C"))
        .await
        .unwrap();
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length > 0",
    )
    .await;
    click(&client, "#language").await;
    wait_for(&client, "document.documentElement.lang === 'en'").await;
    assert!(client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("lang=en"));
    wait_for(
        &client,
        "document.getElementById('status').textContent.endsWith('paragraphs match.')",
    )
    .await;
    assert_eq!(text_of(&client, "#go").await, "Search");
    assert_eq!(text_of(&client, "#language").await, "中文");
    screenshot(&client, "6-english").await;
    click(&client, "#language").await;
    wait_for(&client, "document.documentElement.lang === 'zh-Hans'").await;
    assert!(!client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("lang="));

    // Regression: an empty query with a filter said "No paragraph matches."
    // (the API answered 400). Filters alone browse: session 22 is r0002.
    client.goto(&server.url("/?session=22")).await.unwrap();
    wait_for(
        &client,
        "document.getElementById('status').textContent === '共 34 个段落匹配。'",
    )
    .await;
    screenshot(&client, "7-browse").await;
    let hits = shown_hits(&client).await;
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|(id, _)| id == "r0002"), "{hits:?}");
    assert_eq!(
        client
            .execute("return !document.getElementById('pager').hidden;", vec![])
            .await
            .unwrap(),
        json!(true)
    );

    // Regression: after an error the old pager and CSV link stayed.
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.send_keys("\"普遍").await.unwrap();
    click(&client, "#go").await;
    wait_for(
        &client,
        "document.getElementById('status').className.includes('error')",
    )
    .await;
    screenshot(&client, "8-error").await;
    let cleared = client
        .execute(
            "const shown = id => getComputedStyle(document.getElementById(id)).display !== 'none';
             return [shown('pager'), shown('actions'), document.querySelectorAll('#hits .hit').length,
                     document.getElementById('status').textContent];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(cleared[0], json!(false), "the pager stayed");
    assert_eq!(cleared[1], json!(false), "the CSV link stayed");
    assert_eq!(cleared[2], json!(0));
    assert!(cleared[3]
        .as_str()
        .unwrap()
        .starts_with("出错：invalid query"));

    // No hits under a filter: the page says which values there are.
    client
        .goto(&server.url("/?q=%22%E7%BB%8F%E9%AA%8C%22&session=30"))
        .await
        .unwrap();
    wait_for(&client, "!document.getElementById('notes').hidden").await;
    let notes = text_of(&client, "#notes").await;
    assert!(notes.contains("筛选条件：session:30。"), "{notes}");
    assert!(
        notes.contains("去掉 session:30 后有 12 个段落匹配；session: 20 (3)、21 (6)、22 (3)"),
        "{notes}"
    );

    // Regression: an open resolution sat below the filter column, and its
    // header lacked the sponsors, the agenda title, the kind.
    client
        .goto(&server.url(&format!(
            "/?q=%E6%99%AE%E9%81%8D%E5%AE%9A%E6%9C%9F%E5%AE%A1%E8%AE%AE&id={SAMPLE}&para=OP13"
        )))
        .await
        .unwrap();
    wait_for(&client, "document.querySelector('.para.focus')").await;
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(&client, "9-resolution-header").await;
    let header = client
        .execute(
            "const field = k => { const f = document.querySelector(`#res-header [data-field=${k}] dd`); return f ? f.textContent : null; };
             return [document.getElementById('resolution').getBoundingClientRect().top,
                     getComputedStyle(document.getElementById('filters')).display,
                     field('session'), field('agenda_item'), field('document_kind'),
                     field('organ'), field('sponsors'),
                     document.getElementById('res-permalink').getAttribute('href')];",
            vec![],
        )
        .await
        .unwrap();
    assert!(header[0].as_f64().unwrap() < 120.0, "{header}");
    assert_eq!(header[1], "none");
    assert_eq!(header[2], "第21届会议");
    assert_eq!(header[3], "10 技术援助和能力建设");
    assert_eq!(header[4], "决议草案");
    assert_eq!(header[5], "人权理事会");
    let sponsors = header[6].as_str().unwrap();
    assert!(
        sponsors.starts_with("安哥拉、澳大利亚*、奥地利"),
        "{sponsors}"
    );
    assert!(
        sponsors.contains("委内瑞拉玻利瓦尔共和国*、越南*"),
        "{sponsors}"
    );
    assert!(sponsors.ends_with("（* 非该机构成员）"), "{sponsors}");
    // Regression: "Link to this search" dropped the open resolution.
    let permalink = header[7].as_str().unwrap();
    assert!(
        permalink.contains(&format!("id={SAMPLE}")) && permalink.contains("para=OP13"),
        "{permalink}"
    );
    client.goto(&server.url(permalink)).await.unwrap();
    wait_for(&client, "document.querySelector('.para.focus')").await;
    assert_eq!(
        client
            .execute("return document.querySelector('.para.focus').id;", vec![])
            .await
            .unwrap(),
        "para-OP13"
    );

    // A symbol links to the official document.
    let ga_id = client
        .execute(
            "return fetch('/api/search?q=' + encodeURIComponent('organ:ga kind:title'))
               .then(r => r.json()).then(j => j.hits[0].doc_id);",
            vec![],
        )
        .await
        .unwrap();
    let ga_id = ga_id.as_str().unwrap().to_string();
    client
        .goto(&server.url(&format!("/?id={}", ga_id.replace('/', "%2F"))))
        .await
        .unwrap();
    wait_for(&client, "document.querySelector('#res-header a.official')").await;
    screenshot(&client, "10-symbol-link").await;
    let link = client
        .execute(
            "const a = document.querySelector('#res-header a.official'); return [a.textContent, a.href];",
            vec![],
        )
        .await
        .unwrap();
    let symbol = link[0].as_str().unwrap();
    assert!(symbol.starts_with("A/RES/70/"), "{link}");
    assert_eq!(link[1], format!("https://undocs.org/zh/{symbol}"));

    // Regression: at 420 px the page scrolled sideways. Every view fits in
    // 360 px.
    client.set_window_size(360, 800).await.unwrap();
    for (name, page) in [
        (
            "11-narrow-search",
            "/?q=%E6%99%AE%E9%81%8D%E5%AE%9A%E6%9C%9F%E5%AE%A1%E8%AE%AE".to_string(),
        ),
        (
            "12-narrow-resolution",
            format!("/?q=%E7%BB%8F%E9%AA%8C&id={SAMPLE}&para=OP5"),
        ),
        ("13-narrow-browse", "/?session=20..22&lang=en".to_string()),
    ] {
        client.goto(&server.url(&page)).await.unwrap();
        wait_for(
            &client,
            "document.querySelectorAll('#hits .hit').length > 0 || document.querySelector('.para.focus')",
        )
        .await;
        screenshot(&client, name).await;
        assert_eq!(sideways(&client).await, json!([false, null]), "{page}");
    }
    let violations = client
        .execute("return window.__violations || [];", vec![])
        .await
        .unwrap();
    assert_eq!(violations, json!([]));
    client.close().await.unwrap();
}

/// The Haiti resolution with its English beside it, indexed.
fn bilingual_index() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/realdocs");
    for lang in ["zh", "en"] {
        let name =
            format!("ECOSOC_2023_agenda12e_Haiti-long-term-support_RES_E-2023-L.25.{lang}.txt");
        std::fs::copy(real.join(&name), docs.join(&name)).unwrap();
    }
    let index = dir.path().join("index");
    common::index_folder(&index, &docs);
    (dir, index)
}

/// The boxes of the first hit's Chinese and English snippets:
/// `[zh.left, zh.bottom, en.left, en.top]`.
async fn snippet_boxes(client: &Client, row: &str) -> Vec<f64> {
    let value = client
        .execute(
            &format!(
                "const row = document.querySelector({row:?});
                 const zh = row.querySelector('[lang=zh-Hans]').getBoundingClientRect();
                 const en = row.querySelector('[lang=en]').getBoundingClientRect();
                 return [zh.left, zh.bottom, en.left, en.top];"
            ),
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(value).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_stands_beside_the_chinese_with_its_match_marked() {
    let (dir, index) = bilingual_index();
    let server = Server::start(&index);
    let driver = Driver::start();
    let client = browser(&driver, dir.path(), 1280, 900).await;
    client
        .goto(&server.url("/?q=%22multifaceted+crisis+in+Haiti%22"))
        .await
        .unwrap();
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length === 1",
    )
    .await;
    screenshot(&client, "8-bilingual-hit").await;
    let id = "ECOSOC_2023_agenda12e_Haiti-long-term-support_RES_E-2023-L.25.zh";
    assert_eq!(
        shown_hits(&client).await,
        [(id.to_string(), "PP2".to_string())]
    );
    // The match is marked in the English, the language that matched.
    assert_eq!(
        text_of(&client, "#hits .hit [lang=en] mark").await,
        "multifaceted crisis in Haiti"
    );
    assert!(client
        .find(Locator::Css("#hits .hit [lang=zh-Hans] mark"))
        .await
        .is_err());
    // Side by side on a wide screen.
    let [zh_left, _, en_left, _] = snippet_boxes(&client, "#hits .hit").await[..] else {
        panic!("two boxes");
    };
    assert!(en_left > zh_left + 200.0, "{zh_left} {en_left}");

    // Only the English asked for: the same unit; only the Chinese: none.
    client
        .goto(&server.url("/?q=%22multifaceted+crisis+in+Haiti%22&text=zh"))
        .await
        .unwrap();
    wait_for(
        &client,
        "document.getElementById('status').textContent.length > 0",
    )
    .await;
    assert_eq!(shown_hits(&client).await, Vec::<(String, String)>::new());

    // The resolution: each unit with its English, and the units of the
    // English text alone.
    client
        .goto(&server.url(&format!("/?q=Haiti&id={id}&para=PP2")))
        .await
        .unwrap();
    wait_for(&client, "document.querySelector('#para-PP2 [lang=en]')").await;
    watch_csp(&client).await;
    // The page's own links keep the policy: back to the hits and again.
    click(&client, "#back").await;
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length > 0",
    )
    .await;
    client.back().await.unwrap();
    wait_for(&client, "document.querySelector('#para-PP2 [lang=en]')").await;
    screenshot(&client, "9-bilingual-resolution").await;
    assert!(text_of(&client, "#para-PP2 [lang=en]")
        .await
        .starts_with("Deeply concerned"));
    assert_eq!(text_of(&client, "#para-PP2 [lang=en] mark").await, "Haiti");
    assert!(text_of(&client, "#para-EN-OP1")
        .await
        .contains("Requests the Ad Hoc Advisory Group"));
    assert!(client
        .find(Locator::Css("#para-PP4 [lang=en]"))
        .await
        .is_err());
    let violations = client
        .execute("return window.__violations;", vec![])
        .await
        .unwrap();
    assert_eq!(violations, json!([]));
    client.close().await.unwrap();

    // One under the other on a narrow screen.
    let client = browser(&driver, dir.path(), 390, 844).await;
    client
        .goto(&server.url("/?q=%22multifaceted+crisis+in+Haiti%22"))
        .await
        .unwrap();
    wait_for(
        &client,
        "document.querySelectorAll('#hits .hit').length === 1",
    )
    .await;
    screenshot(&client, "10-bilingual-narrow").await;
    let [_, zh_bottom, _, en_top] = snippet_boxes(&client, "#hits .hit").await[..] else {
        panic!("two boxes");
    };
    assert!(en_top >= zh_bottom - 1.0, "{zh_bottom} {en_top}");
    assert_eq!(sideways(&client).await, json!([false, null]));
    client.close().await.unwrap();
}
