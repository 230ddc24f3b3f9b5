//! Generates `promreg::proto` from `proto/metrics.proto` at build time with
//! rust-protobuf's pure-Rust parser, so building needs no `protoc`; and
//! records the compiler's version for the build-info metric.

use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=PROMREG_RUSTC_VERSION={version}");

    // Strings as `protobuf::Chars` (reference-counted `bytes::Bytes`): a
    // metric's label pairs are built once and cloned into every scrape,
    // and cloning them must not copy strings.
    let customize = protobuf_codegen::Customize::default()
        .tokio_bytes(true)
        .tokio_bytes_for_string(true);
    protobuf_codegen::Codegen::new()
        .pure()
        .customize(customize)
        .includes(["proto"])
        .input("proto/metrics.proto")
        .cargo_out_dir("proto")
        .run_from_script();
}
