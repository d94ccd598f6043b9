from __future__ import annotations

import ctypes
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from negotiations import selectors
from negotiations.analysis import Problem, ProblemError, analyse, analysis_key
from negotiations.analysis.bargaining import NAMES
from negotiations.models import Scenario, StoredAnalysis

TITLES = {
    "nash": "Nash bargaining solution",
    "asymmetric_nash": "Asymmetric Nash (weighted by capability)",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}


class Command(BaseCommand):
    help = "Print the full analysis of a stored scenario: ZOPA, frontier, bargaining solutions, forecast."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the analysis as JSON (as the API returns it).",
        )
        parser.add_argument(
            "--unbounded",
            action="store_true",
            help=(
                "Let the Pareto frontier take as long as it needs instead of some 20 to 35 seconds, and the "
                "bargaining solutions instead of 10: up to 10^7 packages the frontier is then exact "
                "whatever the scores, memory permitting (minutes and some 3 GB when ten million packages "
                "are efficient), and every solution is settled, which can take minutes on a hard scenario."
            ),
        )
        parser.add_argument(
            "--store",
            action="store_true",
            help=(
                "Analyse as --unbounded does and keep the result: the API and the analysis page then "
                "serve it instead of their bounded analysis, until a party, issue, option or judgement "
                "of the scenario changes (saving packages changes none of them)."
            ),
        )

    def handle(self, *args, slug: str, as_json: bool, unbounded: bool, store: bool, **options):
        scenario = Scenario.objects.filter(slug=slug).first()
        if scenario is None:
            raise CommandError(f"No scenario with slug {slug!r}.")
        try:
            problem = selectors.scenario_problem(scenario)
            with _solver_chatter_to_stderr():
                result = analyse(problem, bounded=not (unbounded or store))
        except ProblemError as exc:
            raise CommandError(f"Scenario {slug!r} cannot be analysed: " + "; ".join(exc.errors)) from exc
        if store:
            self._store(scenario, analysis_key(problem), result)
        if as_json:
            self.stdout.write(_dumps(result))
        else:
            self.stdout.write("\n".join(report_lines(scenario.name, problem, result)))

    def _store(self, scenario: Scenario, key: str, result: dict[str, Any]) -> None:
        """Keep the analysis under the engine input it was computed from, unless the scenario's
        judgements changed while it ran (it would never be served: the key is no longer theirs)."""
        with transaction.atomic():
            current = Scenario.objects.select_for_update().get(pk=scenario.pk)
            if analysis_key(selectors.scenario_problem(current)) != key:
                raise CommandError(
                    f"Scenario {scenario.slug!r} changed while it was being analysed, so nothing was "
                    "stored; run the command again."
                )
            StoredAnalysis.objects.update_or_create(
                scenario=current, defaults={"fingerprint": key, "result": json.dumps(result)}
            )
        self.stderr.write(
            f"Stored: the API and the analysis page serve this analysis of {scenario.slug!r} until its "
            "parties, issues, options or judgements change."
        )


def _dumps(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)


@contextmanager
def _solver_chatter_to_stderr() -> Iterator[None]:
    """The MILP solver can print a diagnostic line straight to file descriptor 1, past Python;
    while it runs, descriptor 1 points at standard error so the report (and its JSON) stays clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        ctypes.CDLL(None).fflush(None)  # what the solver buffered goes to standard error too
        os.dup2(saved, 1)
        os.close(saved)


def report_lines(name: str, problem: Problem, result: dict[str, Any]) -> list[str]:
    zopa, frontier = result["zopa"], result["frontier"]
    lines = [f"Analysis of {name}", ""]
    if zopa["exact"]:
        lines.append(
            f"ZOPA: {zopa['size']} of {problem.space_size} packages are acceptable to every principal."
        )
    else:
        lines.append(f"ZOPA: {zopa['note']}")
    if frontier["exact"]:
        shown = f" ({len(frontier['packages'])} listed)" if frontier["truncated"] else ""
        lines.append(f"Pareto frontier: {frontier['size']} packages{shown}.")
    else:
        lines.append(f"Pareto frontier: {frontier['note']}")
    for key in NAMES:
        lines += ["", f"{TITLES[key]}:"]
        solution, reason = result[key], result["reasons"][key]
        if solution is not None:
            lines += _package_lines(solution)
            binding = solution["binding"] or "none"
            lines.append(f"  objective {solution['objective']}; binding: {binding}")
            if solution["tie_broken"]:
                lines.append(f"  tie broken by option order; runner-up: {_choices(solution['runner_up'])}")
        if reason:
            lines.append(f"  {reason}")
    cut = result["reasons"]["nearest_misses"]
    if result["nearest_misses"] or cut:
        lines += ["", "Nearest misses:"]
        for miss in result["nearest_misses"]:
            lines.append(
                f"  {_choices(miss)}: below {', '.join(miss['below'])}; min surplus {miss['min_surplus']}"
            )
        if cut:
            lines.append(f"  {cut}")
    lines += ["", "Forecast (voice-weighted median):"]
    for issue, answer in result["forecast"]["issues"].items():
        lines.append(f"  {issue}: {answer['option'] or 'no forecast'} (median {answer['median']})")
    return lines


def _package_lines(package: dict[str, Any]) -> list[str]:
    scores = ", ".join(f"{party} {score}" for party, score in package["scores"].items())
    return [f"  {_choices(package)}", f"  scores: {scores}"]


def _choices(package: dict[str, Any]) -> str:
    return ", ".join(f"{issue}={option}" for issue, option in package["choices"].items())
