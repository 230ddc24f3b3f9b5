//! Pushing a batch job's metrics to a Pushgateway. Mirrors client_golang
//! 1.14's `push/push.go`: the same builder, the same URL (grouping labels
//! escaped as Go escapes them, base64 for values holding `/`), the same
//! checks and the same error texts. Two differences: the grouping labels
//! go into the URL sorted by name (Go's map order varies from push to
//! push; the Pushgateway reads them as a set), and only `http://` URLs are
//! supported (no TLS client yet).

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, StatusCode};

use crate::collector::Collector;
use crate::compact_text::CompactMetric;
use crate::encode::{EncodeError, Format};
use crate::gather::Gatherer;
use crate::gather_error::GatherError;
use crate::gatherers::Gatherers;
use crate::http_client::{send, split_url};
use crate::labels::is_valid_label_name;
use crate::registry::{RegisterError, Registry};

/// Why a push or delete failed. Each text is Go's, but for the transport's.
#[derive(Debug)]
pub enum PushError {
    /// `Pusher::new` was given an empty job name.
    JobEmpty,
    /// A grouping label's name is not a valid label name.
    InvalidGroupingName(String),
    /// A collector could not be registered with the pusher's registry.
    Register(RegisterError),
    /// Gathering failed.
    Gather(GatherError),
    /// A pushed metric has a `job` label (the grouping key holds the job).
    JobLabel {
        /// The family.
        family: String,
        /// The metric, in Go's compact text.
        metric: String,
    },
    /// A pushed metric has a label of the grouping key.
    GroupingLabel {
        /// The family.
        family: String,
        /// The metric, in Go's compact text.
        metric: String,
        /// The label.
        label: String,
    },
    /// A family could not be encoded.
    Encode {
        /// The family.
        family: String,
        /// Why.
        err: EncodeError,
    },
    /// The URL is not one this client can reach (`http://host:port/...`).
    Url(String),
    /// The request could not be made or answered.
    Transport {
        /// The method, as Go's `url.Error` names it (`Put`, `Post`, `Delete`).
        method: &'static str,
        /// The URL.
        url: String,
        /// What went wrong.
        err: String,
    },
    /// The Pushgateway answered with an unexpected status.
    Status {
        /// Whether it was a delete (else a push).
        deleting: bool,
        /// The status code.
        code: u16,
        /// The URL.
        url: String,
        /// The answer's body.
        body: String,
    },
}

impl std::fmt::Display for PushError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushError::JobEmpty => f.write_str("job name is empty"),
            PushError::InvalidGroupingName(name) => {
                write!(f, "grouping label has invalid name: {name}")
            }
            PushError::Register(err) => err.fmt(f),
            PushError::Gather(err) => err.fmt(f),
            PushError::JobLabel { family, metric } => {
                write!(
                    f,
                    "pushed metric {family} ({metric}) already contains a job label"
                )
            }
            PushError::GroupingLabel { family, metric, label } => {
                write!(
                    f,
                    "pushed metric {family} ({metric}) already contains grouping label {label}"
                )
            }
            // "familty" is Go's spelling.
            PushError::Encode { family, err } => {
                write!(f, "failed to encode metric familty {family}, error is {err}")
            }
            PushError::Url(url) => write!(
                f,
                "unsupported URL {url:?}: only http://host[:port] URLs can be pushed to"
            ),
            PushError::Transport { method, url, err } => {
                write!(f, "{method} \"{url}\": {err}")
            }
            PushError::Status { deleting, code, url, body } => {
                let doing = if *deleting { "deleting" } else { "pushing to" };
                write!(f, "unexpected status code {code} while {doing} {url}: {body}")
            }
        }
    }
}

impl std::error::Error for PushError {}

/// Pushes to a Pushgateway (Go's `push.Pusher`): collectors and gatherers,
/// a grouping key, basic auth and a format, set with a builder.
///
/// ```no_run
/// use promreg::push::Pusher;
/// use promreg::{Gauge, Opts};
///
/// let completion = Gauge::new(Opts::new("db_backup_last_completion_timestamp_seconds", "The last completed backup."));
/// completion.set_to_current_time();
/// Pusher::new("http://pushgateway:9091", "db_backup").collector(Box::new(completion)).grouping("db", "customers").push()?;
/// # Ok::<(), promreg::push::PushError>(())
/// ```
pub struct Pusher {
    error: Option<PushError>,
    url: String,
    job: String,
    grouping: BTreeMap<String, String>,
    registry: Arc<Registry>,
    gatherers: Vec<Arc<dyn Gatherer>>,
    basic_auth: Option<(String, String)>,
    format: Format,
}

