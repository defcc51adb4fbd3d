"""The reference a user has today: scipy cdist + numpy exp + dot, float64."""
import sys, time
import numpy as np
from scipy.spatial.distance import cdist

n, m, d = (int(a) for a in sys.argv[1:4])
sigma = float(sys.argv[4])
rng = np.random.default_rng(1)
x, y, q = rng.random((n, d)), rng.random(n), rng.random((m, d))
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    dist = cdist(q, x, "sqeuclidean")
    w = np.exp(-(dist - dist.min(axis=1, keepdims=True)) / (2 * sigma * sigma))
    pred = w.dot(y) / w.sum(axis=1)
    best = min(best, time.perf_counter() - t0)
print(n * m / best)
