//! Diagnostics: what went wrong, where, and how bad it is.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input could not be used at all (binary, unreadable).
    Error,
    /// Part of the input was repaired or dropped; the rest is fine.
    Warning,
    /// Something worth knowing (encoding guessed, boilerplate stripped).
    Info,
}

/// A problem found while reading or annotating, with its position in the
/// original bytes when it has one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable code such as `invalid-utf8`.
    pub code: &'static str,
    pub message: String,
    /// Byte offset into the original input, when the problem has a position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            offset: None,
        }
    }
    pub fn at(mut self, offset: usize) -> Diagnostic {
        self.offset = Some(offset);
        self
    }
}
