"""The paper's training steps in plain PyTorch 2 (CPU, eager), as the authors' code does them:
torch.autograd.grad(create_graph=True) for the HNN field, torch.optim.Adam with weight decay.

Run by bench/peers.ts; by hand: .venv-peers/bin/python bench/peers/hnn_torch.py --data DIR [--threads 1|2] [--quick] [--serve]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def make_peer(args):
    """The PyTorch peer, or why it cannot run."""
    try:
        import torch
    except ImportError as e:
        return f'PyTorch is not installed in the peers venv ({e}); run scripts/setup-peers.sh'
    torch.set_num_threads(args.threads)
    return TorchPeer(torch)


class TorchPeer:
    """Modules and a train-step closure per configuration."""

    name = 'pytorch'

    def __init__(self, torch):
        self.torch = torch
        nn = torch.nn

        class MLP(nn.Module):
            """The authors' MLP: linear1, tanh, linear2, tanh, linear3 without bias."""

            def __init__(self, d_in, d_hidden, d_out):
                super().__init__()
                self.linear1 = nn.Linear(d_in, d_hidden)
                self.linear2 = nn.Linear(d_hidden, d_hidden)
                self.linear3 = nn.Linear(d_hidden, d_out, bias=False)

            def forward(self, x):
                return self.linear3(torch.tanh(self.linear2(torch.tanh(self.linear1(x)))))

        class Dynamics(nn.Module):
            """An HNN (field J∇H, H = output[1], states [q…, p…]) or the baseline (the MLP's output)."""

            def __init__(self, kind, d_in, d_hidden):
                super().__init__()
                self.kind = kind
                self.differentiable_model = MLP(d_in, d_hidden, 2 if kind == 'hnn' else d_in)

            def forward(self, x):
                if self.kind == 'baseline':
                    return self.differentiable_model(x)
                if not x.requires_grad:  # data: a leaf of its own; latent codes already carry the encoder's graph
                    x = x.detach().requires_grad_(True)
                h = self.differentiable_model(x)[:, 1]
                (grad_h,) = torch.autograd.grad(h.sum(), x, create_graph=True)
                n = x.shape[1] // 2
                return torch.cat([grad_h[:, n:], -grad_h[:, :n]], dim=1)

        class PixelModel(nn.Module):
            """The authors' PixelHNN: residual relu MLP autoencoder (linear1…linear8) and latent dynamics `hnn`."""

            def __init__(self, kind, d_in, d_hidden):
                super().__init__()
                self.autoencoder = nn.Module()
                widths = [(d_in, d_hidden), (d_hidden, d_hidden), (d_hidden, d_hidden), (d_hidden, 2)]
                widths += [(2, d_hidden), (d_hidden, d_hidden), (d_hidden, d_hidden), (d_hidden, d_in)]
                for i, (a, b) in enumerate(widths):
                    setattr(self.autoencoder, f'linear{i + 1}', nn.Linear(a, b))
                self.hnn = Dynamics(kind, 2, d_hidden)

            def half(self, first, h):
                lin = lambda i: getattr(self.autoencoder, f'linear{i}')  # noqa: E731
                h = torch.relu(lin(first)(h))
                h = h + torch.relu(lin(first + 1)(h))
                h = h + torch.relu(lin(first + 2)(h))
                return lin(first + 3)(h)

            def loss(self, x, x_next):
                """Autoencoder MSE + canonical term + 0.1 · latent dynamics term, mean over rows."""
                z, z_next = self.half(1, x), self.half(1, x_next)
                ae = ((x - self.half(5, z)) ** 2).mean(1)
                dyn = ((z_next - (z + self.hnn(z))) ** 2).mean(1)
                cc = (z[:, 1] - (z_next[:, 0] - z[:, 0])) ** 2
                return (ae + cc + 0.1 * dyn).mean()

        self.Dynamics, self.PixelModel = Dynamics, PixelModel

    def versions(self):
        import numpy
        return {'torch': self.torch.__version__, 'numpy': numpy.__version__, 'python': sys.version.split()[0]}

    def threads(self):
        return self.torch.get_num_threads()

    def model(self, config):
        """The configuration's model holding the runner's initial weights (our model's), and its Adam."""
        torch = self.torch
        if config['task'] == 'pixels':
            model = self.PixelModel(config['kind'], config['arrays']['frames'].shape[1] * 2, 200)
            names = config['weights']
        else:
            model = self.Dynamics(config['kind'], config['arrays']['x'].shape[1], 200)
            names = {f'differentiable_model.{k}': w for k, w in config['weights'].items()}
        model.load_state_dict({k: torch.from_numpy(w.copy()) for k, w in names.items()})
        return model, torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=config['weightDecay'])

    def setup(self, config):
        """A train-step closure cycling through the runner's batches, and the loss of its first call."""
        torch, a = self.torch, config['arrays']
        model, optim = self.model(config)
        if config['task'] == 'pixels':
            x, y = (torch.from_numpy(v) for v in common.pixel_pairs(a['frames'], a['first']))
            loss_of = model.loss
        else:
            x, y = torch.from_numpy(a['x']), torch.from_numpy(a['dx'])
            loss_of = lambda x, dx: ((model(x) - dx) ** 2).mean()  # noqa: E731
        batches = [torch.from_numpy(b).long() for b in a['batches']] if 'batches' in a else None
        i = [0]

        def step():
            if batches is None:
                loss = loss_of(x, y)
            else:
                rows = batches[i[0] % len(batches)]
                loss = loss_of(x[rows], y[rows])
            i[0] += 1
            loss.backward()
            optim.step()
            optim.zero_grad()
            return loss.item()

        return step, step()

    def full_training(self, config):
        """The authors' loop: full-batch steps, the test loss on the whole test set after each (both read with .item())."""
        torch, a = self.torch, config['arrays']
        model, optim = self.model(config)
        x, dx, tx, tdx = (torch.from_numpy(a[k]) for k in ('x', 'dx', 'testX', 'testDx'))
        t0 = time.perf_counter()
        for _ in range(config['steps']):
            loss = ((model(x) - dx) ** 2).mean()
            loss.backward()
            optim.step()
            optim.zero_grad()
            test = ((model(tx) - tdx) ** 2).mean()
            train, test = loss.item(), test.item()
        return {'trainSeconds': time.perf_counter() - t0, 'trainLoss': train, 'testLoss': test, 'steps': config['steps']}


if __name__ == '__main__':
    common.main(make_peer)
