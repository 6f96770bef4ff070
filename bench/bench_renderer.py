"""Benchmark: the renderer's share of one Unsup3D training step on this machine (CPU).

Measures, side by side and in alternating rounds (the machine is shared, so medians and ratios matter):
- `warp_canon_depth` forward + backward for a batch of 128 canonical depths (64 images and their flips) at 64x64, with
  views uniform in ±20° and in ±60° on each rotation axis (xy translation ±0.1, as Unsup3D's view net allows);
- one training step of stand-ins for the full-size 64x64 networks at the paper's widths (netD and netA EDDeconv, netC
  ConfNet, netV and netL Encoder, built from torch.nn per method notes §1): forward + backward + Adam on batch 64.
Each case runs in its own subprocess so its peak RSS (ru_maxrss minus the RSS before the measured work) is its own.
The bar: renderer time <= 10% of the step time.

Usage: .venv/bin/python bench/bench_renderer.py [--rounds 3] [--reps 3] [--profile]
Writes bench/results/renderer.json and prints a markdown table.
"""
import argparse, json, math, os, resource, statistics, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ['render20', 'render60', 'step']

def canon_depth(B, S, seed=0):
    "Unsup3D-like canonical depth (B,S,S): smooth random surface in [0.9, 1.1], 2 border columns at 1.04."
    import torch, torch.nn.functional as F
    g = torch.Generator().manual_seed(seed)
    d = F.interpolate(torch.rand(B, 1, 6, 6, generator=g), size=(S, S), mode='bicubic', align_corners=True)[:, 0]
    lo, hi = d.amin((1, 2), keepdim=True), d.amax((1, 2), keepdim=True)
    d = 0.9 + 0.2 * (d - lo) / (hi - lo)
    d[:, :, :2] = 1.04; d[:, :, -2:] = 1.04
    return d

def views(B, max_deg, seed=1):
    import torch
    g = torch.Generator().manual_seed(seed)
    v = torch.zeros(B, 6)
    v[:, :3] = (torch.rand(B, 3, generator=g) * 2 - 1) * math.radians(max_deg)
    v[:, 3:5] = (torch.rand(B, 2, generator=g) * 2 - 1) * 0.1
    return v

