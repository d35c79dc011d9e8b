"""Admin forms: cross-row checks of an event's per-year dates, and campaign page slugs."""

from wagtail.admin.forms import WagtailAdminModelForm

from . import occurrences as occ


class PublicityEventForm(WagtailAdminModelForm):
    """Checks the per-year rows against the rule and against each other.

    Runs after the model's own clean() (in _post_clean), because that is where the
    RRULE for the simple kinds is built and checked."""

    def _post_clean(self):
        super()._post_clean()
        formset = self.formsets.get("dates")
        if self.errors or formset is None or not formset.is_valid():
            return
        forms = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        schedule = occ.Schedule(
            rule=self.instance.schedule_rule(),
            first_year=self.instance.first_year,
            rows=tuple(_row(f.cleaned_data) for f in forms),
        )
        for index, field, message in occ.row_problems(schedule):
            forms[index].add_error(field, message)


def _row(data) -> occ.DatedRow:
    return occ.DatedRow(
        year=data.get("year"),
        kind=data.get("kind"),
        sequence=data.get("sequence") or 1,
        start=data.get("start_date"),
        end=data.get("end_date"),
    )
