"""The sign-up form on the activity page: {% signup_section activity %}.

A tag rather than view context, like the star button: the program's view, which belongs to another
app, need not know about sign-ups. The form posts to the sign-up app's own view.
"""

from django import template

from veckan.activities.models import Activity, SignupMode
from veckan.signups.views import sign_up_context

register = template.Library()


@register.inclusion_tag("signups/_signup_section.html", takes_context=True)
def signup_section(context, activity: Activity) -> dict:
    if activity.signup_mode != SignupMode.PLATFORM or activity.has_ended:
        return {"show": False}
    # An organiser's preview of a draft: the form would only say the activity is not public yet.
    if context.get("preview"):
        return {"show": True, "preview": True}
    request = context.get("request")
    chosen = request.GET.get("tillfalle", "") if request else ""
    return {"show": True, **sign_up_context(activity, chosen=chosen)}
