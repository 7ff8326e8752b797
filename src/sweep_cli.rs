//! `carehome sweep …`: argument types and the terminal side (progress bar, messages) of the
//! sweep machinery in `carehome::sweep`.

use carehome::sweep::{self, DirStore, Shard, Store, analyse, merge, slurm, store};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const INVALID: u8 = 1;
const USAGE: u8 = 2;

#[derive(Subcommand)]
pub enum SweepCmd {
    /// Run a sweep's points × replicates on this machine (resumes a folder that has results).
    #[command(
        after_help = "Examples:\n  carehome sweep run scenarios/sweep-example.toml --out out/sweep\n  carehome sweep run scenarios/sweep-example.toml --out out/sweep --dry-run\n  carehome sweep run big.toml --out out/big --shard 2/8\n\n\
Finished points are skipped, so running the same command again resumes after a crash. \
Exit code 0 when every point of the shard is done, 1 if the manifest is invalid or a replicate failed, 2 on a file error."
    )]
    Run {
        /// The sweep manifest (TOML); see docs/sweeps.md.
        manifest: PathBuf,
        /// The sweep folder (created; results go to DIR/points/).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Run only shard I of N (1 ≤ I ≤ N).
        #[arg(long, value_name = "I/N")]
        shard: Option<Shard>,
        /// List the points and estimate the cost (times one replicate), without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Worker threads (default: RAYON_NUM_THREADS, else all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar (one line per 10% instead; automatic when stderr is not a terminal).
        #[arg(long)]
        no_progress: bool,
    },
    /// Write an sbatch job-array script whose tasks each run one shard.
    #[command(
        after_help = "Example:\n  carehome sweep slurm scenarios/sweep-example.toml --out /scratch/me/sweep --tasks 20 --time 00:30:00\n  sbatch /scratch/me/sweep/sweep.sbatch\n  carehome sweep merge /scratch/me/sweep\n\n\
The script calls this carehome executable by its absolute path, so the folder and the executable must be visible from the compute nodes."
    )]
    Slurm {
        manifest: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Array tasks (shards); default: the number of points, at most 100.
        #[arg(long)]
        tasks: Option<u32>,
        #[arg(long)]
        partition: Option<String>,
        /// Time limit per task, HH:MM:SS.
        #[arg(long)]
        time: Option<String>,
        #[arg(long, default_value_t = 1)]
        cpus_per_task: u32,
        /// Replace an existing sweep.sbatch.
        #[arg(long)]
        force: bool,
    },
    /// Check every point is present exactly once and write points.csv and replicates.csv.
    #[command(after_help = "Example:\n  carehome sweep merge out/sweep")]
    Merge {
        /// The sweep folder.
        dir: PathBuf,
        /// Replace existing points.csv and replicates.csv.
        #[arg(long)]
        force: bool,
    },
    /// Rank parameters by their effect on each outcome; write effects.csv and main-effect SVGs.
    #[command(after_help = "Example:\n  carehome sweep analyse out/sweep\n\n\
A grid gets exact first-order and total Sobol indices (ANOVA of the full factorial); a Latin \
hypercube gets standardised regression coefficients with R² (Saltelli et al. 2008). See docs/sweeps.md.")]
    Analyse {
        dir: PathBuf,
        /// Replace the files of an earlier analysis.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(cmd: SweepCmd) -> ExitCode {
    match cmd {
        SweepCmd::Run {
            manifest,
            out,
            shard,
            dry_run,
            threads,
            no_progress,
        } => {
            let go = || {
                run_cmd(
                    &manifest,
                    &out,
                    shard.unwrap_or(Shard::ALL),
                    dry_run,
                    !no_progress,
                )
            };
            match threads {
                None => go(),
                Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
                    Ok(pool) => pool.install(go),
                    Err(e) => {
                        error!("--threads {n}: {e}");
                        ExitCode::from(USAGE)
                    }
                },
            }
        }
        SweepCmd::Slurm {
            manifest,
            out,
            tasks,
            partition,
            time,
            cpus_per_task,
            force,
        } => match refuse_existing(&out, &["sweep.sbatch"], force) {
            Ok(()) => slurm_cmd(&manifest, &out, tasks, partition, time, cpus_per_task),
            Err(code) => code,
        },
        SweepCmd::Merge { dir, force } => {
            match refuse_existing(&dir, &["points.csv", "replicates.csv"], force) {
                Ok(()) => merge_cmd(&dir),
                Err(code) => code,
            }
        }
        SweepCmd::Analyse { dir, force } => {
            match refuse_existing(&dir, &["analysis/effects.csv"], force) {
                Ok(()) => analyse_cmd(&dir),
                Err(code) => code,
            }
        }
    }
}

