"""诚信红榜 on the home page: the latest live list and a few of its honorees."""

from cms.home.sections import HomeSection, parent_url

from .models import HonorRollPage

HOME_HONOREES = 4


def latest_roll_section(request, page):
    # One query when there is no list; the privacy check only when there is one.
    roll = HonorRollPage.objects.live().order_by("-publicity_start", "-pk").first()
    if roll is None or roll.get_view_restrictions():
        return None
    honorees = list(roll.public_honorees()[:HOME_HONOREES])
    return HomeSection(
        template="honor_roll/includes/home_section.html",
        context={
            "roll": roll,
            "honorees": honorees,
            "publicity_state": roll.publicity_state(),
            "index_url": parent_url(roll, request),
        },
        stylesheet="css/honor_roll.css",
        order=25,
    )
