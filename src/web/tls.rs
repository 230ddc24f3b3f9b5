//! From a web configuration to a rustls `ServerConfig`. Mirrors
//! exporter-toolkit's `ConfigToTLSConfig` (`web/tls_config.go`): its checks
//! in its order and with its texts, then what Go's `crypto/tls` would take
//! from each setting, in rustls' terms.
//!
//! Where rustls cannot do what Go's TLS does, promreg says so rather than
//! pretend: TLS 1.0 and 1.1, the CBC and RSA-key-exchange suites and the
//! P-521 curve are not in rustls. A file that names them is accepted (Go
//! accepts it) and they are left out; a file left with nothing rustls can
//! offer is refused. [`departures`] lists what was left out.

use std::sync::Arc;

use rustls::crypto::{CryptoProvider, SupportedKxGroup, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::server::danger::ClientCertVerifier;
use rustls::{
    RootCertStore, ServerConfig, SupportedCipherSuite, SupportedProtocolVersion,
};

use crate::web::client_cert::UnverifiedClientCert;
use crate::web::config::{TLS12, TLS13, TlsServerConfig, WebConfig, WebConfigError};

/// How client certificates are asked for (Go's `tls.ClientAuthType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClientAuth {
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}

/// Go's error when the file asks for no TLS.
pub(crate) const NO_TLS_CONFIG: &str = "TLS config is not present";

// ANCHOR: server_config
/// The TLS configuration of `config` (Go's `ConfigToTLSConfig`), built
/// again for every handshake.
pub(crate) fn server_config(config: &WebConfig) -> Result<ServerConfig, WebConfigError> {
    go_checks(config)?.into_rustls(&config.tls_server_config)
}

/// What exporter-toolkit checks and loads, in its order and with its texts.
pub(crate) fn go_checks(config: &WebConfig) -> Result<Loaded, WebConfigError> {
    let tls = &config.tls_server_config;
    if !config.tls_enabled() {
        return Err(WebConfigError::new(NO_TLS_CONFIG));
    }
    if tls.cert_file.as_os_str().is_empty() {
        return Err(WebConfigError::new("missing cert_file"));
    }
    if tls.key_file.as_os_str().is_empty() {
        return Err(WebConfigError::new("missing key_file"));
    }
    let (chain, key) = load_key_pair(tls)?;
    let client_cas = load_client_cas(tls)?;
    let client_auth = client_auth(&tls.client_auth_type)?;
    if client_cas.is_some() && client_auth == ClientAuth::NoClientCert {
        return Err(WebConfigError::new(
            "Client CA's have been configured without a Client Auth Policy",
        ));
    }
    Ok(Loaded { chain, key, client_cas, client_auth })
}

/// The certificate, key and client CAs a file names, read and checked.
pub(crate) struct Loaded {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    client_cas: Option<RootCertStore>,
    client_auth: ClientAuth,
}

impl Loaded {
    /// What Go's `crypto/tls` would make of the settings, in rustls' terms;
    /// refused where rustls cannot offer anything the file allows.
    pub(crate) fn into_rustls(
        self,
        tls: &TlsServerConfig,
    ) -> Result<ServerConfig, WebConfigError> {
        let provider = Arc::new(provider(tls)?);
        let versions = versions(tls)?;
        let verifier = client_verifier(self.client_auth, self.client_cas, &provider)?;
        let mut server = ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&versions)
            .map_err(|err| {
                WebConfigError::new(format!("TLS settings rustls cannot meet: {err}"))
            })?
            .with_client_cert_verifier(verifier)
            .with_single_cert(self.chain, self.key)
            .map_err(|err| {
                WebConfigError::new(format!("failed to load X509KeyPair: {err}"))
            })?;
        server.ignore_client_order = tls.prefer_server_cipher_suites;
        // promreg's server speaks HTTP/1.1 only.
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(server)
    }
}
// ANCHOR_END: server_config

