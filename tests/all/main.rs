//! Integration tests: real loopback servers, real reqwest clients.

mod helpers;

mod capture;
mod doctor;
mod examples;
mod hostile;
mod preflight;
mod redaction;
mod spine;
mod telemetry;
