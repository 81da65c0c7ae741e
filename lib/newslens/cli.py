"""The ``newslens`` command: ``newslens run`` writes the tables, ``newslens report`` the report."""
from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
from pathlib import Path

from . import __version__
from .config import PROCESSED_DIR, RunConfig
from .errors import NewslensError
from .outputs import published
from .study import Study, example_study, load_study, with_overrides

EPILOG = """\
examples:
  newslens run                                   # the bundled example study -> data/processed/
  newslens run --study my_study.yaml --out results   # a study file (docs/study.md)
  newslens run --corpus my.csv --target-terms summit,talks --out results
  newslens run --corpus articles/ --out results  # a folder of .txt files (+ optional metadata.csv)
  newslens run --corpus my.csv --text-col body --outlet-col site --out results
  newslens run --corpus dump.jsonl.xz --text-col content_original --outlet-col source
  newslens report --corpus my.csv --out report   # tables + notebooks + report.html
"""


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("corpus")
    g.add_argument("--study", default=None, metavar="YAML", type=Path,
                   help="a study file naming the corpus, columns, target event, actors and "
                        "framing (paths relative to it; docs/study.md); the flags below "
                        "override it")
    g.add_argument("--corpus", default=None, metavar="PATH",
                   help="a folder of .txt files (optional metadata.csv with columns doc_id, file, "
                        "outlet, title, published), a .csv, or a .jsonl[.gz|.xz|.bz2] "
                        "(default: the study's corpus; with no --study, the bundled example "
                        "study, five articles on Idlib, with its own event, actors and framing)")
    g.add_argument("--text-col", metavar="C", help="column holding the article text "
                   "(default: the first of text, content, body, content_original, story_text)")
    g.add_argument("--html-col", metavar="C", help="column holding each article's saved web "
                   "page (HTML), read as a folder's .html files are (trafilatura: the "
                   "article's text, title, date and site name; default: html, raw_html or "
                   "page_html when the table has no text column)")
    g.add_argument("--id-col", metavar="C", help="column holding a unique article id "
                   "(default: doc_id, id, ID or url; else the row's line number)")
    g.add_argument("--outlet-col", metavar="C", help="column naming the outlet "
                   "(default: outlet or source; else 'unknown')")
    g.add_argument("--title-col", metavar="C", help="column holding the headline "
                   "(default: title; else the first line of the text that reads like a "
                   "headline, see title_evidence)")
    g.add_argument("--date-col", metavar="C", help="column holding the publication date "
                   "(default: published or date; normalised to YYYY-MM-DD)")
    g.add_argument("--dayfirst", action="store_true", default=None,
                   help="read dates such as 02/03/2024 day first (2 March); without it they "
                        "are read month first and the load report warns when a column is "
                        "ambiguous")
    a = p.add_argument_group("analysis")
    a.add_argument("--title", metavar="TEXT", help="the study's title, shown in the report")
    a.add_argument("--target-terms", metavar="T1,T2", help="comma-separated names of the event whose "
                   "stance is measured (default: the study's; none: no stance is computed, "
                   "quotes and voice shares are)")
    a.add_argument("--target-place", metavar="P1,P2", help="comma-separated place names that tie a "
                   "statement to the event (default: the study's; none: a statement is about the event "
                   "when it or the sentences just before name it, docs/stance.md)")
    a.add_argument("--actors", metavar="CSV", type=Path,
                   help="actors file (default: the study's; none: speakers kept by name)")
    a.add_argument("--framing", metavar="YAML", type=Path,
                   help="framing dictionary (default: the study's; none: no framing table)")
    a.add_argument("--stance-lexicon", metavar="YAML", type=Path,
                   help="stance cue lexicon (default: the bundled stance_lexicon.yaml; "
                        "copy it and edit to change the cues)")
    a.add_argument("--top-k", type=int, metavar="K", help="nearest neighbours kept per article "
                   "in similarity_docs.csv (default: all pairs up to 2,000 articles, then 10)")
    a.add_argument("--min-passage-words", type=int, default=12, metavar="N",
                   help="shortest shared passage reported (default: 12 words)")
    a.add_argument("--disable-rule", action="append", default=[], metavar="NAME",
                   help="switch off a cleaning rule by name (repeatable; the rules: docs/cleaning.md)")


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip() for v in value.split(",") if v.strip())