/// Refuse to replace the outputs `names` of folder `dir` unless `force`, as every command does.
fn refuse_existing(dir: &Path, names: &[&str], force: bool) -> Result<(), ExitCode> {
    let existing: Vec<String> = names
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if force || existing.is_empty() {
        return Ok(());
    }
    error!(
        "{} already exist(s); carehome never overwrites a file unless you pass --force",
        existing.join(", ")
    );
    Err(ExitCode::from(USAGE))
}

fn prepare(manifest: &Path) -> Result<sweep::Prepared, ExitCode> {
    sweep::prepare(manifest).map_err(|errors| {
        for e in &errors {
            error!("{}: {e}", manifest.display());
        }
        eprintln!("nothing was run: fix the manifest (see docs/sweeps.md)");
        ExitCode::from(INVALID)
    })
}

/// Temporary result files older than this are left by a killed run, not being written.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(600);

fn run_cmd(manifest: &Path, out: &Path, shard: Shard, dry_run: bool, progress: bool) -> ExitCode {
    let prep = match prepare(manifest) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let store = DirStore::new(out);
    let mine = shard.select(&prep.points);
    let pending = match sweep::exec::pending(&store, &mine, prep.manifest.replicates) {
        Ok(p) => p,
        Err(e) => {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    };
    let threads = rayon::current_num_threads();
    let reps = prep.manifest.replicates as usize;
    if dry_run {
        let cols = prep.columns();
        outln!("point_id\tindex\t{}", cols.join("\t"));
        for p in &mine {
            let vals: Vec<String> = p
                .params
                .iter()
                .map(|(_, v)| merge::cell(Some(&store::param_json(v))))
                .collect();
            outln!("{}\t{}\t{}", p.id, p.index, vals.join("\t"));
        }
        eprintln!(
            "{} point(s) in the sweep; shard {shard}: {} point(s), {} finished, {} to run ({} redo) × {reps} replicate(s) = {} runs",
            prep.points.len(),
            mine.len(),
            pending.done,
            pending.todo.len(),
            pending.redo,
            pending.todo.len() * reps
        );
        if let Some(p) = pending.todo.first() {
            let t = Instant::now();
            let r = prep.runner.run(&p.scenario, prep.plan_of(p), p.seed, 0);
            let s = t.elapsed().as_secs_f64();
            if let Err(e) = r {
                note!("trial replicate of point {} failed: {e}", p.id);
            }
            let runs = (pending.todo.len() * reps) as f64;
            eprintln!(
                "estimated cost: one replicate of point {} took {s:.3} s → about {:.0} CPU-seconds, {:.0} s on {threads} thread(s) (points differ; treat as a rough guide)",
                p.id,
                runs * s,
                runs * s / threads as f64
            );
        }
        return ExitCode::SUCCESS;
    }
    // Temporary files of a run killed mid-write (older than any live write takes).
    match carehome::io::remove_stale_temp_files(&out.join("points"), STALE_TEMP_AGE) {
        Ok(0) => {}
        Ok(n) => eprintln!(
            "note: removed {n} temporary file(s) left in {} by an interrupted run",
            out.join("points").display()
        ),
        Err(e) => warning!("{}", e.0),
    }
    match store::write_index(&store, &prep.index()) {
        Ok(true) => eprintln!(
            "note: {} held another version of this sweep; sweep.json now lists the new points, results of unchanged points are reused",
            out.display()
        ),
        Ok(false) => {}
        Err(e) => {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    }
    eprintln!(
        "sweep {:?}: {} point(s); shard {shard}: {} finished, {} to run{} × {reps} replicate(s) on {threads} thread(s)",
        prep.manifest.name,
        prep.points.len(),
        pending.done,
        pending.todo.len(),
        if pending.redo > 0 {
            format!(" ({} incomplete, redone)", pending.redo)
        } else {
            String::new()
        }
    );
    let total = pending.todo.len() as u64;
    // A bar on a terminal; one line per 10% in logs (Slurm, CI) or with --no-progress.
    let bar = if progress && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} points  {per_sec}  elapsed {elapsed}  ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let counter = std::sync::atomic::AtomicU64::new(0);
    let t0 = Instant::now();
    let on_done = |_: &sweep::PointDone| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        match &bar {
            Some(b) => b.inc(1),
            None => {
                if total > 0 && (n * 10 / total) > ((n - 1) * 10 / total) {
                    eprintln!("{n}/{total} points ({:.0} s)", t0.elapsed().as_secs_f64());
                }
            }
        }
    };
    let result = sweep::execute(&prep, &pending.todo, &store, &on_done);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let wall = t0.elapsed().as_secs_f64();
    match result {
        Err(e) => {
            error!("{e}");
            ExitCode::from(USAGE)
        }
        Ok(s) => {
            let rate = if wall > 0.0 {
                s.points as f64 / wall * 60.0
            } else {
                0.0
            };
            eprintln!(
                "ran {} point(s) in {wall:.1} s ({rate:.1} points/min on {threads} thread(s)); runner {:.1} CPU-s, per-point overhead (collect + write) {:.3} s = {:.2}% of runner time; thread use {:.0}%",
                s.points,
                s.run_s,
                s.overhead_s,
                if s.run_s > 0.0 {
                    100.0 * s.overhead_s / s.run_s
                } else {
                    0.0
                },
                if wall > 0.0 {
                    100.0 * (s.run_s + s.overhead_s) / (wall * threads as f64)
                } else {
                    0.0
                }
            );
            if s.failed_replicates > 0 {
                eprintln!(
                    "{} replicate(s) failed; their errors are in the result files and in replicates.csv after merge",
                    s.failed_replicates
                );
                return ExitCode::from(INVALID);
            }
            eprintln!(
                "results in {}; merge with `carehome sweep merge {}`",
                out.join("points").display(),
                out.display()
            );
            ExitCode::SUCCESS
        }
    }
}

