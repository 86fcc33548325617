"""Run the planned steps on a thread pool, each as soon as the steps it reads are done."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path


def run_steps(plan, per_step, layout, staging: Path, *, jobs: int, execute: Callable, upstream, clock, fmt) -> None:
    """Execute the planned steps, up to `jobs` at once; re-raise the first failure once the others end.

    Args:
        plan: the pipeline's Plan (decisions in declaration order).
        per_step: each step's parameter values.
        layout: the output folder's Layout.
        staging: where the steps write.
        jobs: steps run at once.
        execute: runs one step (pipeline.execute_step).
        upstream: for each step name, the names of the steps it reads.
        clock: a monotonic clock.
        fmt: formats elapsed seconds for the progress messages.
    """
    # Kernels inherit it: iteration order of sets, hence of some outputs, is the same every run.
    os.environ["PYTHONHASHSEED"] = "0"
    total = len(plan.decisions)
    number = {step.name: i for i, (step, _, _) in enumerate(plan.decisions, start=1)}
    pending = {step.name: (step, why) for step, run, why in plan.decisions if run}
    for step, run, _ in plan.decisions:
        if not run:
            print(f"[{number[step.name]}/{total}] {step.name}: up to date, skipped")
    running: dict = {}
    started: dict[str, float] = {}
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        while pending or running:
            if failure is None:
                for name in [n for n in pending if not (upstream[n] & (set(pending) | set(running.values())))]:
                    if len(running) >= max(1, jobs):
                        break
                    step, why = pending.pop(name)
                    print(f"[{number[name]}/{total}] {name}: running ({why}) ...", flush=True)
                    started[name] = clock()
                    running[pool.submit(execute, step, per_step[name], layout, staging)] = name
            elif not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name = running.pop(future)
                try:
                    future.result()
                except BaseException as exc:  # re-raised once the steps already running have ended
                    failure = failure or exc
                    continue
                print(f"[{number[name]}/{total}] {name}: done in {fmt(clock() - started[name])}", flush=True)
    if failure is not None:
        raise failure
