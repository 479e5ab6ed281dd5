//! The local web page and its JSON API (`hrsearch serve`): the same search,
//! filters and fields as the command line, read-only, over HTTP on
//! localhost. The page's assets are compiled into the binary.
//!
//! Routes:
//! - `GET /`: the search page (`/app.js`, `/style.css` beside it);
//! - `GET /api/search?q=…`: results as `search --json` gives them;
//! - `GET /api/search.csv?q=…`: the same results as CSV (UTF-8 with BOM),
//!   up to 10,000 rows;
//! - `GET /api/resolution/{id}`: a whole resolution (`?highlight=QUERY`
//!   adds `matching_paragraphs` and, per matching paragraph, `highlights`);
//! - `GET /api/stats`: what the index holds.
//!
//! Errors are `{"error": "..."}` with 400 (a malformed query or parameter),
//! 404 (an unknown resolution or path), 503 (a request over its time) or 500.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::Error;
use crate::output::{self, Format};
use crate::search::query::Filter;
use crate::search::snippet::match_char_spans;
use crate::search::{SearchOptions, SortOrder};
use crate::HrIndex;

/// Most hits (or resolutions) one API request returns.
pub const MAX_API_LIMIT: usize = 100;
/// Most rows one CSV download holds.
pub const MAX_CSV_LIMIT: usize = crate::search::MAX_LIMIT;
/// Furthest into the results a page may start.
pub const MAX_API_OFFSET: usize = 10_000;
/// Time one request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the server looks for a new commit of the index.
const RELOAD_INTERVAL: Duration = Duration::from_secs(1);

const INDEX_HTML: &str = include_str!("serve/index.html");
const APP_JS: &str = include_str!("serve/app.js");
const STYLE_CSS: &str = include_str!("serve/style.css");

/// The filters the API takes as parameters, by name.
const FILTER_PARAMS: [&str; 11] = [
    "session", "agenda", "kind", "organ", "para", "symbol", "year", "sponsor", "cites", "title",
    "adopted",
];

struct Shared {
    index: HrIndex,
    last_reload: Mutex<Instant>,
    timeout: Duration,
}

impl Shared {
    /// Makes searches see the index's last commit, at most once a second.
    fn refresh(&self) -> Result<(), Error> {
        let mut last = self.last_reload.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() >= RELOAD_INTERVAL {
            self.index.reload()?;
            *last = Instant::now();
        }
        Ok(())
    }
}

/// The server's routes over `index`, answering each request within `timeout`.
pub fn router(index: HrIndex, timeout: Duration) -> Router {
    let shared = Arc::new(Shared {
        index,
        last_reload: Mutex::new(Instant::now()),
        timeout,
    });
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route("/api/search", get(search_json))
        .route("/api/search.csv", get(search_csv))
        .route("/api/resolution/{*id}", get(resolution))
        .route("/api/stats", get(stats))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such page") })
        .with_state(shared)
}

/// Serves `index` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, index: HrIndex) -> std::io::Result<()> {
    axum::serve(listener, router(index, REQUEST_TIMEOUT)).await
}

/// The address `hrsearch serve` listens on unless told otherwise.
pub fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8437))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// An error answered as `{"error": message}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        let status = match error {
            Error::Query { .. } | Error::Filter(_) => StatusCode::BAD_REQUEST,
            Error::UnknownDocument(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, Json(body)).into_response()
    }
}

/// Runs `work` on a blocking thread, answering 503 when it takes longer
/// than the server's timeout (the work itself runs to its end).
async fn run_bounded<T: Send + 'static>(
    shared: &Arc<Shared>,
    work: impl FnOnce(&Shared) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let worker = Arc::clone(shared);
    let task = tokio::task::spawn_blocking(move || {
        worker.refresh()?;
        work(&worker)
    });
    match tokio::time::timeout(shared.timeout, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the request failed: {join}"),
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {:?}; narrow the query",
                shared.timeout
            ),
        )),
    }
}

/// The parameters of a search request.
#[derive(Debug)]
struct SearchRequest {
    query: String,
    options: SearchOptions,
}

