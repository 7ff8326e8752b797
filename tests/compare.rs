//! The comparison of the bundled legacy home, its retrofits and the household new build: the
//! evidence (Brown et al. 2021; TrinityHaus 2022) says single rooms and small closable households
//! should lower risk and raise quality of life, and the new build should beat the legacy home on
//! both.

use carehome::score::{Verdict, default_profile};
use carehome::workflow::compare_files;

#[test]
fn bundled_comparison_goes_the_way_the_evidence_says() {
    let out = compare_files(
        &[],
        &default_profile(),
        &carehome::assess::Options::default(),
        &Default::default(),
    )
    .unwrap();
    let c = &out.comparison;
    let names: Vec<&str> = c.candidates.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    let at = |name: &str| {
        c.candidates
            .iter()
            .position(|x| x.name.starts_with(name))
            .unwrap()
    };
    let (base, singles, households, newbuild) = (
        0,
        at("Singles"),
        at("Households"),
        at("Household new build"),
    );
    let q = |i: usize| c.candidates[i].scorecard.qol.unwrap();
    let r = |i: usize| c.candidates[i].scorecard.risk.unwrap();
    for i in [singles, households] {
        assert!(
            r(i) < r(base) && q(i) > q(base),
            "{}: risk {} vs {}, QoL {} vs {}",
            names[i],
            r(i),
            r(base),
            q(i),
            q(base)
        );
        assert_eq!(c.verdicts[i], Verdict::Converges);
    }
    // The new build dominates the base on both axes and is on the Pareto front.
    assert!(q(newbuild) > q(base) && r(newbuild) < r(base));
    assert!(c.pareto[newbuild] && !c.pareto[base]);
    // Costs per point are given where the option file costs its ops.
    assert!(c.cost_per_qol_point[singles].is_some() && c.cost_per_risk_point[singles].is_some());
    // Every output file is there; the page is self-contained (no external references).
    let files: Vec<&str> = out.files.iter().map(|f| f.0.as_str()).collect();
    for f in [
        "report.html",
        "summary.json",
        "scorecard.csv",
        "pareto.svg",
        "pareto.png",
    ] {
        assert!(files.contains(&f), "{f} missing from {files:?}");
    }
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http")
    );
    assert_eq!(
        html.matches("<h2>").count(),
        6 + 2,
        "summary, one section per option, method"
    );
    // PNGs are real PNGs.
    let png = &out.files.iter().find(|f| f.0 == "pareto.png").unwrap().1;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn compare_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.txt"), "keep me").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carehome"))
        .args(["compare", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_bundled_profile_is_valid_and_every_item_has_a_reason() {
    let p = default_profile();
    assert!(
        p.items
            .iter()
            .all(|i| !i.reason.trim().is_empty() && i.weight > 0.0)
    );
    // An unknown metric in a profile is an error naming it.
    let src = carehome::score::DEFAULT_PROFILE_TOML
        .replace("privacy.single_room_share", "privacy.no_such_metric");
    let bad = carehome::score::profile_from_toml_str(&src).unwrap();
    let b = carehome::building::resolve(
        &carehome::plan::from_json_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/floorplans/green-house.json"
            ))
            .unwrap(),
        )
        .unwrap(),
    )
    .building
    .unwrap();
    let a = carehome::assess::assess(&b, &Default::default());
    let e = carehome::score::scorecard(a.metrics(), &bad).unwrap_err();
    assert!(e[0].message.contains("privacy.no_such_metric"));
}
