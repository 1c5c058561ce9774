#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into the README's benchmark table.

Usage: python3 benchmarks/table.py RESULT.json [CLASS ...]

One row per benchmark class and scenario suffix; columns: the median of the measured
iterations and the allocation per operation for Levee, Resilience4j, Failsafe and the
baseline, then Levee's ratio to each anchor (time; below 1 means Levee is faster).
Method names follow the convention in DESIGN.md: levee..., resilience4j..., failsafe...,
baseline..., with a shared scenario suffix.
"""
import json
import re
import statistics
import sys
from collections import defaultdict

CONTENDERS = ("levee", "resilience4j", "failsafe", "baseline")


def fmt_time(ns):
    if ns >= 1000:
        return f"{ns / 1000:.2f} µs"
    return f"{ns:.1f} ns"


def main():
    path, *classes = sys.argv[1:]
    rows = defaultdict(dict)
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        if classes and cls not in classes:
            continue
        m = re.match(r"(levee|resilience4j|failsafe|baseline)(.*)", method)
        if not m:
            continue
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(cls, m.group(2) or "-")][m.group(1)] = (statistics.median(raw), alloc, r["threads"])
    print("| benchmark | scenario | threads | Levee | Resilience4j | Failsafe | baseline "
          "| Levee / R4j | Levee / Failsafe |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (cls, suffix), c in sorted(rows.items()):
        cells = []
        for who in CONTENDERS:
            if who in c:
                t, a, _ = c[who]
                cells.append(fmt_time(t) + (f", {a:.0f} B" if a is not None else ""))
            else:
                cells.append("-")
        ratios = []
        for anchor in ("resilience4j", "failsafe"):
            if "levee" in c and anchor in c:
                ratios.append(f"{c['levee'][0] / c[anchor][0]:.2f}")
            else:
                ratios.append("-")
        threads = next(iter(c.values()))[2]
        print(f"| `{cls}` | {suffix} | {threads} | " + " | ".join(cells + ratios) + " |")


if __name__ == "__main__":
    main()
