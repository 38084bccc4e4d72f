"""The retry policy: a pure predicate, a list of statuses, and a tenacity engine.

What is worth a second try: connection failures (refused, reset, DNS
hiccups), connect timeouts, 5xx gateway/server errors and 429. What is not:
an answer that is final (404, 410, 403...), a TLS failure, a refused
private address, a read or total timeout (the server is there, and slow:
trying again would only double the wait). A ``Retry-After`` is honoured in
seconds or as an HTTP date; one longer than ``retry_after_cap`` is not
waited for at all, and the fetch ends `blocked` right away.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, retry_if_result
from tenacity.wait import wait_exponential_jitter

from verifier.fetch._outcome import describe_error
from verifier.settings import Settings

RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

T = TypeVar("T")


def should_retry(outcome: int | BaseException) -> bool:
    """Whether a response code or a failure deserves another attempt.

    Cancellation (Ctrl-C, a closing crawl) and other non-`Exception`s are
    never retried: the caller asked us to stop.
    """
    if isinstance(outcome, BaseException):
        return isinstance(outcome, Exception) and describe_error(outcome).retryable
    return outcome in RETRYABLE_STATUSES


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay or HTTP date), or None.

    A date in the past means "now" (0 s); garbage means no advice at all.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def build_retrying(
    settings: Settings,
    status_of: Callable[[T], int],
    retry_after_of: Callable[[T], float | None],
) -> AsyncRetrying:
    """A tenacity engine for one request, from `settings` and the policy above.

    `status_of` and `retry_after_of` read a result (a response) without this
    module knowing its type. After the last attempt the last result is
    returned, or the last exception raised, as if there were no engine.
    """
    backoff = wait_exponential_jitter(
        multiplier=settings.backoff_base, max=settings.backoff_max, jitter=settings.backoff_base
    )

    def advised(state: RetryCallState) -> float | None:
        outcome = state.outcome
        if outcome is None or outcome.failed:
            return None
        return retry_after_of(outcome.result())

    def wait(state: RetryCallState) -> float:
        delay = advised(state)
        return backoff(state) if delay is None else delay

    def stop(state: RetryCallState) -> bool:
        delay = advised(state)
        too_long = delay is not None and delay > settings.retry_after_cap
        return too_long or state.attempt_number > settings.retries

    def give_back(state: RetryCallState) -> T:
        assert state.outcome is not None
        result: T = state.outcome.result()
        return result

    retry = retry_if_exception(should_retry) | retry_if_result(lambda r: should_retry(status_of(r)))
    return AsyncRetrying(
        stop=stop,
        wait=wait,
        retry=retry,
        retry_error_callback=give_back,
    )