fn slurm_cmd(
    manifest: &Path,
    out: &Path,
    tasks: Option<u32>,
    partition: Option<String>,
    time: Option<String>,
    cpus_per_task: u32,
) -> ExitCode {
    if let Some(t) = &time
        && !slurm::valid_time(t)
    {
        error!("--time {t:?}: use HH:MM:SS (or D-HH:MM:SS)");
        return ExitCode::from(USAGE);
    }
    if cpus_per_task == 0 || tasks == Some(0) {
        error!("--tasks and --cpus-per-task must be at least 1");
        return ExitCode::from(USAGE);
    }
    let prep = match prepare(manifest) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            error!("cannot find the carehome executable: {e}");
            return ExitCode::from(USAGE);
        }
    };
    let n = prep.points.len().max(1) as u32;
    let tasks = tasks.unwrap_or(n.min(100)).min(n);
    let job = slurm::SlurmJob {
        exe: abs(&exe).display().to_string(),
        manifest: abs(manifest).display().to_string(),
        out: abs(out).display().to_string(),
        name: prep.manifest.name.clone(),
        tasks,
        partition,
        time,
        cpus_per_task,
    };
    let store = DirStore::new(out);
    let script = slurm::sbatch_script(&job);
    let written = store::write_index(&store, &prep.index())
        .and_then(|_| store.write("sweep.sbatch", script.as_bytes()))
        .and_then(|_| std::fs::create_dir_all(out.join("slurm-logs")).map_err(|e| e.to_string()));
    if let Err(e) = written {
        error!("{e}");
        return ExitCode::from(USAGE);
    }
    eprintln!(
        "wrote {} ({} points in {tasks} array task(s)); submit with:\n  sbatch {}\nthen merge with:\n  carehome sweep merge {}",
        out.join("sweep.sbatch").display(),
        prep.points.len(),
        out.join("sweep.sbatch").display(),
        out.display()
    );
    ExitCode::SUCCESS
}