impl std::fmt::Debug for Pusher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pusher")
            .field("url", &self.url)
            .field("job", &self.job)
            .field("grouping", &self.grouping)
            .finish()
    }
}

impl Pusher {
    /// Go's `push.New`: a pusher to the Pushgateway at `url` (`http://` is
    /// added if it names no scheme) for `job`, in protobuf.
    pub fn new(url: &str, job: &str) -> Pusher {
        let url =
            if url.contains("://") { url.to_owned() } else { format!("http://{url}") };
        let registry = Arc::new(Registry::new());
        Pusher {
            error: job.is_empty().then_some(PushError::JobEmpty),
            url: url.strip_suffix('/').unwrap_or(&url).to_owned(),
            job: job.to_owned(),
            grouping: BTreeMap::new(),
            gatherers: vec![registry.clone()],
            registry,
            basic_auth: None,
            format: Format::ProtoDelim,
        }
    }

    /// Go's `Collector`: pushes `collector`'s metrics too (registered with
    /// the pusher's own registry; an error shows at the push).
    pub fn collector(mut self, collector: Box<dyn Collector>) -> Pusher {
        if self.error.is_none()
            && let Err(err) = self.registry.register(collector)
        {
            self.error = Some(PushError::Register(err));
        }
        self
    }

    /// Go's `Gatherer`: pushes `gatherer`'s metrics too.
    pub fn gatherer(mut self, gatherer: Arc<dyn Gatherer>) -> Pusher {
        self.gatherers.push(gatherer);
        self
    }

    /// Go's `Grouping`: adds a label to the grouping key.
    pub fn grouping(mut self, name: &str, value: &str) -> Pusher {
        if self.error.is_none() {
            if is_valid_label_name(name) {
                self.grouping.insert(name.to_owned(), value.to_owned());
            } else {
                self.error = Some(PushError::InvalidGroupingName(name.to_owned()));
            }
        }
        self
    }

    /// Go's `BasicAuth`.
    pub fn basic_auth(mut self, username: &str, password: &str) -> Pusher {
        self.basic_auth = Some((username.to_owned(), password.to_owned()));
        self
    }

    /// Go's `Format`: the format pushed in (protobuf by default).
    pub fn format(mut self, format: Format) -> Pusher {
        self.format = format;
        self
    }

    /// Go's `Error`: the error a push would return before sending anything.
    pub fn error(&self) -> Option<&PushError> {
        self.error.as_ref()
    }

    /// Go's `Push` (HTTP PUT): replaces every metric of the grouping key.
    pub fn push(&mut self) -> Result<(), PushError> {
        self.send(Method::PUT)
    }

    /// Go's `Add` (HTTP POST): replaces only the metrics of the names pushed.
    pub fn add(&mut self) -> Result<(), PushError> {
        self.send(Method::POST)
    }

