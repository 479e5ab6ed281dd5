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
//! Errors are `{"error": "..."}` with 400 (a malformed query or parameter,
//! or one given twice), 404 (an unknown resolution or path), 405 (a method
//! other than GET), 421 (a Host that is not this server's), 503 (a request
//! over its time) or 500 (`internal error`; the details go to stderr only).
//!
//! Locked down for a page on another site: every response carries a strict
//! Content-Security-Policy (scripts, styles and requests from this server
//! only, no framing), `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//! no-referrer` and `X-Frame-Options: DENY`. Bound to a loopback address,
//! the server answers only requests whose Host is a loopback name or the
//! bound address, so a page on another site cannot reach it through DNS
//! rebinding. Searches, exports and resolutions run at most
//! [`ServeOptions::heavy_slots`] at a time and `stats` in a lane of its own;
//! a request waits for a slot within its deadline, and work past the
//! deadline stops before the next segment or hit is read. The searcher is
//! reloaded only when the index has a new commit.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::error::Error;
use crate::output::{self, Format};
use crate::search::query::{Filter, FilterKey};
use crate::search::{self, SearchOptions, SortOrder};
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

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Time one request may take, waiting for a slot included, before it is
    /// answered with 503.
    pub timeout: Duration,
    /// The address the server is bound to: on a loopback address, only
    /// loopback Host names (and this address) are answered.
    pub bound: SocketAddr,
    /// Searches, CSV exports and resolutions that may run at once.
    pub heavy_slots: usize,
}

impl ServeOptions {
    /// The defaults for a server bound to `bound`: [`REQUEST_TIMEOUT`] and
    /// one heavy slot per core (at least two).
    pub fn new(bound: SocketAddr) -> ServeOptions {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            timeout: REQUEST_TIMEOUT,
            bound,
            heavy_slots: cores.max(2),
        }
    }
}

/// The Content-Security-Policy of every response: the page's script, style
/// and requests come from this server only, nothing may frame it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct Shared {
    index: HrIndex,
    last_reload: Mutex<Instant>,
    timeout: Duration,
    /// Slots for searches, exports and resolutions.
    heavy: Arc<tokio::sync::Semaphore>,
    /// One slot for `stats`, so that exports never hold it up.
    light: Arc<tokio::sync::Semaphore>,
}

impl Shared {
    /// Makes searches see the index's last commit: looks for one at most
    /// once a second, and reloads only when there is one, so that the
    /// readers' caches survive while the index does not change.
    fn refresh(&self) -> Result<(), Error> {
        let mut last = self.last_reload.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() >= RELOAD_INTERVAL {
            self.index.reload_if_changed()?;
            *last = Instant::now();
        }
        Ok(())
    }
}

/// The server's routes over `index`, locked down as the module says.
pub fn router(index: HrIndex, options: &ServeOptions) -> Router {
    let shared = Arc::new(Shared {
        index,
        last_reload: Mutex::new(Instant::now()),
        timeout: options.timeout,
        heavy: Arc::new(tokio::sync::Semaphore::new(options.heavy_slots.max(1))),
        light: Arc::new(tokio::sync::Semaphore::new(1)),
    });
    let routes = Router::new()
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
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "only GET is answered here")
        })
        .with_state(shared);
    locked_down(routes, options.bound)
}

