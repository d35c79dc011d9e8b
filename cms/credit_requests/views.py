"""Public pages at /credit-requests/: file an objection or repair request, and look up its status.

Thin: forms validate, services.file_request does the work. Every page is noindex, and every
POST is rate limited per client IP.
"""

import hmac
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from cms.home.sensitive_pages import LookupLocked, guarded_lookup, protect, refuse_if_limited

from . import identity, services
from .forms import IdentifyForm, RequestForm, StatusForm, ThirdPartyObjectionForm
from .models import CreditRequest
from .targets import THIRD_PARTY_OBJECTION, all_targets, get_target

NOT_FOUND_MESSAGE = "查询编号或身份证号码后4位不正确，请核对后重新输入。"


def public_page(group):
    """noindex + noarchive, never cached, and POSTs limited per client IP (429 when exceeded)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = None
            if request.method == "POST":
                response = refuse_if_limited(request, f"credit_requests.{group}")
            if response is None:
                response = view(request, *args, **kwargs)
            return protect(response)

        return sensitive_post_parameters("id_number", "id_last4")(wrapper)

    return decorator


def find_records(*, name, id_hash):
    return [
        record
        for target in all_targets()
        for record in target.find_records(name=name, id_hash=id_hash)
    ]


@public_page("identify")
def start(request):
    """Step 1: explanation, then name + ID number, matched by keyed hash against every target.

    A miss counts against the person's budget of failed lookups, shared with 查询本人.
    """
    form = IdentifyForm(request.POST or None)
    nothing_found = False
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "credit_requests/start.html", {"form": form}, status=400)
        name, id_number = form.cleaned_data["name"], form.cleaned_data["id_number"]
        try:
            records = guarded_lookup(
                id_number, lambda: find_records(name=name, id_hash=id_number.keyed_hash)
            )
        except LookupLocked as locked:
            form = IdentifyForm(initial={"name": name})
            return render(
                request,
                "credit_requests/start.html",
                {"form": form, "locked": locked.message},
                status=429,
            )
        if records:
            identity.remember(
                request.session,
                name=name,
                id_hash=id_number.keyed_hash,
                id_last4=id_number.last4,
                records=records,
            )
            return redirect("credit_requests:apply")
        nothing_found = True
        form = IdentifyForm(initial={"name": name})
    return render(
        request, "credit_requests/start.html", {"form": form, "nothing_found": nothing_found}
    )


def _verified_records(verified):
    records = []
    for target_key, record_id in verified["records"]:
        try:
            record = get_target(target_key).get_record(record_id)
        except KeyError:  # the target's app is no longer installed
            record = None
        if record is not None:
            records.append(record)
    return records


@public_page("file")
def apply(request):
    """Step 2: choose the record and the kind, give a phone number, a reason and evidence."""
    verified = identity.recall(request.session)
    if verified is None:
        messages.info(request, "身份核验已超时或尚未核验，请重新填写姓名和身份证号码。")
        return redirect("credit_requests:start")
    records = _verified_records(verified)
    form = RequestForm(request.POST or None, request.FILES or None, records=records)
    if request.method == "POST":
        if form.is_valid():
            try:
                credit_request = services.file_request(
                    kind=form.cleaned_data["kind"],
                    record=form.cleaned_data["record"],
                    name=verified["name"],
                    id_hash=verified["id_hash"],
                    id_last4=verified["id_last4"],
                    phone=form.cleaned_data["phone"],
                    reason=form.cleaned_data["reason"],
                    evidence_files=form.cleaned_data["evidence"],
                )
            except services.RequestNotAllowed as error:
                form.add_error(error.field, error)
            else:
                identity.forget(request.session)
                request.session[identity.FILED_KEY] = credit_request.tracking_number
                return redirect("credit_requests:filed")
        return render(
            request, "credit_requests/apply.html", {"form": form, "verified": verified}, status=400
        )
    return render(request, "credit_requests/apply.html", {"form": form, "verified": verified})


@public_page("file")
def filed(request):
    """Shows the tracking number once: it is taken out of the session as it is shown."""
    tracking_number = request.session.pop(identity.FILED_KEY, None)
    if tracking_number is None:
        return redirect("credit_requests:status")
    return render(request, "credit_requests/filed.html", {"tracking_number": tracking_number})


@public_page("file")
def third_party_objection(request, target_key):
    """公示异议: anyone objects to a record in its publicity window (e.g. an honor roll candidate).

    ?group= narrows the records offered (e.g. one list), ?record= preselects one.
    """
    try:
        target = get_target(target_key)
    except KeyError:
        raise Http404("no such target") from None
    if THIRD_PARTY_OBJECTION not in target.kinds:
        raise Http404("target takes no third-party objections")
    records = target.third_party_records(group=request.GET.get("group") or None)
    initial = {"record": request.GET.get("record")} if request.GET.get("record") else None
    form = ThirdPartyObjectionForm(
        request.POST or None, request.FILES or None, records=records, initial=initial
    )
    context = {"form": form, "target": target}
    if request.method != "POST":
        return render(request, "credit_requests/third_party_objection.html", context)
    if form.is_valid():
        try:
            credit_request = services.file_third_party_objection(
                target_key=target.key,
                record_id=form.cleaned_data["record"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                reason=form.cleaned_data["reason"],
                evidence_files=form.cleaned_data["evidence"],
            )
        except services.RequestNotAllowed as error:
            form.add_error("record", error)
        else:
            request.session[identity.FILED_KEY] = credit_request.tracking_number
            return redirect("credit_requests:filed")
    return render(request, "credit_requests/third_party_objection.html", context, status=400)


@public_page("status")
def status(request):
    """Status by tracking number + last 4 of the ID; a wrong pair never says which half was wrong."""
    form = StatusForm(request.POST or None)
    if request.method != "POST":
        return render(request, "credit_requests/status.html", {"form": form})
    if not form.is_valid():
        return render(request, "credit_requests/status.html", {"form": form}, status=400)
    credit_request = _lookup(form.cleaned_data["tracking_number"], form.cleaned_data["id_last4"])
    if credit_request is None:
        form = StatusForm()
        return render(
            request,
            "credit_requests/status.html",
            {"form": form, "not_found": NOT_FOUND_MESSAGE},
            status=404,
        )
    today = timezone.localdate()
    steps = [(step, step.state(today)) for step in credit_request.steps.all()]
    return render(
        request,
        "credit_requests/status_result.html",
        {
            "credit_request": credit_request,
            "steps": steps,
            "today": today,
        },
    )


def _lookup(tracking_number, id_last4):
    credit_request = CreditRequest.objects.filter(tracking_number=tracking_number).first()
    expected = credit_request.id_last4 if credit_request else "\0" * 4
    matches = hmac.compare_digest(expected.encode(), id_last4.encode())
    return credit_request if (credit_request and matches) else None
