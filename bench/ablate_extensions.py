"""What each of this project's extensions is worth: train the `cpu` preset with one extension switched off at a time.

Every variant of `EXT_ABLATIONS` (10_cpu_recipe) trains for the same number of steps with each seed, on the synthetic
world, into OUT/WORLD/VARIANT_sSEED, and is scored on held-out test faces (SIDE, MAD, both ÷ the average face, yaw
correlation and spread). The table has one row per variant (mean ± sd over the seeds); it is printed and written, with
every run's scores, to bench/results/ablate_ext_WORLD.json (ablate_ext_WORLD_partial.json for a subset of variants).
Runs resume: an interrupted run continues up to --steps, a finished run and its scores are reused. So two processes
can share a 2-core machine (`OMP_NUM_THREADS=1 ... --variants A B` and `... --variants C D`), and a last call without
--variants prints the whole table. `--report` trains nothing: it scores and tabulates the runs that have reached --steps
(the table of a search still under way, written to ..._report.json).

    python bench/ablate_extensions.py --steps 4000 --seeds 0 1 --world slide-free --out runs/ablate_ext
"""
import argparse, json, time
from pathlib import Path
from sym3d_nb.core import SYNTH_WORLDS
from sym3d_nb.recipe import EXT_ABLATIONS, run_ext_ablations, run_done, ext_table

RESULTS = Path(__file__).parent / 'results'

def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog='variants: ' + '; '.join(f"{v}: {', '.join(f'{k}={x}' for k, x in ov.items()) or 'cpu itself'}"
                                                                 for v, ov in EXT_ABLATIONS.items()))
    ap.add_argument('--steps', type=int, default=4000, help='training steps per run (4000 cover every schedule of cpu)')
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1], help='train.seed of the runs of each variant')
    ap.add_argument('--world', choices=list(SYNTH_WORLDS), default='slide-free',
                    help="the synthetic world: 'slide-free' (data.synth_pivot=0.97 data.synth_view_warmup=1000, the shipped "
                         "checkpoint's) or 'default' (01's: the outlines slide as the heads turn)")
    ap.add_argument('--out', default='runs/ablate_ext', help='run folders go to OUT/WORLD/VARIANT_sSEED')
    ap.add_argument('--variants', nargs='+', choices=list(EXT_ABLATIONS), default=None, help='only these variants (default: all)')
    ap.add_argument('--test-n', type=int, default=500, help='held-out test faces scored per run')
    ap.add_argument('--val-n', type=int, default=256, help='held-out validation faces scored during training (the curves)')
    ap.add_argument('--eager', action='store_true', help='do not compile the renderer and losses (train.compile=true otherwise; same maths)')
    ap.add_argument('--opt', nargs='*', default=[], help='config overrides key=value for every variant (a variant\'s own keys win)')
    ap.add_argument('--report', action='store_true', help='train nothing: score and tabulate only the runs that have reached --steps')
    return ap.parse_args(argv)

def main(argv=None):
    a, t0 = parse(argv), time.time()
    ov = {**SYNTH_WORLDS[a.world], **({} if a.eager else {'train.compile': 'true'}), **dict(kv.split('=', 1) for kv in a.opt)}
    root = Path(a.out) / a.world
    if a.report:                                                          # finished runs only, one (variant, seed) at a time
        rows = [r for v in (a.variants or EXT_ABLATIONS) for s in a.seeds if run_done(root/f'{v}_s{s}', a.steps)
                for r in run_ext_ablations(root, a.steps, [s], [v], 'synthetic', 'cpu', a.test_n, a.val_n, **ov)]
    else: rows = run_ext_ablations(root, a.steps, a.seeds, a.variants, 'synthetic', 'cpu', a.test_n, a.val_n, **ov)
    table = ext_table(rows)
    print(f"\n## cpu with one extension off: {a.steps} steps, seeds {' '.join(map(str, a.seeds))}, world {a.world}, "
          f"{a.test_n} held-out test faces; mean ± sd over the seeds\n\n{table}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"ablate_ext_{a.world}{'_report' if a.report else '_partial' if a.variants else ''}.json"
    out.write_text(json.dumps({'args': vars(a), 'overrides': ov, 'table': table, 'rows': rows, 'seconds': time.time() - t0}, indent=1))
    print(f"\nwrote {out}")

if __name__ == '__main__': main()
