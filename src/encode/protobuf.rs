//! Length-delimited protobuf: each `MetricFamily` as a varint length and the
//! message bytes, what Prometheus asks for when it wants native histograms.
//! Mirrors expfmt's `FmtProtoDelim` branch of `encode.go` (Go's
//! `pbutil.WriteDelimited`); field order matches Go's because
//! `proto/metrics.proto` declares fields in field-number order.

use protobuf::Message;

use crate::encode::EncodeError;
use crate::proto::MetricFamily;

/// Appends `mf`, length-delimited, to `out`; returns the bytes written.
pub fn metric_family_to_delimited(
    out: &mut Vec<u8>,
    mf: &MetricFamily,
) -> Result<usize, EncodeError> {
    let start = out.len();
    mf.write_length_delimited_to_vec(out).map_err(EncodeError::Protobuf)?;
    Ok(out.len() - start)
}
