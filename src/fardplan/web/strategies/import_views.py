"""The YAML import page: upload a strategy file; nothing is saved if anything is wrong.

Only administrators and coordinators import, and only into the counties they manage (the
service checks the county the file names and the county of the strategy it replaces)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fardplan.content.strategy import load_strategy_yaml
from fardplan.content.yaml_errors import Problem, StrategyFileError
from fardplan.web.strategies.forms import ImportForm
from fardplan.web.strategies.items import ItemsInUseError
from fardplan.web.strategies.permissions import can_create_strategy
from fardplan.web.strategies.services import UnknownCodeError, import_strategy

MAX_UPLOAD_BYTES = 1_000_000


@login_required
def strategy_import(request: HttpRequest) -> HttpResponse:
    """Import an uploaded strategy file and go to its page, or show every problem found.
    403 for users who manage no county, and for a file naming a county they do not manage."""
    if not can_create_strategy(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem | str] = []
    status = 400
    items_in_use = False
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name or "strategy.yaml"
        confirm = form.cleaned_data["confirm_removals"]
        try:
            doc = load_strategy_yaml(_read(upload), name)
            strategy = import_strategy(doc, request.user, confirm_removals=confirm)
        except StrategyFileError as error:
            problems.extend(error.problems)
        except PermissionDenied as error:
            problems.append(f"{name}: {error}")
            status = 403
        except ValidationError as error:
            problems.extend(f"{name}: {message}" for message in error.messages)
            items_in_use = isinstance(error, ItemsInUseError)
        except (UnknownCodeError, ValueError) as error:
            problems.append(f"{name}: {error}")
        else:
            messages.success(request, _("Imported “%(title)s”.") % {"title": strategy.title})
            return redirect(strategy)
    status = status if problems or form.errors else 200
    context = {"form": form, "problems": problems, "items_in_use": items_in_use}
    return render(request, "strategies/strategy_import.html", context, status=status)


def _read(upload: object) -> str:
    """Return the uploaded file as text; raise ValueError if it is too big or not UTF-8."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValueError(_("the file is larger than 1 MB"))
    content: bytes = upload.read()  # type: ignore[attr-defined]
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            _("the file is not UTF-8 text (byte %(at)d)") % {"at": error.start}
        ) from None
