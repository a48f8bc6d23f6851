//! The generated corpus (benches/gen) is what the benchmarks and soak tests
//! measure: it must be deterministic, varied, and right about which reports
//! are clean and which are broken.

#[path = "../benches/gen/mod.rs"]
mod gen;

use gen::Fault;
use nianbao::check::{check_text, DiskLoader};
use nianbao::config::Config;
use nianbao::template::Edition;

fn codes(text: &str) -> Vec<&'static str> {
    check_text(text, None, &Config::default(), &DiskLoader)
        .1
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn same_seed_same_bytes() {
    let a = gen::corpus(7, 50);
    let b = gen::corpus(7, 50);
    assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
    assert_ne!(a[0].text, gen::corpus(8, 1)[0].text);
    // Report i does not depend on how many come before it.
    assert_eq!(gen::report(7, 49).text, a[49].text);
}

#[test]
fn corpus_is_varied() {
    let c = gen::corpus(1, 600);
    for y in 2019..=2025 {
        assert!(c.iter().any(|r| r.year == y), "year {y}");
    }
    for e in Edition::all() {
        assert!(c.iter().any(|r| r.edition == e));
    }
    for f in Fault::ALL {
        assert!(c.iter().any(|r| r.faults.contains(&f)), "{f:?}");
    }
    assert!(c.iter().any(|r| r.crlf));
    let agencies: std::collections::HashSet<_> = c.iter().map(|r| &r.agency).collect();
    assert!(agencies.len() > 100);
    let sizes: Vec<usize> = c.iter().map(|r| r.text.len()).collect();
    assert!(sizes.iter().min().unwrap() * 3 < *sizes.iter().max().unwrap());
    let faulty = c.iter().filter(|r| !r.faults.is_empty()).count();
    assert!((100..300).contains(&faulty), "{faulty} faulty of 600");
}

#[test]
fn clean_reports_check_clean() {
    for r in gen::corpus(2, 400).iter().filter(|r| r.faults.is_empty()) {
        let found = codes(&r.text);
        assert!(found.is_empty(), "{found:?} in\n{}", r.text);
    }
}

#[test]
fn broken_reports_are_caught() {
    let c = gen::corpus(3, 1500);
    let only = |f: Fault| c.iter().filter(move |r| r.faults == [f]);
    for r in only(Fault::BrokenSum) {
        let found = codes(&r.text);
        assert!(
            found.iter().any(|c| c.starts_with("NB30")),
            "{found:?} in\n{}",
            r.text
        );
    }
    for r in only(Fault::UnclosedRow) {
        assert!(codes(&r.text).contains(&"NB001"));
    }
    assert!(only(Fault::BrokenSum).count() > 10);
}

#[test]
fn big_report_has_the_size_asked_for() {
    let r = gen::big_report(1, 2_000_000);
    assert!(
        (1_900_000..2_300_000).contains(&r.text.len()),
        "{}",
        r.text.len()
    );
    assert!(codes(&r.text).is_empty());
}
