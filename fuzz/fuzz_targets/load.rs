//! Any bytes: loading returns a dataset or problems placed at
//! `file:line:col`, and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = detente::load::load_bytes("fuzz.ron", data) {
        for line in e.lines() {
            let mut parts = line.splitn(4, ':');
            assert_eq!(parts.next(), Some("fuzz.ron"));
            let placed = parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
                && parts.next().is_some_and(|c| c.parse::<usize>().is_ok());
            assert!(placed, "not placed: {line}");
        }
    }
});
