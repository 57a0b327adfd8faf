"""The ``plivo-async`` command line: argument parsing and output, over ``plivo_async.bulk``."""

from __future__ import annotations

import asyncio
import math
import os
import shlex
import sys
from typing import Any

import click
from rich.console import Console

from .._errors import ValidationError
from .._version import __version__
from ._credentials import CredentialsError, resolve_credentials
from ._input import InputError, InputScan, call_params, convert_cell, refusal, scan_input
from ._progress import LiveView, PlainView, Tally, View, summary_table
from ._results import ResultsWriter, results_format

__all__ = ["cli"]

#: Row problems printed before the job starts; the rest are counted (and in the results file).
_SHOWN_PROBLEMS = 20

EXIT_OK = 0
EXIT_SOME_NOT_PLACED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_DIAL_EPILOG = (
    "\b\nNUMBERS.csv has a header row with a 'to' column (one number or SIP URI a row); any\n"
    "other column is a calls.create argument as Plivo spells it (from, answer_url, ring_url,\n"
    "time_limit, ...) and overrides the job's value for its row; an empty cell keeps it.\n\n"
    f"\b\nExit status: {EXIT_OK} every row placed (or skipped as bad or repeated input);\n"
    f"{EXIT_SOME_NOT_PLACED} some rows failed or are unknown; {EXIT_USAGE} bad arguments or input "
    f"(nothing dialled);\n{EXIT_INTERRUPTED} interrupted (continue with --journal FILE --resume)."
)


def _worker(ctx: click.Context, param: click.Parameter, value: Any) -> tuple[int, int] | None:
    """``K/N`` (1 <= K <= N): this worker dials the K-th of every N data rows."""
    if value is None:
        return None
    k, slash, n = str(value).partition("/")
    if slash and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise click.BadParameter(
        f"must be K/N with 1 <= K <= N (worker K of N), got {value!r}", ctx, param
    )


def _refuse_token_value(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is not None:
        raise click.BadParameter(
            "the token is never taken as a command-line value (it would be in your shell "
            "history and in `ps`): set PLIVO_AUTH_TOKEN, use --auth-token-file, or answer the "
            "prompt",
            ctx,
            param,
        )


@click.group(name="plivo-async", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plivo-async")
def cli() -> None:
    """plivo-async: the Plivo Voice API from the command line."""


@cli.command(epilog=_DIAL_EPILOG)
@click.argument("numbers", metavar="NUMBERS.csv")
@click.option(
    "--from",
    "from_",
    metavar="NUMBER",
    help="Caller id for every row (a 'from' column overrides it).",
)
@click.option(
    "--answer-url", metavar="URL", help="Where Plivo fetches the call's XML when it is answered."
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Any other calls.create argument for every row, as Plivo spells it "
    "(ring_url=https://..., time_limit=60); repeatable.",
)
@click.option(
    "--cps",
    type=click.FloatRange(min=0, min_open=True),
    metavar="N",
    default=2.0,
    show_default=True,
    help="Your account's calls per second: call creation is paced at this rate.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 10_000),
    metavar="N",
    default=None,
    help="Requests in flight at most (default: twice --cps, 4 to 1000: enough for answers "
    "taking a second or two, few enough that a Ctrl-C leaves nothing waiting past --grace).",
)
@click.option(
    "--pack/--no-pack",
    default=False,
    show_default=True,
    help="Pack rows sharing every argument but 'to' into one request of up to 1000 "
    "destinations (one lost answer then makes the whole group unknown).",
)
@click.option(
    "--worker",
    metavar="K/N",
    callback=_worker,
    help="Worker K of N sharing this file: dial only the K-th of every N data rows (rows 1, "
    "1+N, 1+2N, ... for worker 1), each worker with its own --journal and --results; "
    "`plivo-async merge` combines their results.",
)
@click.option(
    "--redis-url",
    envvar="PLIVO_REDIS_URL",
    metavar="URL",
    help="Share the account's calls per second and API limit with every worker using this "
    "Redis/Valkey (redis://host:6379/0; needs the redis extra). [env: PLIVO_REDIS_URL]",
)
@click.option(
    "--journal",
    metavar="FILE",
    help="SQLite file recording every row's state, so an interrupted job can be resumed "
    "without calling anyone twice.",
)
@click.option(
    "--resume", is_flag=True, help="Continue the job in --journal: dial its pending rows only."
)
@click.option(
    "--redial-unknown",
    is_flag=True,
    help="With --resume: look up the rows whose outcome is unknown, then dial those not "
    "found placed.",
)
@click.option(
    "--results",
    metavar="FILE",
    help="Write one record per input row to FILE (.csv or .jsonl): line, to, status, "
    "request_uuid, error, attempts.",
)
@click.option(
    "--on-bad-row",
    type=click.Choice(["skip", "abort"]),
    default="skip",
    show_default=True,
    help="A bad row (malformed number or argument) is reported and skipped, or stops the job "
    "before anything is dialled.",
)
@click.option(
    "--allow-repeats", is_flag=True, help="Dial a number as often as it appears (default: once)."
)
@click.option(
    "--grace",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    default=5.0,
    show_default=True,
    help="On Ctrl-C, seconds the requests in flight may take to finish.",
)
@click.option(
    "--sandbox",
    is_flag=True,
    help="Dial into the embedded Plivo simulator (no account, no real calls).",
)
@click.option(
    "--base-url",
    envvar="PLIVO_BASE_URL",
    metavar="URL",
    help="A Plivo-compatible API (e.g. `python -m plivo_async.testing`). [env: PLIVO_BASE_URL]",
)
@click.option("--auth-id", metavar="ID", help="Your auth id. [env: PLIVO_AUTH_ID]")
@click.option(
    "--auth-token-file",
    metavar="FILE",
    help="A file holding the auth token. Otherwise PLIVO_AUTH_TOKEN, or a prompt.",
)
@click.option(
    "--auth-token",
    hidden=True,
    expose_value=False,
    is_eager=True,
    callback=_refuse_token_value,
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "live", "plain"]),
    default="auto",
    show_default=True,
    help="Live view on a terminal, plain progress lines otherwise (auto).",
)
@click.option(
    "--progress-interval",
    type=click.FloatRange(min=0.05),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="Seconds between plain progress lines.",
)
@click.pass_context
def dial(ctx: click.Context, /, numbers: str, **options: Any) -> None:
    """Dial every number in NUMBERS.csv at your account's calls per second.

    Each row ends placed, failed, unknown (the request may have reached Plivo: never redialled
    automatically), skipped (bad or repeated input) or pending (not reached).
    """
    ctx.exit(_dial(ctx, numbers, options))


