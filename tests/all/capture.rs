//! body capture
