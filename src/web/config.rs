//! The web configuration file (`--web.config.file`): its YAML, Go's
//! defaults, and the checks made when it is read. Mirrors `Config`,
//! `TLSConfig`, `HTTPConfig`, `getConfig` and `validateHeaderConfig` of
//! exporter-toolkit's `web/tls_config.go` and `web/handler.go` (v0.8.2,
//! the version Debian's node-exporter 1.5 is built with).
//!
//! The file is read again on every connection and every request, as
//! exporter-toolkit reads it, so a new certificate or a changed password
//! takes effect without a restart.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::quote::quoted;

/// Go's `tls.VersionTLS12`.
pub const TLS12: u16 = 0x0303;
/// Go's `tls.VersionTLS13`.
pub const TLS13: u16 = 0x0304;

/// The whole file (Go's `web.Config`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// `tls_server_config`: TLS, and client certificates.
    #[serde(deserialize_with = "null_as_default")]
    pub tls_server_config: TlsServerConfig,
    /// `http_server_config`: HTTP/2 and extra response headers.
    #[serde(deserialize_with = "null_as_default")]
    pub http_server_config: HttpServerConfig,
    /// `basic_auth_users`: user name to bcrypt hash.
    #[serde(deserialize_with = "scalar_map")]
    pub basic_auth_users: BTreeMap<String, String>,
}

/// `tls_server_config` (Go's `web.TLSConfig`). Paths are relative to the
/// file's directory.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TlsServerConfig {
    /// The server's certificate chain (PEM).
    pub cert_file: PathBuf,
    /// Its private key (PEM).
    pub key_file: PathBuf,
    /// One of Go's `tls.ClientAuthType` names; empty is `NoClientCert`.
    pub client_auth_type: String,
    /// CA certificates that client certificates are verified against.
    pub client_ca_file: PathBuf,
    /// TLS 1.2 cipher suites by Go's names; empty is the default set.
    pub cipher_suites: Vec<CipherSuite>,
    /// Key exchange groups by Go's names; empty is the default set.
    pub curve_preferences: Vec<Curve>,
    /// `TLS10` to `TLS13`; Go's default `TLS12`.
    pub min_version: TlsVersion,
    /// `TLS10` to `TLS13`; Go's default `TLS13`.
    pub max_version: TlsVersion,
    /// The server's order of cipher suites rather than the client's.
    pub prefer_server_cipher_suites: bool,
}

impl Default for TlsServerConfig {
    fn default() -> TlsServerConfig {
        TlsServerConfig {
            cert_file: PathBuf::new(),
            key_file: PathBuf::new(),
            client_auth_type: String::new(),
            client_ca_file: PathBuf::new(),
            cipher_suites: Vec::new(),
            curve_preferences: Vec::new(),
            min_version: TlsVersion(TLS12),
            max_version: TlsVersion(TLS13),
            prefer_server_cipher_suites: true,
        }
    }
}

/// `http_server_config` (Go's `web.HTTPConfig`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpServerConfig {
    /// Offer HTTP/2 (Go's default). promreg's server speaks HTTP/1.1 only,
    /// so this changes nothing but the check Go's HTTP/2 makes of
    /// `cipher_suites`.
    pub http2: bool,
    /// Extra response headers; only the security headers Go allows.
    #[serde(deserialize_with = "scalar_map")]
    pub headers: BTreeMap<String, String>,
}

impl Default for HttpServerConfig {
    fn default() -> HttpServerConfig {
        HttpServerConfig { http2: true, headers: BTreeMap::new() }
    }
}

/// A bad web configuration: exporter-toolkit's error texts where it has
/// one, the YAML parser's (with the line) where the file is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebConfigError(pub(crate) String);

impl fmt::Display for WebConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WebConfigError {}

impl WebConfigError {
    pub(crate) fn new(text: impl Into<String>) -> WebConfigError {
        WebConfigError(text.into())
    }
}

// ANCHOR: load
impl WebConfig {
    /// Reads and checks the file (Go's `getConfig`): unknown keys refused,
    /// Go's defaults for what is left out, the headers checked, relative
    /// paths taken from the file's directory.
    pub fn load(path: &Path) -> Result<WebConfig, WebConfigError> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            WebConfigError::new(format!("open {}: {err}", path.display()))
        })?;
        let mut config = WebConfig::parse(&text)?;
        config.tls_server_config.set_directory(path.parent().unwrap_or(Path::new("")));
        Ok(config)
    }

    /// The file's text parsed and checked, paths as written.
    pub fn parse(text: &str) -> Result<WebConfig, WebConfigError> {
        // An empty file (or one holding only comments) is every default.
        let config: Option<WebConfig> = serde_norway::from_str(text)
            .map_err(|err| WebConfigError::new(err.to_string()))?;
        let config = config.unwrap_or_default();
        validate_headers(&config.http_server_config.headers)?;
        Ok(config)
    }

    /// Whether the file asks for TLS at all (Go's `errNoTLSConfig` when not).
    pub fn tls_enabled(&self) -> bool {
        let t = &self.tls_server_config;
        !(t.cert_file.as_os_str().is_empty()
            && t.key_file.as_os_str().is_empty()
            && t.client_auth_type.is_empty()
            && t.client_ca_file.as_os_str().is_empty())
    }
}
// ANCHOR_END: load

impl TlsServerConfig {
    /// Go's `SetDirectory`: relative paths are the file's directory's.
    fn set_directory(&mut self, dir: &Path) {
        for path in [&mut self.cert_file, &mut self.key_file, &mut self.client_ca_file] {
            if !path.as_os_str().is_empty() && path.is_relative() {
                *path = dir.join(&*path);
            }
        }
    }
}

