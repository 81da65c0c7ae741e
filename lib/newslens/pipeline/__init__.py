"""Run every stage on a corpus: the stage protocol (:mod:`.stages`), the engines
(:mod:`.engines`) and the run itself (:mod:`.run`)."""
from .run import RunResult, articles_table, run_pipeline  # noqa: F401
