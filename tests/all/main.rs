//! Integration tests: real loopback servers, real reqwest clients.

mod helpers;

mod beyond;
mod capture;
mod corpus;
mod early;
mod envelopes_and_places;
mod examples;
mod framework_answers;
mod fuzz_seeds;
mod history;
mod hostile;
mod json;
mod mixed_signals;
mod offline;
mod otel;
mod posted_and_thrown;
mod preflight;
mod quiet_failures;
mod read_whole;
mod redaction;
mod retry;
mod sessions;
mod spine;
mod stated_plainly;
mod structure;
mod telemetry;
mod token_requests;
mod unread_places;
mod what_the_request_shows;
mod what_was_read;
mod written_out;
