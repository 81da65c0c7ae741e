"""The ``newslens`` command: ``newslens run`` writes the tables, ``newslens report`` the report."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from . import __version__
from .config import PROCESSED_DIR, RunConfig
from .errors import NewslensError

EPILOG = """\
examples:
  newslens run                                   # the bundled Idlib corpus -> data/processed/
  newslens run --corpus articles/ --out results  # a folder of .txt files (+ optional metadata.csv)
  newslens run --corpus my.csv --text-col body --outlet-col site --out results
  newslens run --corpus dump.jsonl.xz --text-col content_original --outlet-col source
  newslens report --corpus my.csv --out report   # tables + notebooks + report.html
"""


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("corpus")
    g.add_argument("--corpus", default=None, metavar="PATH",
                   help="a folder of .txt files (optional metadata.csv with columns doc_id, file, "
                        "outlet, title, published), a .csv, or a .jsonl[.gz|.xz|.bz2] "
                        "(default: the bundled example study, five articles on Idlib)")
    g.add_argument("--text-col", metavar="C", help="column holding the article text "
                   "(default: the first of text, content, body, content_original, story_text)")
    g.add_argument("--id-col", metavar="C", help="column holding a unique article id "
                   "(default: doc_id or id; else the row's line number)")
    g.add_argument("--outlet-col", metavar="C", help="column naming the outlet "
                   "(default: outlet or source; else 'unknown')")
    g.add_argument("--title-col", metavar="C", help="column holding the headline "
                   "(default: title; else the first non-empty line of the text)")
    g.add_argument("--date-col", metavar="C", help="column holding the publication date "
                   "(default: published or date; normalised to YYYY-MM-DD)")
    a = p.add_argument_group("analysis")
    a.add_argument("--target-terms", metavar="T1,T2", help="comma-separated names of the event whose "
                   "stance is measured (default: offensive, assault, attack, operation, battle, ...)")
    a.add_argument("--target-place", metavar="P1,P2", help="comma-separated place names that tie a "
                   "statement to the event (default: idlib; give '' for any place)")
    a.add_argument("--actors", metavar="CSV", type=Path,
                   help="actors file (default: the example study's actors.csv)")
    a.add_argument("--framing", metavar="YAML", type=Path,
                   help="framing dictionary (default: the bundled framing.yaml)")
    a.add_argument("--stance-lexicon", metavar="YAML", type=Path,
                   help="stance cue lexicon (default: the bundled stance_lexicon.yaml; "
                        "copy it and edit to change the cues)")
    a.add_argument("--top-k", type=int, metavar="K", help="nearest neighbours kept per article "
                   "in similarity_docs.csv (default: all pairs up to 2,000 articles, then 10)")
    a.add_argument("--min-passage-words", type=int, default=12, metavar="N",
                   help="shortest shared passage reported (default: 12 words)")
    a.add_argument("--disable-rule", action="append", default=[], metavar="NAME",
                   help="switch off a cleaning rule by name (repeatable; see README)")


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip() for v in value.split(",") if v.strip())


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """A :class:`RunConfig` from parsed command-line options."""
    kwargs = dict(actors_path=args.actors, framing_path=args.framing,
                  stance_lexicon_path=args.stance_lexicon, top_k=args.top_k,
                  min_passage_words=args.min_passage_words,
                  disabled_clean_rules=tuple(args.disable_rule), progress=sys.stderr.isatty())
    if (terms := _split(args.target_terms)) is not None:
        kwargs["target_terms"] = terms
    if (place := _split(args.target_place)) is not None:
        kwargs["target_place"] = place
    return RunConfig(**kwargs)


def load_options_from_args(args: argparse.Namespace) -> dict:
    return dict(text_col=args.text_col, id_col=args.id_col, outlet_col=args.outlet_col,
                title_col=args.title_col, date_col=args.date_col)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslens", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Compare how news outlets cover the same story: load and clean a corpus, "
                    "then term frequencies and keyness, TF-IDF similarity and shared wire "
                    "passages, quotes and stance. Writes tidy CSV tables and an HTML report.")
    parser.add_argument("--version", action="version", version=f"newslens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run every stage and write the CSV tables",
                         description="Run every stage on a corpus and write tidy CSV tables: "
                                     "articles, load_report, cleaning_log, terms, keyness, framing, "
                                     "similarity_docs, similarity_outlets, shared_passages, quotes, "
                                     "stance.", formatter_class=argparse.RawDescriptionHelpFormatter,
                         epilog=EPILOG)
    _add_corpus_options(run)
    run.add_argument("--out", type=Path, default=PROCESSED_DIR, metavar="DIR",
                     help="output folder (default: data/processed)")
    s = run.add_argument_group("scale")
    s.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine, several processes for large corpora (default); "
                        "dask: a dask.distributed cluster (pip install -e '.[dask]'). "
                        "Both write the same tables")
    s.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="with --engine dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 "
                        "(default: start a cluster of local processes)")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes to use (local engine: default one per core from 1,000 articles "
                        "up, else 1; dask without --scheduler: local workers)")
    rep = sub.add_parser("report", help="run the tables and the five notebooks; write report.html",
                         description="Write the tables, execute the five notebooks against the "
                                     "corpus with papermill, and render them into one "
                                     "self-contained HTML report.",
                         formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    _add_corpus_options(rep)
    rep.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR",
                     help="output folder (default: reports)")
    rep.add_argument("--notebooks", type=Path, default=None, metavar="DIR",
                     help="folder of the notebooks 01-load ... 05-stance (default: the "
                          "project checkout's notebooks/)")
    return parser


#: Problem inputs listed after a run; the rest are in load_report.csv.
MAX_PROBLEMS_SHOWN = 20


#: Characters that would act on a terminal instead of being shown: C0 and C1 controls
#: (ESC starts the sequences that retitle or clear a terminal) and the bidirectional
#: overrides and isolates (which reorder what follows them on screen).
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert(text: object) -> str:
    r"""Text from the data, made safe to print: every terminal control character shown as
    its escape (``\x1b``, ``\u202e``) instead of acting.

    Examples
    --------
    >>> inert("a\x1b]0;pwned\x07b")
    'a\\x1b]0;pwned\\x07b'
    """
    def escape(m: re.Match) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _TERMINAL_UNSAFE.sub(escape, str(text))


def _problem_lines(report) -> list[str]:
    """One line per input that was skipped or needed fixing: ``status  source: message``."""
    if report is None or report.empty:
        return []
    problems = report[report["status"] != "ok"]
    lines = [f"  {row.status:<8} {inert(row.source)}: {inert(str(row.message)[:200])}"
             for row in problems.head(MAX_PROBLEMS_SHOWN).itertuples()]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  ... and {len(problems) - MAX_PROBLEMS_SHOWN} more in load_report.csv")
    return lines


def _summary(result, out: Path) -> str:
    lines = [f"newslens: {result.n_articles} articles from {result.n_outlets} outlet(s)",
             f"tables written to {inert(out)}:"]
    for path in result.written:
        name = path.stem
        lines.append(f"  {path.name:<24} {len(result.tables[name]):>8} rows")
    for w in result.warnings:
        lines.append(f"warning: {inert(w)}")
    lines.extend(_problem_lines(result.tables.get("load_report")))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    # File names and messages come from the user's data: on a terminal whose encoding
    # cannot show them (LANG=C on old systems, PYTHONIOENCODING=ascii), print escapes
    # rather than fail with UnicodeEncodeError after the tables are written.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="newslens: %(message)s")
    try:
        if args.command == "run":
            from .pipeline import run_pipeline

            if args.workers is not None and args.workers < 1:
                parser.error("--workers must be at least 1")
            if args.scheduler is not None and args.engine != "dask":
                parser.error("--scheduler needs --engine dask")
            result = run_pipeline(args.corpus, args.out, config=config_from_args(args),
                                  load_options=load_options_from_args(args),
                                  engine=args.engine, scheduler=args.scheduler,
                                  workers=args.workers)
            print(_summary(result, args.out))
        elif args.command == "report":
            from .report import build_report

            path = build_report(args.corpus, args.out, config=config_from_args(args),
                                load_options=load_options_from_args(args),
                                notebooks=args.notebooks)
            print(f"report written to {inert(path)}")
    except NewslensError as exc:
        print(f"newslens: error: {inert(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newslens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`newslens run | head`): the tables are written;
        # stop quietly, as Unix tools do, instead of a traceback on the closed pipe.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
