//! Generates `promreg::proto` from `proto/metrics.proto` at build time with
//! rust-protobuf's pure-Rust parser, so building needs no `protoc`.

fn main() {
    protobuf_codegen::Codegen::new()
        .pure()
        .includes(["proto"])
        .input("proto/metrics.proto")
        .cargo_out_dir("proto")
        .run_from_script();
}