/// The certificate chain and its key (Go's `tls.LoadX509KeyPair`).
fn load_key_pair(
    tls: &TlsServerConfig,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), WebConfigError> {
    let failed =
        |what: String| WebConfigError::new(format!("failed to load X509KeyPair: {what}"));
    let chain = CertificateDer::pem_file_iter(&tls.cert_file)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|err| failed(pem_error(&tls.cert_file, err)))?;
    if chain.is_empty() {
        return Err(failed(
            "tls: failed to find any PEM data in certificate input".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&tls.key_file)
        .map_err(|err| failed(pem_error(&tls.key_file, err)))?;
    Ok((chain, key))
}

/// A PEM file that could not be read, as Go words an unreadable file.
fn pem_error(path: &std::path::Path, err: rustls::pki_types::pem::Error) -> String {
    match err {
        rustls::pki_types::pem::Error::Io(io) => format!("open {}: {io}", path.display()),
        rustls::pki_types::pem::Error::NoItemsFound => {
            format!("no PEM data of the right kind in {}", path.display())
        }
        other => format!("{}: {other:?}", path.display()),
    }
}

/// The client CAs, when a file is named. Go reads every certificate it can
/// and skips the rest (`AppendCertsFromPEM`); so does this.
fn load_client_cas(
    tls: &TlsServerConfig,
) -> Result<Option<RootCertStore>, WebConfigError> {
    if tls.client_ca_file.as_os_str().is_empty() {
        return Ok(None);
    }
    let text = std::fs::read(&tls.client_ca_file).map_err(|err| {
        WebConfigError::new(format!("open {}: {err}", tls.client_ca_file.display()))
    })?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&text).flatten() {
        let _ = roots.add(cert);
    }
    Ok(Some(roots))
}

/// Go's names of client authentication, with `RequireClientCert` kept for
/// old files as exporter-toolkit keeps it.
fn client_auth(name: &str) -> Result<ClientAuth, WebConfigError> {
    Ok(match name {
        "" | "NoClientCert" => ClientAuth::NoClientCert,
        "RequestClientCert" => ClientAuth::RequestClientCert,
        "RequireAnyClientCert" | "RequireClientCert" => ClientAuth::RequireAnyClientCert,
        "VerifyClientCertIfGiven" => ClientAuth::VerifyClientCertIfGiven,
        "RequireAndVerifyClientCert" => ClientAuth::RequireAndVerifyClientCert,
        other => return Err(WebConfigError::new(format!("Invalid ClientAuth: {other}"))),
    })
}

/// What checks a client's certificate. Go verifies against the system's
/// roots when no `client_ca_file` is given; promreg has none to offer, so
/// such a file verifies no certificate (as Go with roots that never signed
/// a client's certificate).
fn client_verifier(
    auth: ClientAuth,
    cas: Option<RootCertStore>,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ClientCertVerifier>, WebConfigError> {
    let algorithms = provider.signature_verification_algorithms;
    let verify =
        |mandatory: bool| -> Result<Arc<dyn ClientCertVerifier>, WebConfigError> {
            let roots = cas.clone().filter(|roots| !roots.is_empty());
            let Some(roots) = roots else {
                return Ok(Arc::new(UnverifiedClientCert::reject_every(
                    mandatory, algorithms,
                )));
            };
            let builder = WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider.clone(),
            );
            let builder =
                if mandatory { builder } else { builder.allow_unauthenticated() };
            builder
                .build()
                .map_err(|err| WebConfigError::new(format!("client_ca_file: {err}")))
        };
    match auth {
        ClientAuth::NoClientCert => Ok(WebPkiClientVerifier::no_client_auth()),
        ClientAuth::RequestClientCert => {
            Ok(Arc::new(UnverifiedClientCert::accept_any(false, algorithms)))
        }
        ClientAuth::RequireAnyClientCert => {
            Ok(Arc::new(UnverifiedClientCert::accept_any(true, algorithms)))
        }
        ClientAuth::VerifyClientCertIfGiven => verify(false),
        ClientAuth::RequireAndVerifyClientCert => verify(true),
    }
}

/// Go's HTTP/2 refuses a cipher list without the suite HTTP/2 requires,
/// when TLS 1.2 may be spoken; exporter-toolkit's server then does not
/// start. The same file is refused here, with Go's text, so one file means
/// the same to every exporter.
pub(crate) fn check_http2_cipher_suites(
    tls: &TlsServerConfig,
) -> Result<(), WebConfigError> {
    let required = [
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    ];
    if tls.cipher_suites.is_empty()
        || tls.min_version.0 >= TLS13
        || tls.cipher_suites.iter().any(|c| required.contains(&c.0.as_str()))
    {
        return Ok(());
    }
    Err(WebConfigError::new(
        "http2: TLSConfig.CipherSuites is missing an HTTP/2-required AES_128_GCM_SHA256 cipher (need at least one \
         of TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)",
    ))
}

