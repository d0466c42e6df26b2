//! `auth-doctor` as a process: each flag against what curl does for the same request, the
//! explanations and the JSON contract, `--offline`, `--har` and `--scrub-har`, and the
//! library's recorded corpus. Servers are on loopback only; nothing reaches a real host.

mod support;

mod corpus;
mod curl;
mod explain;
mod har;