@cli.command()
@click.argument("output", metavar="OUT")
@click.argument("parts", metavar="RESULTS...", nargs=-1, required=True)
def merge(output: str, parts: tuple[str, ...]) -> None:
    """Combine the --results files of the workers of one job into OUT, ordered by line.

    Each input row must appear in exactly one file (as `--worker K/N` splits them): a line found
    twice is an error and nothing is written. OUT and the parts may each be .csv or .jsonl.
    """
    from ._merge import MergeError, merge_results

    try:
        merged = merge_results(output, parts)
    except MergeError as error:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"Error: {error}", markup=False
        )
        sys.exit(EXIT_USAGE)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(merged.statuses.items()))
    click.echo(f"Merged {merged.records} records from {len(parts)} files into {output}: {counts}")
    if merged.gaps:
        click.echo(
            f"Lines {merged.first}-{merged.last} have {merged.gaps} gap(s) (blank lines, or a "
            "worker's results missing)"
        )


def _defaults(options: dict[str, Any]) -> dict[str, Any]:
    """The job's calls.create arguments (Python names), checked as calls.create checks them."""
    known = call_params()
    given: list[tuple[str, str, str]] = []
    for flag, key, wire in (
        ("--from", "from_", "from"),
        ("--answer-url", "answer_url", "answer_url"),
    ):
        value = options[key]
        if value is not None:
            given.append((flag, wire, value))
    for setting in options["settings"] or ():
        name, sep, value = setting.partition("=")
        name = name.strip()
        if not sep:
            raise click.BadParameter(f"{setting!r} is not NAME=VALUE", param_hint="--set")
        if name == "to" or name not in known:
            raise click.BadParameter(
                f"{name!r} is not a calls.create argument; use one of: {', '.join(known)}",
                param_hint="--set",
            )
        given.append(("--set", name, value))
    defaults: dict[str, Any] = {}
    for flag, wire, value in given:
        param = known[wire]
        try:
            converted = convert_cell(param, value)
        except ValidationError as error:
            raise click.BadParameter(refusal(error), param_hint=f"{flag} ({wire})") from None
        if converted is not None:
            defaults[param.name] = converted
    return defaults


