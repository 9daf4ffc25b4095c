#!/usr/bin/python3
"""Reference values for @plinth/monitoring's drift statistics, computed with scipy / numpy.

Run with Debian's interpreter (python3-scipy):  /usr/bin/python3 reference.py
Writes fixtures/reference-values.json (compact; biome skips fixtures JSON). Inputs are either stored in the JSON ("values") or, for the
large cases, described by a generator spec ("gen") that the TypeScript tests reproduce bit for bit: a
xorshift32 stream turned into uniforms u = x / 2^32 and Irwin-Hall "normals" (u1 + u2 + u3 + u4 - 2) * scale +
shift, optionally rounded by floor(v * k) / k. Only + - * / and floor are used, so both languages produce the
same doubles.

The Evidently formulas (get_binned_data, psi, jensenshannon, z-test, chi-square, normed Wasserstein) are
transcribed from evidently/legacy/calculations/stattests (no pandas here; numpy equivalents).
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- generator shared with the TS tests
def xorshift_uniforms(seed, count):
    x = seed & 0xFFFFFFFF
    out = np.empty(count)
    for i in range(count):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x / 4294967296.0
    return out


def generate(spec):
    u = xorshift_uniforms(spec["seed"], 4 * spec["n"]).reshape(spec["n"], 4)
    values = np.empty(spec["n"])
    for i in range(spec["n"]):  # left-to-right, as in TS
        s = ((((u[i, 0] + u[i, 1]) + u[i, 2]) + u[i, 3]) - 2.0)
        values[i] = s * spec["scale"] + spec["shift"]
    if spec.get("round"):
        k = float(spec["round"])
        values = np.floor(values * k) / k
    return values


def gen(seed, n, scale=1.0, shift=0.0, round_to=None):
    spec = {"seed": seed, "n": n, "scale": scale, "shift": shift}
    if round_to:
        spec["round"] = round_to
    return spec


rng = np.random.default_rng(20261122)


def stored(values):
    return [float(v) for v in values]


def sample(spec_or_values):
    if isinstance(spec_or_values, dict):
        return {"gen": spec_or_values}, generate(spec_or_values)
    arr = np.asarray(spec_or_values, dtype=float)
    return {"values": stored(arr)}, arr


# ---------------------------------------------------------------- KS two-sample
ks2 = []


def add_ks2(name, a, b, alternatives=("two-sided", "less", "greater"), methods=("auto",)):
    a_desc, a_vals = sample(a)
    b_desc, b_vals = sample(b)
    for alternative in alternatives:
        for method in methods:
            r = stats.ks_2samp(a_vals, b_vals, alternative=alternative, method=method)
            ks2.append({
                "name": f"{name} {alternative} {method}",
                "reference": a_desc, "current": b_desc,
                "alternative": alternative, "method": method,
                "statistic": float(r.statistic), "pValue": float(r.pvalue),
                "statisticLocation": float(r.statistic_location), "statisticSign": int(r.statistic_sign),
            })


small = lambda n, loc=0.0, scale=1.0: np.round(rng.normal(loc, scale, n), 6)
add_ks2("equal n=20 shifted", small(20), small(20, 0.8))
add_ks2("equal n=50", small(50), small(50, 0.2))
add_ks2("unequal 30 vs 47", small(30), small(47, 0.5))
add_ks2("unequal 100 vs 73", small(100), small(73, 0.3, 1.5))
add_ks2("unequal 500 vs 350", small(500), small(350, 0.1))
add_ks2("unequal 800 vs 700 (one-sided falls back)", small(800), small(700, 0.1))
add_ks2("unequal 2000 vs 3000", small(2000), small(3000, 0.05))
add_ks2("ties integers 0..5", rng.integers(0, 6, 200), rng.integers(0, 6, 300))
add_ks2("ties rounded 1 decimal", np.round(rng.normal(0, 1, 400), 1), np.round(rng.normal(0.1, 1, 250), 1))
add_ks2("identical", [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0])
add_ks2("disjoint", [1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0])
add_ks2("single values", [1.5], [0.5])
add_ks2("forced asymp small", small(40), small(60, 0.4), methods=("asymp", "exact"))
add_ks2("forced asymp n=140 band", small(200), small(350, 0.1), methods=("asymp",))
add_ks2("auto at 10000 (exact)", gen(11, 10000), gen(12, 10000, 1.0, 0.02), alternatives=("two-sided",))
add_ks2("auto 10001 vs 500 (asymp)", gen(13, 10001), gen(14, 500, 1.0, 0.1))
add_ks2("forced exact 12000 vs 9000", gen(15, 12000), gen(16, 9000, 1.0, 0.01), alternatives=("two-sided",),
        methods=("exact",))
add_ks2("forced exact 15000 equal", gen(17, 15000), gen(18, 15000, 1.0, 0.02), methods=("exact",))
add_ks2("large same 20000 vs 15000", gen(19, 20000), gen(20, 15000))
add_ks2("large drift 20000 vs 15000", gen(21, 20000), gen(22, 15000, 1.1, 0.05))
add_ks2("large 60000 vs 60000 small shift", gen(23, 60000), gen(24, 60000, 1.0, 0.01), alternatives=("two-sided",))
add_ks2("large ties 30000 vs 25000 rounded", gen(25, 30000, 1.0, 0.0, 10), gen(26, 25000, 1.0, 0.01, 10))

# ---------------------------------------------------------------- KS one-sample against norm.cdf
ks1 = []
for name, values in [("n=10", small(10)), ("n=50 shifted", small(50, 0.3)), ("n=100", small(100)),
                     ("n=141", small(141, 0.1)), ("n=500 shifted", small(500, 0.15)), ("n=2000", small(2000)),
                     ("n=5000 scaled", small(5000, 0, 1.05))]:
    for alternative in ("two-sided", "less", "greater"):
        for method in ("auto", "asymp"):
            if alternative != "two-sided" and method == "asymp":
                continue
            r = stats.ks_1samp(values, stats.norm.cdf, alternative=alternative, method=method)
            ks1.append({"name": f"{name} {alternative} {method}", "values": stored(values),
                        "alternative": alternative, "method": method, "statistic": float(r.statistic),
                        "pValue": float(r.pvalue), "statisticLocation": float(r.statistic_location),
                        "statisticSign": int(r.statistic_sign)})

# ---------------------------------------------------------------- distributions on grids
dist = {"kstwo": [], "ksone": [], "kstwobign": [], "chi2": [], "norm": []}
for n in [1, 2, 5, 10, 50, 100, 140, 141, 500, 1000, 5000, 20000, 100000, 100001, 500000, 2000000]:
    for x in [0.0005, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.6, 0.9, 0.99]:
        dist["kstwo"].append([n, x, float(stats.kstwo.sf(x, n))])
        dist["ksone"].append([n, x, float(stats.ksone.sf(x, n))])
for x in [0.01, 0.03, 0.05, 0.1, 0.3, 0.5, 0.8, 0.82, 0.83, 1.0, 1.3, 2.0, 3.0, 5.0, 10.0]:
    dist["kstwobign"].append([x, float(stats.kstwobign.sf(x))])
for df in [1, 2, 3, 4, 7, 10, 25, 99, 100, 1000]:
    for x in [0.0, 0.01, 0.5, 1.0, 3.84, 10.0, 50.0, 100.0, 500.0, 1500.0]:
        dist["chi2"].append([x, df, float(stats.chi2.sf(x, df))])
for x in [-10.0, -3.0, -1.0, -0.5, 0.0, 0.3, 0.70710678, 1.0, 1.96, 3.0, 5.0, 8.0, 12.0, 20.0, 37.0, 38.5]:
    dist["norm"].append([x, float(stats.norm.cdf(x)), float(stats.norm.sf(x))])


# ---------------------------------------------------------------- categorical tests
def counts_of(values):
    keys, counts = np.unique(np.asarray(values, dtype=object).astype(str), return_counts=True)
    return {str(k): int(c) for k, c in zip(keys, counts)}


def feel_zeroes(percents):
    percents = percents.copy()
    m = min(percents[percents != 0])
    np.place(percents, percents == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return percents


categorical = []


def add_categorical(name, ref, cur):
    ref_counts, cur_counts = counts_of(ref), counts_of(cur)
    keys = list(ref_counts) + [k for k in cur_counts if k not in ref_counts]
    table = np.array([[ref_counts.get(k, 0) for k in keys], [cur_counts.get(k, 0) for k in keys]])
    entry = {"name": name, "reference": [str(v) for v in ref], "current": [str(v) for v in cur], "categories": keys}
    if len(keys) > 1:
        stat, p, dof, _ = stats.chi2_contingency(table)  # correction=True: Yates when dof = 1
        entry["contingency"] = {"statistic": float(stat), "pValue": float(p), "dof": int(dof)}
        if dof == 1:
            stat, p, dof, _ = stats.chi2_contingency(table, correction=False)
            entry["contingencyNoCorrection"] = {"statistic": float(stat), "pValue": float(p), "dof": int(dof)}
        # goodness of fit: Evidently's expected counts, with zero reference shares filled (documented choice)
        ref_shares = feel_zeroes(table[0] / table[0].sum())
        expected = ref_shares / ref_shares.sum() * table[1].sum()
        stat, p = stats.chisquare(table[1], expected)
        entry["goodnessOfFit"] = {"statistic": float(stat), "pValue": float(p), "dof": len(keys) - 1}
        # Evidently's z-test (proportion of values other than the sorted-first key)
        first = sorted(keys)[0]
        n1, n2 = len(ref), len(cur)
        p1 = float(sum(0 if str(x) == first else 1 for x in ref)) / n1
        p2 = float(sum(0 if str(x) == first else 1 for x in cur)) / n2
        P = float(p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
        entry["zTest"] = {"statistic": float(z), "pValue": float(2 * stats.norm.sf(abs(z))),
                          "evidentlyPValue": float(2 * (1 - stats.norm.cdf(abs(z)))), "category": first}
    categorical.append(entry)


letters = np.array(list("abcdef"))
add_categorical("six categories, mild shift", rng.choice(letters, 300, p=[.3, .2, .2, .1, .1, .1]),
                rng.choice(letters, 250, p=[.25, .25, .2, .1, .1, .1]))
add_categorical("binary (dof 1, Yates)", rng.choice(["yes", "no"], 120, p=[.6, .4]),
                rng.choice(["yes", "no"], 90, p=[.45, .55]))
add_categorical("binary small counts (Yates capped)", ["a"] * 3 + ["b"] * 4, ["a"] * 5 + ["b"] * 1)
add_categorical("unseen in reference", rng.choice(letters[:4], 200), rng.choice(letters, 220))
add_categorical("unseen in current", rng.choice(letters, 200), rng.choice(letters[:3], 150))
add_categorical("strong drift", rng.choice(letters, 500, p=[.5, .1, .1, .1, .1, .1]),
                rng.choice(letters, 500, p=[.1, .1, .1, .1, .1, .5]))
add_categorical("numeric categories", rng.integers(1, 4, 100), rng.integers(1, 5, 100))


# ---------------------------------------------------------------- Evidently binning: PSI, Jensen-Shannon
def get_binned_data(reference, current, numeric, feel):
    """evidently.legacy.calculations.stattests.utils.get_binned_data, numpy transcription."""
    n_vals = len(np.unique(reference))
    if numeric and n_vals > 20:
        bins = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        reference_percents = np.histogram(reference, bins)[0] / len(reference)
        current_percents = np.histogram(current, bins)[0] / len(current)
    else:
        keys = list(set(np.unique(reference).tolist()) | set(np.unique(current).tolist()))
        rk, rc = np.unique(reference, return_counts=True)
        ck, cc = np.unique(current, return_counts=True)
        ref_dict = {**dict.fromkeys(keys, 0), **dict(zip(rk.tolist(), rc.tolist()))}
        cur_dict = {**dict.fromkeys(keys, 0), **dict(zip(ck.tolist(), cc.tolist()))}
        reference_percents = np.array([ref_dict[k] / len(reference) for k in keys])
        current_percents = np.array([cur_dict[k] / len(current) for k in keys])
    if feel:
        reference_percents = feel_zeroes(reference_percents)
        current_percents = feel_zeroes(current_percents)
    return reference_percents, current_percents


def psi_of(ref_p, cur_p):
    return float(np.sum((ref_p - cur_p) * np.log(ref_p / cur_p)))


def quantile_psi(reference, current, bins=10):
    inner = np.quantile(reference, np.arange(1, bins) / bins)
    inner = np.unique(inner)  # sorted, duplicates dropped
    edges = np.concatenate([[-np.inf], inner, [np.inf]])
    ref_idx = np.searchsorted(inner, reference, side="right")
    cur_idx = np.searchsorted(inner, current, side="right")
    ref_p = np.bincount(ref_idx, minlength=len(edges) - 1) / len(reference)
    cur_p = np.bincount(cur_idx, minlength=len(edges) - 1) / len(current)
    return psi_of(feel_zeroes(ref_p), feel_zeroes(cur_p)), len(edges) - 1


binned = []


def add_binned(name, ref, cur, numeric=True):
    ref_desc, ref_vals = sample(ref) if numeric else ({"values": list(map(str, ref))}, np.asarray(ref).astype(str))
    cur_desc, cur_vals = sample(cur) if numeric else ({"values": list(map(str, cur))}, np.asarray(cur).astype(str))
    rp, cp = get_binned_data(ref_vals, cur_vals, numeric, True)
    jr, jc = get_binned_data(ref_vals, cur_vals, numeric, False)
    entry = {"name": name, "kind": "numeric" if numeric else "categorical", "reference": ref_desc,
             "current": cur_desc, "psi": psi_of(rp, cp), "bins": len(rp),
             "jensenShannon": float(distance.jensenshannon(jr, jc))}
    if numeric:
        entry["quantilePsi"], entry["quantileBins"] = quantile_psi(ref_vals, cur_vals)
        entry["wasserstein"] = float(stats.wasserstein_distance(ref_vals, cur_vals))
        entry["wassersteinNormed"] = float(stats.wasserstein_distance(ref_vals, cur_vals) /
                                           max(np.std(ref_vals), 0.001))
    binned.append(entry)


add_binned("normal vs shifted (Sturges)", small(1000), small(800, 0.3))
add_binned("normal vs same", small(2000), small(1500))
add_binned("wide vs narrow with empty bins", small(600, 0, 3), small(400, 0, 0.5))
add_binned("few distinct numeric (per value)", rng.integers(0, 8, 300).astype(float),
           rng.integers(0, 10, 200).astype(float))
add_binned("constant reference", [2.0] * 50, small(40, 2.0))
add_binned("large generated", gen(31, 50000, 1.0, 0.0), gen(32, 40000, 1.2, 0.1))
add_binned("large rounded", gen(33, 30000, 1.0, 0.0, 100), gen(34, 30000, 1.0, 0.05, 100))
add_binned("categorical letters", rng.choice(letters, 300), rng.choice(letters[:5], 200), numeric=False)
add_binned("categorical with rare", rng.choice(letters, 20000, p=[.4, .3, .2, .09995, .00004, .00001]),
           rng.choice(letters, 10000, p=[.3, .3, .2, .1, .05, .05]), numeric=False)

wass = []
for name, a, b in [("tiny", [0.0, 1.0, 3.0], [5.0, 6.0, 8.0]), ("ties", [1.0, 1.0, 2.0, 2.0, 2.0], [1.0, 2.0, 2.0, 3.0]),
                   ("normal", small(300), small(200, 0.5, 2.0)), ("constant", [1.0, 1.0], [1.0, 1.0, 1.0])]:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    wass.append({"name": name, "reference": stored(a), "current": stored(b),
                 "wasserstein": float(stats.wasserstein_distance(a, b)),
                 "wassersteinNormed": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001))})

out = {
    "generatedBy": "packages/monitoring/test/scipy/reference.py",
    "scipy": scipy.__version__, "numpy": np.__version__,
    "ks2samp": ks2, "ks1samp": ks1, "distributions": dist, "categorical": categorical, "binned": binned,
    "wasserstein": wass,
}
with open(os.path.join(HERE, "fixtures", "reference-values.json"), "w") as handle:
    json.dump(out, handle, separators=(",", ":"))
print("wrote", len(ks2), "ks2samp,", len(ks1), "ks1samp,", len(categorical), "categorical,", len(binned), "binned cases")
