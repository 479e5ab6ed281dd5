//! The JSON API of `hrsearch serve`, through the real binary on a free
//! localhost port: the same answers as `search --json`, status codes and
//! messages for bad requests, bounds, the CSV download, whole resolutions
//! with their highlights, and a re-index showing up without a restart.

mod common;

use std::time::{Duration, Instant};

use common::{hrsearch, index_folder, sample_index, write_corpus, Server};
use serde_json::Value;

const SAMPLE: &str = "hrc-21-item10-technical-cooperation-draft";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// GETs `url`: status, content type and body.
fn get(url: &str) -> (u16, String, Vec<u8>) {
    let mut response = agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response
        .body_mut()
        .with_config()
        .limit(50 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    (status, content_type, body)
}

fn get_json(url: &str) -> (u16, Value) {
    let (status, content_type, body) = get(url);
    assert!(
        content_type.starts_with("application/json"),
        "{url}: {content_type}"
    );
    (status, serde_json::from_slice(&body).unwrap())
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn labels(results: &Value) -> Vec<String> {
    let mut labels: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["paragraph"].as_str().unwrap().to_string())
        .collect();
    labels.sort();
    labels
}

fn sorted(labels: &[&str]) -> Vec<String> {
    let mut labels: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
    labels.sort();
    labels
}

#[test]
fn search_answers_as_the_command_line_does() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let (status, results) = get_json(&server.url(&format!(
        "/api/search?q={}&limit=20",
        encode("普遍定期审议")
    )));
    assert_eq!(status, 200);
    assert_eq!(results["total"], 11);
    assert_eq!(
        labels(&results),
        sorted(&[
            "PP9", "OP5", "OP9", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16", "HD1"
        ])
    );
    // The same hits, field for field, as `search --json`.
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "search",
        "普遍定期审议",
        "--limit",
        "20",
        "--json",
    ]);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["hits"], cli["hits"]);

    // Filters as parameters, facets on request.
    let (status, results) = get_json(&server.url(&format!(
        "/api/search?q={}&session=19..22&kind=op&facets=1",
        encode("\"普遍定期审议\"")
    )));
    assert_eq!(status, 200);
    assert_eq!(results["total"], 9);
    assert_eq!(results["facets"]["kind"][0]["value"], "operative");
    assert_eq!(results["facets"]["kind"][0]["count"], 9);
    let (_, results) = get_json(&server.url(&format!(
        "/api/search?q={}&session=22",
        encode("普遍定期审议")
    )));
    assert_eq!(results["total"], 0);

    // Paging.
    let (_, page) = get_json(&server.url(&format!(
        "/api/search?q={}&limit=4&offset=8",
        encode("普遍定期审议")
    )));
    assert_eq!(page["hits"].as_array().unwrap().len(), 3);
    assert_eq!(page["hits"][0]["rank"], 9);

    // One group per resolution.
    let (_, grouped) =
        get_json(&server.url(&format!("/api/search?q={}&group=1", encode("普遍定期审议"))));
    assert_eq!(grouped["groups"][0]["summary"], "PP9 OP5 OP9 HD1 OP10–OP16");
}

#[test]
fn bad_requests_get_400_with_a_message() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let long = "人".repeat(1001);
    let cases: [(String, &str); 10] = [
        ("/api/search".to_string(), "`q`"),
        (format!("/api/search?q={}", encode("\"普遍定期")), "quote"),
        (format!("/api/search?q={}", encode("(技术")), "parenthes"),
        (format!("/api/search?q={}", encode("colour:red")), "colour"),
        ("/api/search?q=a&limit=101".to_string(), "`limit`"),
        ("/api/search?q=a&limit=0".to_string(), "`limit`"),
        ("/api/search?q=a&offset=x".to_string(), "`offset`"),
        ("/api/search?q=a&session=abc".to_string(), "session"),
        ("/api/search?q=a&sort=alphabet".to_string(), "`sort`"),
        (format!("/api/search?q={}", encode(&long)), "1000"),
    ];
    for (path, expected) in cases {
        let (status, body) = get_json(&server.url(&path));
        assert_eq!(status, 400, "{path}: {body}");
        let message = body["error"].as_str().unwrap();
        assert!(message.contains(expected), "{path}: {message}");
    }
}

