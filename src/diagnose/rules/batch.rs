//! A JSON-RPC batch (JSON-RPC 2.0 §6) answered in part and refused in part.

use crate::explanation::Cause;

use super::super::{Context, Diagnosis, with_server_said};

/// A batch whose other calls got results while one was refused ("Unauthorized"): the
/// credential was accepted, so the refusal is of that method to it, a permission it lacks.
pub(in crate::diagnose) fn batch_partly_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.evidence.gated.is_none() || !ctx.credential_present() {
        return None;
    }
    let json = ctx.evidence.body.json.as_ref()?;
    if !crate::observe::gate::jsonrpc_batch_partly_refused(json) {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::InsufficientScope)
            .summary("the server answered the other calls of the JSON-RPC batch and refused one: the credential was accepted, and the refused method is not permitted to it")
            .evidence("a JSON-RPC batch answer (JSON-RPC 2.0 §6) with results beside an error that refuses its call")
            .remedy("grant the credential the refused method (a permission, role or scope the server checks per method), or call it with a credential that holds it"),
        ctx,
    ))
}