    /// Go's `Delete`: removes every metric of the grouping key.
    pub fn delete(&mut self) -> Result<(), PushError> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        let (code, body) = self.request(Method::DELETE, Bytes::new())?;
        if code != StatusCode::ACCEPTED {
            return Err(PushError::Status {
                deleting: true,
                code: code.as_u16(),
                url: self.full_url(),
                body,
            });
        }
        Ok(())
    }

    fn send(&mut self, method: Method) -> Result<(), PushError> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        let body = self.encode()?;
        let (code, body) = self.request(method, body.into())?;
        if code != StatusCode::OK && code != StatusCode::ACCEPTED {
            return Err(PushError::Status {
                deleting: false,
                code: code.as_u16(),
                url: self.full_url(),
                body,
            });
        }
        Ok(())
    }

    /// Gathers and encodes, refusing `job` and grouping labels, as Go does.
    fn encode(&self) -> Result<Vec<u8>, PushError> {
        let families =
            Gatherers(self.gatherers.clone()).gather().map_err(PushError::Gather)?;
        let mut out = Vec::new();
        for mf in &families {
            for m in &mf.metric {
                let metric = || CompactMetric(m).to_string();
                for label in &m.label {
                    if label.name() == "job" {
                        return Err(PushError::JobLabel {
                            family: mf.name().to_owned(),
                            metric: metric(),
                        });
                    }
                    if self.grouping.contains_key(label.name()) {
                        let (family, label) =
                            (mf.name().to_owned(), label.name().to_owned());
                        return Err(PushError::GroupingLabel {
                            family,
                            metric: metric(),
                            label,
                        });
                    }
                }
            }
            self.format
                .append(&mut out, mf)
                .map_err(|err| PushError::Encode { family: mf.name().to_owned(), err })?;
        }
        Ok(out)
    }

    /// Go's `fullURL`: `<url>/metrics/job/<job>/<name>/<value>...`.
    fn full_url(&self) -> String {
        let mut url = format!("{}/metrics", self.url);
        let key = std::iter::once(("job", self.job.as_str()))
            .chain(self.grouping.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for (name, value) in key {
            match encode_component(value) {
                (encoded, true) => url += &format!("/{name}@base64/{encoded}"),
                (encoded, false) => url += &format!("/{name}/{encoded}"),
            }
        }
        url
    }

    /// Sends one request to the grouping key's URL; the status and body.
    fn request(
        &self,
        method: Method,
        body: Bytes,
    ) -> Result<(StatusCode, String), PushError> {
        let url = self.full_url();
        let transport = |err: String| PushError::Transport {
            method: go_method(&method),
            url: url.clone(),
            err,
        };
        let (authority, path) =
            split_url(&url).ok_or_else(|| PushError::Url(url.clone()))?;
        let mut request = Request::builder()
            .method(method.clone())
            .uri(path)
            .header("host", authority.as_str());
        if !body.is_empty() || method != Method::DELETE {
            request = request.header("content-type", self.format.content_type());
        }
        if let Some((user, password)) = &self.basic_auth {
            let credentials = STANDARD.encode(format!("{user}:{password}"));
            request = request.header("authorization", format!("Basic {credentials}"));
        }
        let request =
            request.body(Full::new(body)).map_err(|err| transport(err.to_string()))?;
        let (status, body) = send(&authority, request).map_err(transport)?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}

/// Go's `encodeComponent`: `=` for an empty value (base64 of nothing),
/// base64 (URL alphabet, no padding) for one holding `/`, else the value
/// query-escaped.
fn encode_component(value: &str) -> (String, bool) {
    if value.is_empty() {
        return ("=".to_owned(), true);
    }
    if value.contains('/') {
        return (URL_SAFE_NO_PAD.encode(value), true);
    }
    (query_escape(value), false)
}

/// Go's `url.QueryEscape`: letters, digits and `-_.~` stay, a space
/// becomes `+`, every other byte `%XX`.
fn query_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out += &format!("%{b:02X}"),
        }
    }
    out
}

/// How Go's `url.Error` names a method.
fn go_method(method: &Method) -> &'static str {
    match *method {
        Method::PUT => "Put",
        Method::POST => "Post",
        _ => "Delete",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's URLs for a grouping key: query escaping, base64 for `/`, `=`
    /// for an empty value.
    #[test]
    fn builds_gos_urls() {
        let pusher = Pusher::new("localhost:9091/", "some job")
            .grouping("instance", "a/b")
            .grouping("empty", "");
        assert_eq!(
            pusher.full_url(),
            "http://localhost:9091/metrics/job/some+job/empty@base64/=/instance@base64/YS9i"
        );
        let pusher = Pusher::new("http://gw", "j/x").grouping("path", "ä&=?");
        assert_eq!(
            pusher.full_url(),
            "http://gw/metrics/job@base64/ai94/path/%C3%A4%26%3D%3F"
        );
    }

    #[test]
    fn refuses_what_go_refuses_before_sending() {
        assert_eq!(
            Pusher::new("gw", "").push().unwrap_err().to_string(),
            "job name is empty"
        );
        let mut bad = Pusher::new("gw", "j").grouping("in-valid", "x");
        assert_eq!(
            bad.push().unwrap_err().to_string(),
            "grouping label has invalid name: in-valid"
        );
    }
}