def auto_concurrency(cps: float) -> int:
    """Requests in flight for ``cps``: the rate times two seconds of answer time (4 to 1000).
    More would only wait for the rate limit, and a request still waiting for its turn when a
    Ctrl-C's grace runs out is cut off as unknown although it never left."""
    return max(4, min(1000, math.ceil(cps * 2)))


def _view(options: dict[str, Any], console: Console) -> View:
    mode = options["progress"]
    live = console.is_terminal if mode == "auto" else mode == "live"
    if live:
        return LiveView(console)
    return PlainView(lambda line: click.echo(line), options["progress_interval"])


def _resume_command(ctx: click.Context, numbers: str) -> str:
    """This command line again with --resume: the options given on the command line (none of
    them a secret: the token never is one), rebuilt from what click parsed."""
    words = ["plivo-async", "dial", numbers]
    for param in ctx.command.params:
        if not isinstance(param, click.Option) or param.name is None:
            continue
        if ctx.get_parameter_source(param.name) is not click.core.ParameterSource.COMMANDLINE:
            continue
        value = ctx.params.get(param.name)
        if param.is_flag and not param.multiple:
            if param.secondary_opts and not value:
                words.append(param.secondary_opts[0])
            elif value:
                words.append(param.opts[0])
        elif param.multiple:
            for item in value or ():
                words += [param.opts[0], str(item)]
        elif param.name == "worker" and value is not None:
            words += [param.opts[0], "{}/{}".format(*value)]
        elif value is not None:
            words += [param.opts[0], f"{value:g}" if isinstance(value, float) else str(value)]
    if "--resume" not in words:
        words.append("--resume")
    return shlex.join(words)


def _report_problems(scan: InputScan, say: Any) -> None:
    problems = sorted(scan.problems.values(), key=lambda problem: problem.line)
    for problem in problems[:_SHOWN_PROBLEMS]:
        verdict = "skipped" if problem.kind == "bad" else "skipped (repeat)"
        say(f"line {problem.line}: {verdict}: {problem.message}")
    if len(problems) > _SHOWN_PROBLEMS:
        say(f"... and {len(problems) - _SHOWN_PROBLEMS} more (the results file lists them all)")


