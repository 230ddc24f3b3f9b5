//! The `io.prometheus.client` protobuf types (Go's `dto` package, from
//! client_model), generated from `proto/metrics.proto` at build time by
//! rust-protobuf's pure-Rust parser (see `build.rs`): what a gather returns
//! and what the encoders read.
#![allow(clippy::all)]

include!(concat!(env!("OUT_DIR"), "/proto/mod.rs"));
pub use metrics::*;
