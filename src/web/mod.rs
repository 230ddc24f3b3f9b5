//! The web configuration of exporters (`--web.config.file`): TLS with
//! rustls, client certificates, basic auth with bcrypt hashes, and extra
//! response headers, in the YAML of prometheus/exporter-toolkit's `web`
//! package (v0.8.2, the version of Debian's node-exporter 1.5), so one file
//! serves every exporter of a fleet. Behind the `tls` feature.
//!
//! Give the file's path to the server in
//! [`ServeOpts::web_config_file`](crate::http::ServeOpts::web_config_file);
//! [`validate`] checks a file before that (a bad file is refused at start
//! with a clear error, as exporter-toolkit refuses it).
//!
//! ```yaml
//! tls_server_config:
//!   cert_file: server.crt          # relative to the file's directory
//!   key_file: server.key
//!   client_auth_type: RequireAndVerifyClientCert
//!   client_ca_file: clients-ca.crt
//!   min_version: TLS12
//! basic_auth_users:
//!   prometheus: $2y$10$...         # bcrypt hash (htpasswd -nBC 10 prometheus)
//! http_server_config:
//!   headers:
//!     X-Frame-Options: deny
//! ```
//!
//! Departures from Go, the first two named in the server's error log at
//! start ([`departures`]): rustls speaks TLS 1.2 and 1.3 only, without CBC
//! or RSA-key-exchange suites or the P-521 curve; a `Verify…` client auth
//! type without `client_ca_file` verifies no certificate (Go uses the
//! system's roots). HTTP/2 is not offered (the `http2` setting only keeps
//! Go's check of the cipher suites, made at start as Go makes it). ring,
//! under rustls, signs with RSA keys of 2048 to 4096 bits and ECDSA P-256
//! and P-384 keys only (a server key outside that is refused at start), and
//! verifies no client certificate on P-521. A password hash must be one the
//! `bcrypt` crate checks (`$2a$`, `$2b$`, `$2y$`, 60 characters); Go also
//! reads a few older forms. A header value's line breaks become spaces, as
//! Go sends them; other control characters are refused at start.

mod auth_cache;
mod basic_auth;
mod client_cert;
mod config;
mod gate;
mod tls;

pub use config::{
    CipherSuite, Curve, HttpServerConfig, TlsServerConfig, TlsVersion, WebConfig,
    WebConfigError,
};
pub(crate) use gate::Gate;
pub use gate::validate;
pub use tls::departures;
