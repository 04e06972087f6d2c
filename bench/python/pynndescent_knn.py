# pynndescent with the exact arguments umap-learn passes it (umap_.nearest_neighbors, random_state set: one thread),
# on the reference embeddings: warm time (numba compiled by a first call) and recall against brute force. Prints one
# JSON line. Run by bench.ts when python3 ($BENCH_PYTHON, PATH, /usr/bin) imports pynndescent (Debian: python3-pynndescent).
import json, sys, time
import numpy as np
from pynndescent import NNDescent

X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, 128)
n = X.shape[0]
Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
exact = np.empty((n, 15), dtype=np.int64)
for s in range(0, n, 2000):
    exact[s:s + 2000] = np.argpartition(-(Xn[s:s + 2000] @ Xn.T), 15, axis=1)[:, :15]
args = dict(n_neighbors=15, metric='cosine', n_trees=min(64, 5 + int(round(n ** 0.5 / 20.0))),
            n_iters=max(5, int(round(np.log2(n)))), max_candidates=60, low_memory=True, n_jobs=1, compressed=False)
t0 = time.time()
NNDescent(X, random_state=1, **args)
cold = time.time() - t0
times, recall = [], 0.0
for seed in (42, 1, 7):
    t0 = time.time()
    idx = NNDescent(X, random_state=seed, **args).neighbor_graph[0]
    times.append(time.time() - t0)
    if seed == 42:
        recall = sum(len(set(idx[i]) & set(exact[i])) for i in range(n)) / (15 * n)
times.sort()
import pynndescent
print(json.dumps({'case': 'pynndescent', 'version': pynndescent.__version__, 'coldFirstCall': cold, 'knn': times[1], 'recall': recall}))
