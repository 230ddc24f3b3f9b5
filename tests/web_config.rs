//! The web configuration (`promreg::web`, feature `tls`): the file's
//! parsing and exporter-toolkit's error texts, and the server behind it:
//! TLS with a test CA made here by openssl, basic auth, Go's answer to
//! plain HTTP on a TLS port, the handshake deadline, a file gone bad.
//! (tests/web/run.sh checks the same against Debian's node-exporter.)

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use promreg::http::ServeOpts;
use promreg::web::{WebConfig, validate};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[test]
fn an_empty_file_is_every_default_as_in_go() {
    for text in ["", "# nothing\n", "tls_server_config:\nhttp_server_config:\n"] {
        let config = WebConfig::parse(text).unwrap();
        let tls = &config.tls_server_config;
        assert_eq!(
            (tls.min_version.name(), tls.max_version.name()),
            ("TLS12".to_owned(), "TLS13".to_owned())
        );
        assert!(tls.prefer_server_cipher_suites && config.http_server_config.http2);
        assert!(!config.tls_enabled() && config.basic_auth_users.is_empty(), "{text:?}");
    }
}

#[test]
fn headers_take_any_scalar_and_only_what_go_allows() {
    let config =
        WebConfig::parse("http_server_config:\n  headers:\n    X-XSS-Protection: 1\n")
            .unwrap();
    assert_eq!(config.http_server_config.headers["X-XSS-Protection"], "1");
    let err = |text: &str| WebConfig::parse(text).unwrap_err().to_string();
    assert_eq!(
        err("http_server_config:\n  headers:\n    Content-Type: foo\n"),
        "HTTP header \"Content-Type\" can not be configured"
    );
    assert_eq!(
        err("http_server_config:\n  headers:\n    X-Frame-Options: foo\n"),
        "invalid value for X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but got: \"foo\""
    );
}

#[test]
fn names_go_does_not_know_are_refused_with_go_texts() {
    let err = |line: &str| {
        WebConfig::parse(&format!("tls_server_config:\n  {line}\n"))
            .unwrap_err()
            .to_string()
    };
    assert!(err("cipher_suites: [TLS_FOO]").contains("unknown cipher: TLS_FOO"));
    assert!(err("curve_preferences: [CurveP257]").contains("unknown curve: CurveP257"));
    assert!(err("min_version: TLS111").contains("unknown TLS version: TLS111"));
    // A misspelt key is refused (Go's UnmarshalStrict), naming the key and line.
    let misspelt = err("cert_filse: x");
    assert!(
        misspelt.contains("unknown field `cert_filse`") && misspelt.contains("line 2"),
        "{misspelt}"
    );
}

/// A CA, a server certificate for 127.0.0.1 and its key, made by openssl.
fn make_pki(dir: &Path) {
    let run = |args: &[&str]| {
        let status = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl is installed");
        assert!(
            status.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    let days = ["-days", "2"];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &days,
        &["-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=t"],
    ]
    .concat());
    // `stem`.crt, signed by the CA, with the extension in `ext`.
    let signed = |stem: &str, subject: &str, ext: &str| {
        let (key, csr) = (format!("{stem}.key"), format!("{stem}.csr"));
        run(&[&["req"][..], &ec, &["-keyout", &key, "-out", &csr, "-subj", subject]]
            .concat());
        std::fs::write(dir.join(format!("{stem}.ext")), ext).unwrap();
        let (crt, extfile) = (format!("{stem}.crt"), format!("{stem}.ext"));
        let sign = [
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
        ];
        run(&[&sign[..], &days, &["-out", &crt, "-extfile", &extfile]].concat());
    };
    signed("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1\n");
    // A client certificate from the CA, and a self-signed one.
    signed("client", "/CN=prometheus", "extendedKeyUsage=clientAuth\n");
    let stranger =
        ["-keyout", "stranger.key", "-out", "stranger.crt", "-subj", "/CN=stranger"];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &days,
        &stranger,
        &["-addext", "extendedKeyUsage=clientAuth"],
    ]
    .concat());
}