/// `routes` locked down for a server bound to `bound`: the Host check,
/// panics answered as `internal error`, and the security headers on every
/// response.
pub fn locked_down(routes: Router, bound: SocketAddr) -> Router {
    let hosts = AllowedHosts::for_address(bound);
    routes
        .layer(axum::middleware::from_fn(move |request, next| {
            check_host(hosts.clone(), request, next)
        }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .layer(axum::middleware::map_response(security_headers))
}

/// Serves `index` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, index: HrIndex) -> std::io::Result<()> {
    let options = ServeOptions::new(listener.local_addr()?);
    axum::serve(listener, router(index, &options)).await
}

/// Adds the security headers to a response.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A panic in a handler: the details go to stderr, the client gets
/// `{"error": "internal error"}`.
fn on_panic(details: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = details
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| details.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    eprintln!("hrsearch: internal error while answering a request: {message}");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// The Host names a server bound to an address answers: for a loopback
/// address, the loopback names and the address itself; for any other,
/// every name.
#[derive(Debug, Clone)]
struct AllowedHosts {
    /// `None`: every Host is answered.
    names: Option<Arc<Vec<String>>>,
}

impl AllowedHosts {
    fn for_address(bound: SocketAddr) -> AllowedHosts {
        if !bound.ip().is_loopback() {
            return AllowedHosts { names: None };
        }
        let ip = match bound.ip() {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        };
        let names = ["localhost", "127.0.0.1", "[::1]", ip.as_str()]
            .iter()
            .map(|name| name.to_string())
            .collect();
        AllowedHosts {
            names: Some(Arc::new(names)),
        }
    }

    /// Whether a request with this Host header is answered.
    fn allows(&self, host: Option<&str>) -> bool {
        let Some(names) = &self.names else {
            return true;
        };
        let Some(host) = host else {
            return false;
        };
        let host = host.trim().to_ascii_lowercase();
        // The name without its port.
        let name = match host.rsplit_once(':') {
            Some((name, port))
                if !name.is_empty()
                    && port.bytes().all(|b| b.is_ascii_digit())
                    && !name.ends_with(':') =>
            {
                name
            }
            _ => host.as_str(),
        };
        names
            .iter()
            .any(|allowed| allowed == name || allowed == &host)
    }
}

/// Refuses a request whose Host is not one this server answers.
async fn check_host(
    hosts: AllowedHosts,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    if hosts.allows(host) {
        next.run(request).await
    } else {
        ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "this server answers only requests to localhost, not to {:?}",
                host.unwrap_or_default()
            ),
        )
        .into_response()
    }
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
            Error::UnknownDocument { .. } => StatusCode::NOT_FOUND,
            Error::AmbiguousDocument { .. } => StatusCode::CONFLICT,
            Error::Timeout => StatusCode::SERVICE_UNAVAILABLE,
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

/// Which slots a request's work takes.
#[derive(Debug, Clone, Copy)]
enum Lane {
    /// Searches, exports and resolutions.
    Heavy,
    /// `stats`.
    Light,
}

/// Runs `work` on a blocking thread once a slot of its lane is free,
/// answering 503 when waiting and working take longer than the server's
/// timeout. `work` gets the deadline, and searches stop at it.
async fn run_bounded<T: Send + 'static>(
    shared: &Arc<Shared>,
    lane: Lane,
    work: impl FnOnce(&Shared, Instant) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let deadline = Instant::now() + shared.timeout;
    let worker = Arc::clone(shared);
    let run = async move {
        let slots = match lane {
            Lane::Heavy => &shared.heavy,
            Lane::Light => &shared.light,
        };
        let permit = Arc::clone(slots).acquire_owned().await.map_err(|_| {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
        })?;
        // The slot goes with the work: a request answered 503 keeps it
        // until its work has stopped, so no more work runs than slots.
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            worker.refresh()?;
            work(&worker, deadline)
        });
        match task.await {
            Ok(result) => result,
            Err(join) => {
                eprintln!("hrsearch: internal error while answering a request: {join}");
                Err(ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error",
                ))
            }
        }
    };
    match tokio::time::timeout_at(deadline.into(), run).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {:?}; narrow the query",
                shared.timeout
            ),
        )),
    }
}

/// The query parameters of a request, each given at most once.
fn single_params(
    params: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<HashMap<String, String>, ApiError> {
    let Query(pairs) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let mut single = HashMap::new();
    for (name, value) in pairs {
        if single.contains_key(&name) {
            return Err(ApiError::bad_request(format!(
                "the parameter `{name}` is given twice"
            )));
        }
        single.insert(name, value);
    }
    Ok(single)
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
        // Without a query, the filters alone say what to list (browsing).
        let query = params
            .get("q")
            .map(|q| q.trim().to_string())
            .unwrap_or_default();
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
        for key in FilterKey::ALL {
            if let Some(value) = params.get(key.name()).filter(|v| !v.trim().is_empty()) {
                filters.push(Filter::read(key, value).map_err(ApiError::bad_request)?);
            }
        }
        if query.is_empty() && filters.is_empty() {
            return Err(ApiError::bad_request(
                "the parameter `q` (the query) is missing, and no filter is given",
            ));
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
    params: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_params(&single_params(params)?, MAX_API_LIMIT)?;
    let results = run_bounded(&shared, Lane::Heavy, move |shared, deadline| {
        Ok(search::search_until(
            &shared.index,
            &request.query,
            &request.options,
            Some(deadline),
        )?)
    })
    .await?;
    Ok(Json(results).into_response())
}

async fn search_csv(
    State(shared): State<Arc<Shared>>,
    params: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_params(&single_params(params)?, MAX_CSV_LIMIT)?;
    let body = run_bounded(&shared, Lane::Heavy, move |shared, deadline| {
        let results = search::search_until(
            &shared.index,
            &request.query,
            &request.options,
            Some(deadline),
        )?;
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

async fn resolution(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    params: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let mut params = single_params(params)?;
    let highlight = params.remove("highlight");
    let shown = run_bounded(&shared, Lane::Heavy, move |shared, _| {
        Ok(search::show(&shared.index, &id, highlight.as_deref())?)
    })
    .await?;
    Ok(Json(shown).into_response())
}

async fn stats(State(shared): State<Arc<Shared>>) -> Result<Response, ApiError> {
    let stats = run_bounded(&shared, Lane::Light, |shared, _| {
        Ok(shared.index.stats()?)
    })
    .await?;
    Ok(Json(stats).into_response())
}
