#![no_main]
//! See `reqwest_auth_explain::__fuzz::check_diagnose` for the input format and the properties.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    reqwest_auth_explain::__fuzz::check_diagnose(data);
});
