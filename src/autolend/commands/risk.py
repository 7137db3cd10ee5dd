"""`autolend risk train|evaluate|synth`: PD models from a labelled CSV (no database needed).

    autolend risk train --data CSV --target COL [--bad-value V] [--model scorecard|gbm] --out DIR
    autolend risk evaluate --model DIR --data CSV [--target COL] [--bad-value V] --json
    autolend risk synth --rows N --seed S --out CSV

Progress goes to stderr; results to stdout (`--json` for machine-readable output).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from autolend.commands.base import Subparsers, UsageError

FLAGS = {
    "data": "--data",
    "target": "--target",
    "bad_value": "--bad-value",
    "exclude": "--exclude",
    "categorical": "--categorical",
    "model": "--model",
    "cutoffs": "--cutoffs",
    "folds": "--folds",
    "holdout_share": "--data",
}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "risk", help="train and evaluate PD models (scorecard, GBM)", description=__doc__
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    train = actions.add_parser(
        "train", help="train a model on a labelled CSV and save it to a directory"
    )
    train.add_argument(
        "--data", required=True, metavar="CSV", help="labelled CSV (UTF-8 or GB18030), header row"
    )
    _target_options(train, required=True)
    train.add_argument(
        "--model", default="scorecard", choices=("scorecard", "gbm"), help="default scorecard"
    )
    train.add_argument(
        "--out", required=True, metavar="DIR", help="directory to write the model into"
    )
    train.add_argument("--exclude", default="", metavar="A,B", help="columns not to learn from")
    train.add_argument(
        "--categorical", default="", metavar="A,B", help="columns to read as categories (codes)"
    )
    train.add_argument("--name", help="model name (default <model>-<target>)")
    train.add_argument("--version", default="1", help="model version label (default 1)")
    train.add_argument(
        "--seed", type=int, default=0, help="seed of folds, holdout and GBM (default 0)"
    )
    train.add_argument(
        "--folds", type=int, default=5, help="cross-validation folds on small data (default 5)"
    )
    train.add_argument("--calibration", default="auto", choices=("auto", "platt", "isotonic"))
    train.add_argument(
        "--cutoffs",
        metavar="A,B,C,D",
        help="PD upper bounds of grades A-D (default 0.02,0.05,0.10,0.20)",
    )
    train.add_argument(
        "--monotone",
        default="",
        metavar="F=+1,G=-1",
        help="known risk directions (0 removes a default)",
    )
    train.add_argument("--force", action="store_true", help="overwrite a model already in --out")
    train.add_argument("--json", action="store_true", help="print the model card as JSON")
    train.set_defaults(handler=handle_train)

    evaluate = actions.add_parser(
        "evaluate", help="AUC, KS, Gini and Brier of a saved model on a labelled CSV"
    )
    evaluate.add_argument(
        "--model", required=True, metavar="DIR", help="directory written by `risk train`"
    )
    evaluate.add_argument(
        "--data", required=True, metavar="CSV", help="labelled CSV with the model's columns"
    )
    _target_options(evaluate, required=False)
    evaluate.add_argument(
        "--json", action="store_true", help='print {"auc","ks","gini","brier","n"}'
    )
    evaluate.set_defaults(handler=handle_evaluate)

    synth = actions.add_parser(
        "synth", help="write a synthetic application book with a known true PD"
    )
    synth.add_argument("--rows", type=int, required=True, help="number of applications")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    synth.add_argument("--out", required=True, metavar="CSV", help="file to write")
    synth.add_argument(
        "--with-truth", action="store_true", help="add the true_pd column (never train on it)"
    )
    synth.set_defaults(handler=handle_synth)


def _target_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    default = "" if required else " (default: the model's)"
    parser.add_argument("--target", required=required, metavar="COL", help=f"label column{default}")
    parser.add_argument(
        "--bad-value",
        "--bad",
        dest="bad_value",
        metavar="V",
        help=f"label value(s) meaning bad, comma-separated{default or ' (0/1 and good/bad are read alone)'}",
    )


def handle_train(args: argparse.Namespace) -> int:
    from autolend.risk.dataset import read_csv
    from autolend.risk.gbm import GbmParams
    from autolend.risk.registry import RegistryError, read_card, save
    from autolend.risk.training import TrainingConfig, train

    config = TrainingConfig(
        kind=args.model,
        folds=args.folds,
        seed=args.seed,
        calibration=args.calibration,
        cutoffs=_floats(args.cutoffs, "--cutoffs") if args.cutoffs else TrainingConfig().cutoffs,
        directions=_directions(args.monotone),
        gbm=GbmParams(seed=args.seed),
    )
    if not args.force:
        try:
            read_card(args.out)
        except RegistryError:
            pass
        else:
            raise UsageError(f"--out: {args.out} already holds a model (use --force to replace it)")
    with _input_errors():
        frame, digest = read_csv(args.data)
        _progress(
            f"read {args.data}: {len(frame)} rows, {frame.shape[1]} columns, sha256 {digest[:12]}"
        )
        model = train(
            frame,
            args.target,
            bad_value=args.bad_value,
            exclude=_names(args.exclude),
            categorical=_names(args.categorical),
            config=config,
            name=args.name,
            data_hash=digest,
            progress=_progress,
        )
    created = datetime.now(UTC).replace(
        microsecond=0
    )  # the shell reads the clock, the domain never does
    try:
        card = save(model, args.out, created=created, version=args.version, overwrite=args.force)
    except (RegistryError, OSError) as exc:
        raise UsageError(f"--out: {exc}") from None
    if args.json:
        print(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        m = card.metrics
        print(f"{card.name} v{card.version} ({card.kind}) saved to {args.out}")
        print(
            f"{m['validation']}: AUC {m['auc']}  KS {m['ks']}  Gini {m['gini']}  Brier {m['brier']} "
            f"(base {m['brier_base']})  n {m['n']}  bad rate {m['bad_rate']}"
        )
        print(f"features ({len(card.features)}): {', '.join(card.features)}")
    return 0


def handle_evaluate(args: argparse.Namespace) -> int:
    from autolend.risk import metrics
    from autolend.risk.dataset import read_csv
    from autolend.risk.features import resolve_bad_values, target_vector
    from autolend.risk.registry import RegistryError, load

    try:
        model = load(args.model)
    except RegistryError as exc:
        raise UsageError(f"--model: {exc}") from None
    target = args.target or model.schema.target
    with _input_errors():
        frame, _digest = read_csv(args.data)
        if target not in frame.columns:
            raise UsageError(f"--target: column {target!r} not found in {args.data}")
        bad = args.bad_value if args.bad_value is not None else ",".join(model.schema.bad_values)
        y = target_vector(frame[target], resolve_bad_values(frame[target], bad))
        if y.min() == y.max():
            raise UsageError(f"--data: {args.data} needs both good and bad rows to evaluate")
        result = metrics.summary(y, model.predict_pd(frame))
    if args.json:
        print(json.dumps(result))
    else:
        print("  ".join(f"{k} {v}" for k, v in result.items()))
    return 0


def handle_synth(args: argparse.Namespace) -> int:
    from autolend.risk.synthetic import TRUTH, synthetic_book

    if not 1 <= args.rows <= 10_000_000:
        raise UsageError("--rows: give a number of applications from 1 to 10,000,000")
    book = synthetic_book(args.rows, args.seed)
    if not args.with_truth:
        book = book.drop(columns=[TRUTH])
    try:
        book.to_csv(args.out, index=False, float_format="%.6g")
    except OSError as exc:
        raise UsageError(f"--out: cannot write {args.out}: {exc.strerror}") from None
    _progress(f"wrote {len(book)} applications ({book['default'].mean():.2%} bad) to {args.out}")
    return 0


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn the risk package's input errors into one-line usage errors naming the option."""
    from autolend.risk.errors import RiskInputError

    try:
        yield
    except RiskInputError as exc:
        where = FLAGS.get(exc.field) or f"--data: column {exc.field!r}"
        raise UsageError(f"{where}: {exc.message}") from None


def _floats(text: str, flag: str) -> tuple[float, ...]:
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"{flag}: expected comma-separated numbers, got {text!r}") from None


def _directions(spec: str) -> dict[str, int]:
    from autolend.risk.features import MONOTONE_DIRECTIONS

    directions = dict(MONOTONE_DIRECTIONS)
    for item in _names(spec):
        name, _, sign = item.partition("=")
        if sign.strip() not in ("+1", "1", "-1", "0"):
            raise UsageError(
                f"--monotone: expected FEATURE=+1, FEATURE=-1 or FEATURE=0, got {item!r}"
            )
        directions[name.strip()] = int(sign)
        if int(sign) == 0:
            directions.pop(name.strip())
    return directions


def _names(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _progress(message: str) -> None:
    print(f"[risk] {message}", file=sys.stderr, flush=True)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
