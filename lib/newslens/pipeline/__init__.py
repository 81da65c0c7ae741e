"""Run every stage on a corpus: the stage protocol (:mod:`.stages`), the engines
(:mod:`.engines`) and the run itself (:mod:`.run`)."""
from .run import (ANALYSIS_STAGES, SORT_KEYS, RunResult, articles_table,  # noqa: F401 (re-exports)
                  prepare_corpus, run_pipeline, write_tables)
