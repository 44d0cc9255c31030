"""The Alexa Reminders REST API, through ask-sdk's own ReminderManagementServiceClient.

Paths, bodies and error definitions are the SDK's (``POST/GET /v1/alerts/reminders``,
``DELETE /v1/alerts/reminders/{alertToken}``, a Bearer token); the endpoint and token come from
the request's ``context.System`` (``apiEndpoint``, ``apiAccessToken``). The SDK's own HTTP client
has no time-out and refuses plain http, so :class:`TimedApiClient` does the HTTP with ``requests``
and a time-out (plain http only to a loopback address: the local stand-in of the tests and the chat).

Every failure becomes a :class:`ReminderError` whose :class:`Failure` says what to tell the user:
401/403 (no permission, or not allowed), 429 (too many requests), anything else (5xx, time-out,
a refused connection, a body that is not what the API documents).
"""

from __future__ import annotations

import ipaddress
import json
import logging
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

import requests
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse, ApiConfiguration, ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo, Error as ReminderApiError, PushNotification, PushNotificationStatus, Recurrence, ReminderManagementServiceClient,
    ReminderRequest, SpokenInfo, SpokenText, Trigger, TriggerType,
)

from skill.dialog.reminders import PERMISSION_SCOPE, TIME_ZONE, Plan

__all__ = ["Failure", "ReminderError", "Reminders", "TimedApiClient", "PERMISSION_SCOPE", "DEFAULT_TIMEOUT",
           "reminder_request", "permission_granted"]

log = logging.getLogger(__name__)

#: Seconds per call: Alexa waits 8 s for the whole answer, and a stop may take a list and some deletions.
DEFAULT_TIMEOUT = 2.5
LOCALE = "nl-NL"
LIST_PATH = "/v1/alerts/reminders"


class Failure(StrEnum):
    NOT_ALLOWED = "not-allowed"  # 401 (no permission) or 403
    BUSY = "busy"  # 429
    FAILED = "failed"  # 5xx, time-out, no connection, an unexpected answer


class ReminderError(Exception):
    """A call to the Reminders API that did not succeed; ``failure`` says how to answer."""

    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(f"{failure.value}: {detail}")
        self.failure = failure


def _loopback(host: str | None) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


class TimedApiClient(ApiClient):
    """The SDK's ``ApiClient`` contract on a ``requests.Session`` with a time-out."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self.session = session or requests.Session()

    def invoke(self, request):
        parts = urlsplit(request.url)
        if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname)):
            raise ValueError(f"refusing a non-https API endpoint: {parts.scheme}://{parts.hostname}")
        headers = dict(request.headers or [])
        data = json.dumps(request.body) if request.body is not None else None
        response = self.session.request(request.method, request.url, headers=headers, data=data,
                                        timeout=self.timeout, allow_redirects=False)
        return ApiClientResponse(headers=list(response.headers.items()), status_code=response.status_code,
                                 body=response.text)


def permission_granted(handler_input: HandlerInput) -> bool:
    """True when the request's context says the user granted the reminders permission."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    scope = (getattr(permissions, "scopes", None) or {}).get(PERMISSION_SCOPE)
    status = getattr(scope, "status", None)
    return getattr(status, "value", status) == "GRANTED"


def reminder_request(plan: Plan, text: str, now: datetime) -> ReminderRequest:
    """The body of a new reminder for ``plan`` (``now``: the device-independent request time)."""
    if plan.recurring:
        first = plan.hours[0]
        trigger = Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, time_zone_id=TIME_ZONE,
                          recurrence=Recurrence(start_date_time=now.replace(hour=first, minute=0, second=0,
                                                                            microsecond=0, tzinfo=None),
                                                recurrence_rules=[plan.rule()]))
    else:
        trigger = Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=plan.delay_s)
    spoken = SpokenInfo(content=[SpokenText(locale=LOCALE, text=text)])
    return ReminderRequest(request_time=now.replace(microsecond=0, tzinfo=None), trigger=trigger, alert_info=AlertInfo(spoken),
                           push_notification=PushNotification(PushNotificationStatus.ENABLED))


