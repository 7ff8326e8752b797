//! Contact networks out (issue #22): `carehome simulate` writes `contacts.csv` (an edge list,
//! CSV-quoted) and `contacts.graphml`; NetworkX (installed from PyPI in a virtual environment)
//! reads the graph, and its nodes, edges and weights agree with the edge list read by Python's
//! own `csv` module. Also: `--trajectories` never overwrites a file without `--force`.

mod common;

use std::path::Path;
use std::process::Command;

/// The legacy home with its ground-floor corridor renamed to an id that needs CSV quoting.
const ODD_ID: &str = "G-COR, \"main\"";

fn odd_plan(dir: &Path) -> std::path::PathBuf {
    let src = std::fs::read_to_string(format!(
        "{}/floorplans/legacy-corridor.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let json_id = serde_json::to_string(ODD_ID).unwrap();
    let text = src.replace("\"G-COR\"", &json_id);
    assert!(text.contains(&json_id));
    let p = dir.join("legacy-odd.json");
    std::fs::write(&p, text).unwrap();
    p
}

fn simulate(plan: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_carehome"))
        .arg("simulate")
        .arg(plan)
        .args(["--days", "1", "--no-epi", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn networkx_reads_the_contact_graph_and_it_matches_the_edge_list() {
    let dir = tempfile::tempdir().unwrap();
    let plan = odd_plan(dir.path());
    let out = dir.path().join("out");
    let run = simulate(&plan, &out, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let csv_text = std::fs::read_to_string(out.join("contacts.csv")).unwrap();
    assert!(csv_text.starts_with("a,b,start_s,duration_s,room,distance_class,"));
    assert!(
        csv_text.contains("\"G-COR, \"\"main\"\"\""),
        "the odd id is quoted with its quotes doubled (RFC 4180)"
    );
    let Some(python) = common::venv_python("networkx", "networkx==3.2.1", "networkx") else {
        eprintln!("skipped: NetworkX could not be installed from PyPI");
        return;
    };
    let script = r#"
import csv, json, sys, collections
import networkx as nx
out = sys.argv[1]
g = nx.read_graphml(out + "/contacts.graphml")
rows = list(csv.DictReader(open(out + "/contacts.csv", newline="")))
pairs = collections.defaultdict(lambda: [0.0, 0, 0.0])
for r in rows:
    a, b = int(r["a"]), int(r["b"])
    assert a < b
    e = pairs[(a, b)]
    e[0] += float(r["duration_s"]); e[1] += 1
    if r["distance_class"] == "close":
        e[2] += float(r["duration_s"])
worst = 0.0
for (a, b), (w, n, c) in pairs.items():
    d = g.edges[str(a), str(b)]
    assert d["episodes"] == n, (a, b, d, n)
    # contacts.csv rounds each duration to 0.1 s
    worst = max(worst, abs(d["weight"] - w) / n, abs(d["close_s"] - c) / n)
print(json.dumps({
    "nodes": g.number_of_nodes(),
    "edges": g.number_of_edges(),
    "directed": g.is_directed(),
    "pairs": len(pairs),
    "rows": len(rows),
    "worst_per_episode_s": worst,
    "rooms": sorted(set(r["room"] for r in rows)),
    "classes": sorted(set(r["distance_class"] for r in rows)),
    "roles": sorted(set(nx.get_node_attributes(g, "role").values())),
    "total_weight_s": sum(d["weight"] for _, _, d in g.edges(data=True)),
}))
"#;
    let res = Command::new(&python)
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    // The population as the library sees it: the same plan, scenario and seed.
    let b = {
        let src = std::fs::read_to_string(&plan).unwrap();
        let p = carehome::plan::from_json_str(&src).unwrap();
        carehome::building::resolve(&p).building.unwrap()
    };
    let rec = carehome::workflow::simulate::simulate(
        &b,
        carehome::sim::Scenario::default(),
        &carehome::workflow::simulate::SimulateSettings {
            days: Some(1),
            ..Default::default()
        },
        &mut |_| {},
    )
    .unwrap()
    .record;
    assert_eq!(
        v["nodes"].as_u64(),
        Some(rec.people.len() as u64),
        "every person a node"
    );
    assert_eq!(v["directed"].as_bool(), Some(false));
    assert_eq!(v["rows"].as_u64(), Some(rec.contacts.len() as u64));
    assert_eq!(v["edges"], v["pairs"], "one edge per pair in the edge list");
    assert!(v["edges"].as_u64().unwrap() > 50, "{v}");
    assert!(
        v["worst_per_episode_s"].as_f64().unwrap() <= 0.05 + 1e-9,
        "{v}"
    );
    let total: f64 = rec.contacts.iter().map(|c| c.dur_s).sum();
    assert!((v["total_weight_s"].as_f64().unwrap() - total).abs() < 1e-6 * total);
    assert!(
        v["rooms"].as_array().unwrap().iter().any(|r| r == ODD_ID),
        "{v}"
    );
    assert_eq!(v["classes"], serde_json::json!(["close", "near"]));
    assert!(v["roles"].as_array().unwrap().len() >= 3, "{v}");
}

#[test]
fn trajectories_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let plan = format!("{}/floorplans/green-house.json", env!("CARGO_MANIFEST_DIR"));
    let db = dir.path().join("walks.sqlite");
    std::fs::write(&db, b"mine").unwrap();
    let run = simulate(
        Path::new(&plan),
        &dir.path().join("out"),
        &["--trajectories", db.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("walks.sqlite") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), b"mine");
    let run = simulate(
        Path::new(&plan),
        &dir.path().join("out2"),
        &["--trajectories", db.to_str().unwrap(), "--force"],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        std::fs::read(&db)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
}