def _dial(ctx: click.Context, numbers: str, options: dict[str, Any]) -> int:
    # soft_wrap: a message is never broken across lines (a path, a URL, a log line).
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def fail(message: str) -> int:
        err.print(f"Error: {message}", markup=False)
        return EXIT_USAGE

    if options["sandbox"] and options["base_url"]:
        return fail("--sandbox dials into the embedded simulator; leave out --base-url")
    if options["resume"] and not options["journal"]:
        return fail("--resume needs --journal FILE (the journal of the job to continue)")
    if options["redial_unknown"] and not options["resume"]:
        return fail("--redial-unknown continues a job: give it with --journal FILE --resume")
    journal_path = options["journal"]
    if journal_path and not options["resume"] and os.path.exists(journal_path):
        return fail(
            f"{journal_path} already holds a job: add --resume to continue it (nobody is called "
            "twice), or choose a new --journal file"
        )
    if journal_path and options["resume"] and not os.path.exists(journal_path):
        return fail(f"nothing to resume: {journal_path} does not exist")
    if options["results"] and results_format(options["results"]) is None:
        return fail("--results must name a .csv or .jsonl file")
    try:
        defaults = _defaults(options)
    except click.BadParameter as error:
        error.ctx = ctx
        raise
    credentials = None
    if not options["sandbox"]:
        try:
            credentials = resolve_credentials(
                options["auth_id"],
                options["auth_token_file"],
                can_prompt=sys.stdin.isatty(),
                prompt=lambda text: str(click.prompt(text, hide_input=True)),
            )
        except CredentialsError as error:
            return fail(str(error))
    try:
        scan = scan_input(numbers, defaults, allow_repeats=options["allow_repeats"])
    except InputError as error:
        return fail(str(error))
    for required, flag in (("from_", "--from"), ("answer_url", "--answer-url")):
        column = required.rstrip("_")
        if required not in defaults and column not in scan.columns:
            return fail(f"every call needs {column}: give {flag}, or a '{column}' column")

    view = _view(options, console)
    say = (
        view.note
        if isinstance(view, PlainView)
        else (lambda text: console.print(text, markup=False))
    )
    _report_problems(scan, say)
    if scan.bad and options["on_bad_row"] == "abort":
        return fail(
            f"{scan.bad} bad row(s) in {numbers} and --on-bad-row abort: nothing was dialled"
        )

    from ..bulk import Journal

    worker = options["worker"]
    split = "{}/{}".format(*worker) if worker else None
    journal = None
    if journal_path:
        job_options = {**defaults, "numbers": os.path.basename(numbers)}
        if split:
            job_options["worker"] = split
        try:
            journal = Journal.open(journal_path, input_hash=scan.sha256, options=job_options)
        except Exception as error:  # JournalError: another input, not a journal
            return fail(str(error))
        # Another split would hand this journal rows of another worker's share: dialled twice.
        if journal.job.options.get("worker") != split:
            stored = journal.job.options.get("worker")
            journal.close()
            return fail(
                f"{journal_path} is the journal of "
                + (f"worker {stored}" if stored else "a job without --worker")
                + ": resume it with the same --worker"
                + (f" {stored}" if stored else " (none)")
            )
    backend = None
    if options["redis_url"]:
        from ..ratelimit import RedisBackend

        try:
            backend = RedisBackend(options["redis_url"])
        except ImportError:
            return fail(
                "--redis-url needs the redis extra: python -m pip install 'plivo-async[redis]'"
            )
        except ValidationError as error:  # "url: must be ..."
            return fail(f"--redis-{error}")
    from ._job import JobSettings, run_job

    settings = JobSettings(
        scan=scan,
        defaults=defaults,
        cps=options["cps"],
        concurrency=options["concurrency"] or auto_concurrency(options["cps"]),
        pack=options["pack"],
        grace=options["grace"],
        sandbox=options["sandbox"],
        base_url=options["base_url"],
        credentials=credentials,
        journal=journal,
        redial_unknown=options["redial_unknown"],
        worker=worker,
        backend=backend,
    )
    rows = scan.rows if worker is None else len(range(worker[0] - 1, scan.rows, worker[1]))

    def started(base_url: str) -> None:
        where = (
            f"the embedded Plivo simulator at {base_url} (sandbox: no real calls)"
            if options["sandbox"]
            else base_url
        )
        say(
            f"Dialling {rows} rows from {numbers}"
            + (f" (worker {split}: 1 row in {worker[1]} of {scan.rows})" if worker else "")
            + f" into {where} at {options['cps']:g} calls/s"
            + (" shared through Redis" if options["redis_url"] else "")
            + (f", journal {journal_path}" if journal_path else "")
        )
        if journal is not None and journal.resumed:
            say(f"Resuming job {journal.job.job_id}: rows already done are not dialled again.")
            if journal.recovered:
                say(
                    f"{journal.recovered} row(s) were in flight when the job stopped: they are "
                    "unknown now, never redialled automatically (--redial-unknown looks them up "
                    "first)."
                )

    results = ResultsWriter(options["results"]) if options["results"] else None
    try:
        tally = Tally(total=rows)
        view.start(tally)
        try:
            outcome = asyncio.run(run_job(settings, tally, view, results, on_start=started))
        finally:
            view.stop()
    except (ValidationError, ValueError) as error:
        return fail(str(error))
    finally:
        if results is not None:
            results.close()
        if journal is not None:
            journal.close()
    console.print(summary_table(tally, outcome.elapsed))
    if options["sandbox"]:
        say(
            "Sandbox: these calls went to the embedded simulator, nobody was rung. Without "
            "--sandbox the same command dials through your Plivo account (PLIVO_AUTH_ID, "
            "PLIVO_AUTH_TOKEN)."
        )
    if tally.resumed:
        say(f"{tally.resumed} row(s) were done by an earlier run of this job (from the journal).")
    if results is not None:
        say(f"Results: {options['results']} (one record per input row)")
    if outcome.interrupted:
        if journal_path:
            say("Interrupted. To continue with the rows not yet dialled:")
            say("  " + _resume_command(ctx, numbers))
        else:
            say(
                "Interrupted. This job had no --journal, so it cannot be resumed: running it "
                "again would dial every row again. Next time add --journal FILE."
            )
        return EXIT_INTERRUPTED
    if tally.counts["unknown"]:
        say(
            f"{tally.counts['unknown']} row(s) unknown: the request may have reached Plivo. Check "
            "them before dialling again"
            + (" (--resume --redial-unknown looks them up first)." if journal_path else ".")
        )
    if tally.counts["failed"] or tally.counts["unknown"]:
        return EXIT_SOME_NOT_PLACED
    return EXIT_OK