def _error_body(text: str | None):
    """The documented ``{"code", "message"}`` error body, as the SDK's model (None if it is not one)."""
    try:
        data = json.loads(text or "")
    except ValueError:
        return None
    return ReminderApiError(code=data.get("code"), message=data.get("message")) if isinstance(data, dict) else None


def _failure(exc: Exception) -> ReminderError:
    if isinstance(exc, ServiceException):
        status = exc.status_code
        cause = exc.__context__
        if isinstance(cause, (requests.Timeout, requests.ConnectionError)) or status is None:
            return ReminderError(Failure.FAILED, type(cause).__name__ if cause else "no status")
        code = getattr(exc.body, "code", None)
        if status in (401, 403):
            return ReminderError(Failure.NOT_ALLOWED, f"{status} {code}")
        if status == 429:
            return ReminderError(Failure.BUSY, f"{status} {code}")
        return ReminderError(Failure.FAILED, f"{status} {code}")
    return ReminderError(Failure.FAILED, type(exc).__name__)


class Reminders:
    """The user's reminders made by this skill, through the Reminders API of one request's context."""

    def __init__(self, api_endpoint: str, access_token: str, timeout: float = DEFAULT_TIMEOUT,
                 api_client: ApiClient | None = None) -> None:
        self.api_endpoint = api_endpoint.rstrip("/")
        self.access_token = access_token
        self.api_client = api_client or TimedApiClient(timeout)
        configuration = ApiConfiguration(serializer=DefaultSerializer(), api_client=self.api_client,
                                         authorization_value=access_token, api_endpoint=self.api_endpoint)
        self.client = ReminderManagementServiceClient(configuration)

    @classmethod
    def of(cls, handler_input: HandlerInput, timeout: float = DEFAULT_TIMEOUT) -> "Reminders | None":
        """The API for this request; None when the request carries no endpoint or token."""
        system = handler_input.request_envelope.context.system
        endpoint, token = getattr(system, "api_endpoint", None), getattr(system, "api_access_token", None)
        return cls(endpoint, token, timeout) if endpoint and token else None

    def _call(self, what: str, call):
        try:
            return call()
        except Exception as exc:  # the SDK raises ServiceException; a bad body raises anything
            error = _failure(exc)
            log.warning("reminders API %s failed: %s", what, error)
            raise error from exc

    def create(self, plan: Plan, text: str, now: datetime) -> str:
        """Create the reminder; returns its alert token."""
        response = self._call("create", lambda: self.client.create_reminder(reminder_request(plan, text, now)))
        token = getattr(response, "alert_token", None)
        if not isinstance(token, str) or not token:
            log.warning("reminders API create: no alert token in the answer")
            raise ReminderError(Failure.FAILED, "no alert token")
        return token

    def tokens(self) -> list[str]:
        """Alert tokens of every reminder this skill has for the user (the API lists only the skill's own).

        Not through the SDK's ``get_reminders``: its model of ``alertInfo`` names a module that does not
        exist (ask-sdk-model 1.x, ``alert_info_spoken_info``), so any real list fails to deserialise. The
        same request goes through the same HTTP client, and only the tokens are read.
        """
        request = ApiClientRequest(headers=[("Accept", "application/json"),
                                            ("Authorization", f"Bearer {self.access_token}")],
                                   url=f"{self.api_endpoint}{LIST_PATH}", method="GET")

        def listed() -> list[str]:
            response = self.api_client.invoke(request)
            if response.status_code != 200:
                raise ServiceException(message="list failed", status_code=response.status_code,
                                       headers=response.headers, body=_error_body(response.body))
            alerts = json.loads(response.body or "{}").get("alerts") or []
            return [a["alertToken"] for a in alerts if isinstance(a, dict) and isinstance(a.get("alertToken"), str)]

        return self._call("list", listed)

    def delete(self, token: str) -> None:
        """Delete one reminder; one that is already gone (404) counts as deleted."""
        try:
            self._call("delete", lambda: self.client.delete_reminder(token))
        except ReminderError as error:
            cause = error.__cause__
            if isinstance(cause, ServiceException) and cause.status_code == 404:
                return
            raise
