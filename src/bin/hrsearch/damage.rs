//! Errors that come from a damaged index, told as such: after a panic deep
//! in a segment, or an error of the search engine, `verify` is asked what
//! is wrong, and that is what is reported.

use std::path::Path;

use hrsearch::HrIndex;

/// The error to report after a panic: the damage `verify` finds in the
/// index, if it finds any, else the panic itself as an internal error.
pub fn after_panic(index_path: &Path, message: &str) -> anyhow::Error {
    let found = std::panic::catch_unwind(|| HrIndex::verify(index_path));
    match found {
        Ok(Ok(verification)) if !verification.is_sound() => {
            damage_error(index_path, &verification).into()
        }
        Ok(Err(error)) => error.into(),
        _ => anyhow::anyhow!(
            "internal error ({message}); if `hrsearch verify` finds the index sound, \
             this is a bug"
        ),
    }
}

/// An error of the search engine itself may come from a damaged index:
/// when `verify` finds damage, that is the error to report.
pub fn name_the_damage(index_path: &Path, err: anyhow::Error) -> anyhow::Error {
    let from_engine = err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<hrsearch::Error>(),
            Some(hrsearch::Error::Tantivy(_))
        )
    });
    if !from_engine {
        return err;
    }
    match std::panic::catch_unwind(|| HrIndex::verify(index_path)) {
        Ok(Ok(verification)) if !verification.is_sound() => {
            damage_error(index_path, &verification).into()
        }
        Ok(Err(damage @ hrsearch::Error::DamagedIndex { .. })) => damage.into(),
        _ => err,
    }
}

/// The error that names what `verify` found wrong.
pub fn damage_error(
    index_path: &Path,
    verification: &hrsearch::index::Verification,
) -> hrsearch::Error {
    let files: Vec<String> = verification
        .problems
        .iter()
        .map(|p| p.file.clone())
        .collect();
    let reasons: Vec<String> = verification
        .problems
        .iter()
        .map(|p| p.reason.clone())
        .collect();
    hrsearch::Error::DamagedIndex {
        path: index_path.to_path_buf(),
        file: files.join(", "),
        reason: reasons.join("; "),
    }
}

pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
