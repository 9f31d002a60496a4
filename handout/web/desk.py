"""What one server holds while it runs: its settings, the content library and the worker pool.

Requests are parsed here (fast) and built in the pool (the shared job runner), so a slow build
never holds up the page. Nothing about a request is kept after its answer: any worker of any
server can take the next one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handout import jobs
from handout.web import fields as web_fields
from handout.web import tasks
from handout.web.settings import ServeSettings

if TYPE_CHECKING:
    from handout.library import ContentLibrary
    from handout.request import DocumentRequest, Value

log = logging.getLogger("handout.web")


@dataclass
class Desk:
    settings: ServeSettings
    pool: jobs.Pool | None = None
    _schema: dict[str, object] = field(default_factory=dict)

    @property
    def library(self) -> ContentLibrary:
        return jobs.library_at(self.settings.content_root)

    def start(self) -> None:
        """Start the workers now, before any thread exists (they fork), and warm each one."""
        self.pool = jobs.Pool(self.settings.workers)
        warming = [self.pool.submit(tasks.warm, self.settings.content_root) for _ in range(self.pool.workers)]
        for future in warming:
            future.result()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def parse(self, values: Mapping[str, Value], default_date: dt.date | None = None) -> DocumentRequest:
        return web_fields.parse(values, self.library, self.settings.clinic, self.settings.country, default_date)

    def job(self, request: DocumentRequest, *, checklist_too: bool = False, password: str = "",
            preview: bool = False) -> tasks.Job:
        dpi = self.settings.preview_dpi if preview else 0
        return tasks.Job(self.settings.content_root, request.article, request.opts, checklist_too, password, dpi)

    async def run(self, task: Callable[[tasks.Job], tasks.Outcome], job: tasks.Job) -> tasks.Outcome:
        """`task` in a worker; a worker that died is replaced and the request answered as failed."""
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            self.start()
        assert self.pool is not None
        try:
            outcome = await asyncio.wait_for(asyncio.wrap_future(self.pool.submit(task, job)),
                                             self.settings.build_timeout)
        except BrokenProcessPool:
            log.error("a build worker died; starting new workers")
            self.stop()
            self.start()
            return tasks.Outcome(error=tasks.UNEXPECTED, lines=("a build worker stopped; try again",))
        except TimeoutError:
            log.error("a build took over %.0f s", self.settings.build_timeout)
            return tasks.Outcome(error=tasks.UNEXPECTED, lines=("the build took too long; try again",))
        if outcome.error == tasks.UNEXPECTED:
            # The type only: an exception's text may quote what was typed (a patient's name).
            log.error("build failed with %s (%s, %s, %s)", outcome.lines[0], job.article, job.opts.format,
                      job.opts.lang_tag)
        return outcome

    def schema(self) -> dict[str, object]:
        if not self._schema:
            from handout.web.openapi import schema

            self._schema = schema(self.library)
        return self._schema