/// A fresh directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("web-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn validate_gives_exporter_toolkit_texts_in_its_order() {
    let dir = scratch("validate");
    make_pki(&dir);
    let check = |yaml: &str| {
        std::fs::write(dir.join("web.yml"), yaml).unwrap();
        validate(&dir.join("web.yml")).map(|_| ()).map_err(|e| e.to_string())
    };
    let tls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
    assert_eq!(check(tls), Ok(()));
    assert_eq!(
        check("tls_server_config:\n  key_file: server.key\n  client_auth_type: x\n"),
        Err("missing cert_file".into())
    );
    assert_eq!(
        check("tls_server_config:\n  cert_file: server.crt\n"),
        Err("missing key_file".into())
    );
    assert_eq!(
        check(&format!("{tls}  client_auth_type: x\n")),
        Err("Invalid ClientAuth: x".into())
    );
    assert_eq!(
        check(&format!("{tls}  client_ca_file: ca.crt\n")),
        Err("Client CA's have been configured without a Client Auth Policy".into())
    );
    assert_eq!(
        check(&format!("{tls}basic_auth_users:\n  john: doe\n")),
        Err("crypto/bcrypt: hashedSecret too short to be a bcrypted password".into())
    );
    // Only TLS 1.2 with only a suite rustls lacks: refused, naming why.
    let cbc = format!(
        "{tls}  cipher_suites: [TLS_RSA_WITH_AES_128_CBC_SHA]\n  max_version: TLS12\nhttp_server_config:\n  http2: false\n"
    );
    assert!(check(&cbc).unwrap_err().starts_with("no TLS version rustls can offer"));
}

/// Starts the server with `web.yml` of `dir` and a page saying "ok";
/// returns its address and what it logged.
async fn serve_web(
    dir: &Path,
    header_read_timeout: Duration,
) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let logged = Arc::new(Mutex::new(Vec::new()));
    let sink = logged.clone();
    let opts = ServeOpts {
        header_read_timeout,
        error_log: Some(Arc::new(move |line: &str| {
            sink.lock().unwrap().push(line.to_owned())
        })),
        web_config_file: Some(dir.join("web.yml")),
        ..ServeOpts::default()
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(promreg::http::serve_with(listener, opts, |_req| async {
        hyper::Response::new(http_body_util::Full::new(bytes::Bytes::from_static(b"ok")))
    }));
    (addr, logged)
}

/// Sends `request` over TLS, trusting the test CA; returns the response.
async fn tls_request(dir: &Path, addr: SocketAddr, request: &str) -> String {
    try_tls_request(dir, addr, request, None).await.expect("the handshake succeeds")
}

