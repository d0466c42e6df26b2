//! Integration tests: real loopback servers, real reqwest clients.

mod helpers;

mod capture;
mod doctor;
mod examples;
mod fuzz_seeds;
mod hostile;
mod preflight;
mod redaction;
mod spine;
mod telemetry;
