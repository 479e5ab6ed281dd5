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
    assert_eq!(text_of(&client, "#status").await, "44 paragraphs match.");
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
        "document.getElementById('status').textContent === '33 paragraphs match.'",
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
        "document.getElementById('status').textContent === '11 paragraphs match.'",
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
        "document.getElementById('status').textContent === '11 paragraphs match.'",
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
            "document.getElementById('status').textContent !== ''",
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