impl SearchRequest {
    /// Reads a request; `max_limit` bounds how many hits it may ask for.
    fn from_params(
        params: &HashMap<String, String>,
        max_limit: usize,
    ) -> Result<SearchRequest, ApiError> {
        let query = params
            .get("q")
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .ok_or_else(|| ApiError::bad_request("the parameter `q` (the query) is missing"))?;
        let number = |name: &str, default: usize, max: usize| -> Result<usize, ApiError> {
            match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(value) => match value.parse::<usize>() {
                    Ok(n) if n <= max => Ok(n),
                    _ => Err(ApiError::bad_request(format!(
                        "`{name}` must be a whole number from 0 to {max}, not {value:?}"
                    ))),
                },
            }
        };
        let limit = number("limit", crate::search::DEFAULT_LIMIT, max_limit)?;
        if limit == 0 {
            return Err(ApiError::bad_request(format!(
                "`limit` must be from 1 to {max_limit}"
            )));
        }
        let offset = number("offset", 0, MAX_API_OFFSET)?;
        let flag = |name: &str| {
            params
                .get(name)
                .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes" | "on"))
        };
        let sort = match params.get("sort").map(String::as_str) {
            None | Some("") | Some("relevance") => SortOrder::Relevance,
            Some("session") => SortOrder::Session,
            Some("paragraph") => SortOrder::Paragraph,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "`sort` must be relevance, session or paragraph, not {other:?}"
                )))
            }
        };
        let mut filters = Vec::new();
        for name in FILTER_PARAMS {
            if let Some(value) = params.get(name).filter(|v| !v.trim().is_empty()) {
                filters.push(Filter::parse(name, value).map_err(ApiError::bad_request)?);
            }
        }
        Ok(SearchRequest {
            query,
            options: SearchOptions {
                filters,
                limit,
                offset,
                sort,
                facets: flag("facets"),
                group: flag("group"),
            },
        })
    }
}

async fn search_json(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_params(&params, MAX_API_LIMIT)?;
    let results = run_bounded(&shared, move |shared| {
        Ok(shared.index.search(&request.query, &request.options)?)
    })
    .await?;
    Ok(Json(results).into_response())
}

async fn search_csv(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_params(&params, MAX_CSV_LIMIT)?;
    let body = run_bounded(&shared, move |shared| {
        let results = shared.index.search(&request.query, &request.options)?;
        let mut body = Vec::new();
        output::write_results(&mut body, &results, Format::Csv { bom: true })
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(body)
    })
    .await?;
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        ),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"hrsearch.csv\""),
        ),
    ];
    Ok((headers, body).into_response())
}

#[derive(Deserialize)]
struct ResolutionParams {
    highlight: Option<String>,
}

async fn resolution(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<ResolutionParams>,
) -> Result<Response, ApiError> {
    let value = run_bounded(&shared, move |shared| {
        let resolution = shared.index.resolution(&id)?;
        let mut value = serde_json::to_value(&resolution)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        if let Some(query) = params.highlight.filter(|q| !q.trim().is_empty()) {
            let (labels, strings) = shared.index.matching_paragraphs(&id, &query)?;
            // Where the query's strings are in each matching paragraph, as
            // [start, end) character offsets.
            let mut highlights = serde_json::Map::new();
            for paragraph in &resolution.paragraphs {
                if labels.contains(&paragraph.label) {
                    let spans = match_char_spans(&paragraph.text, &strings);
                    highlights.insert(paragraph.label.clone(), serde_json::json!(spans));
                }
            }
            if let Some(object) = value.as_object_mut() {
                object.insert("matching_paragraphs".into(), serde_json::json!(labels));
                object.insert("highlights".into(), highlights.into());
            }
        }
        Ok(value)
    })
    .await?;
    Ok(Json(value).into_response())
}

async fn stats(State(shared): State<Arc<Shared>>) -> Result<Response, ApiError> {
    let stats = run_bounded(&shared, |shared| Ok(shared.index.stats()?)).await?;
    Ok(Json(stats).into_response())
}