/// ring's provider with the file's TLS 1.2 suites and groups. Go applies
/// `cipher_suites` to TLS 1.2 only, so TLS 1.3's suites are always offered.
fn provider(tls: &TlsServerConfig) -> Result<CryptoProvider, WebConfigError> {
    let mut provider = ring::default_provider();
    if !tls.cipher_suites.is_empty() {
        let chosen: Vec<SupportedCipherSuite> = ring::ALL_CIPHER_SUITES
            .iter()
            .filter(|suite| match suite {
                SupportedCipherSuite::Tls13(_) => true,
                SupportedCipherSuite::Tls12(_) => {
                    tls.cipher_suites.iter().any(|c| go_name(**suite) == c.0)
                }
            })
            .copied()
            .collect();
        provider.cipher_suites = chosen;
    }
    if !tls.curve_preferences.is_empty() {
        let groups: Vec<&'static dyn SupportedKxGroup> = tls
            .curve_preferences
            .iter()
            .filter_map(|c| {
                ring::ALL_KX_GROUPS
                    .iter()
                    .find(|g| go_curve(g.name()) == Some(c.0.as_str()))
            })
            .copied()
            .collect();
        if groups.is_empty() {
            return Err(WebConfigError::new(format!(
                "none of curve_preferences is available in rustls (it offers X25519, CurveP256 and CurveP384): {}",
                names(tls.curve_preferences.iter().map(|c| c.0.as_str()))
            )));
        }
        provider.kx_groups = groups;
    }
    Ok(provider)
}

/// The versions between `min_version` and `max_version` that rustls
/// speaks, refused when none is left or when TLS 1.2 is left with no suite.
fn versions(
    tls: &TlsServerConfig,
) -> Result<Vec<&'static SupportedProtocolVersion>, WebConfigError> {
    let (min, max) = (tls.min_version.0, tls.max_version.0);
    let tls12_suites = tls.cipher_suites.is_empty()
        || tls.cipher_suites.iter().any(|c| rustls_has(&c.0));
    let mut versions = Vec::new();
    if (min..=max).contains(&TLS12) && tls12_suites {
        versions.push(&rustls::version::TLS12);
    }
    if (min..=max).contains(&TLS13) {
        versions.push(&rustls::version::TLS13);
    }
    if versions.is_empty() {
        return Err(WebConfigError::new(format!(
            "no TLS version rustls can offer between min_version {} and max_version {} with cipher_suites [{}] \
             (rustls speaks TLS12 with ECDHE and AES-GCM or ChaCha20 suites, and TLS13)",
            tls.min_version.name(),
            tls.max_version.name(),
            names(tls.cipher_suites.iter().map(|c| c.0.as_str()))
        )));
    }
    Ok(versions)
}

/// What of `config` rustls leaves out, one line each, for the log.
pub fn departures(config: &WebConfig) -> Vec<String> {
    let tls = &config.tls_server_config;
    let mut out = Vec::new();
    if tls.min_version.0 < TLS12 {
        out.push(format!(
            "min_version {}: rustls speaks TLS12 and TLS13 only",
            tls.min_version.name()
        ));
    }
    let tls12_only =
        |name: &str| !name.starts_with("TLS_AES") && !name.starts_with("TLS_CHACHA20");
    for suite in
        tls.cipher_suites.iter().filter(|c| tls12_only(&c.0) && !rustls_has(&c.0))
    {
        out.push(format!("cipher suite {}: not in rustls, left out", suite.0));
    }
    for curve in tls.curve_preferences.iter().filter(|c| c.0 == "CurveP521") {
        out.push(format!("curve {}: not in rustls, left out", curve.0));
    }
    if !config.tls_enabled() || !tls.client_ca_file.as_os_str().is_empty() {
        return out;
    }
    if tls.client_auth_type.contains("Verify") {
        out.push(format!(
            "client_auth_type {} without client_ca_file: Go verifies against the system's roots, promreg has none \
             and verifies no client certificate",
            tls.client_auth_type
        ));
    }
    out
}

/// Whether rustls (on ring) has the TLS 1.2 suite Go calls `name`.
fn rustls_has(name: &str) -> bool {
    ring::ALL_CIPHER_SUITES
        .iter()
        .any(|s| matches!(s, SupportedCipherSuite::Tls12(_)) && go_name(*s) == name)
}

/// rustls names a suite as IANA does, and so does Go but for TLS 1.3's
/// (`TLS13_AES_128_GCM_SHA256` is Go's `TLS_AES_128_GCM_SHA256`).
fn go_name(suite: SupportedCipherSuite) -> String {
    let name = format!("{:?}", suite.suite());
    name.replacen("TLS13_", "TLS_", 1)
}

/// Go's name of a rustls key exchange group.
fn go_curve(group: rustls::NamedGroup) -> Option<&'static str> {
    match group {
        rustls::NamedGroup::X25519 => Some("X25519"),
        rustls::NamedGroup::secp256r1 => Some("CurveP256"),
        rustls::NamedGroup::secp384r1 => Some("CurveP384"),
        rustls::NamedGroup::secp521r1 => Some("CurveP521"),
        _ => None,
    }
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(" ")
}
