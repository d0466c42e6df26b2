//! Replays every seed under `tests/fixtures/fuzz-seeds/<target>/` through the same checks the fuzz targets
//! run, so that CI covers them on a stable toolchain without libFuzzer.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use reqwest_auth_explain::__fuzz;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("fuzz-seeds")
}

fn seeds(target: &str) -> Vec<PathBuf> {
    let dir = corpus().join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_directory_is_a_target_with_seeds() {
    for entry in fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            __fuzz::TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz-seeds/{name} belongs to no target"
        );
    }
    for (target, _) in __fuzz::TARGETS {
        assert!(!seeds(target).is_empty(), "no seed for {target}");
        // The targets are in the repository, not in the published package.
        let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
        if targets.is_dir() {
            let bin = targets.join(format!("{target}.rs"));
            assert!(bin.is_file(), "no fuzz target file for {target}");
        }
    }
}

#[test]
fn every_seed_passes_its_target_checks() {
    let mut failed = Vec::new();
    let mut count = 0;
    for (target, check) in __fuzz::TARGETS {
        for path in seeds(target) {
            let data = fs::read(&path).unwrap();
            count += 1;
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failed.push(format!("{}: {msg}", path.display()));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {count} seeds failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
