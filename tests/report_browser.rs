//! The comparison report opens in a real headless browser (Debian's Chromium, installed by
//! `.ci/run`) without console errors, and renders: the screenshot is not blank, and the page has
//! the plan drawings, the charts and the scorecards with the simulated risk.

use std::path::Path;
use std::process::Command;

fn chromium() -> Option<String> {
    if let Ok(p) = std::env::var("CAREHOME_CHROMIUM") {
        return Some(p);
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

fn headless(browser: &str, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is not installed: .ci/run installs Debian's `chromium` for this test");
        }
        eprintln!("\n!!!!!!!! SKIPPED: no Chromium here (apt-get install chromium) !!!!!!!!\n");
        return;
    };
    // A short simulation (the page's layout does not depend on how many replicates ran).
    let mut sim = carehome::workflow::SimOptions::standard().with_days(10);
    sim.pattern_days = 2;
    sim.replicates = 8;
    let settings = carehome::workflow::CompareSettings {
        sim: Some(sim),
        ..Default::default()
    };
    let out = carehome::workflow::compare_files(&[], &settings, &|_| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &out.files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let page = format!("file://{}", dir.path().join("report.html").display());
    let shot = dir.path().join("shot.png");
    let run = headless(&browser, &dir.path().join("profile-a"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,2400")
        .arg(&page)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&run.stderr);
    assert!(shot.exists(), "no screenshot; browser said:\n{log}");
    for bad in ["Uncaught", "CONSOLE(", "Failed to load resource"] {
        let lines: Vec<&str> = log.lines().filter(|l| l.contains(bad)).collect();
        assert!(lines.is_empty(), "console problems: {lines:#?}");
    }
    // Not blank: a good share of the pixels are neither white nor transparent.
    let pix = resvg::tiny_skia::Pixmap::load_png(&shot).unwrap();
    let coloured = pix
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 240 || p.green() < 240 || p.blue() < 240))
        .count();
    let share = coloured as f64 / pix.pixels().len() as f64;
    assert!(
        share > 0.05,
        "screenshot looks blank: {:.1}% coloured pixels",
        100.0 * share
    );
    // The DOM as the browser built it has the plan drawings and the scorecards.
    let dom = headless(&browser, &dir.path().join("profile-b"))
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.matches("<svg").count() > 6 + 2, // a plan drawing per option, plus the charts
        "plans and chart: {} svg elements",
        dom.matches("<svg").count()
    );
    assert!(dom.contains("Crowding index") && dom.contains("quality of life"));
    assert!(
        dom.matches("<figure class=\"overlay\">").count() >= 6 * 3,
        "overlays (room-air dose, daylight, visual integration) on every option's plan"
    );
    assert!(
        dom.contains("attack rate (95% interval)")
            && dom.contains("Expected resident attack rate (simulated)")
    );
    std::fs::copy(
        &shot,
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png"),
    )
    .ok();
}
