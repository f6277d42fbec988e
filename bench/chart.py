#!/usr/bin/env python3
"""Draws build time against N (both on log scales), one line per tool, from bench/run.py's
results, as a small hand-written SVG. Standard library only.

    python3 bench/chart.py bench/results.json docs/bench-chart.svg
"""

import json
import math
import statistics
import sys

COLORS = {"hyde": "#c0392b", "jekyll": "#2c3e50", "hugo": "#2980b9"}
W, H = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 130, 40, 60  # margins around the plot area


def main(src, dest):
    with open(src) as f:
        res = json.load(f)
    synth = {int(n): by_tool for n, by_tool in res["synthetic"].items()}
    ns = sorted(synth)
    tools = [t for t in ("hyde", "jekyll", "hugo") if any(t in synth[n] for n in ns)]
    med = {t: [(n, statistics.median(synth[n][t]["times"])) for n in ns if t in synth[n]]
           for t in tools}

    # Axes: whole decades around the data, so the log grid lines are 10^k.
    ys = [s for pts in med.values() for _, s in pts]
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x0, x1 = math.floor(math.log10(ns[0])), math.ceil(math.log10(ns[-1]))
    if x1 == x0:
        x1 += 1
    if y1 == y0:
        y1 += 1
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(n):
        return LEFT + (math.log10(n) - x0) / (x1 - x0) * pw

    def py(s):
        return TOP + ph - (math.log10(s) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14">'
           'Cold build time of a synthetic blog (median)</text>']
    for k in range(y0, y1 + 1):  # horizontal grid and y labels
        y = py(10 ** k)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{10.0 ** k:g}</text>')
    for k in range(x0, x1 + 1):  # vertical grid and x labels
        x = px(10 ** k)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + ph + 18}" text-anchor="middle">{10 ** k:,}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">posts (N)</text>')
    out.append(f'<text transform="translate(20 {TOP + ph / 2}) rotate(-90)" '
               'text-anchor="middle">build time, seconds (log scale)</text>')
    for i, t in enumerate(tools):  # one line per tool, points labelled with their time
        c = COLORS.get(t, "#555")
        pts = " ".join(f"{px(n):.1f},{py(s):.1f}" for n, s in med[t])
        out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"/>')
        for n, s in med[t]:
            out.append(f'<circle cx="{px(n):.1f}" cy="{py(s):.1f}" r="3.5" fill="{c}"/>')
            # Labels sit above-right of a point, or above-left at the right edge.
            right_edge = n == ns[-1] and n == 10 ** x1
            x, anchor = (px(n) - 6, "end") if right_edge else (px(n) + 6, "start")
            out.append(f'<text x="{x:.1f}" y="{py(s) - 7:.1f}" fill="{c}" font-size="10" '
                       f'text-anchor="{anchor}">{s:.2f} s</text>')
        ly = TOP + 10 + 22 * i  # legend, right of the plot
        out.append(f'<line x1="{LEFT + pw + 15}" y1="{ly}" x2="{LEFT + pw + 40}" y2="{ly}" '
                   f'stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{LEFT + pw + 46}" y="{ly + 4}">{t}</text>')
    out.append(f'<text x="{W - 10}" y="{H - 8}" text-anchor="end" font-size="10" fill="#555">'
               f'{res.get("machine", {}).get("nproc", "?")} cores, {res.get("date", "")}</text>')
    out.append("</svg>")
    with open(dest, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
