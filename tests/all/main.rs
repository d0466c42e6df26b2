//! Integration tests: real loopback servers, real reqwest clients.

mod helpers;

mod capture;
mod corpus;
mod history;
mod spine;