/// Sends `request` over TLS, with the client certificate `cert` (the stem
/// of `cert.crt` and `cert.key` in `dir`) if given; the response, or why
/// there is none (a refused certificate shows here, or, in TLS 1.3, as the
/// first read failing).
async fn try_tls_request(
    dir: &Path,
    addr: SocketAddr,
    request: &str,
    cert: Option<&str>,
) -> Result<String, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from_pem_file(dir.join("ca.crt")).unwrap()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let config = match cert {
        None => builder.with_no_client_auth(),
        Some(stem) => {
            let chain = vec![
                CertificateDer::from_pem_file(dir.join(format!("{stem}.crt"))).unwrap(),
            ];
            let key =
                PrivateKeyDer::from_pem_file(dir.join(format!("{stem}.key"))).unwrap();
            builder.with_client_auth_cert(chain, key).unwrap()
        }
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut tls = connector.connect(name, tcp).await.map_err(|e| e.to_string())?;
    tls.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut got = Vec::new();
    match tokio::time::timeout(Duration::from_secs(5), tls.read_to_end(&mut got)).await {
        Ok(Ok(_)) if !got.is_empty() => Ok(String::from_utf8(got).unwrap()),
        Ok(Ok(_)) => Err("closed without an answer".into()),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err("no answer in 5s".into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_basic_auth() {
    let dir = scratch("auth");
    make_pki(&dir);
    let hash = bcrypt::hash("s3cret", 4).unwrap();
    let yaml = format!(
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prom: {hash}\n\
         http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
    );
    std::fs::write(dir.join("web.yml"), yaml).unwrap();
    let (addr, _) = serve_web(&dir, Duration::from_secs(5)).await;

    let request = |auth: &str| {
        format!("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n")
    };
    let denied = tls_request(&dir, addr, &request("")).await;
    assert!(denied.starts_with("HTTP/1.1 401 Unauthorized\r\n"), "{denied}");
    assert!(
        denied.contains("\r\nwww-authenticate: Basic\r\n")
            && denied.contains("\r\nx-frame-options: deny\r\n")
    );
    assert!(denied.ends_with("\r\n\r\nUnauthorized\n"), "Go's http.Error body: {denied}");
    // "prom:s3cret", and "prom:wrong".
    let allowed =
        tls_request(&dir, addr, &request("Authorization: Basic cHJvbTpzM2NyZXQ=\r\n"))
            .await;
    assert!(
        allowed.starts_with("HTTP/1.1 200 OK\r\n") && allowed.ends_with("\r\n\r\nok"),
        "{allowed}"
    );
    let wrong =
        tls_request(&dir, addr, &request("Authorization: Basic cHJvbTp3cm9uZw==\r\n"))
            .await;
    assert!(wrong.starts_with("HTTP/1.1 401 "), "{wrong}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_on_the_tls_port_gets_go_answer_and_a_silent_client_is_cut() {
    let dir = scratch("plain");
    make_pki(&dir);
    std::fs::write(
        dir.join("web.yml"),
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n",
    )
    .unwrap();
    let deadline = Duration::from_millis(400);
    let (addr, logged) = serve_web(&dir, deadline).await;

    // Connects, says nothing: cut at the header deadline, and logged.
    let started = Instant::now();
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= deadline && waited < Duration::from_secs(3),
        "cut after {waited:?}"
    );
    let lines = logged.lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.starts_with("TLS handshake timed out (from 127.0.0.1:")),
        "{lines:?}"
    );
    // (The log says one thing a second at most: the plain request comes
    // after the silent client's line.)
    let mut plain = TcpStream::connect(addr).await.unwrap();
    plain.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), plain.read_to_end(&mut got))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_gone_bad_after_start_is_a_500_and_a_log_line() {
    let dir = scratch("gone-bad");
    let hash = bcrypt::hash("s3cret", 4).unwrap();
    std::fs::write(dir.join("web.yml"), format!("basic_auth_users:\n  prom: {hash}\n"))
        .unwrap();
    let (addr, logged) = serve_web(&dir, Duration::from_secs(5)).await;
    let get = || async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let auth = "Authorization: Basic cHJvbTpzM2NyZXQ=\r\n";
        stream
            .write_all(
                format!("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n")
                    .as_bytes(),
            )
            .await
            .unwrap();
        let mut got = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut got))
            .await
            .unwrap()
            .unwrap();
        String::from_utf8(got).unwrap()
    };
    assert!(get().await.ends_with("\r\n\r\nok"), "basic auth over plain HTTP");
    std::fs::write(dir.join("web.yml"), "basic_auth_users: [\n").unwrap();
    let broken = get().await;
    assert!(
        broken.starts_with("HTTP/1.1 500 ")
            && broken.ends_with("\r\n\r\nInternal Server Error\n"),
        "{broken}"
    );
    let lines = logged.lock().unwrap().clone();
    assert!(
        lines.iter().any(|l| l.starts_with("Unable to parse configuration: ")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_bad_file_stops_the_server_from_starting() {
    let dir = scratch("refused");
    std::fs::write(dir.join("web.yml"), "tls_server_config:\n  cert_file: server.crt\n")
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let opts =
        ServeOpts { web_config_file: Some(dir.join("web.yml")), ..ServeOpts::default() };
    let served = promreg::http::serve_with(listener, opts, |_req| async {
        hyper::Response::new(http_body_util::Full::new(bytes::Bytes::new()))
    });
    let err =
        tokio::time::timeout(Duration::from_secs(5), served).await.unwrap().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        format!("web config file {}: missing key_file", dir.join("web.yml").display())
    );
}

/// The four client certificate policies, each asked by a client with no
/// certificate, one from the CA, and a self-signed one: the outcomes Go's
/// `tls.ClientAuthType` gives (tests/web/run.sh checks the same against
/// node-exporter).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_client_certificate_policy_admits_whom_go_admits() {
    let dir = scratch("client-certs");
    make_pki(&dir);
    let get = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    // (policy, with the CA file, admitted with: no certificate, the CA's, a self-signed one)
    let cases = [
        ("RequestClientCert", false, [true, true, true]),
        ("RequireAnyClientCert", false, [false, true, true]),
        ("VerifyClientCertIfGiven", true, [true, true, false]),
        ("RequireAndVerifyClientCert", true, [false, true, false]),
    ];
    for (policy, ca, want) in cases {
        let ca = if ca { "  client_ca_file: ca.crt\n" } else { "" };
        let yaml = format!(
            "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: {policy}\n{ca}"
        );
        std::fs::write(dir.join("web.yml"), yaml).unwrap();
        let (addr, _) = serve_web(&dir, Duration::from_secs(5)).await;
        for (cert, want) in [None, Some("client"), Some("stranger")].into_iter().zip(want)
        {
            let got = try_tls_request(&dir, addr, get, cert).await;
            let admitted = got.as_ref().is_ok_and(|r| r.starts_with("HTTP/1.1 200 OK"));
            assert_eq!(admitted, want, "{policy} with certificate {cert:?}: {got:?}");
        }
    }
}