#[test]
fn unknown_resolutions_and_pages_get_404() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let (status, body) = get_json(&server.url("/api/resolution/A/HRC/99/L.1"));
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("A/HRC/99/L.1"));
    let (status, body) = get_json(&server.url("/api/nothing-here"));
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}

#[test]
fn a_whole_resolution_with_its_matching_paragraphs_marked() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let (status, resolution) = get_json(&server.url(&format!(
        "/api/resolution/{SAMPLE}?highlight={}",
        encode("经验")
    )));
    assert_eq!(status, 200);
    assert_eq!(resolution["id"], SAMPLE);
    // All 34 units: the 26 paragraphs, header lines, title, footnote, heading.
    assert_eq!(resolution["paragraphs"].as_array().unwrap().len(), 34);
    assert_eq!(
        resolution["matching_paragraphs"],
        serde_json::json!(["OP5", "OP10", "OP13"])
    );
    // Each span covers 经验 in its paragraph's text.
    for paragraph in resolution["paragraphs"].as_array().unwrap() {
        let label = paragraph["label"].as_str().unwrap();
        let spans = &resolution["highlights"][label];
        if !["OP5", "OP10", "OP13"].contains(&label) {
            assert!(spans.is_null(), "{label}");
            continue;
        }
        let chars: Vec<char> = paragraph["text"].as_str().unwrap().chars().collect();
        let spans = spans.as_array().unwrap();
        assert!(!spans.is_empty(), "{label}");
        for span in spans {
            let (start, end) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[start..end].iter().collect::<String>(),
                "经验",
                "{label}"
            );
        }
    }
    let (status, stats) = get_json(&server.url("/api/stats"));
    assert_eq!(status, 200);
    assert_eq!(stats["resolutions"], 1);
    assert_eq!(stats["paragraphs"], 26);
}

#[test]
fn csv_download_holds_every_matching_paragraph() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let (status, content_type, body) = get(&server.url(&format!(
        "/api/search.csv?q={}&limit=1000",
        encode("普遍定期审议")
    )));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(
        body.starts_with("\u{feff}".as_bytes()),
        "a BOM for spreadsheets"
    );
    let mut reader = csv::Reader::from_reader(&body[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        hrsearch::output::HIT_COLUMNS
    );
    let mut labels: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[11].to_string())
        .collect();
    labels.sort();
    assert_eq!(
        labels,
        sorted(&[
            "PP9", "OP5", "OP9", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16", "HD1"
        ])
    );
    // The JSON API stays bounded even where the CSV is not.
    let (status, _) = get_json(&server.url("/api/search?q=a&limit=1000"));
    assert_eq!(status, 400);
}

#[test]
fn the_page_and_its_assets_are_served() {
    let (_dir, index) = sample_index();
    let server = Server::start(&index);
    let (status, content_type, body) = get(&server.url("/"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("<title>hrsearch</title>") && html.contains("/app.js"));
    let (status, content_type, body) = get(&server.url("/app.js"));
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );
    assert!(String::from_utf8(body).unwrap().contains("/api/search?"));
    let (status, content_type, _) = get(&server.url("/style.css"));
    assert_eq!((status, content_type.starts_with("text/css")), (200, true));
}

#[test]
fn a_new_commit_shows_up_without_a_restart() {
    let (dir, index) = sample_index();
    let server = Server::start(&index);
    let url = server.url(&format!("/api/search?q={}", encode("标记新")));
    assert_eq!(get_json(&url).1["total"], 0);

    let corpus = dir.path().join("more");
    write_corpus(&corpus, 3, "新");
    index_folder(&index, &corpus);
    // The server looks for a new commit at most once a second.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let total = get_json(&url).1["total"].as_u64().unwrap();
        if total == 3 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new commit never showed up ({total})"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_request_over_its_time_gets_503() {
    let (_dir, index) = sample_index();
    let index = hrsearch::HrIndex::open(&index).unwrap();
    // A server whose requests may take no time at all.
    let router = hrsearch::serve::router(index, Duration::from_nanos(1));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, router).await });
    let (status, body) = get_json(&format!("{base}/api/search?q={}", encode("普遍定期审议")));
    assert_eq!(status, 503);
    assert!(
        body["error"].as_str().unwrap().contains("longer than"),
        "{body}"
    );
    // The page itself does not wait on the index.
    let (status, _, _) = get(&format!("{base}/"));
    assert_eq!(status, 200);
}