/// The headers a web config may set, and the values allowed where only
/// some are (Go's `extraHTTPHeaders`).
const EXTRA_HTTP_HEADERS: [(&str, &[&str]); 5] = [
    ("Strict-Transport-Security", &[]),
    ("X-Content-Type-Options", &["nosniff"]),
    ("X-Frame-Options", &["deny", "sameorigin"]),
    ("X-XSS-Protection", &[]),
    ("Content-Security-Policy", &[]),
];

/// Go's `validateHeaderConfig`, with its texts (the first bad header in
/// name order: Go's map order varies from run to run).
fn validate_headers(headers: &BTreeMap<String, String>) -> Result<(), WebConfigError> {
    for (name, value) in headers {
        let Some((_, allowed)) = EXTRA_HTTP_HEADERS.iter().find(|(n, _)| n == name)
        else {
            return Err(WebConfigError::new(format!(
                "HTTP header {} can not be configured",
                quoted(name)
            )));
        };
        if !allowed.is_empty() && !allowed.contains(&value.as_str()) {
            let list: Vec<String> =
                allowed.iter().map(|v| quoted(v).to_string()).collect();
            return Err(WebConfigError::new(format!(
                "invalid value for {name}. Expected one of: [{}], but got: {}",
                list.join(" "),
                quoted(value)
            )));
        }
        // Go would send other control characters as they are; HTTP does not
        // allow them, and hyper refuses them: said here rather than the
        // header silently left out.
        let sent = header_value_sent(value);
        if sent.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(WebConfigError::new(format!(
                "invalid value for {name}: {} holds a control character",
                quoted(value)
            )));
        }
    }
    Ok(())
}

/// A TLS 1.2 cipher suite, by one of the names Go's `tls.CipherSuites()`
/// lists (Go refuses every other name, and so does promreg).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CipherSuite(pub String);

/// Go's `tls.CipherSuites()`: the secure suites Go knows by name.
pub(crate) const GO_CIPHER_SUITES: [&str; 17] = [
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
];

impl<'de> Deserialize<'de> for CipherSuite {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CipherSuite, D::Error> {
        let name = String::deserialize(d)?;
        if GO_CIPHER_SUITES.contains(&name.as_str()) {
            Ok(CipherSuite(name))
        } else {
            Err(de::Error::custom(format!("unknown cipher: {name}")))
        }
    }
}

/// A key exchange group, by Go's name (`CurveP256`, `CurveP384`,
/// `CurveP521`, `X25519`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curve(pub String);

pub(crate) const GO_CURVES: [&str; 4] = ["CurveP256", "CurveP384", "CurveP521", "X25519"];

impl<'de> Deserialize<'de> for Curve {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Curve, D::Error> {
        let name = String::deserialize(d)?;
        if GO_CURVES.contains(&name.as_str()) {
            Ok(Curve(name))
        } else {
            Err(de::Error::custom(format!("unknown curve: {name}")))
        }
    }
}

/// A TLS version as Go numbers it (`TLS10` is 0x0301 … `TLS13` 0x0304).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TlsVersion(pub u16);

const TLS_VERSIONS: [(&str, u16); 4] =
    [("TLS10", 0x0301), ("TLS11", 0x0302), ("TLS12", TLS12), ("TLS13", TLS13)];

impl TlsVersion {
    /// Its name in the file.
    pub fn name(self) -> String {
        match TLS_VERSIONS.iter().find(|(_, v)| *v == self.0) {
            Some((name, _)) => (*name).to_owned(),
            None => format!("{:#06x}", self.0),
        }
    }
}

impl<'de> Deserialize<'de> for TlsVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TlsVersion, D::Error> {
        let name = String::deserialize(d)?;
        match TLS_VERSIONS.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(TlsVersion(*v)),
            None => Err(de::Error::custom(format!("unknown TLS version: {name}"))),
        }
    }
}

/// A section written but left empty (`tls_server_config:`) is its
/// defaults, as in Go's YAML.
fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A map of strings where Go's YAML takes any scalar as its text
/// (`X-XSS-Protection: 1`), and refuses a key given twice as yaml.v2's
/// strict mode does (a user listed twice would otherwise keep the last
/// hash without a word).
fn scalar_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    d.deserialize_any(ScalarMap)
}

struct ScalarMap;

impl<'de> de::Visitor<'de> for ScalarMap {
    type Value = BTreeMap<String, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of names to strings")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_map<A: de::MapAccess<'de>>(
        self,
        mut entries: A,
    ) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some((key, value)) =
            entries.next_entry::<String, serde_norway::Value>()?
        {
            let text = match value {
                serde_norway::Value::String(s) => s,
                serde_norway::Value::Number(n) => n.to_string(),
                serde_norway::Value::Bool(b) => b.to_string(),
                serde_norway::Value::Null => String::new(),
                _ => {
                    return Err(de::Error::custom(format!(
                        "the value of {key} must be a string"
                    )));
                }
            };
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "key {} already set in map",
                    quoted(&key)
                )));
            }
            map.insert(key, text);
        }
        Ok(map)
    }
}

/// A header value as Go's server sends it: line breaks become spaces and
/// the ends are trimmed (`headerNewlineToSpace`, `TrimString`), so a long
/// policy written as a YAML block is sent, not dropped.
pub(crate) fn header_value_sent(value: &str) -> String {
    value.replace(['\r', '\n'], " ").trim_matches([' ', '\t']).to_owned()
}
