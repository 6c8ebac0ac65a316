"""The Dask example on a two-worker LocalCluster counts what one process counts."""

import distributed  # Debian's python3-distributed: a hard dependency of this test, never skipped
import pandas as pd

import cohort_dask  # examples/python
import ilio
from synthetic_cohort import cohort


def test_dask_example_matches_single_process_counts(rules, tmp_path):
    patients, partitions = 3000, 4
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            summary = cohort_dask.run(rules, patients, partitions, tmp_path, client)

    sizes = [patients // partitions + (i < patients % partitions) for i in range(partitions)]
    single = pd.concat([rules.evaluate_frame(cohort(rules, size, seed=seed))
                        for seed, size in enumerate(sizes)])
    assert len(single) == patients
    for conclusion in rules.conclusions:
        counts = single[conclusion.name].value_counts()
        for status in ilio.STATUSES:
            assert summary.loc[conclusion.name, status] == counts.get(status, 0), (
                conclusion.name, status)
    assert summary.to_numpy().sum() == patients * len(rules.conclusions)
    written = pd.concat(pd.read_csv(p, index_col="patient_id")
                        for p in sorted(tmp_path.glob("statuses-*.csv")))
    assert len(written) == patients and set(written.index) == set(single.index)
    on_file = pd.read_csv(tmp_path / "summary.csv", index_col="conclusion")
    assert (on_file.to_numpy() == summary.to_numpy()).all()
