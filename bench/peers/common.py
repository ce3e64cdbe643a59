"""What the peer benchmarks share: options, thread pinning, the runner's data folder, timing, output.

A peer script (hnn_jax.py, hnn_torch.py) defines `Peer` with `versions()`, `threads()`,
`setup(config) -> (step, loss0)` and `full_training(config) -> dict`, then calls `main(Peer)`.
Without --serve it measures every configuration of the data folder once and prints ONE JSON line;
with --serve it answers one JSON request per stdin line with one JSON line (bench/peers.ts uses
that to alternate its runs with ours).
"""
import argparse
import json
import os
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:  # main() says so and the peer is skipped
    np = None


def parse_args(argv=None):
    """The peer's command-line options."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--data', required=True, help='folder written by bench/peers.ts (manifest.json and raw arrays)')
    p.add_argument('--threads', type=int, default=2, help='1 pins the process to core 0 and the library to one thread')
    p.add_argument('--quick', action='store_true', help='fewer repetitions')
    p.add_argument('--serve', action='store_true', help='answer JSON requests on stdin, one per line')
    return p.parse_args(argv)


def pin_threads(threads):
    """With one thread, pins this process (and the threads it starts later) to core 0; call before importing the library."""
    if threads == 1 and hasattr(os, 'sched_setaffinity'):
        os.sched_setaffinity(0, {0})


def cores():
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()


def load_array(folder, spec):
    """One raw little-endian array of the manifest: {file, dtype ('f32' | 'i32'), shape}."""
    dtype = {'f32': '<f4', 'i32': '<i4'}[spec['dtype']]
    return np.fromfile(os.path.join(folder, spec['file']), dtype=dtype).reshape(spec['shape'])


def load_manifest(folder):
    """The data folder's configurations with their arrays and initial weights loaded (numpy float32 / int32)."""
    with open(os.path.join(folder, 'manifest.json')) as f:
        manifest = json.load(f)
    for config in manifest['configs']:
        config['arrays'] = {name: load_array(folder, spec) for name, spec in config['arrays'].items()}
        config['weights'] = {name: load_array(folder, spec) for name, spec in config['weights'].items()}
    return manifest


def pixel_pairs(frames, first):
    """Inputs (frame f ‖ f+1) and successors (f+1 ‖ f+2) of every row, float32 rows × 2·pixels."""
    x = np.concatenate([frames[first], frames[first + 1]], axis=1)
    x_next = np.concatenate([frames[first + 1], frames[first + 2]], axis=1)
    return x, x_next


def default_reps(config, quick):
    """Untimed and timed steps of a configuration when the request names none."""
    if config['task'] == 'pixels':
        return 10, 30 if quick else 100
    if config['batch'] is None:
        return 20, 60 if quick else 300
    return 50, 150 if quick else 1000


def time_steps(step, warmup, reps):
    """Median, min and max ms of `reps` calls of `step` (each waits for its result) after `warmup` untimed calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return {'ms': statistics.median(times), 'minMs': min(times), 'maxMs': max(times), 'reps': reps}


class Session:
    """A peer's configurations, set up (and compiled) on first use and kept for later requests."""

    def __init__(self, peer, manifest, quick):
        self.peer = peer
        self.configs = {c['id']: c for c in manifest['configs']}
        self.quick = quick
        self.steps = {}

    def measure(self, request):
        """Answers one request: {config, warmup?, reps?}; the 'full' config runs the authors' whole training loop."""
        config = self.configs[request['config']]
        t0 = time.perf_counter()
        if config['task'] == 'full':
            result = self.peer.full_training(config)
        else:
            result = {}
            if config['id'] not in self.steps:
                t_setup = time.perf_counter()
                self.steps[config['id']] = self.peer.setup(config)
                result['setupSeconds'] = time.perf_counter() - t_setup
                result['loss0'] = self.steps[config['id']][1]
            warmup, reps = default_reps(config, self.quick)
            result.update(time_steps(self.steps[config['id']][0], request.get('warmup', warmup), request.get('reps', reps)))
        result.update(config=config['id'], seconds=time.perf_counter() - t0)
        return result


def header(peer, threads):
    """What every answer starts with: the peer, its threads and library versions."""
    return {'peer': peer.name, 'threadsRequested': threads, 'threads': peer.threads(), 'cores': cores(), 'versions': peer.versions()}


def main(make_peer):
    """Runs a peer: `make_peer(args)` returns the peer object, or a string saying why it cannot run."""
    args = parse_args()
    pin_threads(args.threads)
    peer = make_peer(args) if np is not None else 'numpy is not installed in the peers venv; run scripts/setup-peers.sh'
    if isinstance(peer, str):
        print(json.dumps({'skipped': peer}), flush=True)
        return
    session = Session(peer, load_manifest(args.data), args.quick)
    if args.serve:
        print(json.dumps(header(peer, args.threads)), flush=True)
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(session.measure(json.loads(line))), flush=True)
        return
    t0 = time.perf_counter()
    results = [session.measure({'config': cid}) for cid in session.configs]
    print(json.dumps({**header(peer, args.threads), 'results': results, 'seconds': time.perf_counter() - t0}), flush=True)
