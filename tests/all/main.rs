//! Integration tests: real loopback servers, real reqwest clients.

mod helpers;

mod capture;
mod redaction;
mod spine;
mod telemetry;
