"""The paper's training steps in plain JAX (jit, XLA CPU): jax.grad of a loss that contains jax.grad of H.

Run by bench/peers.ts; by hand: .venv-peers/bin/python bench/peers/hnn_jax.py --data DIR [--threads 1|2] [--quick] [--serve]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def make_peer(args):
    """The JAX peer, or why it cannot run. XLA reads its flags at import: one thread means no Eigen pool."""
    if args.threads == 1:
        os.environ['XLA_FLAGS'] = (os.environ.get('XLA_FLAGS', '') + ' --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1').strip()
    os.environ.setdefault('JAX_PLATFORMS', 'cpu')
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as e:
        return f'JAX is not installed in the peers venv ({e}); run scripts/setup-peers.sh'
    return JaxPeer(jax, jnp, args.threads)


class JaxPeer:
    """Models, loss and Adam as pure functions of parameter dicts; one jitted function per train step."""

    name = 'jax'

    def __init__(self, jax, jnp, threads):
        self.jax, self.jnp, self.threads_requested = jax, jnp, threads

    def versions(self):
        import jaxlib
        import numpy
        return {'jax': self.jax.__version__, 'jaxlib': jaxlib.__version__, 'numpy': numpy.__version__, 'python': sys.version.split()[0]}

    def threads(self):
        return 1 if self.threads_requested == 1 else common.cores()

    # ---- the core: MLP, HNN field, losses, Adam (what the paper's code does) ----

    def mlp(self, p, x, prefix=''):
        """The authors' MLP: linear1, tanh, linear2, tanh, linear3 without bias (weights [out, in])."""
        jnp = self.jnp
        h = jnp.tanh(x @ p[prefix + 'linear1.weight'].T + p[prefix + 'linear1.bias'])
        h = jnp.tanh(h @ p[prefix + 'linear2.weight'].T + p[prefix + 'linear2.bias'])
        return h @ p[prefix + 'linear3.weight'].T

    def field(self, kind, p, x, prefix=''):
        """Time derivative: J∇H with H = output[1] for the HNN ([q…, p…] → (∂H/∂p, −∂H/∂q)), the output for the baseline."""
        if kind == 'baseline':
            return self.mlp(p, x, prefix)
        grad_h = self.jax.grad(lambda s: self.mlp(p, s, prefix)[:, 1].sum())(x)
        n = x.shape[1] // 2
        return self.jnp.concatenate([grad_h[:, n:], -grad_h[:, :n]], axis=1)

    def derivative_loss(self, kind):
        """MSE of the predicted time derivatives over all elements."""
        return lambda p, x, dx: self.jnp.mean((self.field(kind, p, x) - dx) ** 2)

    def pixel_loss(self, kind):
        """The authors' PixelHNN loss: autoencoder MSE + canonical term + 0.1 · latent dynamics term, mean over rows."""
        jnp, relu = self.jnp, self.jax.nn.relu

        def lin(p, i, h):
            return h @ p[f'autoencoder.linear{i}.weight'].T + p[f'autoencoder.linear{i}.bias']

        def half(p, first, h):  # in → hidden, two residual blocks h + relu(W h), hidden → out
            h = relu(lin(p, first, h))
            h = h + relu(lin(p, first + 1, h))
            h = h + relu(lin(p, first + 2, h))
            return lin(p, first + 3, h)

        def loss(p, x, x_next):
            z, z_next = half(p, 1, x), half(p, 1, x_next)
            ae = jnp.mean((x - half(p, 5, z)) ** 2, axis=1)
            dyn = jnp.mean((z_next - z - self.field(kind, p, z, 'hnn.differentiable_model.')) ** 2, axis=1)
            cc = (z[:, 1] - (z_next[:, 0] - z[:, 0])) ** 2
            return jnp.mean(ae + cc + 0.1 * dyn)

        return loss

    def adam_step(self, loss, weight_decay):
        """A jitted step (params, Adam state, batch…) → (params, state, loss): torch.optim.Adam with L2 weight decay."""
        jax, jnp = self.jax, self.jnp
        b1, b2, lr, eps = 0.9, 0.999, 1e-3, 1e-8

        def step(p, state, *batch):
            m, v, t = state
            value, g = jax.value_and_grad(loss)(p, *batch)
            t = t + 1
            g = {k: g[k] + weight_decay * p[k] for k in p}
            m = {k: b1 * m[k] + (1 - b1) * g[k] for k in p}
            v = {k: b2 * v[k] + (1 - b2) * g[k] ** 2 for k in p}
            step_size = lr / (1 - b1**t)
            sqrt_bc2 = jnp.sqrt(1 - b2**t)
            p = {k: p[k] - step_size * m[k] / (jnp.sqrt(v[k]) / sqrt_bc2 + eps) for k in p}
            return p, (m, v, t), value

        return jax.jit(step, donate_argnums=(0, 1))

    # ---- the harness ----

    def initial(self, config):
        """The runner's initial weights (our model's) on the device, and a zero Adam state."""
        jnp = self.jnp
        p = {k: jnp.asarray(w) for k, w in config['weights'].items()}
        m, v = ({k: jnp.zeros_like(w) for k, w in p.items()} for _ in range(2))
        return p, (m, v, jnp.asarray(0, jnp.int32))

    def setup(self, config):
        """A train-step closure cycling through the runner's batches, and the loss of its first (compiling) call."""
        jnp, a = self.jnp, config['arrays']
        if config['task'] == 'pixels':
            loss = self.pixel_loss(config['kind'])
            x, y = (jnp.asarray(v) for v in common.pixel_pairs(a['frames'], a['first']))
        else:
            loss = self.derivative_loss(config['kind'])
            x, y = jnp.asarray(a['x']), jnp.asarray(a['dx'])
        batches = [jnp.asarray(b) for b in a['batches']] if 'batches' in a else None
        if batches is not None:  # gather the batch inside the jitted step, as a training loop would
            inner = loss
            loss = lambda p, x, y, rows: inner(p, x[rows], y[rows])  # noqa: E731
        step_fn = self.adam_step(loss, config['weightDecay'])
        state = list(self.initial(config))
        i = [0]

        def step():
            args = (x, y) if batches is None else (x, y, batches[i[0] % len(batches)])
            i[0] += 1
            state[0], state[1], value = step_fn(state[0], state[1], *args)
            return float(value)  # waits for the result

        return step, step()

    def full_training(self, config):
        """The authors' loop: full-batch steps, the test loss on the whole test set after each (both read back as floats)."""
        jax, jnp, a = self.jax, self.jnp, config['arrays']
        loss = self.derivative_loss(config['kind'])
        step_fn = self.adam_step(loss, config['weightDecay'])
        test_loss = jax.jit(loss)
        x, dx, tx, tdx = (jnp.asarray(a[k]) for k in ('x', 'dx', 'testX', 'testDx'))
        t0 = time.perf_counter()
        p, s = self.initial(config)  # compile both functions on a throw-away copy
        p, s, _ = step_fn(p, s, x, dx)
        float(test_loss(p, tx, tdx))
        compile_seconds = time.perf_counter() - t0
        p, s = self.initial(config)
        t0 = time.perf_counter()
        for _ in range(config['steps']):
            p, s, train = step_fn(p, s, x, dx)
            train, test = float(train), float(test_loss(p, tx, tdx))
        return {'trainSeconds': time.perf_counter() - t0, 'compileSeconds': compile_seconds, 'trainLoss': train, 'testLoss': test, 'steps': config['steps']}


if __name__ == '__main__':
    common.main(make_peer)
