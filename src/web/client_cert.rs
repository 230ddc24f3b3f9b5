//! Client certificates taken without checking who signed them: Go's
//! `RequestClientCert` and `RequireAnyClientCert`, which rustls has no
//! ready verifier for, and a verifier that trusts no signer (a `Verify`
//! mode with no CA to verify against).
//!
//! Even unverified, the client must prove it holds the certificate's key:
//! the handshake's signature is checked, as Go checks it.

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{
    WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature,
};
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, Error, SignatureScheme,
};

/// A client certificate policy that never consults a CA.
#[derive(Debug)]
pub(crate) struct UnverifiedClientCert {
    /// The handshake fails without a certificate.
    mandatory: bool,
    /// A certificate is taken as given (`true`) or refused (`false`).
    accept: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl UnverifiedClientCert {
    /// Any certificate, mandatory or not (Go's `RequireAnyClientCert`,
    /// `RequestClientCert`).
    pub(crate) fn accept_any(
        mandatory: bool,
        algorithms: WebPkiSupportedAlgorithms,
    ) -> UnverifiedClientCert {
        UnverifiedClientCert { mandatory, accept: true, algorithms }
    }

    /// No certificate is trusted; with `mandatory` off, a client without
    /// one still gets through.
    pub(crate) fn reject_every(
        mandatory: bool,
        algorithms: WebPkiSupportedAlgorithms,
    ) -> UnverifiedClientCert {
        UnverifiedClientCert { mandatory, accept: false, algorithms }
    }
}

impl ClientCertVerifier for UnverifiedClientCert {
    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        if self.accept {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(Error::InvalidCertificate(CertificateError::UnknownIssuer))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
