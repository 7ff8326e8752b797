//! The sbatch script of a sweep: a Slurm job array whose task `I` (of `N`) runs
//! `carehome sweep run MANIFEST --out DIR --shard I/N`. Tasks write to the same folder; each
//! point's file is written atomically by exactly one task, and a resubmitted array resumes.

/// What goes into the script.
#[derive(Clone, Debug, PartialEq)]
pub struct SlurmJob {
    /// Absolute path of the `carehome` executable.
    pub exe: String,
    /// Absolute path of the manifest.
    pub manifest: String,
    /// Absolute path of the sweep folder.
    pub out: String,
    pub name: String,
    pub tasks: u32,
    pub partition: Option<String>,
    /// `HH:MM:SS` (or any form sbatch accepts).
    pub time: Option<String>,
    pub cpus_per_task: u32,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The sbatch script text.
pub fn sbatch_script(j: &SlurmJob) -> String {
    let mut s = String::from("#!/bin/bash\n");
    s.push_str(&format!(
        "# carehome sweep {:?}: {} array tasks; submit with `sbatch {}/sweep.sbatch`,\n# then `carehome sweep merge {}`.\n",
        j.name, j.tasks, j.out, j.out
    ));
    let job: String = j
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.push_str(&format!("#SBATCH --job-name=carehome-{job}\n"));
    s.push_str(&format!("#SBATCH --array=1-{}\n", j.tasks));
    s.push_str("#SBATCH --ntasks=1\n");
    s.push_str(&format!("#SBATCH --cpus-per-task={}\n", j.cpus_per_task));
    if let Some(p) = &j.partition {
        s.push_str(&format!("#SBATCH --partition={p}\n"));
    }
    if let Some(t) = &j.time {
        s.push_str(&format!("#SBATCH --time={t}\n"));
    }
    s.push_str(&format!(
        "#SBATCH --output={}/slurm-logs/%A_%a.out\n",
        j.out
    ));
    s.push_str("set -euo pipefail\n");
    s.push_str(&format!(
        "export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-{}}}\"\n",
        j.cpus_per_task
    ));
    s.push_str(&format!(
        "exec {} sweep run {} --out {} --shard \"${{SLURM_ARRAY_TASK_ID}}/{}\" --no-progress\n",
        quote(&j.exe),
        quote(&j.manifest),
        quote(&j.out),
        j.tasks
    ));
    s
}

/// Is `t` a Slurm time limit (`MM`, `MM:SS`, `HH:MM:SS`, `D-HH[:MM[:SS]]`)?
pub fn valid_time(t: &str) -> bool {
    let (days, rest) = match t.split_once('-') {
        Some((d, r)) => (Some(d), r),
        None => (None, t),
    };
    let num = |x: &str| !x.is_empty() && x.len() <= 3 && x.chars().all(|c| c.is_ascii_digit());
    days.is_none_or(num)
        && !rest.is_empty()
        && rest.split(':').count() <= 3
        && rest.split(':').all(num)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_runs_its_shard() {
        let s = sbatch_script(&SlurmJob {
            exe: "/bin/carehome".into(),
            manifest: "/m/s.toml".into(),
            out: "/o".into(),
            name: "demo".into(),
            tasks: 3,
            partition: Some("short".into()),
            time: Some("00:10:00".into()),
            cpus_per_task: 2,
        });
        assert!(s.contains("#SBATCH --array=1-3\n"));
        assert!(s.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""));
        assert!(s.contains("#SBATCH --partition=short\n"));
        assert!(valid_time("00:10:00") && valid_time("1-00:00") && !valid_time("ten"));
    }
}