fn collect(dir: &Path) -> Result<(DirStore, merge::Collected), ExitCode> {
    let store = DirStore::new(dir);
    let c = merge::collect(&store).map_err(|e| {
        error!("{}: {e}", dir.display());
        ExitCode::from(USAGE)
    })?;
    for w in &c.warnings {
        warning!("{w}");
    }
    Ok((store, c))
}

fn merge_cmd(dir: &Path) -> ExitCode {
    let (store, c) = match collect(dir) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let problems = c.problems();
    if !problems.is_empty() {
        for p in &problems {
            error!("{}: {p}", dir.display());
        }
        eprintln!(
            "not merged: run the missing points (`carehome sweep run` resumes), or remove the duplicates"
        );
        return ExitCode::from(INVALID);
    }
    let t = match merge::tables(&c) {
        Ok(t) => t,
        Err(e) => {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    };
    for (name, text) in [
        ("points.csv", &t.points_csv),
        ("replicates.csv", &t.replicates_csv),
    ] {
        if let Err(e) = store.write(name, text.as_bytes()) {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
        eprintln!("wrote {}", dir.join(name).display());
    }
    eprintln!(
        "merged {} point(s) × {} replicate(s); {} outcome(s){}",
        c.index.points.len(),
        c.index.replicates,
        c.outcomes().len(),
        if t.failed_replicates > 0 {
            format!(
                "; {} replicate(s) failed (see the error column of replicates.csv)",
                t.failed_replicates
            )
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}

fn analyse_cmd(dir: &Path) -> ExitCode {
    let (store, c) = match collect(dir) {
        Ok(x) => x,
        Err(code) => return code,
    };
    for p in c.problems() {
        warning!("{p}; analysing the points present");
    }
    let a = analyse::analyse(&c);
    let mut files = vec![(
        "analysis/effects.csv".to_string(),
        analyse::effects_csv(&a).into_bytes(),
    )];
    let mut plots = 0;
    let svgs = sweep::plot::main_effect_svgs(&a);
    let names: Vec<&str> = svgs.iter().map(|(o, _)| o.as_str()).collect();
    let stems = carehome::io::file_stems(&names);
    for ((outcome, svg), safe) in svgs.iter().zip(&stems) {
        // A PNG beside each SVG, for slides (rendered with the bundled font).
        match carehome::report::png::svg_to_png(svg, 2.0) {
            Ok(png) => files.push((format!("analysis/main-effects-{safe}.png"), png)),
            Err(e) => warning!("no PNG of the main effects on {outcome}: {e}"),
        }
        files.push((
            format!("analysis/main-effects-{safe}.svg"),
            svg.clone().into_bytes(),
        ));
        plots += 1;
    }
    for (name, bytes) in &files {
        if let Err(e) = store.write(name, bytes) {
            error!("{e}");
            return ExitCode::from(USAGE);
        }
    }
    out!("{}", analyse::summary(&a));
    eprintln!(
        "wrote {} and {plots} main-effect plot(s) (SVG and PNG) in {}",
        dir.join("analysis/effects.csv").display(),
        dir.join("analysis").display()
    );
    ExitCode::SUCCESS
}
