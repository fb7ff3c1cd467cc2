"""Where `--backend pyspark` runs: a local session, or a Spark cluster's master.

By default the engine starts a local-mode session on this machine. A region that runs Spark
points Färdplan at it instead: ``SPARK_MASTER`` (``--spark-master``), a master URL such as
``spark://host:7077``, ``yarn`` or ``k8s://…``. The driver's and executors' memory are
settings too. The engine collects only the cells (thousands of rows) to the driver; the
dataset itself is read and summed by the executors.

Spark Connect (``sc://…``) is not offered: the engine keeps intermediate tables with Ibis's
``cache()``, which a Connect session cannot see again (``TABLE_OR_VIEW_NOT_FOUND``, Ibis 12
on Spark 4.3, tried).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fardplan import config

LOCAL = "local[2]"
# A JVM memory size as Spark takes it: 512m, 4g, 1t.
_MEMORY = re.compile(r"^[1-9][0-9]*[kmgt]?$", re.IGNORECASE)
_MASTER = re.compile(r"^(local(\[[0-9*]+(,[0-9]+)?\])?|yarn|(spark|k8s|mesos)://\S+)$")


@dataclass(frozen=True)
class SparkSettings:
    """Where and with how much memory the PySpark backend runs."""

    master: str = LOCAL  # a master URL; LOCAL: this machine only
    driver_memory: str = "3g"
    executor_memory: str | None = None  # None: the cluster's default
    # Partitions of a shuffle; None: the cluster's default (adaptive execution joins them).
    shuffle_partitions: int | None = None

    def __post_init__(self) -> None:
        if not _MASTER.match(self.master):
            raise config.ConfigError(
                f"SPARK_MASTER={self.master!r} is not a Spark master URL "
                "(local[N], spark://host:port, yarn, k8s://…)"
            )
        for name, size in (
            ("FARDPLAN_SPARK_DRIVER_MEMORY", self.driver_memory),
            ("FARDPLAN_SPARK_EXECUTOR_MEMORY", self.executor_memory),
        ):
            if size is not None and not _MEMORY.match(size):
                raise config.ConfigError(f"{name}={size!r} is not a memory size (512m, 4g)")

        if self.shuffle_partitions is not None and self.shuffle_partitions < 1:
            raise config.ConfigError(
                f"FARDPLAN_SPARK_SHUFFLE_PARTITIONS={self.shuffle_partitions!r} must be at least 1"
            )

    @property
    def on_cluster(self) -> bool:
        """Whether the work runs beyond this process's machine (executors elsewhere)."""
        return not self.master.startswith("local")


def spark_settings(
    master: str | None = None,
    driver_memory: str | None = None,
    executor_memory: str | None = None,
    shuffle_partitions: int | None = None,
) -> SparkSettings:
    """Return the settings: each given value, else its environment variable, else the default.

    Raises ``ConfigError`` naming the variable of a value that cannot be used.
    """
    return SparkSettings(
        master=master or config.env_str("SPARK_MASTER", "") or LOCAL,
        driver_memory=driver_memory or config.env_str("FARDPLAN_SPARK_DRIVER_MEMORY", "3g"),
        executor_memory=executor_memory
        or config.env_str("FARDPLAN_SPARK_EXECUTOR_MEMORY", "")
        or None,
        shuffle_partitions=shuffle_partitions
        or config.env_int("FARDPLAN_SPARK_SHUFFLE_PARTITIONS", 0, minimum=0)
        or None,
    )


def start_session(settings: SparkSettings | None = None) -> Any:
    """Return the active SparkSession or start one as ``settings`` say (the environment's
    by default), in UTC and without a web UI."""
    from pyspark.sql import SparkSession

    settings = settings or spark_settings()
    builder = SparkSession.builder.appName("fardplan").master(settings.master)
    for key, value in session_config(settings).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def session_config(settings: SparkSettings) -> dict[str, str]:
    """Return the Spark configuration the engine's plans need, with ``settings``' memory."""
    chosen = {
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.memory": settings.driver_memory,
        # The compiled plans join many small aggregates; Spark broadcasts each of them at once
        # and a 2-core local driver ran out of heap building those tables (seen in CI).
        # Sort-merge joins cost little at local scale and keep memory flat.
        "spark.sql.autoBroadcastJoinThreshold": "-1",
    }
    # Locally, few partitions keep a small run from making hundreds of tiny tasks; a
    # cluster's own default suits its data, unless a region sets one.
    partitions = settings.shuffle_partitions or (None if settings.on_cluster else 4)
    if partitions is not None:
        chosen["spark.sql.shuffle.partitions"] = str(partitions)
    if settings.executor_memory is not None:
        chosen["spark.executor.memory"] = settings.executor_memory
    return chosen