/// A client that sends the start of a TLS record and then nothing is cut
/// at the header deadline too: the deadline covers the whole handshake,
/// not only the look at the first bytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_hello_is_cut_at_the_deadline() {
    let dir = scratch("stalled");
    make_pki(&dir);
    std::fs::write(
        dir.join("web.yml"),
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n",
    )
    .unwrap();
    let deadline = Duration::from_millis(400);
    let (addr, _) = serve_web(&dir, deadline).await;
    let started = Instant::now();
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    // A handshake record's header and the first byte of a ClientHello.
    stalled.write_all(&[0x16, 0x03, 0x01, 0x00, 0x80, 0x01]).await.unwrap();
    let mut rest = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), stalled.read_to_end(&mut rest))
            .await;
    assert!(read.is_ok(), "the stalled handshake was not cut within 5s");
    let waited = started.elapsed();
    assert!(
        waited >= deadline && waited < Duration::from_secs(3),
        "cut after {waited:?}"
    );
}

/// Headers from the file on every answer, sent as Go sends them: a long
/// policy written as a YAML block loses its line breaks, not the header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_headers_are_sent_as_go_sends_them() {
    let dir = scratch("headers");
    let yaml = "http_server_config:\n  headers:\n    X-Frame-Options: deny\n    \
                Content-Security-Policy: >\n      default-src 'self';\n      img-src 'self'\n";
    std::fs::write(dir.join("web.yml"), yaml).unwrap();
    let (addr, _) = serve_web(&dir, Duration::from_secs(5)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut got))
        .await
        .unwrap()
        .unwrap();
    let got = String::from_utf8(got).unwrap();
    assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
    assert!(
        got.contains(
            "\r\ncontent-security-policy: default-src 'self'; img-src 'self'\r\n"
        ),
        "{got}"
    );
    assert!(got.contains("\r\nx-frame-options: deny\r\n"), "{got}");
}

#[test]
fn a_key_given_twice_is_refused_as_yaml_v2_strict_refuses_it() {
    let err = WebConfig::parse("basic_auth_users:\n  prom: a\n  prom: b\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("key \"prom\" already set in map"), "{err}");
    let twice = "http_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Frame-Options: deny\n";
    let err = WebConfig::parse(twice).unwrap_err().to_string();
    assert!(err.contains("key \"X-Frame-Options\" already set in map"), "{err}");
}