def study_from_args(args: argparse.Namespace) -> Study:
    """The study a command runs: the ``--study`` file, or with neither ``--study`` nor
    ``--corpus`` the bundled example study, or an empty one; then every flag given
    overrides the study's value.

    Raises
    ------
    NewslensError : the study file cannot be read, or names no corpus and none is given.
    """
    if args.study is not None:
        study = load_study(args.study)
    elif args.corpus is None:
        study = example_study()
    else:
        study = Study()
    study = with_overrides(
        study, corpus=args.corpus, load_options=load_options_from_args(args),
        title=args.title, target_terms=_split(args.target_terms),
        target_place=_split(args.target_place), actors_path=args.actors,
        framing_path=args.framing, stance_lexicon_path=args.stance_lexicon, top_k=args.top_k,
        min_passage_words=args.min_passage_words,
        disabled_clean_rules=tuple(args.disable_rule) or None, progress=sys.stderr.isatty())
    if study.corpus is None:
        raise NewslensError(f"{args.study}: the study names no corpus; add 'corpus: PATH' "
                            "to it or give --corpus")
    return study


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """A :class:`RunConfig` from parsed command-line options (and the study they name)."""
    return study_from_args(args).config


def load_options_from_args(args: argparse.Namespace) -> dict:
    """The load options given as flags (None where a flag is not given)."""
    return dict(text_col=args.text_col, html_col=args.html_col, id_col=args.id_col,
                outlet_col=args.outlet_col,
                title_col=args.title_col, date_col=args.date_col, dayfirst=args.dayfirst)


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
    for topic, note in result.notes:
        lines.append(f"note ({topic}): {inert(note)}")
    for w in result.warnings:
        lines.append(f"warning: {inert(w)}")
    lines.extend(_problem_lines(result.tables.get("load_report")))
    return "\n".join(lines)


def _is_bundled(study: Study) -> bool:
    """Whether the study's corpus is the bundled one (then passed on as None, so that the
    run and the report say it is the bundled example rather than print a package path)."""
    from .config import RAW_DIR

    return study.corpus is not None and study.corpus.resolve() == RAW_DIR.resolve()


def _given(options: dict) -> dict:
    return {k: v for k, v in options.items() if v is not None}


def main(argv: list[str] | None = None) -> int:
    # File names and messages come from the user's data: on a terminal whose encoding
    # cannot show them (LANG=C on old systems, PYTHONIOENCODING=ascii), print escapes
    # rather than fail with UnicodeEncodeError after the tables are written.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    # SIGTERM (kill, a job scheduler's time limit) stops a run as Ctrl-C does, so that its
    # staging folder is removed and the output folder keeps what it held (newslens.outputs)
    try:
        old_term = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals to the caller
        old_term = None
    try:
        return _main(parser, args)
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an interruption."""


def _terminate(signum, frame):
    raise _Terminated()


def _main(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="newslens: %(message)s")
    written = False  # the outputs are in place (an interruption after that loses nothing)
    try:
        if args.command == "run":
            from .pipeline import run_pipeline

            if args.workers is not None and args.workers < 1:
                parser.error("--workers must be at least 1")
            if args.scheduler is not None and args.engine != "dask":
                parser.error("--scheduler needs --engine dask")
            study = study_from_args(args)
            result = run_pipeline(None if _is_bundled(study) else study.corpus, args.out,
                                  config=study.config,
                                  load_options=_given(study.load_options),
                                  engine=args.engine, scheduler=args.scheduler,
                                  workers=args.workers)
            written = True
            print(_summary(result, args.out))
        elif args.command == "report":
            from .report import build_report

            study = study_from_args(args)
            path = build_report(None if _is_bundled(study) else study.corpus, args.out,
                                config=study.config, load_options=_given(study.load_options),
                                notebooks=args.notebooks)
            written = True
            print(f"report written to {inert(path)}")
    except NewslensError as exc:
        print(f"newslens: error: {inert(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        # say what the output folder holds now (newslens.outputs: all or nothing)
        out = getattr(args, "out", None)
        if out is None:
            where = ""
        elif written or published(exc):
            where = f"; {inert(out)} holds the new outputs, complete"
        else:
            where = (f"; nothing was written into {inert(out)}: what it held before (if "
                     "anything) is as it was")
        terminated = isinstance(exc, _Terminated)
        print(f"newslens: {'terminated' if terminated else 'interrupted'}{where}", file=sys.stderr)
        return 143 if terminated else 130
    except BrokenPipeError:
        # The reader of our output went away (`newslens run | head`): the tables are written;
        # stop quietly, as Unix tools do, instead of a traceback on the closed pipe.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
