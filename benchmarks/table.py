#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into the README's benchmark table.

Usage: python3 benchmarks/table.py RESULT.json [CLASS ...]

One row per benchmark class and scenario suffix; columns: the median of the measured
iterations (of the samples, for SampleTime benchmarks) and the allocation per operation for
Levee, Resilience4j, Failsafe and the baseline, then Levee's ratio to each anchor (time; below 1 means Levee is faster).
Method names follow the convention in DESIGN.md: levee..., resilience4j..., failsafe...,
concurrencyLimits... (Netflix concurrency-limits), baseline..., with a shared scenario suffix.
The concurrency-limits columns appear only when the result has such rows.
"""
import json
import re
import statistics
import sys
from collections import defaultdict

CONTENDERS = ("levee", "resilience4j", "failsafe", "concurrencyLimits", "baseline")
ANCHORS = ("resilience4j", "failsafe", "concurrencyLimits")
NS_PER = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
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
        m = re.match(r"(levee|resilience4j|failsafe|concurrencyLimits|baseline)(.*)", method)
        if not m:
            continue
        primary = r["primaryMetric"]
        if "rawData" in primary:
            median = statistics.median(x for fork in primary["rawData"] for x in fork)
        else:  # SampleTime: a histogram, whose median JMH reports as a percentile
            median = primary["scorePercentiles"]["50.0"]
        median *= NS_PER.get(primary["scoreUnit"].split("/")[0], 1)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(cls, m.group(2) or "-")][m.group(1)] = (median, alloc, r["threads"])
    netflix = any("concurrencyLimits" in c for c in rows.values())
    contenders = [w for w in CONTENDERS if netflix or w != "concurrencyLimits"]
    anchors = [w for w in ANCHORS if netflix or w != "concurrencyLimits"]
    names = {"levee": "Levee", "resilience4j": "Resilience4j", "failsafe": "Failsafe",
             "concurrencyLimits": "concurrency-limits", "baseline": "baseline"}
    ratio_names = {"resilience4j": "Levee / R4j", "failsafe": "Levee / Failsafe",
                   "concurrencyLimits": "Levee / c-l"}
    header = ["benchmark", "scenario", "threads"] + [names[w] for w in contenders] + [
        ratio_names[a] for a in anchors]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for (cls, suffix), c in sorted(rows.items()):
        cells = []
        for who in contenders:
            if who in c:
                t, a, _ = c[who]
                cells.append(fmt_time(t) + (f", {a:.0f} B" if a is not None else ""))
            else:
                cells.append("-")
        ratios = []
        for anchor in anchors:
            if "levee" in c and anchor in c:
                ratios.append(f"{c['levee'][0] / c[anchor][0]:.2f}")
            else:
                ratios.append("-")
        threads = next(iter(c.values()))[2]
        print(f"| `{cls}` | {suffix} | {threads} | " + " | ".join(cells + ratios) + " |")

if __name__ == "__main__":
    main()
