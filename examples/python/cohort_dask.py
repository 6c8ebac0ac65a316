"""Screens a synthetic cohort with dask.dataframe on a dask.distributed cluster.

    python3 examples/python/cohort_dask.py rules/psoas_release.ilio --patients 1000000 --out out/
    python3 examples/python/cohort_dask.py RULES --scheduler tcp://host:8786 ...   # a cluster

Each partition is evaluated by RuleSet.evaluate_frame on a worker (the rule set travels by
pickle: its source text, file name and overrides, rebuilt and hash-checked there). Writes
out/statuses-*.csv (one row per patient: each conclusion's status and the facts needed next)
and out/summary.csv (per conclusion, how many patients had each status).
"""

import argparse
import pathlib
from typing import List, Optional

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import ilio
from synthetic_cohort import cohort


def make_partition(rules: ilio.RuleSet, patients: int, seed: int) -> pd.DataFrame:
    return cohort(rules, patients, seed=seed)


def screen(partition: pd.DataFrame, rules: ilio.RuleSet) -> pd.DataFrame:
    """One partition: statuses, with the facts needed next joined into one text column."""
    statuses = rules.evaluate_frame(partition, threads=1)  # Dask runs a partition per core
    statuses["needed"] = statuses["needed"].map(" ".join)
    return statuses


def summarise(statuses: dd.DataFrame, rules: ilio.RuleSet) -> pd.DataFrame:
    """Per conclusion, the number of patients with each status (a conclusion x status table)."""
    counts = {c.name: statuses[c.name].value_counts() for c in rules.conclusions}
    computed = dict(zip(counts, dd.compute(*counts.values())))
    table = pd.DataFrame({name: computed[name] for name in counts}).T
    return table.reindex(columns=list(ilio.STATUSES)).fillna(0).astype("int64")


def run(rules: ilio.RuleSet, patients: int, partitions: int, out: Optional[pathlib.Path],
        client: Client) -> pd.DataFrame:
    """Screens `patients` synthetic patients in `partitions` partitions on `client`'s cluster;
    returns the summary table (and writes both tables under `out` when given)."""
    sizes: List[int] = [patients // partitions + (i < patients % partitions)
                        for i in range(partitions)]
    parts = [client.submit(make_partition, rules, size, seed) for seed, size in enumerate(sizes)]
    meta = screen(make_partition(rules, 0, 0), rules)
    frame = dd.from_delayed(parts, meta=make_partition(rules, 0, 0))
    statuses = frame.map_partitions(screen, rules, meta=meta)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        statuses.to_csv(str(out / "statuses-*.csv"))
    summary = summarise(statuses, rules)
    if out is not None:
        summary.to_csv(out / "summary.csv", index_label="conclusion")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rules")
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("cohort-out"))
    parser.add_argument("--scheduler", help="address of a running dask scheduler; by default "
                        "a LocalCluster on this machine")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    rules = ilio.load(args.rules)
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1))
    with client:
        summary = run(rules, args.patients, args.partitions, args.out, client)
    print(summary.to_string())


if __name__ == "__main__":
    main()