def nets():
    "Stand-ins for netD, netA, netC, netV, netL at the paper's widths (method notes §1), no biases, GroupNorm 4 ch/group."
    import torch.nn as nn
    C = lambda i, o, k, s, p: nn.Conv2d(i, o, k, s, p, bias=False)
    T = lambda i, o, k, s, p: nn.ConvTranspose2d(i, o, k, s, p, bias=False)
    GN = lambda c: nn.GroupNorm(c // 4, c)
    R, LR = nn.ReLU, lambda: nn.LeakyReLU(0.2)
    def enc(zdim):
        return [C(3, 64, 4, 2, 1), GN(64), LR(), C(64, 128, 4, 2, 1), GN(128), LR(), C(128, 256, 4, 2, 1), GN(256), LR(),
                C(256, 512, 4, 2, 1), LR(), C(512, zdim, 4, 1, 0), R()]
    def eddeconv(cout, tanh):
        dec = [T(256, 512, 4, 1, 0), R(), C(512, 512, 3, 1, 1), R(),
               T(512, 256, 4, 2, 1), GN(256), R(), C(256, 256, 3, 1, 1), GN(256), R(),
               T(256, 128, 4, 2, 1), GN(128), R(), C(128, 128, 3, 1, 1), GN(128), R(),
               T(128, 64, 4, 2, 1), GN(64), R(), C(64, 64, 3, 1, 1), GN(64), R(), nn.Upsample(scale_factor=2, mode='nearest'),
               C(64, 64, 3, 1, 1), GN(64), R(), C(64, 64, 5, 1, 2), GN(64), R(), C(64, cout, 5, 1, 2)]
        return nn.Sequential(*enc(256), *dec, *([nn.Tanh()] if tanh else []))
    class ConfNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.trunk = nn.Sequential(*enc(128), T(128, 512, 4, 1, 0), R(), T(512, 256, 4, 2, 1), GN(256), R(),
                                       T(256, 128, 4, 2, 1), GN(128), R())
            self.head1 = nn.Sequential(T(128, 64, 4, 2, 1), GN(64), R(), T(64, 64, 4, 2, 1), GN(64), R(), C(64, 2, 5, 1, 2), nn.Softplus())
            self.head2 = nn.Sequential(C(128, 2, 3, 1, 1), nn.Softplus())
        def forward(self, x):
            h = self.trunk(x)
            return self.head1(h), self.head2(h)
    def encoder(cout):
        return nn.Sequential(C(3, 32, 4, 2, 1), R(), C(32, 64, 4, 2, 1), R(), C(64, 128, 4, 2, 1), R(), C(128, 256, 4, 2, 1), R(),
                             C(256, 256, 4, 1, 0), R(), C(256, cout, 1, 1, 0), nn.Tanh(), nn.Flatten())
    return dict(netD=eddeconv(1, False), netA=eddeconv(3, True), netC=ConfNet(), netV=encoder(6), netL=encoder(4))

def rss_mb():
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2 ** 20

def run_case(case, reps, profile=False):
    "Run one case in this process; return a dict of timings (s) and peak memory (MB)."
    import torch
    from sym3d_nb.renderer import Renderer
    torch.manual_seed(0)
    out = dict(case=case, threads=torch.get_num_threads())
    if case.startswith('render'):
        r = Renderer(64)
        d = canon_depth(64, 64)
        d = torch.cat([d, d.flip(2)])                      # 64 images and their flips
        v = views(64, int(case[6:])).repeat(2, 1)         # the flip shares the view
        def once():
            x = d.clone().requires_grad_()
            t0 = time.perf_counter(); y = r.warp_canon_depth(x, v); t1 = time.perf_counter()
            y.mean().backward(); t2 = time.perf_counter()
            return t1 - t0, t2 - t1, r.valid_mask(y).float().mean().item()
    else:
        ns = nets()
        out['params'] = {k: sum(p.numel() for p in n.parameters()) for k, n in ns.items()}
        opt = torch.optim.Adam([p for n in ns.values() for p in n.parameters()], lr=1e-4, weight_decay=5e-4)
        x = torch.rand(64, 3, 64, 64) * 2 - 1
        def once():
            t0 = time.perf_counter()
            c1, c2 = ns['netC'](x)
            loss = ns['netD'](x).mean() + ns['netA'](x).mean() + c1.mean() + c2.mean() + ns['netV'](x).mean() + ns['netL'](x).mean()
            t1 = time.perf_counter()
            opt.zero_grad(); loss.backward(); opt.step(); t2 = time.perf_counter()
            return t1 - t0, t2 - t1, 0.
    base = rss_mb()
    once()                                                 # warm-up
    ts = [once() for _ in range(reps)]
    out['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
    out['fwd'] = statistics.median(t[0] for t in ts)
    out['bwd'] = statistics.median(t[1] for t in ts)
    out['total'] = statistics.median(t[0] + t[1] for t in ts)
    out['valid'] = ts[-1][2]
    if profile and case.startswith('render'):
        from torch.profiler import profile as prof_, ProfilerActivity
        with prof_(activities=[ProfilerActivity.CPU]) as p: once()
        print(p.key_averages().table(sort_by='self_cpu_time_total', row_limit=15), file=sys.stderr)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--profile', action='store_true')
    ap.add_argument('--case', choices=CASES)
    a = ap.parse_args()
    if a.case:
        print(json.dumps(run_case(a.case, a.reps, a.profile))); return
    res = {c: [] for c in CASES}
    for k in range(a.rounds):
        for c in CASES:
            cmd = [sys.executable, __file__, '--case', c, '--reps', str(a.reps)] + (['--profile'] if a.profile else [])
            p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if p.returncode: sys.exit(f"case {c} failed:\n{p.stderr}")
            if a.profile and p.stderr: print(p.stderr, file=sys.stderr)
            res[c].append(json.loads(p.stdout.strip().splitlines()[-1]))
            print(f"round {k + 1}/{a.rounds} {c}: {res[c][-1]['total']:.3f} s", file=sys.stderr)
    med = lambda c, key: statistics.median(r[key] for r in res[c])
    step = med('step', 'total')
    rows = []
    for c, label in [('render20', 'warp_canon_depth fwd+bwd, B=128, ±20°'), ('render60', 'warp_canon_depth fwd+bwd, B=128, ±60°'),
                     ('step', 'training step (5 nets, fwd+bwd+Adam), B=64')]:
        rows.append(dict(case=c, label=label, fwd=med(c, 'fwd'), bwd=med(c, 'bwd'), total=med(c, 'total'),
                         peak_mb=max(r['peak_mb'] for r in res[c]), ratio=med(c, 'total') / step,
                         per_round=[round(r['total'], 4) for r in res[c]]))
    # ratio per round (side by side), then the median of those
    for row in rows: row['ratio_rounds'] = statistics.median(res[row['case']][i]['total'] / res['step'][i]['total'] for i in range(a.rounds))
    print(f"\n| case | forward (s) | backward (s) | total (s) | peak RSS (MB) | share of step |\n|---|---|---|---|---|---|")
    for r in rows:
        share = '—' if r['case'] == 'step' else '%.1f %%' % (100 * r['ratio_rounds'])
        print(f"| {r['label']} | {r['fwd']:.3f} | {r['bwd']:.3f} | {r['total']:.3f} | {r['peak_mb']:.0f} | {share} |")
    import torch
    info = dict(torch=torch.__version__, threads=res['step'][0]['threads'], rounds=a.rounds, reps=a.reps,
                params=res['step'][0]['params'], bar='renderer <= 10% of the step', rows=rows)
    Path(ROOT / 'bench/results').mkdir(parents=True, exist_ok=True)
    (ROOT / 'bench/results/renderer.json').write_text(json.dumps(info, indent=1))
    print(f"\nparams: {info['params']}; torch {info['torch']}, {info['threads']} threads; "
          f"medians of {a.rounds} rounds x {a.reps} reps; wrote bench/results/renderer.json")

if __name__ == '__main__': main()
