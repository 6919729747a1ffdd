"""The fixed demo logins: one per role, all with the same published password.

They exist only in a database seeded with the demo country, which the `seed` command refuses to do under
production settings.
"""

from __future__ import annotations

from typing import TextIO

from django.utils.translation import gettext as _

from careforce.core.roles import Role

DEMO_PASSWORD = "careforce-demo"

DEMO_LOGINS: list[tuple[str, Role]] = [
    ("admin", Role.NATIONAL_ADMIN),
    ("regional", Role.REGIONAL_MANAGER),
    ("supervisor", Role.SUPERVISOR),
    ("casemanager", Role.CASE_MANAGER),
    ("assistant", Role.COMMUNITY_ASSISTANT),
    ("volunteer", Role.VOLUNTEER),
    ("trainer", Role.TRAINER),
    ("analyst", Role.ANALYST),
]


def print_demo_logins(stdout: TextIO) -> bool:
    """Write the table of demo logins; False when none of them exists (the demo country is not loaded)."""
    from careforce.core.models import User

    usernames = [username for username, _role in DEMO_LOGINS]
    found = User.objects.filter(username__in=usernames).select_related("organisation")
    users = {u.username: u for u in found}
    if not users:
        stdout.write(_("The demo country is not loaded: run `manage.py seed --scale demo`.") + "\n")
        return False
    rows = [(_("Username"), _("Role"), _("Organisation"))]
    for username in usernames:
        user = users.get(username)
        if user is not None:
            organisation = user.organisation.name if user.organisation else ""
            rows.append((username, str(user.get_role_display()), organisation))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}" for row in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    stdout.write("\n".join(lines) + "\n")
    stdout.write(_("Password for every demo login: %(password)s") % {"password": DEMO_PASSWORD} + "\n")
    return True
